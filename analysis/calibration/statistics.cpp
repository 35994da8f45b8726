#include "analysis/calibration/statistics.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <unordered_map>
#include <unordered_set>

#include "analysis/compare.hpp"
#include "models/interventions/family_group_conference.hpp"
#include "sim/core/errors.hpp"
#include "sim/rng/random.hpp"

namespace csc::analysis::calibration {

namespace {

using models::ChildState;
using models::Metric;
using models::ReplicateResult;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

using Metrics = std::vector<Metric>;

double value(const ReplicateResult& r, const Metrics& ms, int week, int la) {
  double s = 0;
  for (const Metric m : ms) s += r.at(m, week, la);
  return s;
}
double total(const ReplicateResult& r, const Metrics& m, int week) {
  double s = 0;
  for (int la = 0; la < r.las; ++la) s += value(r, m, week, la);
  return s;
}
double sum(const ReplicateResult& r, const Metrics& m, int first, int last) {
  double s = 0;
  for (int w = first; w <= last; ++w) s += total(r, m, w);
  return s;
}
/// Mean of a per-LA series over weeks, weighted by `weight` (or plain) across LAs and weeks.
double weighted_mean(const ReplicateResult& r, const Metrics& m, const Metrics& weight, int first, int last) {
  double s = 0, w = 0;
  for (int week = first; week <= last; ++week) {
    for (int la = 0; la < r.las; ++la) {
      const double k = weight.empty() ? 1.0 : value(r, weight, week, la);
      s += k * value(r, m, week, la);
      w += k;
    }
  }
  return w > 0 ? s / w : kNaN;
}

sim::InputError problem(const Target& t, const std::string& what) {
  return sim::InputError(t.file + ": target '" + t.id + "': " + what);
}

/// The weeks of financial year t.year (and of the year before, for growth).
struct Window {
  int first = 0, last = 0, previous_last = -1;
};

Window year_window(const Target& t, const models::Params& p) {
  const auto periods = financial_periods(p.run.start_date.iso(), p.horizon_weeks());
  for (std::size_t i = 0; i + 1 < periods.size(); ++i) {  // the last period is the horizon
    if (periods[i].label != "FY" + t.year) continue;
    const int weeks = periods[i].last_week - periods[i].first_week + 1;
    if (weeks < 52) break;  // a part year would bias flows
    Window w{periods[i].first_week, periods[i].last_week, i > 0 ? periods[i - 1].last_week : -1};
    if (t.statistic == "growth" && w.previous_last < 0) {
      throw problem(t, "key 'year': growth needs the year before " + t.year + " in the run too");
    }
    return w;
  }
  throw problem(t, "key 'year': financial year " + t.year + " is not wholly inside the run (starts " +
                       p.run.start_date.iso() + ", " + std::to_string(p.run.years) + " years)");
}

int window_weeks(const Target& t) { return static_cast<int>(std::lround(t.window_months * 52.0 / 12.0)); }

}  // namespace

int intervention_start_day(const models::Params& p) {
  int first = -1;
  for (std::size_t i = 0; i < p.interventions.size(); ++i) {
    const models::InterventionCommon& iv = p.interventions[i];
    if (!iv.enabled) continue;
    const int d = std::max(0, iv.start_day);
    if (first < 0 || d < first) first = d;
  }
  return first;
}

void check_target_fits_runs(const Target& t, const models::Params& main, const models::Params* variant) {
  if (t.design == Design::series) {
    (void)year_window(t, main);
    return;
  }
  const int start = variant ? intervention_start_day(*variant) : -1;
  if (start < 0) throw problem(t, "key 'scenario': the scenario switches on no intervention");
  const int horizon_days = variant->horizon_weeks() * 7;
  const int w = window_weeks(t) * 7;
  if (t.design == Design::before_after && start < 2 * w) {
    throw problem(t,
                  "key 'scenario': the intervention must start at least twice window_months after the run starts, "
                  "so that the cohort before it is followed before it starts (it starts on day " +
                      std::to_string(start) + ")");
  }
  const int needed = start + (t.design == Design::programme ? w : 2 * w);
  if (needed > horizon_days) {
    throw problem(t, "key 'window_months': the run ends on day " + std::to_string(horizon_days) +
                         " but the design follows families to day " + std::to_string(needed) +
                         " (lengthen run.years of the scenario)");
  }
}

std::vector<double> series_statistic(const Target& t, const Runs& runs) {
  const Window w = year_window(t, runs.params);
  std::vector<double> out;
  for (const ReplicateResult& r : runs.replicates) {
    double v = kNaN;
    const std::string& s = t.statistic;
    if (s == "flow_rate") {
      // Per year of 365.25 days: a financial year holds 52 or 53 weekly steps.
      const int weeks = w.last - w.first + 1;
      const double per_year = sum(r, t.series, w.first, w.last) * (365.25 / 7.0) / weeks;
      v = per_year / (sum(r, Metrics{Metric::children}, w.first, w.last) / weeks) * 1e4;
    } else if (s == "stock_rate") {
      v = total(r, t.series, w.last) / total(r, Metrics{Metric::children}, w.last) * 1e4;
    } else if (s == "flow_share") {
      v = sum(r, t.series, w.first, w.last) / sum(r, t.of, w.first, w.last);
    } else if (s == "stock_share") {
      v = total(r, t.series, w.last) / total(r, t.of, w.last);
    } else if (s == "mean") {
      v = weighted_mean(r, t.series, t.of, w.first, w.last);
    } else if (s == "growth") {
      v = total(r, t.series, w.last) / total(r, t.series, w.previous_last) - 1.0;
    }
    out.push_back(v);
  }
  return out;
}

std::vector<double> programme_statistic(const Target& t, const Runs& base, const Runs& variant) {
  const int first = intervention_start_day(variant.params) / 7;
  const int last = first + window_weeks(t) - 1;
  std::vector<double> out;
  for (std::size_t i = 0; i < variant.replicates.size(); ++i) {
    const ReplicateResult& b = base.replicates[i];
    const ReplicateResult& v = variant.replicates[i];
    double x = kNaN;
    if (t.statistic == "saving") {
      x = sum(b, t.series, first, last) - sum(v, t.series, first, last);
    } else if (t.statistic == "saving_per_cost") {
      x = (sum(b, t.series, first, last) - sum(v, t.series, first, last)) / sum(v, t.of, first, last);
    } else if (t.statistic == "ratio") {
      x = sum(v, t.series, first, last) / sum(b, t.series, first, last);
    } else if (t.statistic == "variant_mean") {
      x = weighted_mean(v, t.series, t.of, first, last);
    } else if (t.statistic == "variant_total") {
      x = sum(v, t.series, first, last);
    } else if (t.statistic == "stock_ratio") {
      // A stock at the window's end, as a before/after report of a count on a day reads it.
      x = total(v, t.series, last) / total(b, t.series, last);
    }
    out.push_back(x);
  }
  return out;
}

namespace {

/// Per family of one replicate: the day it joined the cohort (its case first became CIN or
/// CP, or with entry "cp_plan" a child's CP plan first started), its risk factors, and its
/// events (indices into r.events, in simulated order).
struct Cohort {
  std::unordered_map<std::uint32_t, int> entry_day;
  std::unordered_map<std::uint32_t, std::vector<std::size_t>> events;
  std::unordered_map<std::uint32_t, std::uint8_t> risks;  // bit r: factor r in the family
  // Children with no row of their own state or placement who end the run in care: in care
  // for the whole recorded horizon (any change would have left a row), with their placement.
  std::unordered_map<std::uint32_t, std::vector<std::pair<std::uint32_t, std::uint8_t>>> in_care_throughout;
};

Cohort cohort_of(const ReplicateResult& r, const std::string& entry) {
  Cohort c;
  const bool at_plan = entry == "cp_plan", at_conference = entry == "fgc_conference";
  for (std::size_t i = 0; i < r.events.size(); ++i) {
    const auto& e = r.events[i];
    c.events[e.family].push_back(i);
    const bool opens = at_conference ? e.reason == static_cast<std::uint8_t>(models::Reason::fgc_conference)
                                     : e.from_state != e.to_state &&  // not a crisis or a placement change
                                           (e.to_state == static_cast<std::uint8_t>(ChildState::cp) ||
                                            (!at_plan && e.to_state == static_cast<std::uint8_t>(ChildState::cin)));
    if (opens && !c.entry_day.contains(e.family)) c.entry_day[e.family] = e.day;
  }
  std::unordered_set<std::uint32_t> with_rows;  // rows of the child's own state or placement
  for (const auto& e : r.events) {
    if (!models::is_family_note(static_cast<models::Reason>(e.reason))) with_rows.insert(e.child);
  }
  for (const auto& child : r.children) {
    if (child.final_state == static_cast<std::uint8_t>(ChildState::looked_after) && !with_rows.contains(child.child)) {
      c.in_care_throughout[child.family].emplace_back(child.child, child.final_placement);
    }
    std::uint8_t bits = 0;
    for (std::size_t k = 0; k < models::kRiskCount; ++k)
      bits |= static_cast<std::uint8_t>((child.risk[k] ? 1u : 0u) << k);
    c.risks[child.family] |= bits;
  }
  return c;
}

/// The family's risk factors in the cohort (bit r: factor r), none when it has no child row.
std::uint8_t risks_of(const Cohort& c, std::uint32_t f) {
  const auto it = c.risks.find(f);
  return it == c.risks.end() ? std::uint8_t{0} : it->second;
}

bool eligible(const std::string& rule, std::uint8_t risks) {
  if (rule == "parental_factor") return (risks & 0b111) != 0;
  if (rule == "domestic_abuse") return (risks & 0b001) != 0;
  if (rule == "all_parental") return (risks & 0b111) == 0b111;
  return true;
}

/// Whether the family is engaged at the end of [from, to): engagement is drawn when a case
/// opens (a referral) and an adult specialist may bring the family in later (an `engaged`
/// row). NaN when no opening of the family's case was recorded before `to`.
double engaged_at_end(const ReplicateResult& r, const std::vector<std::size_t>& idx, int to) {
  double engaged = kNaN;
  for (const std::size_t i : idx) {
    const auto& e = r.events[i];
    if (e.day >= to) break;
    const auto reason = static_cast<models::Reason>(e.reason);
    if (reason == models::Reason::referral || reason == models::Reason::re_referral) engaged = 0;
    if (reason == models::Reason::engaged) engaged = 1;
  }
  return engaged;
}

/// The family's outcome over [from, to): its events replayed child by child. A child whose
/// first row leaves care (or changes placement) was in care from before recording began, and
/// one in `throughout` for the whole horizon; for a placement change the new placement
/// stands in for the unrecorded earlier one.
double outcome(const std::string& what, const ReplicateResult& r, const std::vector<std::size_t>& idx, int from, int to,
               const models::Params& p, const std::vector<std::pair<std::uint32_t, std::uint8_t>>& throughout) {
  if (what == "engaged") return engaged_at_end(r, idx, to);
  constexpr int kBeforeRecording = std::numeric_limits<int>::min();
  const auto lac = static_cast<std::uint8_t>(ChildState::looked_after);
  double total = 0;
  std::unordered_map<std::uint32_t, std::pair<int, std::uint8_t>> in_care;  // child -> (since, placement)
  std::unordered_set<std::uint32_t> seen;
  for (const auto& [child, placement] : throughout) in_care[child] = {kBeforeRecording, placement};
  auto close_spell = [&](std::uint32_t child, int day) {
    auto it = in_care.find(child);
    if (it == in_care.end()) return;
    const int a = std::max(it->second.first, from), b = std::min(day, to);
    if (b > a) {
      if (what == "days_in_care") total += b - a;
      if (what == "placement_cost") total += (b - a) * p.costs.placement_per_week[it->second.second] / 7.0;
    }
    in_care.erase(it);
  };
  for (const std::size_t i : idx) {
    const auto& e = r.events[i];
    const bool inside = e.day >= from;
    if (models::is_family_note(static_cast<models::Reason>(e.reason))) {  // no child's state changes
      if (inside && e.day < to && what == "crises" && e.reason == static_cast<std::uint8_t>(models::Reason::crisis))
        total += 1;
      continue;
    }
    if (seen.insert(e.child).second && e.from_state == lac) in_care[e.child] = {kBeforeRecording, e.placement};
    if (e.day >= to) continue;  // only a first row's news of an earlier spell counts from here on
    if (e.from_state == lac) close_spell(e.child, e.day);
    if (e.to_state == lac) in_care[e.child] = {e.day, e.placement};
    if (inside && what == "care_entries" && e.to_state == lac && e.from_state != lac) total += 1;
    if (inside && what == "re_referrals" && e.reason == static_cast<std::uint8_t>(models::Reason::re_referral))
      total += 1;
  }
  std::vector<std::uint32_t> open;
  for (const auto& [child, spell] : in_care) open.push_back(child);
  for (const std::uint32_t child : open) close_spell(child, to);
  return total;
}

/// n of the families (all of them when fewer), drawn without replacement.
std::vector<std::uint32_t> sample(std::vector<std::uint32_t> families, int n, sim::Draws& draws) {
  std::sort(families.begin(), families.end());  // a fixed order before drawing
  const auto k = std::min<std::size_t>(static_cast<std::size_t>(n), families.size());
  for (std::size_t i = 0; i < k; ++i) {
    const std::size_t j = i + draws.below(static_cast<std::uint32_t>(families.size() - i));
    std::swap(families[i], families[j]);
  }
  families.resize(k);
  return families;
}

const std::vector<std::size_t> kNoEvents;
const std::vector<std::pair<std::uint32_t, std::uint8_t>> kNoneInCare;

double mean_outcome(const Target& t, const ReplicateResult& r, const Cohort& c,
                    const std::vector<std::uint32_t>& families, const models::Params& p, int w) {
  // A family whose outcome is unknown (NaN: engagement drawn before recording began) is left out.
  double s = 0;
  std::size_t n = 0;
  for (const std::uint32_t f : families) {
    const int from = c.entry_day.at(f);
    const auto it = c.events.find(f);
    const auto th = c.in_care_throughout.find(f);
    const double x = outcome(t.outcome, r, it != c.events.end() ? it->second : kNoEvents, from, from + w, p,
                             th != c.in_care_throughout.end() ? th->second : kNoneInCare);
    if (std::isnan(x)) continue;
    s += x;
    ++n;
  }
  return n > 0 ? s / static_cast<double>(n) : kNaN;
}

/// Per family: one conference's share of the coordinators' cost (a coordinator-year pays for
/// 12 x conferences_per_coordinator_month conferences).
double conference_cost(const models::Params& p) {
  const auto& fgc = p.interventions.get<models::FgcParams>();
  const double per_year = 12.0 * fgc.conferences_per_coordinator_month;
  return per_year > 0 ? fgc.unit_cost / per_year : kNaN;
}

double effect(const Target& t, double control, double treated, const models::Params& variant) {
  if (t.statistic == "ratio") return control > 0 ? treated / control : kNaN;
  if (t.statistic == "saving_per_cost") return (control - treated) / conference_cost(variant);
  return control - treated;
}

}  // namespace

std::vector<double> before_after_statistic(const Target& t, const Runs& variant, std::uint64_t seed) {
  const int start = intervention_start_day(variant.params);
  const int w = window_weeks(t) * 7;
  std::vector<double> out;
  for (const ReplicateResult& r : variant.replicates) {
    const Cohort c = cohort_of(r, t.entry);
    std::vector<std::uint32_t> before, after;
    for (const auto& [f, day] : c.entry_day) {
      if (!eligible(t.eligible, risks_of(c, f))) continue;
      // The cohort before is followed up wholly before the start, as in a historical
      // comparison; the cohort after enters in the first window after the start.
      if (day >= start - 2 * w && day < start - w) before.push_back(f);
      if (day >= start && day < start + w) after.push_back(f);
    }
    sim::Draws draws(sim::RunKey{seed, r.replicate}, 0, 0, 0);
    const bool all = t.arms == "all";
    if (all) {  // every family, in a fixed order for the sums (sample() fixes its own)
      std::sort(before.begin(), before.end());
      std::sort(after.begin(), after.end());
    }
    const auto b = all ? before : sample(before, t.sample_before, draws);
    const auto a = all ? after : sample(after, t.sample_after, draws);
    out.push_back(effect(t, mean_outcome(t, r, c, b, variant.params, w), mean_outcome(t, r, c, a, variant.params, w),
                         variant.params));
  }
  return out;
}

std::vector<double> randomised_statistic(const Target& t, const Runs& base, const Runs& variant, std::uint64_t seed) {
  const int start = intervention_start_day(variant.params);
  const int w = window_weeks(t) * 7;
  std::vector<double> out;
  for (std::size_t i = 0; i < variant.replicates.size(); ++i) {
    const ReplicateResult& rb = base.replicates[i];
    const ReplicateResult& rv = variant.replicates[i];
    Cohort cb = cohort_of(rb, t.entry);
    Cohort cv = cohort_of(rv, t.entry);
    // The families eligible in the base run; with arms "treated", those the intervention
    // reached (their entry is in its run, such as a conference held). Each is followed from
    // that day in both runs.
    const bool treated = t.arms == "treated";
    const Cohort& joining = treated ? cv : cb;
    std::vector<std::uint32_t> pool;
    for (const auto& [f, day] : joining.entry_day) {
      if (eligible(t.eligible, risks_of(joining, f)) && day >= start && day < start + w) pool.push_back(f);
    }
    if (treated) {
      cb.entry_day = cv.entry_day;
    } else {
      cv.entry_day = cb.entry_day;
    }
    if (t.arms == "all") {
      // Every eligible family, seen in both worlds: the difference is paired family by family.
      std::sort(pool.begin(), pool.end());  // a fixed order for the sums (sample() fixes its own)
      out.push_back(effect(t, mean_outcome(t, rb, cb, pool, base.params, w),
                           mean_outcome(t, rv, cv, pool, variant.params, w), variant.params));
      continue;
    }
    sim::Draws draws(sim::RunKey{seed, rb.replicate}, 0, 0, 0);
    if (treated) {
      // Each case against its own twin without the intervention: a cost-benefit study of
      // cases estimates what each would have cost otherwise.
      const auto cases = sample(pool, t.sample_after, draws);
      out.push_back(effect(t, mean_outcome(t, rb, cb, cases, base.params, w),
                           mean_outcome(t, rv, cv, cases, variant.params, w), variant.params));
      continue;
    }
    auto drawn = sample(pool, t.sample_before + t.sample_after, draws);
    // The first sample_after drawn families get the intervention; their follow-up starts on
    // the day the base run found them eligible (randomisation happens then, in both arms).
    const auto split = std::min<std::size_t>(static_cast<std::size_t>(t.sample_after), drawn.size());
    const std::vector<std::uint32_t> on(drawn.begin(), drawn.begin() + static_cast<std::ptrdiff_t>(split));
    const std::vector<std::uint32_t> off(drawn.begin() + static_cast<std::ptrdiff_t>(split), drawn.end());
    out.push_back(effect(t, mean_outcome(t, rb, cb, off, base.params, w),
                         mean_outcome(t, rv, cv, on, variant.params, w), variant.params));
  }
  return out;
}

}  // namespace csc::analysis::calibration
