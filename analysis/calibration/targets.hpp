#pragma once
// Calibration targets as data (scenarios/targets/*.toml; format in docs/calibration.md).
//
// A target is a reported number, its uncertainty, where it comes from, and how to compute the
// same number from simulated runs: a design (which runs) and a statistic (which series or
// cohort query over which window). Adding a target whose design and statistic the tool
// already knows needs no code.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "models/core/metrics.hpp"

namespace csc::analysis::calibration {

/// How a target's runs are set up (issue "Calibration", item 3).
enum class Design {
  series,        // national figures: one run of the calibrated scenario, its weekly series
  before_after,  // one run with the intervention starting mid-run; cohorts before vs after
  randomised,    // families randomised to the intervention or not, paired by common numbers
  programme,     // the whole LA with and without the intervention (paired), its series
};

enum class Role { fit, forecast, check };

struct Target {
  std::string id, quantity, source, sample;
  double value = 0.0;      // as reported
  double tolerance = 0.1;  // relative: within when |simulated - value| <= tolerance x |value|
  double weight = 1.0;     // in the distance
  Role role = Role::fit;
  Design design = Design::series;
  std::string statistic;               // see statistics.hpp
  std::vector<models::Metric> series;  // summed ("a + b" in the file)
  std::vector<models::Metric> of;      // denominator (shares) or weight (means), summed
  [[nodiscard]] bool has_of() const { return !of.empty(); }
  std::string year;       // financial year "2012-13" (series design)
  double children = 0.0;  // population the reported value is for (rates per 10,000)
  // Virtual evaluations.
  std::filesystem::path scenario;           // the intervention scenario
  std::filesystem::path base;               // the scenario it is compared with (randomised, programme)
  std::string eligible;                     // cohort filter (randomised, before_after)
  std::string entry = "case_opened";        // when a family joins the cohort: "case_opened", "cp_plan"
  std::string outcome;                      // per-family outcome (randomised, before_after)
  std::string arms = "study";               // "study": arms of the study's sizes; "all": every eligible family
  int sample_before = 0, sample_after = 0;  // families (before_after; randomised: per arm)
  int window_months = 12;
  std::string file;  // where the target was defined (for messages)

  /// The reported value on the scale the statistic produces (per 10,000 children for rates).
  [[nodiscard]] double observed() const;
  [[nodiscard]] bool within(double simulated) const;
  /// Standardised error: (simulated - observed) / (tolerance x |observed|).
  [[nodiscard]] double z(double simulated) const;
};

/// Loads and checks one target file; InputError naming FILE:LINE:COL and the key, or
/// "FILE: target 'id': ..." for checks across keys. Scenario paths resolve beside the file.
std::vector<Target> load_targets(const std::filesystem::path& file);
/// Every statistic name, design and outcome the tool knows (for messages and docs).
std::vector<std::string> known_statistics();
std::vector<std::string> known_outcomes();
std::vector<std::string> known_eligibility();

const char* role_name(Role r);
const char* design_name(Design d);

}  // namespace csc::analysis::calibration
