#pragma once
// One replicate's world (docs/design.md): it owns the tables (population, workforce, ledger,
// open cases, calendar, kin networks, the interventions' runs) and composes the parts that
// act on them, advancing week by week through named phases. World::council_week lists the
// phases (each council runs its whole week as one task; World::step runs the councils);
// each part owns its own: the pathway (models/pathway/), the workforce (models/workforce/),
// the interventions' hooks (models/interventions/), spend (models/costs/). This folder holds
// the week (week.cpp), recording (record.cpp), what the interventions see of the world
// (interventions.cpp) and running replicates (runner.cpp).
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "models/interventions/intervention.hpp"
#include "models/ledger/ledger.hpp"
#include "models/network/kin_network.hpp"
#include "models/output/replicate_result.hpp"
#include "models/params/params.hpp"
#include "models/pathway/pathway.hpp"
#include "models/population/population.hpp"
#include "models/workforce/staffing.hpp"
#include "models/workforce/workforce.hpp"
#include "sim/rng/random.hpp"
#include "sim/schedule/calendar.hpp"

namespace csc::models {

class World {
 public:
  World(const Params& params, std::uint64_t seed, std::uint32_t replicate);
  /// The world at the end of its burn-in, from the bytes burn_in_state() gave in a world of the
  /// same program, seed, replicate and pre-intervention parameters (BurnInCache keys snapshots
  /// so): the state is read, the interventions are set up afresh and only the horizon is left
  /// to run. Its output is bitwise that of a world that runs the burn-in again. Throws
  /// sim::StateMismatch when the bytes do not fit.
  World(const Params& params, std::uint64_t seed, std::uint32_t replicate, std::span<const char> burn_in_state);
  ~World();
  World(const World&) = delete;
  World& operator=(const World&) = delete;

  /// Runs what is left of burn-in and horizon; `on_week` is called after every simulated week,
  /// `at_burn_in_end(World&)` once when the burn-in has just ended (not in a restored world).
  template <class OnWeek, class AtBurnInEnd>
  ReplicateResult run(OnWeek&& on_week, AtBurnInEnd&& at_burn_in_end) {
    for (int w = first_week_; w < total_weeks_; ++w) {
      if (w == burn_in_weeks_ && w > first_week_) at_burn_in_end(*this);
      step(w);
      on_week();
    }
    return finish();
  }
  template <class OnWeek>
  ReplicateResult run(OnWeek&& on_week) {
    return run(on_week, [](World&) {});
  }

  [[nodiscard]] int total_weeks() const { return total_weeks_; }
  /// The first week run() steps: 0, or the end of the burn-in in a restored world.
  [[nodiscard]] int first_week() const { return first_week_; }
  /// The world's state, as its restoring constructor reads it. Taken at the end of the burn-in
  /// (run()'s at_burn_in_end), before any intervention has acted: what the interventions set
  /// up (their runs, the posts they asked for) is not part of it.
  [[nodiscard]] std::vector<char> burn_in_state();
  /// Cohort event rows are compressed as they gather (a run into a file: ReplicateResult).
  void compress_events(std::size_t chunk_rows = EventChunks::kRows) { out_.event_chunks.enable(chunk_rows); }
  /// Bytes each table holds now (benchmarks' memory report), largest parts of a world first.
  [[nodiscard]] std::vector<TableBytes> memory();
  /// Seconds by phase and active child-weeks so far (finish() hands it on in the result).
  [[nodiscard]] const WorldProfile& profile() const { return profile_; }

 private:
  // Both constructors: the members, sized from `pop` (empty when restoring).
  World(const Params& params, std::uint64_t seed, std::uint32_t replicate, Population pop);
  template <class Archive>
  void fields(Archive& a) {
    pop_.fields(a);
    wf_.fields(a);
    calendar_.fields(a);
    open_.fields(a);
    ledger_.fields(a);
    staffing_.fields(a);
    pathway_.fields(a);
  }
  void count_children_at_start();
  // --- week.cpp ---
  void step(int week);
  /// Council l's whole week, its phases back to back (docs/design.md); adds each phase's
  /// seconds to `seconds`.
  void council_week(std::size_t l, int week, bool tagged, std::array<double, kPhaseCount>& seconds);
  void count_active_children();  // the profile's active child-weeks, at the end of a week
  // --- record.cpp ---
  void record_week(int week_in_horizon);
  void record_council(int week_in_horizon, std::size_t la);
  ReplicateResult finish();
  // --- interventions.cpp (the hooks of the registry's interventions) ---
  void start_interventions();

  const Params& p_;
  sim::RunKey key_;
  sim::Clock clock_;
  sim::Day first_day_;  // first day of the burn-in
  int burn_in_weeks_;
  int horizon_weeks_;
  int total_weeks_;
  int first_week_ = 0;
  Population pop_;
  Workforce wf_;
  sim::Calendar calendar_;
  OpenCases open_;
  std::vector<KinNetwork> kin_;  // per LA
  ReplicateResult out_;
  Ledger ledger_;
  InterventionHooks hooks_;
  Staffing staffing_;
  Pathway pathway_;
  // The registry's interventions: what their hooks see, and their runs (null when disabled).
  class Access;  // the world's WorldAccess (interventions.cpp)
  std::unique_ptr<WorldAccess> access_;
  std::vector<std::unique_ptr<InterventionRun>> runs_;  // in registry order
  WorldProfile profile_;
};

}  // namespace csc::models
