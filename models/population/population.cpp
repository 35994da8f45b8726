#include "models/population/population.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <functional>
#include <numeric>

#include "models/core/streams.hpp"
#include "sim/run/parallel.hpp"

namespace csc::models {
namespace {

constexpr sim::Day kMaxFamilySpan = 4383;  // 12 years between a family's first and last birth
constexpr sim::Day kMinBirthGap = 300;     // days

/// 1 + Poisson(mean - 1), capped at kMaxChildrenPerFamily, by inversion (a fixed stream per
/// family).
std::uint32_t draw_family_size(sim::Draws& d, double mean_children) {
  const double lambda = mean_children - 1.0;
  const double u = d.uniform();
  double p = std::exp(-lambda);
  double cdf = p;
  std::uint32_t k = 0;
  while (u > cdf && k < kMaxChildrenPerFamily - 1) {
    ++k;
    p *= lambda / k;
    cdf += p;
  }
  return 1 + k;
}

/// Draws the family formed `serial`-th in the run (every LA's formations counted, the first
/// births of families that will have no row included) with its first birth on first_birth,
/// and adds it with its children unless none of them is aged 0-17 at some time in [first_day,
/// last_day): a family whose children all came of age before the run, or a child who did,
/// would only hold memory (issue "England in seconds", item 4). Its draws are keyed by the
/// serial, so a family's attributes do not depend on which families before it have a row.
void add_family(Population& pop, const PopulationModel& params, const LaParams& la, std::uint16_t la_index,
                const sim::RunKey& key, std::uint64_t serial, sim::Day first_birth, sim::Day first_day,
                sim::Day last_day) {
  auto& fam = pop.families;
  auto& ch = pop.children;
  const auto f = static_cast<std::uint32_t>(fam.size());
  sim::Draws d(key, serial, 0, stream_id(Stream::population_family));
  const auto& pp = params.population;

  // General vulnerability: lognormal with mean 1; it raises the chance of every factor, so
  // factors cluster ("toxic trio") and a few families carry much of the need.
  const double sd = pp.vulnerability_sd;
  const double v = std::exp(sd * d.normal() - 0.5 * sd * sd);
  // Each factor's level while present is drawn for every factor, so that one that is absent
  // now can start later (episodes); whether it is present at the start is drawn at its
  // prevalence, the stationary share of the episode process.
  std::array<float, kRiskCount> resting{}, potential{};
  std::uint8_t mask = 0;
  int present = 0;
  for (std::size_t r = 0; r < kRiskCount; ++r) {
    const double p = presence_probability(pp, la.deprivation, v, r);
    const double u = d.uniform();
    const double spread = std::exp(0.3 * d.normal() - 0.045);
    potential[r] = static_cast<float>(pp.resting_severity[r] * std::sqrt(v) * spread);
    if (u < p) {
      resting[r] = potential[r];
      mask = static_cast<std::uint8_t>(mask | (1u << r));
      ++present;
    }
  }
  const std::uint32_t n = draw_family_size(d, pp.mean_children_per_family);
  const auto team = static_cast<std::uint16_t>(d.below(static_cast<std::uint32_t>(la.teams)));

  sim::Day birth = first_birth;
  const double mean_gap = std::max(1.0, pp.birth_spacing_years * 365.25 - kMinBirthGap);
  std::array<sim::Day, kMaxChildrenPerFamily> births{};
  std::uint32_t born = 0;
  for (std::uint32_t i = 0; i < n; ++i) {
    if (i > 0) birth += kMinBirthGap + static_cast<sim::Day>(d.exponential(1.0 / mean_gap));
    if (birth - first_birth > kMaxFamilySpan || birth >= last_day) break;
    births[born++] = birth;
  }
  const sim::Day last_birth = births[born - 1];           // the first birth is always in the window
  if (last_birth + kDaysPer18Years <= first_day) return;  // no child of it is ever in the run
  for (std::uint32_t i = 0; i < born; ++i) {
    if (births[i] + kDaysPer18Years <= first_day) continue;  // came of age before the run
    ch.rows.push_back(ChildCore{.family = f,
                                .birth = births[i],
                                .care_since = kNever,
                                .state = ChildState::not_known,
                                .placement = Placement::none,
                                .legal_status = LegalStatus::none,
                                .unused = 0});
  }
  fam.la.push_back(la_index);
  fam.team.push_back(team);
  fam.first_child.push_back(static_cast<std::uint32_t>(ch.rows.size()));
  FamilySeverity sev;
  sev.resting = resting;
  sev.level = resting;
  fam.potential.push_back({potential[0], potential[1], potential[2]});  // the parental factors
  fam.vulnerability.push_back(static_cast<float>(v));
  fam.risk_mask.push_back(mask);
  const auto& sp = params.severity;
  sev.crisis_rate = static_cast<float>(sp.crisis_rate_per_year * (1.0 + sp.crisis_rate_per_risk * present) / 365.0);
  fam.sev.push_back(sev);
  fam.alive_from.push_back(first_birth);
  fam.alive_to.push_back(last_birth + kDaysPer18Years);
}

/// The children in order of birth, ties in id order: a stable counting sort (birth days span a
/// few tens of thousands of days, so two passes over the children, where a comparison sort of
/// England's 28 million took seconds; issue "England in seconds").
std::vector<std::uint32_t> children_by_birth(const Children& ch) {
  if (ch.size() == 0) return {};
  const auto [lo, hi] = std::minmax_element(ch.rows.begin(), ch.rows.end(),
                                            [](const ChildCore& a, const ChildCore& b) { return a.birth < b.birth; });
  const sim::Day first = lo->birth;
  std::vector<std::uint32_t> next(static_cast<std::size_t>(hi->birth - first) + 2, 0);
  for (const auto& c : ch.rows) ++next[static_cast<std::size_t>(c.birth - first) + 1];
  std::partial_sum(next.begin(), next.end(), next.begin());  // next[day]: the first place of that day's births
  std::vector<std::uint32_t> order(ch.size());
  for (std::uint32_t c = 0; c < ch.size(); ++c) order[next[static_cast<std::size_t>(ch.rows[c].birth - first)]++] = c;
  return order;
}

/// Sizes and fills the columns the run changes (and the birth order), each column a task of
/// its own: filling a column first touches its pages, and the kernel's zeroing of them is most
/// of the cost at England's size (issue "England in seconds"), so the columns fill in parallel.
void size_dynamic_columns(Population& pop, sim::Day first_day) {
  auto& fam = pop.families;
  auto& ch = pop.children;
  const std::size_t nf = fam.size(), nc = ch.size();
  const CaseRow no_case{.contact_hours = 0.0f,
                        .change_until = kNever,
                        .waiting_since = kNever,
                        .visible_until = kNever,
                        .worker = kNone,
                        .generation = 0,
                        .engaged = 1,
                        .edge = 0,
                        .crisis_pending = 0,
                        .tracked_children = 0,
                        .children_cp = 0,
                        .children_looked_after = 0,
                        .status = CaseStatus::dormant,
                        .legal_stage = LegalStage::none};
  const std::array<std::function<void()>, 20> fill{
      [&] { pop.by_birth = children_by_birth(ch); },  // the longest task first
      [&] { fam.cases.assign(nf, no_case); },
      [&] {
        for (auto& sev : fam.sev) sev.updated_on = first_day;
      },
      [&] { fam.care_entry_factor.assign(nf); },
      [&] { fam.kinship_factor.assign(nf); },
      [&] { fam.sgo_factor.assign(nf); },
      [&] { fam.cp_plans_made.assign(nf, 0); },
      [&] { fam.last_plan_day.assign(nf, kNever); },
      [&] { ch.state_since.assign(nc, first_day); },
      [&] { ch.last_referral.assign(nc, kNever); },
      [&] { ch.adoption_due.assign(nc, kNever); },
      [&] { ch.first_referral.assign(nc, kNever); },
      [&] { ch.referrals.assign(nc, 0); },
      [&] { ch.cp_plans.assign(nc, 0); },
      [&] { ch.cp_plans_known.assign(nc, 0); },
      [&] { ch.returned_home.assign(nc, 0); },
      [&] { ch.own_account.assign(nc, 0); },
      [&] { ch.cp_plan_left.assign(nc, 0); },
      [&] { ch.recorded.assign(nc, 0); },
      [&] {
        ch.ever.assign(nc, 0);
        ch.days_in_state.assign(nc, {});
      }};
  sim::parallel_for(std::size_t{0}, fill.size(), [&](std::size_t i) { fill[i](); });
}

/// First day of the first births generate_population() draws for a run from first_day.
sim::Day window_start(sim::Day first_day) { return first_day - kDaysPer18Years - kMaxFamilySpan; }

double families_per_day(const LaParams& la, const PopulationParams& pp) {
  return static_cast<double>(la.children) / (kDaysPer18Years * pp.mean_children_per_family);
}

/// The LA's child population on day t under population.projection, as a multiple of la.children:
/// exp of the log growth of every step up to t (1 before the first step).
double projected_multiple(const PopulationParams& pp, double t) {
  double log_growth = 0.0;
  for (std::size_t i = 0; i < pp.growth.size(); ++i) {
    const double from = pp.growth[i].from;
    const double to = i + 1 < pp.growth.size() ? pp.growth[i + 1].from : t;
    if (t <= from) break;
    log_growth += pp.growth[i].per_year * (std::min(t, to) - from) / 365.25;
  }
  return std::exp(log_growth);
}

/// Mean days from a family's first birth to the birth of one of its children: with 1 + X
/// children (X Poisson, mean lambda) spaced by birth_spacing_years, E[n(n-1)/2] / E[n] gaps.
double mean_birth_delay(const PopulationParams& pp) {
  const double lambda = pp.mean_children_per_family - 1.0;
  return pp.birth_spacing_years * 365.25 * (lambda + lambda * lambda / 2.0) / (1.0 + lambda);
}

/// Families formed from `start` to day t: the stationary rate, plus (under a projection) the
/// projected change in children over the mean family size, led by the mean delay of a child's
/// birth after its family forms, so that births (and children, the births of the last 18
/// years) follow the projection: to first order, for 18 years from its first step, after a
/// lag of up to that delay at its start (the lead grows from 0 there).
double families_formed(const LaParams& la, const PopulationParams& pp, sim::Day start, double t) {
  const double stationary = families_per_day(la, pp) * (t - static_cast<double>(start));
  if (pp.growth.empty()) return stationary;
  // The lead grows from 0 at the first step, so nothing anticipates the projection's start.
  const double lead = std::clamp(t - pp.growth.front().from, 0.0, mean_birth_delay(pp));
  const double led = projected_multiple(pp, t + lead);
  return stationary + static_cast<double>(la.children) * (led - 1.0) / pp.mean_children_per_family;
}

/// The day family k (of an LA, k + u formed families, u in [0, 1)) has its first birth: the
/// stationary stratified spacing, or under a projection the inverse of families_formed.
sim::Day first_birth_day(const LaParams& la, const PopulationParams& pp, sim::Day start, sim::Day last_day,
                         double formed) {
  if (pp.growth.empty()) return start + static_cast<sim::Day>(formed / families_per_day(la, pp));
  double lo = static_cast<double>(start), hi = static_cast<double>(last_day) + 1.0;
  if (families_formed(la, pp, start, hi) <= formed) return last_day;  // formed after the run
  for (int i = 0; i < 60; ++i) {  // families_formed rises with t (births stay positive)
    const double mid = 0.5 * (lo + hi);
    (families_formed(la, pp, start, mid) < formed ? lo : hi) = mid;
  }
  return static_cast<sim::Day>(std::floor(hi));
}

}  // namespace

std::uint64_t max_families(const LaParams& la, const PopulationParams& pp, sim::Day first_day, sim::Day last_day) {
  const double formed = families_formed(la, pp, window_start(first_day), static_cast<double>(last_day));
  return static_cast<std::uint64_t>(std::ceil(std::max(0.0, formed)));
}

namespace {

/// Reserves the fixed columns' rows of an LA's part for every family generate_population()
/// may draw for it, and for their children at most: the columns grow without copying, and
/// pages reserved and never used take address space, not memory (issue "England in seconds":
/// growing by doubling copied and zeroed England's tables twice over).
void reserve_part(Population& part, std::uint64_t families) {
  auto& fam = part.families;
  fam.la.reserve(families), fam.team.reserve(families), fam.first_child.reserve(families + 1);
  fam.potential.reserve(families), fam.vulnerability.reserve(families), fam.risk_mask.reserve(families);
  fam.sev.reserve(families), fam.alive_from.reserve(families), fam.alive_to.reserve(families);
  part.children.rows.reserve(families * kMaxChildrenPerFamily);
  fam.first_child.push_back(0);
}

/// How many families the LA draws from serial `first` on: the first k whose stratified first
/// birth is on or after last_day (or all `count`). First births rise with k (family k forms
/// when k + u have formed, u in [0, 1)), so a binary search finds it from a few timing draws,
/// and each LA's first serial is known before any LA is drawn.
std::uint64_t families_drawn(const LaParams& la, const PopulationParams& pp, const sim::RunKey& key,
                             std::uint64_t first, std::uint64_t count, sim::Day start, sim::Day last_day) {
  std::uint64_t lo = 0, hi = count;  // the answer is in [lo, hi]
  while (lo < hi) {
    const std::uint64_t k = lo + (hi - lo) / 2;
    sim::Draws jitter(key, first + k, 0, stream_id(Stream::population_timing));
    const double formed = static_cast<double>(k) + jitter.uniform();
    if (first_birth_day(la, pp, start, last_day, formed) >= last_day) {
      hi = k;
    } else {
      lo = k + 1;
    }
  }
  return lo;
}

/// Appends each part's rows of one family column to the population's, in LA order.
template <auto Column>
void append_column(Families& fam, const std::vector<Population>& parts) {
  auto& column = fam.*Column;
  std::size_t n = column.size();
  for (const auto& part : parts) n += (part.families.*Column).size();
  column.reserve(n);
  for (const auto& part : parts)
    column.insert(column.end(), (part.families.*Column).begin(), (part.families.*Column).end());
}

/// Appends each part's children, their family ids shifted by the families before the part.
void append_children(Children& ch, const std::vector<Population>& parts,
                     const std::vector<std::uint32_t>& family_offset, std::size_t children) {
  ch.rows.reserve(children);
  for (std::size_t l = 0; l < parts.size(); ++l) {
    for (ChildCore c : parts[l].children.rows) {
      c.family += family_offset[l];
      ch.rows.push_back(c);
    }
  }
}

/// Appends each part's first-child ids (but its leading 0), shifted by the children before it.
void append_first_child(Families& fam, const std::vector<Population>& parts,
                        const std::vector<std::uint32_t>& child_offset, std::size_t families) {
  fam.first_child.reserve(families + 1);
  fam.first_child.push_back(0);
  for (std::size_t l = 0; l < parts.size(); ++l) {
    const auto& first = parts[l].families.first_child;
    for (std::size_t f = 1; f < first.size(); ++f) fam.first_child.push_back(first[f] + child_offset[l]);
  }
}

/// Joins the LAs' parts into one population, each part's family and child ids shifted by the
/// rows before it: the same ids a serial loop over the LAs gives. Each column is a task of its
/// own (its pages are first touched, and zeroed by the kernel, as it is written).
void join_parts(Population& pop, const std::vector<Population>& parts) {
  std::vector<std::uint32_t> family_offset(parts.size() + 1, 0), child_offset(parts.size() + 1, 0);
  for (std::size_t l = 0; l < parts.size(); ++l) {
    family_offset[l + 1] = family_offset[l] + static_cast<std::uint32_t>(parts[l].families.size());
    child_offset[l + 1] = child_offset[l] + static_cast<std::uint32_t>(parts[l].children.size());
  }
  pop.la_first_family = family_offset;
  auto& fam = pop.families;
  const std::array<std::function<void()>, 10> join{
      [&] { append_column<&Families::sev>(fam, parts); },  // the largest first
      [&] { append_children(pop.children, parts, family_offset, child_offset.back()); },
      [&] { append_first_child(fam, parts, child_offset, family_offset.back()); },
      [&] { append_column<&Families::potential>(fam, parts); },
      [&] { append_column<&Families::la>(fam, parts); },
      [&] { append_column<&Families::team>(fam, parts); },
      [&] { append_column<&Families::vulnerability>(fam, parts); },
      [&] { append_column<&Families::risk_mask>(fam, parts); },
      [&] { append_column<&Families::alive_from>(fam, parts); },
      [&] { append_column<&Families::alive_to>(fam, parts); }};
  sim::parallel_for(std::size_t{0}, join.size(), [&](std::size_t i) { join[i](); });
}

}  // namespace

Population generate_population(const PopulationModel& params, const sim::RunKey& key, sim::Day first_day,
                               sim::Day last_day) {
  Population pop;
  // Families are laid out in order of their first birth, from the earliest whose youngest
  // child can still be under 18 at first_day (those whose children all came of age before
  // first_day are drawn, to keep the draws of the rest, but get no row). Formation is a process whose
  // rate gives the LA's child population: children alive = births a day * 18 years.
  // (params_from_scenario() checks, with max_families(), that the ids fit in 32 bits.)
  const sim::Day start = window_start(first_day);
  // Each LA's families are drawn in a part of its own, the LAs in parallel; a family's draws
  // are keyed by its serial, the families formed before it in every LA, so each LA's first
  // serial is found first.
  const std::size_t las = params.las.size();
  std::vector<std::uint64_t> first_serial(las + 1, 0), drawn(las, 0);
  for (std::size_t l = 0; l < las; ++l) {
    const std::uint64_t count = max_families(params.las[l], params.population, first_day, last_day);
    drawn[l] = families_drawn(params.las[l], params.population, key, first_serial[l], count, start, last_day);
    first_serial[l + 1] = first_serial[l] + drawn[l];
  }
  std::vector<Population> parts(las);
  sim::parallel_for(std::size_t{0}, las, [&](std::size_t l) {
    const LaParams& la = params.las[l];
    reserve_part(parts[l], drawn[l]);
    for (std::uint64_t k = 0; k < drawn[l]; ++k) {
      // Stratified first births: family k forms when k + u families have formed (u uniform
      // in [0, 1)), one a 1/rate days when the population is stationary.
      const std::uint64_t serial = first_serial[l] + k;
      sim::Draws jitter(key, serial, 0, stream_id(Stream::population_timing));
      const double formed = static_cast<double>(k) + jitter.uniform();
      const auto first_birth = first_birth_day(la, params.population, start, last_day, formed);
      add_family(parts[l], params, la, static_cast<std::uint16_t>(l), key, serial, first_birth, first_day, last_day);
    }
  });
  join_parts(pop, parts);
  std::vector<Population>().swap(parts);  // freed before the run's columns are filled: a lower peak
  size_dynamic_columns(pop, first_day);
  // Each family's episode clocks, in parallel: a family's draws are keyed by its id alone.
  auto& fam = pop.families;
  sim::parallel_for(std::uint32_t{0}, static_cast<std::uint32_t>(fam.size()), [&](std::uint32_t f) {
    for (std::size_t r = 0; r < kParentalFactors; ++r) {
      fam.sev[f].next_switch[r] = draw_next_switch(fam, key, f, r, std::max(first_day, fam.alive_from[f]), params);
    }
  });
  return pop;
}

double presence_probability(const PopulationParams& pp, double deprivation, double v, std::size_t r) {
  return std::min(0.95, pp.prevalence[r] * deprivation * v);
}

double episode_rate(const Families& fam, std::uint32_t f, std::size_t r, const PopulationModel& params) {
  // A two-state process per factor: episodes end at rate 1/D and start at the rate that keeps
  // the factor's prevalence p (start rate = p / (1 - p) / D). Parental problems come and go
  // (Cleaver, Unell and Aldgate 2011, Children's Needs - Parenting Capacity); a child's
  // disability or behaviour is treated as lasting.
  const double years = params.severity.episode_years;
  if (years <= 0.0 || !is_parental(r)) return 0.0;
  const double end_rate = 1.0 / (years * 365.25);
  if (fam.risk_mask[f] >> r & 1u) return end_rate;
  const double p = presence_probability(params.population, params.las[fam.la[f]].deprivation, fam.vulnerability[f], r);
  return end_rate * p / (1.0 - p);
}

void switch_factor(Families& fam, std::uint32_t f, std::size_t r, const SeverityParams& sp) {
  const bool was_present = fam.risk_mask[f] >> r & 1u;
  const int before = std::popcount(static_cast<unsigned>(fam.risk_mask[f]));
  fam.risk_mask[f] = static_cast<std::uint8_t>(fam.risk_mask[f] ^ (1u << r));
  if (was_present) {
    fam.sev[f].resting[r] = 0.0f;  // the problem has gone; its harm fades at the recovery rate
  } else {
    fam.sev[f].resting[r] = fam.potential[f][r];  // a new episode arrives at its full level
    fam.sev[f].level[r] = std::max(fam.sev[f].level[r], fam.potential[f][r]);
  }
  const int after = before + (was_present ? -1 : 1);
  fam.sev[f].crisis_rate *=
      static_cast<float>((1.0 + sp.crisis_rate_per_risk * after) / (1.0 + sp.crisis_rate_per_risk * before));
}

sim::Day draw_next_switch(const Families& fam, const sim::RunKey& key, std::uint32_t f, std::size_t r, sim::Day from,
                          const PopulationModel& params) {
  const double rate = episode_rate(fam, f, r, params);
  if (rate <= 0.0) return kNoSwitch;
  sim::Draws d(key, static_cast<std::uint64_t>(f) * kParentalFactors + r, from, stream_id(Stream::factor_episode));
  const double wait = d.exponential(rate);
  if (wait > 1.0e6) return kNoSwitch;  // beyond any run
  return from + 1 + static_cast<sim::Day>(wait);
}

void advance_episodes(Families& fam, const sim::RunKey& key, std::uint32_t f, sim::Day d,
                      const PopulationModel& params) {
  auto& next = fam.sev[f].next_switch;
  for (auto soonest = std::min_element(next.begin(), next.end()); *soonest <= d;
       soonest = std::min_element(next.begin(), next.end())) {
    const auto r = static_cast<std::size_t>(soonest - next.begin());
    const sim::Day when = *soonest;
    switch_factor(fam, f, r, params.severity);
    next[r] = draw_next_switch(fam, key, f, r, when, params);
  }
}

sim::Day next_episode_change(const Families& fam, std::uint32_t f) {
  const auto& next = fam.sev[f].next_switch;
  return *std::min_element(next.begin(), next.end());
}

void bring_up_to_date(Families& fam, std::uint32_t f, sim::Day d, const SeverityParams& sp) {
  const sim::Day dt = d - fam.sev[f].updated_on;
  if (dt <= 0) return;
  const double rate = std::log(2.0) / (sp.recovery_half_life_weeks * 7.0);
  const double acute_rate = std::log(2.0) / (sp.crisis_half_life_weeks * 7.0);
  const auto keep = static_cast<float>(std::exp(-rate * dt));
  auto& level = fam.sev[f].level;
  const auto& rest = fam.sev[f].resting;
  for (std::size_t r = 0; r < kRiskCount; ++r) level[r] = rest[r] + (level[r] - rest[r]) * keep;
  fam.sev[f].acute *= static_cast<float>(std::exp(-acute_rate * dt));
  fam.sev[f].updated_on = d;
}

double severity(const Families& fam, std::uint32_t f, const SeverityParams& sp) {
  double s = fam.sev[f].acute;
  for (std::size_t r = 0; r < kRiskCount; ++r) s += sp.weight[r] * fam.sev[f].level[r];
  return s;
}

}  // namespace csc::models
