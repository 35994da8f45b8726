#pragma once
// One replicate's world (docs/design.md): it owns the tables (population, workforce, ledger,
// open cases, calendar, kin networks, the interventions' runs) and composes the parts that
// act on them, advancing week by week through named phases. World::step lists the phases;
// each part owns its own: the pathway (models/pathway/), the workforce (models/workforce/),
// the interventions' hooks (models/interventions/), spend (models/costs/). This folder holds
// the week (week.cpp), recording (record.cpp), what the interventions see of the world
// (interventions.cpp) and running replicates (runner.cpp).
#include <cstdint>
#include <memory>
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
  ~World();
  World(const World&) = delete;
  World& operator=(const World&) = delete;

  /// Runs burn-in and horizon; `on_week` is called after every simulated week.
  template <class OnWeek>
  ReplicateResult run(OnWeek&& on_week) {
    for (int w = 0; w < total_weeks_; ++w) {
      step(w);
      on_week();
    }
    return finish();
  }

  [[nodiscard]] int total_weeks() const { return total_weeks_; }

 private:
  // --- week.cpp ---
  void step(int week);
  // --- record.cpp ---
  void record_week(int week_in_horizon);
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
};

}  // namespace csc::models
