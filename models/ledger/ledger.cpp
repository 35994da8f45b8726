// The ledger's bookkeeping: a change of state or placement, the flows derived from the change
// itself (so every path counts them the same way), children's home places, and event rows.
#include "models/ledger/ledger.hpp"

#include <algorithm>
#include <limits>
#include <tuple>

namespace csc::models {
namespace {

/// The DfE's band of a CP plan's length (Characteristics of children in need, table D7;
/// docs/evidence.md s1): 3 months or less, more than 3 up to 6, more than 6 and under a year,
/// 1 to under 2 years, 2 years or more. A plan a child rejoins back from care is timed from then.
Metric cp_length_band(sim::Day days) {
  const double months = days / sim::kDaysPerMonth;
  if (months <= 3.0) return Metric::cp_ends_3m;
  if (months <= 6.0) return Metric::cp_ends_3_6m;
  if (days < 365) return Metric::cp_ends_6_12m;  // a plan from 1 April to 1 April is a year
  if (days < 730) return Metric::cp_ends_1_2y;
  return Metric::cp_ends_2y;
}

}  // namespace

void OpenCases::drop_closed(std::size_t l, const Families& fam) {
  auto& list = lists[l];
  std::erase_if(list, [&](std::uint32_t f) {
    const bool closed = fam.cases[f].status == CaseStatus::dormant;
    if (closed) listed[f] = 0;
    return closed;
  });
  // Last week's openings join the sorted rest: linear, not a sort of the whole list.
  const auto opened = std::is_sorted_until(list.begin(), list.end());
  std::sort(opened, list.end());
  std::inplace_merge(list.begin(), opened, list.end());
}

Ledger::Ledger(Population& population, const std::vector<LaParams>& las, bool record, ReplicateResult& result)
    : pop(population), out(result), record_events(record) {
  const std::size_t n = las.size();
  for (const auto& la : las) home_capacity.push_back(la.childrens_home_places);
  state_count.assign(n * kStateCount, 0);
  placement_count.assign(n * kPlacementCount, 0);
  home_host.assign(pop.children.size(), kNoHost);
  home_places_used.assign(n, 0);
  out_of_area.assign(n, 0);
  alive.assign(n, 0);
  flows.assign(n * kMetricCount, 0.0f);
  entries.assign(n * kStateCount, 0);
  exits.assign(n * kStateCount, 0);
}

void Ledger::begin_councils_in_parallel() {
  by_council_.resize(home_capacity.size());
  councils_in_parallel_ = true;
}

namespace {

/// Calls apply(item) for every item of every council's buffer `member`, in the order of their
/// tags, councils in index order on a tie. A council's own items are in tag order already, so
/// each buffer is cut into runs of one tag and the runs are sorted.
template <class Buffers, class Member, class Apply>
void in_tag_order(const Buffers& buffers, Member member, Apply apply) {
  struct Run {
    Ledger::SerialTag tag;
    std::size_t council, begin, end;
  };
  std::vector<Run> runs;
  for (std::size_t l = 0; l < buffers.size(); ++l) {
    const auto& items = buffers[l].*member;
    for (std::size_t i = 0; i < items.size(); ++i) {
      if (i == 0 || items[i].tag != items[i - 1].tag) runs.push_back({items[i].tag, l, i, i});
      ++runs.back().end;
    }
  }
  std::sort(runs.begin(), runs.end(),
            [](const Run& a, const Run& b) { return std::tie(a.tag, a.council) < std::tie(b.tag, b.council); });
  for (const Run& run : runs) {
    const auto& items = buffers[run.council].*member;
    for (std::size_t i = run.begin; i < run.end; ++i) apply(items[i].item);
  }
}

}  // namespace

void Ledger::end_councils_in_parallel() {
  councils_in_parallel_ = false;
  in_tag_order(by_council_, &CouncilBuffer::events, [&](const EventRow& e) { add_event(e); });
  in_tag_order(by_council_, &CouncilBuffer::home_moves, [&](const HomeMove& m) {
    const std::size_t la = pop.families.la[pop.children.rows[m.child].family];
    m.takes ? take_home_place(m.child, la) : release_home_place(m.child, la);
  });
  for (CouncilBuffer& buffer : by_council_) {
    buffer.events.clear();
    buffer.home_moves.clear();
    buffer.tag = {};
  }
}

bool Ledger::at_home_in_case(std::uint32_t c) const {
  const ChildState s = pop.children.rows[c].state;
  return s == ChildState::assessment || s == ChildState::cin || s == ChildState::s47 || s == ChildState::cp;
}

std::uint32_t Ledger::case_children(std::uint32_t f) const { return pop.families.cases[f].tracked_children; }

void Ledger::born(std::uint32_t c, sim::Day from) {
  auto& ch = pop.children;
  const std::size_t la = pop.families.la[ch.rows[c].family];
  ++state_count[la * kStateCount + idx(ChildState::not_known)];
  ++alive[la];
  if (recording(ch.rows[c].birth)) ++entries[la * kStateCount + idx(ChildState::not_known)];
  if (from != kNever) count_in(Metric::births, la);  // not the children alive when the run starts
  ch.state_since[c] = std::max(ch.rows[c].birth, from);
}

void Ledger::clear_week() {
  std::fill(flows.begin(), flows.end(), 0.0f);
  std::fill(entries.begin(), entries.end(), 0);
  std::fill(exits.begin(), exits.end(), 0);
}

void Ledger::count_first_contacts(std::uint32_t c, ChildState s, Reason reason) {
  auto& ever = pop.children.ever[c];
  const std::uint32_t f = pop.children.rows[c].family;
  if ((reason == Reason::referral || reason == Reason::re_referral) && !(ever & kEverReferred)) {
    ever |= kEverReferred;
    count(Metric::first_referrals, f);
  }
  const bool in_need = s == ChildState::cin || s == ChildState::cp || s == ChildState::looked_after;
  if (in_need && !(ever & kEverInNeed)) {
    ever |= kEverInNeed;
    count(Metric::first_in_need, f);
  }
}

void Ledger::count_state_change(std::uint32_t c, ChildState old, ChildState s, Reason reason, sim::Day d) {
  auto& ch = pop.children;
  const std::uint32_t f = ch.rows[c].family;
  if (reason == Reason::referral || reason == Reason::re_referral) count(Metric::referrals, f);
  if (reason == Reason::re_referral) count(Metric::re_referrals, f);
  if (reason == Reason::no_further_action) count(Metric::no_further_action, f);
  count_first_contacts(c, s, reason);
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
  const std::uint16_t family_plan = pop.families.cp_plans_made[f];
  if (s == ChildState::cp && old != ChildState::cp) {
    if (old == ChildState::looked_after && ch.cp_plan_left[c] == family_plan) {
      count(Metric::cp_resumed, f);
    } else {
      count(Metric::cp_starts, f);
      ++ch.cp_plans[c];
      if (ch.cp_plans[c] == 1) count(Metric::first_cp_plans, f);
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
    if (ch.rows[c].placement == Placement::kinship_foster) count(Metric::care_entries_kinship, f);
    if (ch.returned_home[c]) count(Metric::care_re_entries, f);
    if (reason == Reason::reunification_breakdown) count(Metric::reunification_breakdowns, f);
  }
  if (old == ChildState::looked_after && s != ChildState::looked_after) {
    count(Metric::care_exits, f);
    // A return home under a supervision order is a return home (the DfE's reasons episodes
    // ceased); a child arrangements order has its own reason.
    if (reason == Reason::returned_home || reason == Reason::supervision_order) count(Metric::exits_returned_home, f);
    if (reason == Reason::child_arrangements_order) count(Metric::exits_child_arrangements_order, f);
    if (reason == Reason::adopted) count(Metric::exits_adopted, f);
    if (reason == Reason::special_guardianship) count(Metric::exits_special_guardianship, f);
    if (reason == Reason::aged_18) count(Metric::exits_aged_18, f);
    if (reason == Reason::independent_living) count(Metric::exits_independent_living, f);
  }
}

void Ledger::set_state(std::uint32_t c, ChildState s, Reason reason, sim::Day d) {
  auto& ch = pop.children;
  const ChildState old = ch.rows[c].state;
  const std::uint32_t f = ch.rows[c].family;
  const std::size_t la = pop.families.la[f];
  --state_count[la * kStateCount + idx(old)];
  ++state_count[la * kStateCount + idx(s)];
  auto& row = pop.families.cases[f];
  const auto recount = [&](std::uint8_t& count, auto counted) {
    count = static_cast<std::uint8_t>(count + (counted(s) ? 1 : 0) - (counted(old) ? 1 : 0));
  };
  recount(row.tracked_children, is_tracked);
  recount(row.children_cp, [](ChildState x) { return x == ChildState::cp || x == ChildState::s47; });
  recount(row.children_looked_after, [](ChildState x) { return x == ChildState::looked_after; });
  count_state_change(c, old, s, reason, d);
  if (recording(d)) {
    ++entries[la * kStateCount + idx(s)];
    ++exits[la * kStateCount + idx(old)];
    if (is_tracked(old)) add_days(ch.days_in_state[c][day_slot(old)], d - std::max<sim::Day>(ch.state_since[c], 0));
    if (reason == Reason::referral || reason == Reason::re_referral) {
      ++ch.referrals[c];
      if (ch.first_referral[c] == kNever) ch.first_referral[c] = d;
    }
    const bool never_known_ageing_out = old == ChildState::not_known && s == ChildState::left;
    if (record_events && !never_known_ageing_out) {
      ch.recorded[c] = 1;
      add_event({out.replicate, c, f, static_cast<std::uint16_t>(la), d, static_cast<std::uint8_t>(old),
                 static_cast<std::uint8_t>(s), static_cast<std::uint8_t>(reason),
                 static_cast<std::uint8_t>(ch.rows[c].placement)});
    }
  }
  ch.rows[c].state = s;
  ch.state_since[c] = d;
}

void Ledger::note(std::uint32_t f, sim::Day d, Reason what) {
  if (!recording(d) || !record_events) return;
  auto& ch = pop.children;
  const auto& fam = pop.families;
  for (auto c = fam.first_child[f]; c < fam.first_child[f + 1]; ++c) {
    const ChildState s = ch.rows[c].state;
    if (s == ChildState::not_known || s == ChildState::left) continue;
    ch.recorded[c] = 1;
    const auto st = static_cast<std::uint8_t>(s);
    add_event({out.replicate, c, f, fam.la[f], d, st, st, static_cast<std::uint8_t>(what),
               static_cast<std::uint8_t>(ch.rows[c].placement)});
    return;  // one row: it is the family's
  }
}

void Ledger::child_note(std::uint32_t c, sim::Day d, Reason what) {
  if (!recording(d) || !record_events) return;
  auto& ch = pop.children;
  const std::uint32_t f = ch.rows[c].family;
  ch.recorded[c] = 1;
  const auto st = static_cast<std::uint8_t>(ch.rows[c].state);
  add_event({out.replicate, c, f, pop.families.la[f], d, st, st, static_cast<std::uint8_t>(what),
             static_cast<std::uint8_t>(ch.rows[c].placement)});
}

void Ledger::set_placement(std::uint32_t c, Placement p, sim::Day d, bool record_change) {
  auto& ch = pop.children;
  const std::size_t la = pop.families.la[ch.rows[c].family];
  --placement_count[la * kPlacementCount + idx(ch.rows[c].placement)];
  ++placement_count[la * kPlacementCount + idx(p)];
  if (councils_in_parallel_) {  // hosting reads other councils' places: applied after the phase
    auto& buffer = by_council_[la];
    if (ch.rows[c].placement == Placement::childrens_home) buffer.home_moves.push_back({buffer.tag, {c, false}});
    if (p == Placement::childrens_home) buffer.home_moves.push_back({buffer.tag, {c, true}});
  } else {
    if (ch.rows[c].placement == Placement::childrens_home) release_home_place(c, la);
    if (p == Placement::childrens_home) take_home_place(c, la);
  }
  ch.rows[c].placement = p;
  if (record_change && recording(d) && record_events) {
    const auto st = static_cast<std::uint8_t>(ch.rows[c].state);
    add_event({out.replicate, c, ch.rows[c].family, static_cast<std::uint16_t>(la), d, st, st,
               static_cast<std::uint8_t>(Reason::placement_change), static_cast<std::uint8_t>(p)});
  }
}

// Children's home places (la.childrens_home_places): a child goes to a home of its own LA while
// it has a free place, else to the LA with the most free places (lowest index on a tie), else
// to a private home outside every LA. Only these three outcomes, so the placement type (and
// every random draw) is the same whatever the capacity: capacity moves children, not counts.
void Ledger::take_home_place(std::uint32_t c, std::size_t la) {
  auto free_places = [&](std::size_t l) -> std::int64_t {
    const std::int64_t cap = home_capacity[l];
    return cap < 0 ? std::numeric_limits<std::int64_t>::max() : cap - home_places_used[l];
  };
  std::size_t host = la;
  if (free_places(la) <= 0) {
    host = kNoHost;
    std::int64_t best = 0;
    for (std::size_t l = 0; l < home_capacity.size(); ++l) {
      if (free_places(l) > best) best = free_places(l), host = l;
    }
    ++out_of_area[la];
  }
  home_host[c] = static_cast<std::uint16_t>(host);
  if (host != kNoHost) ++home_places_used[host];
}

void Ledger::release_home_place(std::uint32_t c, std::size_t la) {
  const std::size_t host = home_host[c];
  if (host != kNoHost) --home_places_used[host];
  if (host != la) --out_of_area[la];
  home_host[c] = kNoHost;
}

}  // namespace csc::models
