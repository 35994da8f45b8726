#pragma once
// Paired scenario comparison (issue "Costs, paired scenario comparison and the commissioner's
// report"): replicate i of a variant is paired with replicate i of the base, which share
// their random numbers (common random numbers), so differences have low variance. Runs that
// cannot be paired are refused unless the caller asks for an unpaired comparison.
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "analysis/plausibility.hpp"
#include "analysis/psa.hpp"
#include "analysis/run_reader.hpp"
#include "analysis/stats.hpp"

namespace csc::analysis {

struct Period {
  std::string label;  // "FY2013-14", ..., "horizon"
  int first_week = 0;
  int last_week = 0;  // inclusive
};

struct DiffRow {
  std::string variant, metric, period, unit;
  double base_mean = 0, variant_mean = 0;
  Interval difference;       // variant - base
  bool has_interval = true;  // false for ratios (cost per entry avoided, savings per GBP 1)
  bool defined = true;       // false when a ratio has no meaning (nothing avoided or spent)
  std::string note{};        // why it has none (differences.csv column `note`)
  int replicates = 0;
  bool paired = true;
  /// With posterior draws: the noise-only and total intervals and the parameters' part
  /// (analysis/psa.hpp); `difference` is then the noise-only interval.
  Uncertainty psa{};
};

/// A paired comparison of runs that drew their parameters from one posterior (cscsim run
/// --posterior): the draws, which every run shares.
struct PosteriorDesign {
  models::PosteriorRecord record;  // the base run's /meta/posterior
  bool one_point = false;          // every draw has the same values: no parameter variance
  /// Draw k's value of parameter j (draws x parameters).
  [[nodiscard]] double value(int draw, std::size_t parameter) const {
    return record.theta[static_cast<std::size_t>(draw * record.per_draw) * record.parameters.size() + parameter];
  }
};

/// How one drawn parameter moves one outcome difference over the horizon: Spearman's rank
/// correlation of its value with the draw's mean difference, across the draws.
struct DriverRow {
  std::string variant, metric, parameter;
  RankCorrelation rank;
  int draws = 0;
};

struct BreakEven {
  std::string variant;
  int week = -1;  // -1: the cumulative net saving is not positive at the end
  std::string date;
  double cumulative_net_saving = 0;  // at the end of the horizon, GBP
};

struct Comparison {
  bool paired = true;
  std::vector<Period> periods;
  std::vector<DiffRow> rows;
  std::vector<BreakEven> break_even;
  std::optional<PosteriorDesign> posterior;  // paired runs with posterior draws
  std::vector<DriverRow> drivers;            // with posterior draws
  /// Stocks per 10,000 at each 31 March of every run, against the range across English
  /// councils (analysis/plausibility.hpp); a row outside it is flagged.
  std::vector<PlausibilityRow> plausibility;
  /// A sweep's comparison (`cscsim compare DIR`): the varied parameters, and each variant's
  /// values of them, written as columns after `variant` in differences.csv and break_even.csv.
  std::vector<std::string> varied;
  std::map<std::string, std::vector<std::string>> varied_values;  // variant -> values, in `varied` order
};

/// Financial years (April to March) covered by the horizon, then the whole horizon.
std::vector<Period> financial_periods(const std::string& start_date, int weeks);
/// Each financial year of `periods` (not the horizon) with its last week in the horizon, the
/// 31 March the plausibility guard reads.
std::vector<YearEnd> year_ends(const std::vector<Period>& periods);
/// Throws InputError naming both files when they cannot be compared (pairing needs the same
/// seed, replicates, horizon, population and schema, and the same posterior draws or none;
/// unpaired needs horizon and schema).
void check_comparable(const RunFile& base, const RunFile& variant, bool unpaired);
Comparison compare_runs(const RunFile& base, const std::vector<RunFile>& variants, bool unpaired);
/// Writes differences.csv, spend.csv, stocks.csv, break_even.csv, plausibility.csv and
/// comparison.json into dir, and drivers.csv with posterior draws.
void write_comparison(const RunFile& base, const std::vector<RunFile>& variants, const Comparison& comparison,
                      const std::filesystem::path& dir);
/// A terminal table of the horizon differences.
std::string format_comparison(const Comparison& comparison);

}  // namespace csc::analysis
