#pragma once
// What the conservation tests of the ledger share (test_conservation.cpp, test_event_flows.cpp):
// a fixture's run with its population, and which cohort rows change no child's state.
#include <cstdint>
#include <string>

#include "models/population/population.hpp"
#include "models/scenario/parameters.hpp"
#include "models/world/world.hpp"

namespace csc::models::conservation {

namespace sim = csc::sim;

inline Params fixture(const std::string& file) {
  return params_from_scenario(load_scenario(std::string(CSC_FIXTURES_DIR) + "/" + file));
}

struct Run {
  Params params;
  Population pop;
  ReplicateResult result;
};

inline Run run(const std::string& file, std::uint32_t replicate) {
  Run r{fixture(file), {}, {}};
  const Params& p = r.params;
  r.pop = generate_population(p.population_model(), sim::RunKey{p.run.seed, replicate},
                              -p.burn_in_weeks() * sim::kDaysPerWeek, p.horizon_weeks() * sim::kDaysPerWeek);
  World world(r.params, p.run.seed, replicate);
  r.result = world.run([] {});
  return r;
}

inline std::size_t cell(const ReplicateResult& r, int w, int la, std::size_t s) {
  return (static_cast<std::size_t>(w) * static_cast<std::size_t>(r.las) + static_cast<std::size_t>(la)) * kStateCount +
         s;
}

inline float series(ReplicateResult& r, Metric m, int w, int la) { return r.at(m, w, la); }

constexpr bool tracked(std::size_t s) {
  return s == idx(ChildState::assessment) || s == idx(ChildState::cin) || s == idx(ChildState::s47) ||
         s == idx(ChildState::cp) || s == idx(ChildState::looked_after);
}

inline int week_of(sim::Day d) { return d / sim::kDaysPerWeek; }

/// Rows that change no child's state: placement changes, notes on the family, and steps of
/// the legal route for a child whose state they leave as it is.
inline bool keeps_state(const EventRow& e) {
  const auto reason = static_cast<Reason>(e.reason);
  return reason == Reason::placement_change || is_family_note(reason) ||
         is_child_note(reason, e.from_state, e.to_state);
}

}  // namespace csc::models::conservation
