// The weekly loop and the bookkeeping every phase shares: births and 18th birthdays, the one
// place where a child's state changes (so stocks, flows and cohort rows always agree), and
// recording.
#include <algorithm>
#include <cmath>
#include <limits>

#include "models/core/streams.hpp"
#include "models/world/world.hpp"

namespace csc::models {
namespace {

/// The DfE's band of a CP plan's length (Characteristics of children in need, table D7;
/// evidence.md s1): 3 months or less, more than 3 up to 6, more than 6 and under a year, 1 to
/// under 2 years, 2 years or more. A plan a child rejoins back from care is timed from then.
Metric cp_length_band(sim::Day days) {
  const double months = days / sim::kDaysPerMonth;
  if (months <= 3.0) return Metric::cp_ends_3m;
  if (months <= 6.0) return Metric::cp_ends_3_6m;
  if (days < 365) return Metric::cp_ends_6_12m;  // a plan from 1 April to 1 April is a year
  if (days < 730) return Metric::cp_ends_1_2y;
  return Metric::cp_ends_2y;
}

constexpr bool is_tracked(ChildState s) {
  return s == ChildState::assessment || s == ChildState::cin || s == ChildState::s47 || s == ChildState::cp ||
         s == ChildState::looked_after;
}

}  // namespace

World::World(const Params& params, std::uint64_t seed, std::uint32_t replicate)
    : p_(params),
      key_{seed, replicate},
      clock_(params.run.start_date),
      first_day_(-params.burn_in_weeks() * sim::kDaysPerWeek),
      trend_from_(static_cast<sim::Day>(params.referral.trend_from.serial() - params.run.start_date.serial())),
      trend_to_(static_cast<sim::Day>(params.referral.trend_to.serial() - params.run.start_date.serial())),
      burn_in_weeks_(params.burn_in_weeks()),
      horizon_weeks_(params.horizon_weeks()),
      total_weeks_(params.burn_in_weeks() + params.horizon_weeks()),
      pop_(generate_population(params.population_model(), key_, first_day_, horizon_weeks_ * sim::kDaysPerWeek)),
      calendar_(first_day_, total_weeks_) {
  const std::size_t las = p_.las.size();
  open_.resize(las);
  listed_.assign(pop_.families.size(), 0);
  state_count_.assign(las * kStateCount, 0);
  placement_count_.assign(las * kPlacementCount, 0);
  home_host_.assign(pop_.children.size(), kNoHost);
  home_places_used_.assign(las, 0);
  out_of_area_.assign(las, 0);
  alive_.assign(las, 0);
  flows_.assign(las * kMetricCount, 0.0f);
  entries_.assign(las * kStateCount, 0);
  exits_.assign(las * kStateCount, 0);

  out_.replicate = replicate;
  out_.weeks = horizon_weeks_;
  out_.las = static_cast<int>(las);
  const auto cells = static_cast<std::size_t>(horizon_weeks_) * las;
  out_.series.assign(kMetricCount * cells, 0.0f);
  out_.state_count.assign(cells * kStateCount, 0);
  out_.state_entries.assign(cells * kStateCount, 0);
  out_.state_exits.assign(cells * kStateCount, 0);
  for (std::uint32_t c = 0; c < pop_.children.size(); ++c) {
    if (alive(c, 0)) ++out_.children_at_start;
  }

  build_workforce();
  start_interventions();
  build_kin_networks();
  births_and_birthdays(kNever, first_day_);
  place_initial_looked_after();
  for (std::uint32_t f = 0; f < pop_.families.size(); ++f) {
    if (pop_.families.status[f] == CaseStatus::dormant) schedule_dormant(f, first_day_);
  }
}

bool World::alive(std::uint32_t c, sim::Day d) const { return pop_.children.alive(c, d); }

int World::age_years(std::uint32_t c, sim::Day d) const { return pop_.children.age_years(c, d); }

bool World::at_home_in_case(std::uint32_t c) const {
  const ChildState s = pop_.children.state[c];
  return s == ChildState::assessment || s == ChildState::cin || s == ChildState::s47 || s == ChildState::cp;
}

std::uint32_t World::case_children(std::uint32_t f) const {
  std::uint32_t n = 0;
  const auto& fam = pop_.families;
  for (auto c = fam.first_child[f]; c < fam.first_child[f + 1]; ++c) {
    n += is_tracked(pop_.children.state[c]) ? 1u : 0u;
  }
  return n;
}

void World::build_kin_networks() {
  // One network per LA, from the seed, the replicate and the family ids only. Informal
  // support: a family with more helper households than the mean has fewer crises (and one
  // with fewer has more), so the network acts on need, not on outcomes.
  auto& fam = pop_.families;
  const auto& kp = p_.kin;
  for (std::size_t l = 0; l < p_.las.size(); ++l) {
    kin_.push_back(KinNetwork::build(kp.graph, key_, pop_.la_first_family[l], pop_.la_first_family[l + 1]));
    for (auto f = pop_.la_first_family[l]; f < pop_.la_first_family[l + 1]; ++f) {
      const double relative = kin_.back().helpers(f) - kp.graph.mean_helpers;
      fam.crisis_rate[f] *= static_cast<float>(std::exp(-kp.support_per_helper * relative));
    }
  }
}

void World::count(Metric m, std::uint32_t f, float n) { flows_[pop_.families.la[f] * kMetricCount + midx(m)] += n; }

void World::drop_closed_cases() {
  // Families whose case closed since last week leave the open lists, which keep the opening
  // order; the closed family may be listed again when its case reopens.
  for (auto& list : open_) {
    std::erase_if(list, [&](std::uint32_t f) {
      const bool closed = pop_.families.status[f] == CaseStatus::dormant;
      if (closed) listed_[f] = 0;
      return closed;
    });
  }
}

void World::step(int week) {
  const sim::Day d0 = first_day_ + week * sim::kDaysPerWeek;
  const sim::Day week_end = d0 + sim::kDaysPerWeek - 1;
  // Named phases, in order (docs/design.md).
  drop_closed_cases();  // families whose case closed leave the open lists
  births_and_birthdays(d0, d0 + sim::kDaysPerWeek);
  process_calendar(week);                   // referrals, crises, assessments, conferences, reviews, adoptions
  const auto vacated = turnover(week_end);  // leavers, agency cover, recruitment
  for (auto* run : on_) run->after_turnover(vacated, week_end);  // caseload cap: surplus posts close
  create_due_posts(week_end);                // posts whose hiring lag ended (caseload cap, funded programmes)
  allocate(week_end);                        // waiting cases to workers, in priority order (caseload limit)
  interventions_after_allocation(week_end);  // posts for waiting cases, places, bookings
  set_direct_shares(week_end);               // each team's share of hours with families (administrators)
  casework(week_end);                        // severity: drift, crises, casework (parallel per family)
  weekly_decisions(week_end);                // closures, escalations, edge of care, care entries and exits
  if (week >= burn_in_weeks_) record_week(week - burn_in_weeks_);
  // Counters restart after recording (not before the step), so that what happens before the
  // first step (the warm start, on day 0 when there is no burn-in) counts in week 0.
  std::fill(flows_.begin(), flows_.end(), 0.0f);
  std::fill(entries_.begin(), entries_.end(), 0);
  std::fill(exits_.begin(), exits_.end(), 0);
}

void World::births_and_birthdays(sim::Day from, sim::Day to) {
  auto& ch = pop_.children;
  const auto& order = pop_.by_birth;
  while (next_birth_ < order.size() && ch.birth[order[next_birth_]] < to) {
    const std::uint32_t c = order[next_birth_++];
    const std::size_t la = pop_.families.la[ch.family[c]];
    ++state_count_[la * kStateCount + idx(ChildState::not_known)];
    ++alive_[la];
    if (recording(ch.birth[c])) ++entries_[la * kStateCount + idx(ChildState::not_known)];
    ch.state_since[c] = std::max(ch.birth[c], from);
  }
  while (next_adult_ < order.size() && ch.birth[order[next_adult_]] + kDaysPer18Years < to) {
    const std::uint32_t c = order[next_adult_++];
    const sim::Day d = std::max(ch.birth[c] + kDaysPer18Years, from);
    --alive_[pop_.families.la[ch.family[c]]];
    if (ch.state[c] == ChildState::left) continue;
    if (ch.state[c] == ChildState::looked_after) {
      leave_care(c, d, Reason::aged_18);
      continue;
    }
    const std::uint32_t f = ch.family[c];
    set_state(c, ChildState::left, Reason::aged_18, d);
    const CaseStatus s = pop_.families.status[f];
    if (s != CaseStatus::dormant && s != CaseStatus::care_only && case_children(f) == 0) {
      close_case(f, d, Reason::cin_closed);
    }
  }
}

void World::set_state(std::uint32_t c, ChildState s, Reason reason, sim::Day d) {
  auto& ch = pop_.children;
  const ChildState old = ch.state[c];
  const std::uint32_t f = ch.family[c];
  const std::size_t la = pop_.families.la[f];
  --state_count_[la * kStateCount + idx(old)];
  ++state_count_[la * kStateCount + idx(s)];

  // Flows derived from the change itself, so that every path counts them the same way.
  if (reason == Reason::referral || reason == Reason::re_referral) count(Metric::referrals, f);
  if (reason == Reason::re_referral) count(Metric::re_referrals, f);
  if (reason == Reason::no_further_action) count(Metric::no_further_action, f);
  if (reason == Reason::assessed_in_need) count(Metric::cin_starts, f);
  if (old == ChildState::assessment &&
      (reason == Reason::no_further_action || reason == Reason::assessed_in_need || reason == Reason::strategy_s47)) {
    count(Metric::assessments, f);
  }
  if (s == ChildState::s47) count(Metric::s47, f);
  if (old == ChildState::s47 && (reason == Reason::cp_plan || reason == Reason::conference_no_plan)) {
    count(Metric::icpc, f);
  }
  // A child who goes into care from a CP plan and comes home while the family's plan still
  // runs rejoins that plan: it is not a new plan (nor a second one) for the child.
  const std::uint16_t family_plan = pop_.families.cp_plans_made[f];
  if (s == ChildState::cp && old != ChildState::cp) {
    if (old == ChildState::looked_after && ch.cp_plan_left[c] == family_plan) {
      count(Metric::cp_resumed, f);
    } else {
      count(Metric::cp_starts, f);
      ++ch.cp_plans[c];
      if (ch.cp_plans_known[c] < 255) ++ch.cp_plans_known[c];
      if (ch.cp_plans_known[c] > 1) count(Metric::cp_second_or_later, f);
    }
  }
  if (old == ChildState::cp && s != ChildState::cp) {
    count(Metric::cp_ends, f);
    count(cp_length_band(d - ch.state_since[c]), f);
  }
  if (s == ChildState::looked_after) ch.cp_plan_left[c] = old == ChildState::cp ? family_plan : 0;
  if (s == ChildState::looked_after && old != ChildState::looked_after) {
    count(Metric::care_entries, f);
    if (ch.placement[c] == Placement::kinship_foster) count(Metric::care_entries_kinship, f);
    if (ch.returned_home[c]) count(Metric::care_re_entries, f);
  }
  if (old == ChildState::looked_after && s != ChildState::looked_after) {
    count(Metric::care_exits, f);
    if (reason == Reason::returned_home) count(Metric::exits_returned_home, f);
    if (reason == Reason::adopted) count(Metric::exits_adopted, f);
    if (reason == Reason::special_guardianship) count(Metric::exits_special_guardianship, f);
    if (reason == Reason::aged_18) count(Metric::exits_aged_18, f);
  }

  if (recording(d)) {
    ++entries_[la * kStateCount + idx(s)];
    ++exits_[la * kStateCount + idx(old)];
    if (is_tracked(old)) ch.days_in_state[c][idx(old)] += d - std::max<sim::Day>(ch.state_since[c], 0);
    if (reason == Reason::referral || reason == Reason::re_referral) {
      ++ch.referrals[c];
      if (ch.first_referral[c] == kNever) ch.first_referral[c] = d;
    }
    const bool never_known_ageing_out = old == ChildState::not_known && s == ChildState::left;
    if (p_.run.record_events && !never_known_ageing_out) {
      ch.recorded[c] = 1;
      out_.events.push_back({out_.replicate, c, f, static_cast<std::uint16_t>(la), d, static_cast<std::uint8_t>(old),
                             static_cast<std::uint8_t>(s), static_cast<std::uint8_t>(reason),
                             static_cast<std::uint8_t>(ch.placement[c])});
    }
  }
  ch.state[c] = s;
  ch.state_since[c] = d;
}

void World::record_family_note(std::uint32_t f, sim::Day d, Reason what) {
  if (!recording(d) || !p_.run.record_events) return;
  auto& ch = pop_.children;
  const auto& fam = pop_.families;
  for (auto c = fam.first_child[f]; c < fam.first_child[f + 1]; ++c) {
    const ChildState s = ch.state[c];
    if (s == ChildState::not_known || s == ChildState::left) continue;
    ch.recorded[c] = 1;
    const auto st = static_cast<std::uint8_t>(s);
    out_.events.push_back({out_.replicate, c, f, fam.la[f], d, st, st, static_cast<std::uint8_t>(what),
                           static_cast<std::uint8_t>(ch.placement[c])});
    return;  // one row: it is the family's
  }
}

void World::set_placement(std::uint32_t c, Placement p, sim::Day d, bool record_change) {
  auto& ch = pop_.children;
  const std::size_t la = pop_.families.la[ch.family[c]];
  --placement_count_[la * kPlacementCount + idx(ch.placement[c])];
  ++placement_count_[la * kPlacementCount + idx(p)];
  if (ch.placement[c] == Placement::childrens_home) release_home_place(c, la);
  if (p == Placement::childrens_home) take_home_place(c, la);
  ch.placement[c] = p;
  if (record_change && recording(d) && p_.run.record_events) {
    const auto st = static_cast<std::uint8_t>(ch.state[c]);
    out_.events.push_back({out_.replicate, c, ch.family[c], static_cast<std::uint16_t>(la), d, st, st,
                           static_cast<std::uint8_t>(Reason::placement_change), static_cast<std::uint8_t>(p)});
  }
}

// Children's home places (la.childrens_home_places): a child goes to a home of its own LA while
// it has a free place, else to the LA with the most free places (lowest index on a tie), else
// to a private home outside every LA. Only these three outcomes, so the placement type (and
// every random draw) is the same whatever the capacity: capacity moves children, not counts.
void World::take_home_place(std::uint32_t c, std::size_t la) {
  auto free_places = [&](std::size_t l) -> std::int64_t {
    const std::int64_t cap = p_.las[l].childrens_home_places;
    return cap < 0 ? std::numeric_limits<std::int64_t>::max() : cap - home_places_used_[l];
  };
  std::size_t host = la;
  if (free_places(la) <= 0) {
    host = kNoHost;
    std::int64_t best = 0;
    for (std::size_t l = 0; l < p_.las.size(); ++l) {
      if (free_places(l) > best) best = free_places(l), host = l;
    }
    ++out_of_area_[la];
  }
  home_host_[c] = static_cast<std::uint16_t>(host);
  if (host != kNoHost) ++home_places_used_[host];
}

void World::release_home_place(std::uint32_t c, std::size_t la) {
  const std::size_t host = home_host_[c];
  if (host != kNoHost) --home_places_used_[host];
  if (host != la) --out_of_area_[la];
  home_host_[c] = kNoHost;
}

void World::place_initial_looked_after() {
  // Warm start: the looked-after stock takes years to build (stays average over two years),
  // so children are placed at the start of the burn-in, chosen with probability proportional
  // to their family's resting severity (Efraimidis-Spirakis weighted sampling with keyed draws)
  // and given an elapsed time in care.
  auto& fam = pop_.families;
  auto& ch = pop_.children;
  for (std::size_t l = 0; l < p_.las.size(); ++l) {
    std::vector<std::pair<double, std::uint32_t>> keyed;
    for (auto f = pop_.la_first_family[l]; f < pop_.la_first_family[l + 1]; ++f) {
      const double w = severity(fam, f, p_.severity);
      if (w <= 0.0) continue;
      for (auto c = fam.first_child[f]; c < fam.first_child[f + 1]; ++c) {
        if (!alive(c, first_day_) || ch.state[c] != ChildState::not_known) continue;
        auto d = draws(c, first_day_, stream_id(Stream::initial_care));
        keyed.emplace_back(std::log(d.uniform()) / w, c);
      }
    }
    const auto target =
        static_cast<std::size_t>(std::lround(p_.las[l].initial_looked_after_per_10k * alive_[l] / 10000.0));
    const std::size_t n = std::min(target, keyed.size());
    std::partial_sort(
        keyed.begin(), keyed.begin() + static_cast<std::ptrdiff_t>(n), keyed.end(),
        [](const auto& a, const auto& b) { return a.first > b.first || (a.first == b.first && a.second < b.second); });
    for (std::size_t i = 0; i < n; ++i) {
      const std::uint32_t c = keyed[i].second;
      const std::uint32_t f = ch.family[c];
      auto d = draws(c, first_day_, stream_id(Stream::initial_care));
      d.uniform();
      const double max_elapsed = std::min<double>(first_day_ - ch.birth[c], 6 * 365.0);
      set_placement(c, draw_placement(c, first_day_), first_day_, false);
      set_state(c, ChildState::looked_after, Reason::care_entry, first_day_);
      ch.care_since[c] = first_day_ - static_cast<sim::Day>(d.uniform() * max_elapsed);
      if (fam.status[f] == CaseStatus::dormant) {
        fam.status[f] = CaseStatus::care_only;
        fam.waiting_since[f] = first_day_;
        open_case(f);
      }
    }
  }
}

void World::record_week(int w) {
  const auto& fam = pop_.families;
  recount_caseloads();
  for (std::size_t l = 0; l < p_.las.size(); ++l) {
    const int la = static_cast<int>(l);
    auto stock = [&](ChildState s) { return static_cast<float>(state_count_[l * kStateCount + idx(s)]); };
    auto placed = [&](Placement p) { return static_cast<float>(placement_count_[l * kPlacementCount + idx(p)]); };
    out_.at(Metric::stock_assessment, w, la) = stock(ChildState::assessment);
    out_.at(Metric::stock_section17, w, la) = stock(ChildState::cin);
    out_.at(Metric::stock_s47, w, la) = stock(ChildState::s47);
    out_.at(Metric::stock_cp, w, la) = stock(ChildState::cp);
    out_.at(Metric::stock_looked_after, w, la) = stock(ChildState::looked_after);
    out_.at(Metric::stock_cin, w, la) = stock(ChildState::assessment) + stock(ChildState::cin) +
                                        stock(ChildState::s47) + stock(ChildState::cp) +
                                        stock(ChildState::looked_after);
    out_.at(Metric::stock_kinship_foster, w, la) = placed(Placement::kinship_foster);
    out_.at(Metric::stock_la_foster, w, la) = placed(Placement::la_foster);
    out_.at(Metric::stock_agency_foster, w, la) = placed(Placement::agency_foster);
    out_.at(Metric::stock_childrens_home, w, la) = placed(Placement::childrens_home);
    out_.at(Metric::stock_placed_with_parents, w, la) = placed(Placement::placed_with_parents);
    out_.at(Metric::stock_placed_for_adoption, w, la) = placed(Placement::placed_for_adoption);
    out_.at(Metric::stock_out_of_area, w, la) = static_cast<float>(out_of_area_[l]);
    out_.at(Metric::children, w, la) = static_cast<float>(alive_[l]);
    float edge = 0.0f, waiting = 0.0f;
    float cin_families = 0.0f, cin_hours = 0.0f;
    for (const std::uint32_t f : open_[l]) {  // one pass over the open cases
      if (fam.status[f] == CaseStatus::dormant) continue;
      if (fam.worker[f] == kNone) waiting += 1.0f;
      if (fam.edge[f]) {
        for (auto c = fam.first_child[f]; c < fam.first_child[f + 1]; ++c) {
          edge += at_home_in_case(c) ? 1.0f : 0.0f;
        }
      }
      if (fam.status[f] == CaseStatus::cin) {
        cin_families += 1.0f;
        cin_hours += fam.contact_hours[f];
      }
    }
    out_.at(Metric::stock_edge_of_care, w, la) = edge;
    out_.at(Metric::cin_contact_hours, w, la) = cin_families > 0 ? cin_hours / cin_families : 0.0f;
    out_.at(Metric::posts_created, w, la) = flows_[l * kMetricCount + midx(Metric::posts_created)];
    out_.at(Metric::care_entries_kinship, w, la) = flows_[l * kMetricCount + midx(Metric::care_entries_kinship)];
    out_.at(Metric::unallocated_cases, w, la) = waiting;
    for (std::size_t m = midx(Metric::referrals); m <= midx(Metric::edge_of_care_diverted); ++m) {
      out_.at(static_cast<Metric>(m), w, la) = flows_[l * kMetricCount + m];
    }
    out_.at(Metric::worker_quits, w, la) = flows_[l * kMetricCount + midx(Metric::worker_quits)];
    out_.at(Metric::worker_changes, w, la) = flows_[l * kMetricCount + midx(Metric::worker_changes)];
    record_workforce(w, la);
    record_spend(w, la);
    const std::size_t cell = (static_cast<std::size_t>(w) * p_.las.size() + l) * kStateCount;
    for (std::size_t s = 0; s < kStateCount; ++s) {
      out_.state_count[cell + s] = state_count_[l * kStateCount + s];
      out_.state_entries[cell + s] = entries_[l * kStateCount + s];
      out_.state_exits[cell + s] = exits_[l * kStateCount + s];
    }
  }
}

ReplicateResult World::finish() {
  auto& ch = pop_.children;
  const sim::Day end = horizon_weeks_ * sim::kDaysPerWeek;
  for (std::uint32_t c = 0; c < ch.size(); ++c) {
    const ChildState s = ch.state[c];
    if (is_tracked(s)) ch.days_in_state[c][idx(s)] += end - std::max<sim::Day>(ch.state_since[c], 0);
    const auto& days = ch.days_in_state[c];
    const bool any_days = days[idx(ChildState::assessment)] + days[idx(ChildState::cin)] + days[idx(ChildState::s47)] +
                              days[idx(ChildState::cp)] + days[idx(ChildState::looked_after)] >
                          0;
    if (!p_.run.record_events || (!ch.recorded[c] && !any_days)) continue;
    const std::uint32_t f = ch.family[c];
    ChildRow row{};
    row.replicate = out_.replicate;
    row.child = c;
    row.family = f;
    row.la = pop_.families.la[f];
    row.birth_day = ch.birth[c];
    // Factors as they stand on the run's last day: episode changes an open case would take at
    // its next casework are applied, so the flags are the same in every scenario.
    advance_episodes(pop_.families, key_, f, end - 1, p_.population_model());
    for (std::size_t r = 0; r < kRiskCount; ++r) {
      row.risk[r] = static_cast<std::uint8_t>((pop_.families.risk_mask[f] >> r) & 1u);
    }
    row.first_referral_day = ch.first_referral[c];
    row.referrals = ch.referrals[c];
    row.cp_plans = ch.cp_plans[c];
    row.days_assessment = days[idx(ChildState::assessment)];
    row.days_cin = days[idx(ChildState::cin)];
    row.days_s47 = days[idx(ChildState::s47)];
    row.days_cp = days[idx(ChildState::cp)];
    row.days_looked_after = days[idx(ChildState::looked_after)];
    row.final_state = static_cast<std::uint8_t>(s);
    row.final_placement = static_cast<std::uint8_t>(ch.placement[c]);
    out_.children.push_back(row);
  }
  return std::move(out_);
}

}  // namespace csc::models
