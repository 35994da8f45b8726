#pragma once
// A calibration problem: the configuration file of `cscsim calibrate` (format in
// docs/calibration.md), its targets, and the simulator that ABC-SMC calls: parameter values
// -> runs of every scenario the targets need -> one statistic per target -> a distance.
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "analysis/calibration/abc_smc.hpp"
#include "analysis/calibration/statistics.hpp"
#include "analysis/calibration/targets.hpp"
#include "sim/io/scenario.hpp"

namespace csc::analysis::calibration {

struct Config {
  std::filesystem::path file;
  std::string text;  // the file as read (a resume must match it)
  std::string name, description;
  std::filesystem::path scenario;  // the scenario whose parameters are fitted
  struct TargetFile {
    std::filesystem::path file;
    std::vector<std::string> ids;  // the targets taken from it; empty: all of them
    std::string ids_origin;        // where `ids` was set (for messages)
    std::vector<std::string> fit;  // targets fitted whatever their role in the file
    std::string fit_origin;        // where `fit` was set
  };
  std::vector<TargetFile> target_files;
  std::vector<Prior> priors;  // one per fitted scenario key
  AbcSettings abc;
  int replicates = 1;          // replicates per candidate (statistics are their mean)
  int report_replicates = 10;  // replicates of the fitted scenario in the fit report
};

/// Reads and checks a configuration: InputError naming FILE:LINE:COL and the key.
Config load_config(const std::filesystem::path& file);

/// Per target, the values of one candidate's replicates (virtual studies for evaluations).
using TargetValues = std::vector<std::vector<double>>;

class Problem {
 public:
  /// Loads the scenarios and targets and checks that every target can be computed from its
  /// runs. InputError on any problem, before anything runs.
  explicit Problem(Config config);

  [[nodiscard]] const Config& config() const { return config_; }
  [[nodiscard]] const std::vector<Target>& targets() const { return targets_; }

  /// Runs `replicates` replicates of every scenario the targets need, with the fitted keys
  /// set to theta, and returns each target's per-replicate values. Thread-safe.
  [[nodiscard]] TargetValues simulate(const std::vector<double>& theta, std::uint64_t seed, int replicates) const;
  /// Root mean square of the fit targets' standardised errors (Target::z) of the means;
  /// +infinity when a statistic is undefined.
  [[nodiscard]] double distance(const std::vector<double>& means) const;
  /// ABC's view of simulate(): the mean per target and the distance.
  [[nodiscard]] Outcome outcome(const std::vector<double>& theta, std::uint64_t seed) const;
  /// The fitted scenario with theta set, as TOML text (resolved) and parameters.
  [[nodiscard]] models::Params params_at(const std::vector<double>& theta, const sim::Scenario& scenario) const;
  [[nodiscard]] const sim::Scenario& scenario() const { return scenario_; }

 private:
  Config config_;
  sim::Scenario scenario_;
  std::map<std::filesystem::path, sim::Scenario> evaluation_scenarios_;
  std::vector<Target> targets_;
};

double mean_of(const std::vector<double>& v);  // NaN if any value is NaN or v is empty

}  // namespace csc::analysis::calibration
