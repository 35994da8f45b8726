#include "analysis/compare.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <sstream>

#include "analysis/compare_psa.hpp"
#include "analysis/cost_ratios.hpp"
#include "analysis/summary.hpp"
#include "analysis/text_file.hpp"
#include "models/core/metrics.hpp"
#include "sim/core/errors.hpp"
#include "sim/core/text.hpp"
#include "sim/core/time.hpp"

namespace csc::analysis {

using sim::csv_field;
using sim::json_string;
namespace {

std::string name_of(models::Metric m) { return std::string(models::kMetrics[models::midx(m)].name); }

/// Per-replicate value of a series over a period: sum (or mean) over weeks, summed over LAs.
std::vector<double> over_period(const Series& s, const Period& p, bool average, double scale = 1.0) {
  std::vector<double> out(static_cast<std::size_t>(s.replicates), 0.0);
  for (int r = 0; r < s.replicates; ++r) {
    double v = 0.0;
    for (int w = p.first_week; w <= p.last_week; ++w) v += s.total(r, w);
    if (average) v /= (p.last_week - p.first_week + 1);
    out[static_cast<std::size_t>(r)] = v * scale;
  }
  return out;
}

struct Measure {
  const char* name;
  const char* series;
  const char* unit;
  bool average;
  double scale;
};

const Measure kMeasures[] = {
    {"care_entries", "care_entries", "children", false, 1.0},
    {"days_in_care", "stock_looked_after", "child-days", false, 7.0},
    {"cp_children", "stock_cp", "children (mean)", true, 1.0},
    {"re_referrals", "re_referrals", "children", false, 1.0},
    {"kept_at_home", "edge_of_care_diverted", "children", false, 1.0},
};

std::string number(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

/// The base run's series, each read once: every variant is compared with them.
class BaseSeries {
 public:
  explicit BaseSeries(const RunFile& base) : base_(base) {}

  const Series& operator()(const std::string& name) {
    auto it = series_.find(name);
    if (it == series_.end()) it = series_.emplace(name, base_.series(name)).first;
    return it->second;
  }

 private:
  const RunFile& base_;
  std::map<std::string, Series> series_;
};

/// Appends the rows of one variant in one period to a comparison.
class PeriodRows {
 public:
  PeriodRows(const RunFile& variant, const Period& period, bool unpaired, Comparison& c)
      : variant_(variant),
        period_(period),
        unpaired_(unpaired),
        n_(static_cast<int>(variant.replicates)),
        rows_(c.rows),
        design_(c.posterior ? &*c.posterior : nullptr),
        drivers_(c.drivers) {}

  /// The means of base (`a`) and variant (`b`) values and their difference with its interval.
  void add(const std::string& metric, const std::string& unit, const std::vector<double>& a,
           const std::vector<double>& b) {
    DiffRow row{variant_.scenario_name, metric, period_.label, unit, mean(a), mean(b), difference(a, b)};
    row.replicates = n_;
    row.paired = !unpaired_;
    if (design_) psa_detail::add_uncertainty(*design_, a, b, row, drivers_);
    rows_.push_back(row);
  }

  /// A ratio of means, which has no interval (or none, with the reason).
  void add_ratio(const char* metric, const char* unit, const Ratio& ratio) {
    DiffRow row{variant_.scenario_name, metric, period_.label, unit, 0, 0, {}};
    row.has_interval = false;
    row.defined = ratio.value.has_value();
    row.difference.mean = ratio.value.value_or(0.0);
    row.note = ratio.why_undefined;
    row.replicates = n_;
    row.paired = !unpaired_;
    rows_.push_back(row);
  }

 private:
  [[nodiscard]] Interval difference(const std::vector<double>& a, const std::vector<double>& b) const {
    return unpaired_ ? unpaired_difference(a, b) : paired_difference(a, b);
  }

  const RunFile& variant_;
  const Period& period_;
  bool unpaired_;
  int n_;  // the variant's replicates
  std::vector<DiffRow>& rows_;
  const PosteriorDesign* design_;  // posterior draws: split each difference's uncertainty
  std::vector<DriverRow>& drivers_;
};

/// Mean spend over one period by kind (cost_ratios.hpp), in the base run and the variant.
struct SpendKinds {
  SpendByKind base, variant;
};

/// Adds a component's mean to the kind it belongs to.
void add_to_kind(SpendByKind& kinds, models::Metric m, double value) {
  if (models::is_intervention_spend(m)) {
    kinds.interventions += value;
  } else if (m == models::Metric::spend_placements) {
    kinds.placements += value;
  } else {
    kinds.workforce += value;  // social workers, permanent and agency
  }
}

/// A row for each spending component; returns their means by kind.
SpendKinds add_spend_rows(BaseSeries& base_of, const RunFile& v, const Period& p, PeriodRows& rows) {
  SpendKinds kinds;
  for (const models::Metric m : models::kSpendComponents) {
    const std::string comp = name_of(m);
    const auto a = over_period(base_of(comp), p, false);
    const auto b = over_period(v.series(comp), p, false);
    rows.add(comp, "GBP", a, b);
    add_to_kind(kinds.base, m, mean(a));
    add_to_kind(kinds.variant, m, mean(b));
  }
  return kinds;
}

/// Rows for the total spend and the net cost, and the two ratios of means (cost_ratios.hpp).
void add_cost_rows(BaseSeries& base_of, const RunFile& v, const Period& p, const SpendKinds& spend, PeriodRows& rows) {
  const auto total_a = over_period(base_of("spend_total"), p, false);
  const auto total_b = over_period(v.series("spend_total"), p, false);
  rows.add("spend_total", "GBP", total_a, total_b);
  rows.add("net_cost", "GBP", total_a, total_b);
  const auto entries_a = over_period(base_of("care_entries"), p, false);
  const auto entries_b = over_period(v.series("care_entries"), p, false);
  const CostRatios ratios = cost_ratios(spend.base, spend.variant, mean(entries_a), mean(entries_b));
  rows.add_ratio("cost_per_care_entry_avoided", "GBP per entry", ratios.cost_per_entry_avoided);
  rows.add_ratio("savings_per_pound", "GBP per GBP 1", ratios.savings_per_pound);
}

/// One variant's rows for one period: the measures, the spending components, then the costs.
void add_period_rows(BaseSeries& base_of, const RunFile& v, const Period& p, bool unpaired, Comparison& out) {
  PeriodRows rows(v, p, unpaired, out);
  for (const Measure& m : kMeasures) {
    rows.add(m.name, m.unit, over_period(base_of(m.series), p, m.average, m.scale),
             over_period(v.series(m.series), p, m.average, m.scale));
  }
  const SpendKinds spend = add_spend_rows(base_of, v, p, rows);
  add_cost_rows(base_of, v, p, spend, rows);
}

/// Break-even: the first week from which the mean cumulative net saving stays positive.
BreakEven break_even(const RunFile& base, BaseSeries& base_of, const RunFile& v) {
  const Series& ta = base_of("spend_total");
  const Series tb = v.series("spend_total");
  double cumulative = 0.0;
  int since = -1;
  for (int w = 0; w < static_cast<int>(base.weeks); ++w) {
    double a = 0, b = 0;
    for (int r = 0; r < ta.replicates; ++r) a += static_cast<double>(ta.total(r, w)) / ta.replicates;
    for (int r = 0; r < tb.replicates; ++r) b += static_cast<double>(tb.total(r, w)) / tb.replicates;
    cumulative += a - b;
    if (cumulative > 0 && since < 0) since = w;
    if (cumulative <= 0) since = -1;
  }
  BreakEven be{v.scenario_name, since, "", cumulative};
  if (since >= 0) {
    sim::Date start;
    sim::Date::parse(base.start_date, start);
    be.date = sim::Clock(start).date(since * sim::kDaysPerWeek + sim::kDaysPerWeek - 1).iso();
  }
  return be;
}

}  // namespace

std::vector<Period> financial_periods(const std::string& start_date, int weeks) {
  sim::Date start;
  if (!sim::Date::parse(start_date, start)) throw sim::InputError("start date '" + start_date + "' is not a date");
  const sim::Clock clock(start);
  std::vector<Period> out;
  for (int w = 0; w < weeks; ++w) {
    const int fy = clock.financial_year(w * sim::kDaysPerWeek);
    char label[32];
    std::snprintf(label, sizeof label, "FY%d-%02d", fy, (fy + 1) % 100);
    if (out.empty() || out.back().label != label) out.push_back({label, w, w});
    out.back().last_week = w;
  }
  out.push_back({"horizon", 0, weeks - 1});
  return out;
}

void check_comparable(const RunFile& base, const RunFile& variant, bool unpaired) {
  std::vector<std::string> why;
  auto differ = [&](const char* what, auto a, auto b) {
    if (a == b) return;
    std::ostringstream s;
    s << what << " differ (" << a << " vs " << b << ")";
    why.push_back(s.str());
  };
  for (const RunFile* r : {&base, &variant}) r->require_complete();
  differ("schema versions", base.schema_version, variant.schema_version);
  differ("horizons in weeks", base.weeks, variant.weeks);
  differ("start dates", base.start_date, variant.start_date);
  if (!unpaired) {
    differ("seeds", base.seed, variant.seed);
    differ("replicate counts", base.replicates, variant.replicates);
    differ("first replicates", base.first_replicate, variant.first_replicate);
    differ("child populations", base.children, variant.children);
    differ("LA counts", base.las, variant.las);
    for (auto& reason : psa_detail::posterior_pairing(base, variant)) why.push_back(std::move(reason));
  }
  if (why.empty()) return;
  std::string msg =
      base.path.string() + " and " + variant.path.string() + " cannot be " + (unpaired ? "compared" : "paired") + ": ";
  for (std::size_t i = 0; i < why.size(); ++i) msg += (i ? "; " : "") + why[i];
  if (!unpaired) msg += " (use --unpaired to compare them as independent samples)";
  throw sim::InputError(msg);
}

Comparison compare_runs(const RunFile& base, const std::vector<RunFile>& variants, bool unpaired) {
  Comparison c;
  c.paired = !unpaired;
  c.periods = financial_periods(base.start_date, static_cast<int>(base.weeks));
  if (!unpaired) c.posterior = psa_detail::design_of(base);
  BaseSeries base_of(base);
  for (const RunFile& v : variants) {
    check_comparable(base, v, unpaired);
    for (const Period& p : c.periods) add_period_rows(base_of, v, p, unpaired, c);
    c.break_even.push_back(break_even(base, base_of, v));
  }
  const auto ends = year_ends(c.periods);
  c.plausibility = plausibility(base, ends);
  for (const RunFile& v : variants) {
    auto rows = plausibility(v, ends);
    c.plausibility.insert(c.plausibility.end(), rows.begin(), rows.end());
  }
  return c;
}

std::vector<YearEnd> year_ends(const std::vector<Period>& periods) {
  std::vector<YearEnd> ends;
  for (const Period& p : periods) {
    if (p.label != "horizon") ends.emplace_back(p.label, p.last_week);
  }
  return ends;
}

namespace {

/// differences.csv and break_even.csv: per variant (with a sweep's varied values as columns
/// after its name), the paired differences and the break-even.
std::pair<std::string, std::string> difference_tables(const Comparison& c) {
  // A sweep's varied values follow the variant's name.
  const auto varied_header = [&] {
    std::string h;
    for (const auto& k : c.varied) {
      h += ',';
      h += csv_field(k);
    }
    return h;
  }();
  const auto varied_cells = [&](const std::string& variant) {
    std::string cells;
    const auto it = c.varied_values.find(variant);
    for (std::size_t k = 0; k < c.varied.size(); ++k) {
      cells += ',';
      if (it != c.varied_values.end() && k < it->second.size()) cells += csv_field(it->second[k]);
    }
    return cells;
  };
  std::string diffs = "variant";
  diffs += varied_header;
  diffs += ",metric,period,unit,base_mean,variant_mean,difference,ci_low,ci_high,replicates,paired,note";
  diffs += psa_detail::kUncertaintyHeader;
  diffs += '\n';
  for (const DiffRow& r : c.rows) {
    const bool show = r.defined;
    const bool interval = r.has_interval && show && r.difference.exists();  // none from one replicate
    diffs += csv_field(r.variant) + varied_cells(r.variant) + "," + csv_field(r.metric) + "," + csv_field(r.period) +
             "," + csv_field(r.unit) + "," + (r.has_interval ? number(r.base_mean) : "") + "," +
             (r.has_interval ? number(r.variant_mean) : "") + "," + (show ? number(r.difference.mean) : "") + "," +
             (interval ? number(r.difference.low) : "") + "," + (interval ? number(r.difference.high) : "") + "," +
             std::to_string(r.replicates) + "," + (r.paired ? "1" : "0") + "," + csv_field(r.note) +
             psa_detail::uncertainty_cells(r) + "\n";
  }

  std::string breaks = "variant";
  breaks += varied_header;
  breaks += ",break_even_week,break_even_date,cumulative_net_saving\n";
  for (const BreakEven& b : c.break_even) {
    breaks += csv_field(b.variant) + varied_cells(b.variant) + "," + (b.week >= 0 ? std::to_string(b.week) : "") + "," +
              b.date + "," + number(b.cumulative_net_saving) + "\n";
  }
  return {diffs, breaks};
}

}  // namespace

void write_comparison(const RunFile& base, const std::vector<RunFile>& variants, const Comparison& c,
                      const std::filesystem::path& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw sim::InputError(dir.string() + ": cannot create output directory (" + ec.message() + ")");
  const auto [diffs, breaks] = difference_tables(c);
  write_text_file(dir / "differences.csv", diffs);
  if (c.posterior) write_text_file(dir / "drivers.csv", psa_detail::drivers_csv(c));
  write_text_file(dir / "break_even.csv", breaks);
  write_text_file(dir / "plausibility.csv", plausibility_csv(c.plausibility));

  std::vector<const RunFile*> runs{&base};
  for (const RunFile& v : variants) runs.push_back(&v);
  auto bands = [&](const char* header, const std::vector<std::string>& metrics, const char* file) {
    std::string text = std::string(header) + "\n";
    for (const RunFile* run : runs) {
      for (const std::string& m : metrics) {
        const Series s = run->series(m);
        for (int w = 0; w < s.weeks; ++w) {
          std::vector<double> v;
          for (int r = 0; r < s.replicates; ++r) v.push_back(s.total(r, w));
          const std::string name = m.rfind("spend_", 0) == 0 ? m.substr(6) : m;
          text += csv_field(run->scenario_name) + "," + csv_field(name) + "," + std::to_string(w) + "," +
                  number(mean(v)) + "," + number(quantile(v, 0.05)) + "," + number(quantile(v, 0.95)) + "\n";
        }
      }
    }
    write_text_file(dir / file, text);
  };
  std::vector<std::string> spend;
  for (const models::Metric m : models::kSpendComponents) spend.push_back(name_of(m));
  spend.push_back("spend_total");
  bands("scenario,component,week,mean,low,high", spend, "spend.csv");
  bands("scenario,metric,week,mean,low,high", {"stock_looked_after", "stock_cp", "stock_cin", "care_entries"},
        "stocks.csv");

  auto describe = [](const RunFile& r) {
    return "{\"file\": " + json_string(r.path.string()) + ", \"scenario\": " + json_string(r.scenario_name) +
           ", \"replicates\": " + std::to_string(r.replicates) + ", \"weeks\": " + std::to_string(r.weeks) +
           ", \"start_date\": " + json_string(r.start_date) + ", \"seed\": " + std::to_string(r.seed) + "}";
  };
  std::string json = "{\n  \"base\": " + describe(base) + ",\n  \"variants\": [";
  for (std::size_t i = 0; i < variants.size(); ++i) json += (i ? ", " : "") + describe(variants[i]);
  json += "],\n  \"paired\": " + std::string(c.paired ? "true" : "false") +
          ",\n  \"price_year\": " + json_string(base.price_year) +
          ",\n  \"posterior\": " + psa_detail::posterior_json(c) + "\n}\n";
  write_text_file(dir / "comparison.json", json);
}

std::string format_comparison(const Comparison& c) {
  std::string out;
  char buf[512];
  std::snprintf(buf, sizeof buf,
                "%s comparison over the horizon (variant - base, mean and 95%% interval across replicates)\n",
                c.paired ? "Paired (common random numbers)" : "UNPAIRED (independent samples)");
  out += buf;
  if (c.posterior) {
    const auto& p = c.posterior->record;
    out += "Parameters drawn from " + sim::printable(p.file) + " (" + std::to_string(p.draws) + " draws x " +
           std::to_string(p.per_draw) +
           " replicates): the total interval covers parameter and simulation uncertainty, 'noise' holds the "
           "parameters at the draws, 'params' is the parameters' share of the total variance\n";
  }
  for (const DiffRow& r : c.rows) {
    if (r.period != "horizon") continue;
    if (r.metric.rfind("spend_", 0) == 0 && r.metric != "spend_total") continue;
    const std::string variant = sim::printable(r.variant);
    if (!r.defined) {
      std::snprintf(buf, sizeof buf, "  %-24s %-28s n/a\n", variant.c_str(), r.metric.c_str());
    } else if (r.has_interval && r.psa.drawn && r.psa.total.exists()) {
      std::snprintf(buf, sizeof buf, "  %-24s %-28s %14.1f  total [%.1f, %.1f]  noise [%.1f, %.1f]  params %.0f%% %s\n",
                    variant.c_str(), r.metric.c_str(), r.difference.mean, r.psa.total.low, r.psa.total.high,
                    r.difference.low, r.difference.high, 100.0 * r.psa.param_share, r.unit.c_str());
    } else if (r.has_interval && r.difference.exists()) {
      std::snprintf(buf, sizeof buf, "  %-24s %-28s %14.1f  [%.1f, %.1f] %s\n", variant.c_str(), r.metric.c_str(),
                    r.difference.mean, r.difference.low, r.difference.high, r.unit.c_str());
    } else if (r.has_interval) {
      std::snprintf(buf, sizeof buf, "  %-24s %-28s %14.1f  (no interval: one replicate) %s\n", variant.c_str(),
                    r.metric.c_str(), r.difference.mean, r.unit.c_str());
    } else {
      std::snprintf(buf, sizeof buf, "  %-24s %-28s %14.2f  %s\n", variant.c_str(), r.metric.c_str(), r.difference.mean,
                    r.unit.c_str());
    }
    out += buf;
  }
  for (const BreakEven& b : c.break_even) {
    const std::string variant = sim::printable(b.variant);
    if (b.week >= 0) {
      std::snprintf(buf, sizeof buf, "  %-24s breaks even in week %d (%s)\n", variant.c_str(), b.week, b.date.c_str());
    } else {
      std::snprintf(buf, sizeof buf, "  %-24s does not break even within the horizon\n", variant.c_str());
    }
    out += buf;
  }
  for (const PlausibilityRow& r : c.plausibility) {
    if (!r.outside()) continue;
    std::snprintf(buf, sizeof buf, "  %s, %s, end of %s: %s %.0f per 10,000 is outside anything observed (%g-%g)\n",
                  sim::printable(r.scenario).c_str(), sim::printable(r.la).c_str(), r.year.c_str(), r.measure.c_str(),
                  r.per_10k, r.low, r.high);
    out += buf;
  }
  return out;
}

}  // namespace csc::analysis
