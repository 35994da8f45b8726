#include "analysis/calibration/targets.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "sim/core/errors.hpp"
#include "sim/core/text.hpp"
#include "sim/io/scenario.hpp"

namespace csc::analysis::calibration {

namespace {

using sim::ParamSpec;
using sim::ParamType;

const std::vector<std::string> kStatistics{
    // series design (one run; a financial year)
    "flow_rate", "stock_rate", "flow_share", "stock_share", "mean", "growth",
    // programme design (variant vs base; window from the intervention's start)
    "saving", "saving_per_cost", "ratio", "variant_mean", "stock_ratio", "variant_total",
    // cohort designs (before_after, randomised): "ratio" (after / before, on / off) and
    "difference"};  // before - after, off - on
const std::vector<std::string> kOutcomes{"",       "days_in_care", "care_entries", "re_referrals", "placement_cost",
                                         "crises", "engaged"};
const std::vector<std::string> kEligible{"", "any", "parental_factor", "domestic_abuse", "all_parental"};
const std::vector<std::string> kEntries{"case_opened", "cp_plan", "fgc_conference"};
const std::vector<std::string> kArms{"study", "all", "treated"};

ParamSpec text(std::string key, std::optional<std::string> def, std::vector<std::string> choices, std::string doc) {
  ParamSpec s{std::move(key), ParamType::string, {}, -HUGE_VAL, HUGE_VAL, std::move(choices), "", std::move(doc), ""};
  if (def) s.default_value = *def;
  return s;
}
ParamSpec real(std::string key, std::optional<double> def, double lo, double hi, std::string doc) {
  ParamSpec s{std::move(key), ParamType::real, {}, lo, hi, {}, "", std::move(doc), ""};
  if (def) s.default_value = *def;
  return s;
}
ParamSpec integer(std::string key, std::int64_t def, double lo, double hi, std::string doc) {
  return {std::move(key), ParamType::integer, def, lo, hi, {}, "", std::move(doc), ""};
}

const sim::Schema& target_schema() {
  static const sim::Schema schema = [] {
    sim::Schema s;
    s.params.push_back(text("name", "", {}, "Name of the target set"));
    s.params.push_back(text("description", "", {}, "What the set is"));
    s.params.push_back(real("children", 0.0, 0.0, 1e9,
                            "Default population of rate targets: reported counts are per this many children"));
    sim::TableArraySpec t{"target", {}, 1, 10000, "One [[target]] table each."};
    t.params = {
        text("id", std::nullopt, {}, "Unique name, e.g. referrals_2012_13"),
        text("quantity", "", {}, "What is measured, in words"),
        text("source", std::nullopt, {}, "Where the value comes from (evidence.md row or publication)"),
        text("sample", "", {}, "The study's sample and window, in words"),
        real("value", std::nullopt, -1e15, 1e15, "The reported value"),
        real("tolerance", 0.1, 1e-6, 100.0,
             "Relative uncertainty: within when |simulated - value| <= tolerance x |value|"),
        real("weight", 1.0, 0.0, 1e6, "Weight in the calibration distance"),
        text("role", "fit", {"fit", "forecast", "check"}, "fit: in the distance; forecast and check: reported only"),
        text("design", "series", {"series", "before_after", "randomised", "programme"}, "How the runs are set up"),
        text("statistic", std::nullopt, kStatistics, "How the number is computed from the runs"),
        text("series", "", {}, "The series the statistic reads; several are summed: \"a + b\""),
        text("of", "", {}, "Denominator (shares, saving_per_cost) or weight (means); summed like series"),
        text("year", "", {}, "Financial year of the window, e.g. 2012-13 (series design)"),
        real("children", 0.0, 0.0, 1e9, "Population the reported count is for (rate statistics)"),
        text("scenario", "", {}, "Intervention scenario, relative to this file (virtual evaluations)"),
        text("base", "", {}, "Scenario compared with (randomised, programme), relative to this file"),
        text("eligible", "", kEligible, "Families in the cohort (before_after, randomised)"),
        text("entry", "case_opened", kEntries,
             "When a family joins the cohort (before_after, randomised): its case first opens (CIN or CP), a child's "
             "CP plan first starts (an offer at the initial child protection conference), or it holds a family group "
             "conference (a study of the conferences held)"),
        text("outcome", "", kOutcomes, "Per-family outcome (before_after, randomised)"),
        text("arms", "study", kArms,
             "Cohort designs: 'study' draws arms of the study's sizes (its sampling noise); 'all' takes every eligible "
             "family of the window, and a randomised comparison then sees each family with and without (paired by "
             "common random numbers), which estimates the same effect with far less noise; 'treated' (randomised) "
             "draws sample_after of the families that joined in the intervention's run and compares each with its own "
             "twin without it, the case-by-case counterfactual of a cost-benefit study of cases"),
        integer("sample_before", 0, 0, 1e7, "Families before (before_after) or in the control arm (randomised)"),
        integer("sample_after", 0, 0, 1e7, "Families after (before_after) or in the intervention arm (randomised)"),
        integer("window_months", 12, 1, 120, "Months of the window after the intervention starts"),
    };
    s.arrays.push_back(std::move(t));
    return s;
  }();
  return schema;
}

/// "a + b + c" -> the metrics; unknown names go to `problems`.
std::vector<models::Metric> metrics(const std::string& text, const std::string& where,
                                    std::vector<std::string>& problems) {
  std::vector<models::Metric> out;
  std::size_t pos = 0;
  while (pos <= text.size() && !text.empty()) {
    const std::size_t plus = std::min(text.find('+', pos), text.size());
    const std::string name = sim::trimmed(std::string_view(text).substr(pos, plus - pos));
    bool found = false;
    for (std::size_t i = 0; i < models::kMetricCount; ++i) {
      if (models::kMetrics[i].name == name) {
        out.push_back(static_cast<models::Metric>(i));
        found = true;
      }
    }
    if (!found) problems.push_back(where + "'" + name + "' is not a series (see docs/output.md)");
    pos = plus + 1;
  }
  return out;
}

Design design_of(const std::string& s) {
  if (s == "before_after") return Design::before_after;
  if (s == "randomised") return Design::randomised;
  if (s == "programme") return Design::programme;
  return Design::series;
}

Role role_of(const std::string& s) {
  if (s == "forecast") return Role::forecast;
  if (s == "check") return Role::check;
  return Role::fit;
}

bool is_rate(const std::string& statistic) { return statistic == "flow_rate" || statistic == "stock_rate"; }

/// Checks across keys: what each design and statistic needs.
void check(const Target& t, std::vector<std::string>& problems) {
  auto need = [&](bool ok, const std::string& what) {
    if (!ok) problems.push_back(t.file + ": target '" + t.id + "': " + what);
  };
  const bool series_stat = t.statistic == "flow_rate" || t.statistic == "stock_rate" || t.statistic == "flow_share" ||
                           t.statistic == "stock_share" || t.statistic == "mean" || t.statistic == "growth";
  const bool programme_stat = t.statistic == "saving" || t.statistic == "saving_per_cost" || t.statistic == "ratio" ||
                              t.statistic == "variant_mean" || t.statistic == "stock_ratio" ||
                              t.statistic == "variant_total";
  const bool cohort_stat = t.statistic == "ratio" || t.statistic == "difference" ||
                           (t.design == Design::randomised && t.statistic == "saving_per_cost");
  switch (t.design) {
    case Design::series:
      need(!t.series.empty(), "key 'series': the series design needs a series");
      need(series_stat, "key 'statistic': '" + t.statistic + "' is not a statistic of the series design");
      need(t.year.size() == 7 && t.year[4] == '-', "key 'year': give a financial year such as 2012-13");
      need(!is_rate(t.statistic) || t.children > 0,
           "key 'children': a rate target needs the population its value is for");
      need(t.statistic.find("share") == std::string::npos || t.has_of(),
           "key 'of': a share needs its denominator series");
      break;
    case Design::programme:
      need(!t.series.empty(), "key 'series': the programme design needs a series");
      need(programme_stat, "key 'statistic': '" + t.statistic + "' is not a statistic of the programme design");
      need(!t.base.empty() && !t.scenario.empty(), "keys 'scenario' and 'base': a programme comparison needs both");
      need(t.statistic != "saving_per_cost" || t.has_of(), "key 'of': saving_per_cost needs the cost series");
      break;
    case Design::before_after:
    case Design::randomised:
      need(cohort_stat,
           "key 'statistic': a cohort design takes 'ratio' or 'difference' (a randomised one also "
           "'saving_per_cost')");
      // The cost of a case is the intervention's unit cost for one conference, so the statistic
      // is defined only where every case held one.
      need(t.statistic != "saving_per_cost" || t.entry == "fgc_conference",
           "key 'entry': saving_per_cost in a randomised design divides by the cost of one conference, so its "
           "cases are families that held one (entry = \"fgc_conference\")");
      need(!t.scenario.empty(), "key 'scenario': a virtual evaluation needs the intervention scenario");
      need(t.design == Design::before_after || !t.base.empty(),
           "key 'base': a randomised comparison needs the scenario without the intervention");
      need(!t.outcome.empty(), "key 'outcome': a cohort design needs a per-family outcome");
      need(!t.eligible.empty(), "key 'eligible': a cohort design needs its families");
      need((t.sample_before > 0 || t.arms == "treated") && t.sample_after > 0,
           "keys 'sample_before' and 'sample_after': the study's sample sizes");
      break;
  }
  if (t.design != Design::series) need(t.role != Role::forecast, "key 'role': only national figures are forecast");
  need(t.arms != "treated" || t.design == Design::randomised, "key 'arms': 'treated' is for a randomised design");
}

}  // namespace

double Target::observed() const { return is_rate(statistic) ? value / children * 10000.0 : value; }

bool Target::within(double simulated) const {
  return std::abs(simulated - observed()) <= tolerance * std::abs(observed());
}

double Target::z(double simulated) const {
  const double scale = tolerance * std::abs(observed());
  return scale > 0 ? (simulated - observed()) / scale : simulated - observed();
}

std::vector<Target> load_targets(const std::filesystem::path& file) {
  const sim::Scenario s = sim::Scenario::load(file, target_schema());
  const auto dir = file.parent_path();
  std::vector<Target> out;
  std::vector<std::string> problems;
  std::map<std::string, int> seen;
  for (const auto& e : s.elements("target")) {
    Target t;
    t.file = file.string();
    t.id = e.string("id");
    t.quantity = e.string("quantity");
    t.source = e.string("source");
    t.sample = e.string("sample");
    t.value = e.real("value");
    t.tolerance = e.real("tolerance");
    t.weight = e.real("weight");
    t.role = role_of(e.string("role"));
    t.design = design_of(e.string("design"));
    t.statistic = e.string("statistic");
    const std::string where = t.file + ": target '" + t.id + "': key ";
    t.series = metrics(e.string("series"), where + "'series': ", problems);
    t.of = metrics(e.string("of"), where + "'of': ", problems);
    t.year = e.string("year");
    t.children = e.real("children") > 0 ? e.real("children") : s.globals().real("children");
    if (!e.string("scenario").empty()) t.scenario = dir / e.string("scenario");
    if (!e.string("base").empty()) t.base = dir / e.string("base");
    t.eligible = e.string("eligible");
    t.entry = e.string("entry");
    t.outcome = e.string("outcome");
    t.arms = e.string("arms");
    t.sample_before = static_cast<int>(e.integer("sample_before"));
    t.sample_after = static_cast<int>(e.integer("sample_after"));
    t.window_months = static_cast<int>(e.integer("window_months"));
    if (++seen[t.id] == 2) problems.push_back(t.file + ": target '" + t.id + "': key 'id': defined twice");
    check(t, problems);
    out.push_back(std::move(t));
  }
  if (!problems.empty()) throw sim::InputError(problems);
  return out;
}

std::vector<std::string> known_statistics() { return kStatistics; }
std::vector<std::string> known_outcomes() { return {kOutcomes.begin() + 1, kOutcomes.end()}; }
std::vector<std::string> known_eligibility() { return {kEligible.begin() + 1, kEligible.end()}; }

const char* role_name(Role r) {
  switch (r) {
    case Role::fit: return "fit";
    case Role::forecast: return "forecast";
    case Role::check: return "check";
  }
  return "?";
}

const char* design_name(Design d) {
  switch (d) {
    case Design::series: return "series";
    case Design::before_after: return "before_after";
    case Design::randomised: return "randomised";
    case Design::programme: return "programme";
  }
  return "?";
}

}  // namespace csc::analysis::calibration
