// Conservation and bookkeeping: every child is in exactly one state every week, stocks move
// only by recorded entries and exits, the cohort events replay into consistent per-child
// chains (the flows against the events: test_event_flows.cpp).
#include <algorithm>
#include <array>
#include <catch2/catch.hpp>
#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include "tests/models/ledger/conservation_runs.hpp"

using namespace csc::models;
using namespace csc::models::conservation;

TEST_CASE("every child is in exactly one state and stocks move only by entries and exits", "[model][conservation]") {
  for (std::uint32_t rep : {0u, 1u}) {
    CAPTURE(rep);
    Run r = run("two_las.toml", rep);
    auto& res = r.result;
    const auto& ch = r.pop.children;
    REQUIRE(res.las == 2);
    REQUIRE(res.weeks == r.params.horizon_weeks());
    REQUIRE(res.state_count.size() == static_cast<std::size_t>(res.weeks) * 2 * kStateCount);

    for (int la = 0; la < res.las; ++la) {
      // Children born by the end of each week, from the population itself.
      std::vector<std::int64_t> born(static_cast<std::size_t>(res.weeks), 0);
      std::vector<std::int64_t> alive(static_cast<std::size_t>(res.weeks), 0);
      for (std::uint32_t c = 0; c < ch.size(); ++c) {
        if (r.pop.families.la[ch.rows[c].family] != la) continue;
        for (int w = 0; w < res.weeks; ++w) {
          const sim::Day week_end = w * sim::kDaysPerWeek + sim::kDaysPerWeek - 1;
          if (ch.rows[c].birth <= week_end) {
            ++born[static_cast<std::size_t>(w)];
            if (week_end < ch.rows[c].birth + kDaysPer18Years) ++alive[static_cast<std::size_t>(w)];
          }
        }
      }
      std::int64_t previous_total = 0;
      for (int w = 0; w < res.weeks; ++w) {
        CAPTURE(la, w);
        std::int64_t total = 0;
        for (std::size_t s = 0; s < kStateCount; ++s) {
          const auto n = res.state_count[cell(res, w, la, s)];
          REQUIRE(n >= 0);
          total += n;
          if (w > 0) {
            const auto before = res.state_count[cell(res, w - 1, la, s)];
            CAPTURE(kStateLabels[s]);
            REQUIRE(n == before + res.state_entries[cell(res, w, la, s)] - res.state_exits[cell(res, w, la, s)]);
          }
        }
        REQUIRE(total == born[static_cast<std::size_t>(w)]);
        REQUIRE(total >= previous_total);
        if (w > 0) {
          // The only way into "not known" is birth.
          REQUIRE(res.state_entries[cell(res, w, la, idx(ChildState::not_known))] == total - previous_total);
        }
        previous_total = total;
        // Children aged 0-17 are everyone born who has not turned 18.
        REQUIRE(series(res, Metric::children, w, la) == static_cast<float>(alive[static_cast<std::size_t>(w)]));
      }
    }
  }
}

TEST_CASE("stock series agree with the state counts and with each other", "[model][conservation]") {
  Run r = run("two_las.toml", 0);
  auto& res = r.result;
  float looked_after_seen = 0;
  for (int w = 0; w < res.weeks; ++w) {
    for (int la = 0; la < res.las; ++la) {
      CAPTURE(w, la);
      auto count = [&](ChildState s) { return static_cast<float>(res.state_count[cell(res, w, la, idx(s))]); };
      REQUIRE(series(res, Metric::stock_assessment, w, la) == count(ChildState::assessment));
      REQUIRE(series(res, Metric::stock_section17, w, la) == count(ChildState::cin));
      REQUIRE(series(res, Metric::stock_s47, w, la) == count(ChildState::s47));
      REQUIRE(series(res, Metric::stock_cp, w, la) == count(ChildState::cp));
      REQUIRE(series(res, Metric::stock_looked_after, w, la) == count(ChildState::looked_after));
      REQUIRE(series(res, Metric::stock_cin, w, la) ==
              series(res, Metric::stock_assessment, w, la) + series(res, Metric::stock_section17, w, la) +
                  series(res, Metric::stock_s47, w, la) + series(res, Metric::stock_cp, w, la) +
                  series(res, Metric::stock_looked_after, w, la));
      float placed = 0;
      for (Metric m :
           {Metric::stock_kinship_foster, Metric::stock_la_foster, Metric::stock_agency_foster,
            Metric::stock_childrens_home, Metric::stock_placed_with_parents, Metric::stock_placed_for_adoption}) {
        REQUIRE(series(res, m, w, la) >= 0);
        placed += series(res, m, w, la);
      }
      REQUIRE(series(res, Metric::stock_looked_after, w, la) == placed);
      REQUIRE(series(res, Metric::stock_edge_of_care, w, la) <= series(res, Metric::stock_cin, w, la));
      looked_after_seen += placed;
    }
  }
  CHECK(looked_after_seen > 0);  // the checks above were not vacuous
}

namespace {

using Chains = std::map<std::uint32_t, std::vector<const EventRow*>>;

/// The families as on the run's last day, whose risk flags the children table records.
/// Parental problems come and go on clocks that depend on the family alone, so replaying them
/// on the generated population gives them.
Families families_at_end(const Run& r, std::uint32_t replicate, sim::Day end) {
  Families episodes = r.pop.families;
  for (std::uint32_t f = 0; f < episodes.size(); ++f) {
    advance_episodes(episodes, sim::RunKey{r.params.run.seed, replicate}, f, end - 1, r.params.population_model());
  }
  return episodes;
}

/// Each child's events in the order written, after checking that every field is in range.
Chains event_chains(const ReplicateResult& res, const Population& pop, std::uint32_t replicate, sim::Day end) {
  Chains chains;
  for (const EventRow& e : res.events) {
    REQUIRE(e.replicate == replicate);
    REQUIRE(e.child < pop.children.size());
    REQUIRE(e.family == pop.children.rows[e.child].family);
    REQUIRE(e.la == pop.families.la[e.family]);
    REQUIRE(e.day >= 0);
    REQUIRE(e.day < end);
    REQUIRE(e.from_state < kStateCount);
    REQUIRE(e.to_state < kStateCount);
    REQUIRE(e.reason < kReasonLabels.size());
    REQUIRE(e.placement < kPlacementCount);
    chains[e.child].push_back(&e);
  }
  return chains;
}

/// The children table by child, after checking that it has one row per child.
std::map<std::uint32_t, const ChildRow*> rows_by_child(const ReplicateResult& res, std::uint32_t replicate) {
  std::map<std::uint32_t, const ChildRow*> rows;
  for (const ChildRow& row : res.children) {
    REQUIRE(row.replicate == replicate);
    REQUIRE(rows.emplace(row.child, &row).second);  // one row per child
  }
  return rows;
}

/// The events seen that change no child's state: when there are some, their checks ran.
struct StateKeepingEvents {
  std::size_t placement_changes = 0, crises = 0, engagements = 0, legal_notes = 0;
};

/// A legal note's state fits its step: proceedings concern children at home in a case or in
/// care; care and placement orders are made for children in care.
void check_legal_note(const EventRow& e) {
  const auto state = static_cast<ChildState>(e.to_state);
  const bool in_care = state == ChildState::looked_after;
  const bool at_home = state == ChildState::assessment || state == ChildState::cin || state == ChildState::s47 ||
                       state == ChildState::cp;
  if (e.reason == idx(Reason::proceedings_issued) || e.reason == idx(Reason::supervision_order)) {
    REQUIRE((in_care || at_home));
  } else {
    REQUIRE(in_care);
  }
}

/// The event's from and to states fit its reason.
void check_event_reason(const EventRow& e, StateKeepingEvents& seen) {
  if (e.reason == idx(Reason::placement_change)) {
    ++seen.placement_changes;
    REQUIRE(e.from_state == e.to_state);
    REQUIRE(e.to_state == idx(ChildState::looked_after));
    REQUIRE(e.placement != idx(Placement::none));
  } else if (is_child_note(static_cast<Reason>(e.reason), e.from_state, e.to_state)) {
    ++seen.legal_notes;
    check_legal_note(e);
  } else if (is_family_note(static_cast<Reason>(e.reason))) {
    ++(e.reason == idx(Reason::crisis) ? seen.crises : seen.engagements);
    REQUIRE(e.from_state == e.to_state);  // a note on the family changes no child's state
    REQUIRE(e.to_state != idx(ChildState::not_known));
  } else {
    REQUIRE(e.from_state != e.to_state);
  }
  if (e.reason == idx(Reason::referral) || e.reason == idx(Reason::re_referral)) {
    REQUIRE(e.to_state == idx(ChildState::assessment));
  }
  if (e.reason == idx(Reason::care_entry) || e.reason == idx(Reason::reunification_breakdown)) {
    REQUIRE(e.to_state == idx(ChildState::looked_after));
  }
  if (e.reason == idx(Reason::child_arrangements_order)) REQUIRE(e.to_state == idx(ChildState::left));
  if (e.reason == idx(Reason::adopted)) REQUIRE(e.from_state == idx(ChildState::looked_after));
  // A special guardianship order ends care, or care proceedings for a child living at home.
  if (e.reason == idx(Reason::adopted) || e.reason == idx(Reason::special_guardianship)) {
    REQUIRE(e.to_state == idx(ChildState::left));
  }
}

/// The child's events form one chain within its life: each starts in the state the one before
/// ended in, none is earlier than the one before, and nothing follows leaving.
void check_chain(const Population& pop, std::uint32_t child, const std::vector<const EventRow*>& chain,
                 StateKeepingEvents& seen) {
  // A child born within the horizon starts not known.
  if (pop.children.rows[child].birth >= 0) REQUIRE(chain.front()->from_state == idx(ChildState::not_known));
  for (std::size_t i = 0; i < chain.size(); ++i) {
    const EventRow& e = *chain[i];
    CAPTURE(i, e.day, kStateLabels[e.from_state], kStateLabels[e.to_state], kReasonLabels[e.reason]);
    REQUIRE(e.day >= pop.children.rows[child].birth);
    REQUIRE(e.day <= pop.children.rows[child].birth + kDaysPer18Years);
    if (i > 0) {
      REQUIRE(e.from_state == chain[i - 1]->to_state);
      REQUIRE(e.day >= chain[i - 1]->day);
      REQUIRE(chain[i - 1]->to_state != idx(ChildState::left));  // nothing after leaving
    }
    check_event_reason(e, seen);
  }
}

/// A child's totals in the children table, replayed from its events.
struct Replayed {
  std::array<std::int64_t, kStateCount> days{};
  std::int64_t referrals = 0, cp_starts = 0;
  std::int32_t first_referral = std::numeric_limits<std::int32_t>::min();
};

Replayed replay(const std::vector<const EventRow*>& chain, sim::Day end) {
  Replayed out;
  sim::Day since = 0;
  for (const EventRow* e : chain) {
    if (keeps_state(*e)) continue;
    out.days[e->from_state] += e->day - since;
    since = e->day;
    if (e->reason == idx(Reason::referral) || e->reason == idx(Reason::re_referral)) {
      ++out.referrals;
      if (out.first_referral == std::numeric_limits<std::int32_t>::min()) out.first_referral = e->day;
    }
    if (e->reason == idx(Reason::cp_plan)) ++out.cp_starts;  // a conference's plan
  }
  out.days[chain.back()->to_state] += end - since;
  return out;
}

/// The child's row matches the population, the families' risk flags and its replayed events.
void check_child_row(const ChildRow& row, std::uint32_t child, const Population& pop, const Families& episodes,
                     const std::vector<const EventRow*>& chain, sim::Day end) {
  REQUIRE(row.family == pop.children.rows[child].family);
  REQUIRE(row.la == pop.families.la[row.family]);
  REQUIRE(row.birth_day == pop.children.rows[child].birth);
  for (std::size_t k = 0; k < kRiskCount; ++k) {
    REQUIRE(row.risk[k] == ((episodes.risk_mask[row.family] >> k) & 1u));
  }
  REQUIRE(row.final_state == chain.back()->to_state);

  const Replayed replayed = replay(chain, end);
  REQUIRE(row.days_assessment == replayed.days[idx(ChildState::assessment)]);
  REQUIRE(row.days_cin == replayed.days[idx(ChildState::cin)]);
  REQUIRE(row.days_s47 == replayed.days[idx(ChildState::s47)]);
  REQUIRE(row.days_cp == replayed.days[idx(ChildState::cp)]);
  REQUIRE(row.days_looked_after == replayed.days[idx(ChildState::looked_after)]);
  REQUIRE(row.referrals == replayed.referrals);
  REQUIRE(row.first_referral_day == replayed.first_referral);
  // Plans before the horizon count too, and so may a return home into a new plan.
  REQUIRE(row.cp_plans >= replayed.cp_starts);
  REQUIRE((row.final_state == idx(ChildState::looked_after)) == (row.final_placement != idx(Placement::none)));
}

/// A child in the table without events spent the whole horizon in one open state.
void check_children_without_events(const ReplicateResult& res, const Chains& chains, sim::Day end) {
  for (const ChildRow& row : res.children) {
    if (chains.count(row.child) != 0) continue;
    CAPTURE(row.child);
    REQUIRE(tracked(row.final_state));
    const std::int64_t total =
        std::int64_t{row.days_assessment} + row.days_cin + row.days_s47 + row.days_cp + row.days_looked_after;
    REQUIRE(total == end);
    REQUIRE(row.referrals == 0);
  }
}

}  // namespace

TEST_CASE("cohort events replay into consistent chains that match the children table", "[model][conservation]") {
  constexpr std::uint32_t replicate = 1;
  Run r = run("two_las.toml", replicate);
  const auto& res = r.result;
  const auto& pop = r.pop;
  const sim::Day end = res.weeks * sim::kDaysPerWeek;
  REQUIRE_FALSE(res.events.empty());
  REQUIRE_FALSE(res.children.empty());
  const Families episodes = families_at_end(r, replicate, end);
  const Chains chains = event_chains(res, pop, replicate, end);
  const auto rows = rows_by_child(res, replicate);

  StateKeepingEvents seen;
  for (const auto& [child, chain] : chains) {
    CAPTURE(child);
    check_chain(pop, child, chain, seen);
    // The children table holds every child with an event, and its totals replay exactly.
    const auto it = rows.find(child);
    REQUIRE(it != rows.end());
    check_child_row(*it->second, child, pop, episodes, chain, end);
  }
  CHECK(seen.placement_changes > 0);
  CHECK(seen.crises > 0);
  CHECK(seen.engagements > 0);
  CHECK(seen.legal_notes > 0);
  check_children_without_events(res, chains, end);
}
