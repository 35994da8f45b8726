// Google Benchmark harness for the hot phases (issue "England in seconds", item 5). Each
// benchmark reports its cost per unit of work as counters, so that runs at different sizes
// compare: ns per active child-week (a child in a case or looked after for a week), by phase
// of the week, and the floor the issue names (one counter-based draw per active child-week).
// tools/bench/performance.sh runs it (JSON) with the national and main-job runs and writes
// docs/performance.md. Sizes: --benchmark_filter; a council's run builds a fresh world each
// iteration, so its counters are per iteration of one whole run.
#include <benchmark/benchmark.h>

#include <string>

#include "models/population/population.hpp"
#include "models/scenario/parameters.hpp"
#include "models/world/runner.hpp"
#include "sim/rng/random.hpp"
#include "sim/schedule/calendar.hpp"

namespace {

using namespace csc;

/// One council of `children` (a team per 5,000 children) on the baseline's calibrated pathway:
/// `burn_in` years of burn-in, then `years` recorded, cohort recorded as the main job does.
models::Params council(std::int64_t children, int burn_in, int years) {
  const std::string toml = "schema = 1\nbase = \"baseline.toml\"\nname = \"bench\"\n[run]\nreplicates = 1\n"
                           "burn_in_years = " +
                           std::to_string(burn_in) + "\nyears = " + std::to_string(years) +
                           "\n[[la]]\nname = \"Council\"\nchildren = " + std::to_string(children) +
                           "\nteams = " + std::to_string(std::max<std::int64_t>(1, children / 5000)) + "\n";
  const auto scenario = sim::Scenario::parse(toml, "bench council", models::model_schema(), CSC_SCENARIOS_DIR);
  return models::params_from_scenario(scenario);
}

/// A whole run of one council, one thread: counters are ns per active child-week by phase.
void BM_Council(benchmark::State& state) {
  const models::Params params = council(state.range(0), 5, 2);
  models::WorldProfile profile;
  for (auto _ : state) {
    auto results = models::run_replicates(params, 1, 1);
    benchmark::DoNotOptimize(results.front().series.data());
    profile.add(results.front().profile);
  }
  const double active = static_cast<double>(profile.active_child_weeks);
  double total = 0.0;
  for (std::size_t p = 0; p < models::kPhaseCount; ++p) {
    total += profile.seconds[p];
    state.counters["ns/acw " + std::string(models::kPhaseLabels[p])] = profile.seconds[p] * 1e9 / active;
  }
  state.counters["ns/acw all phases"] = total * 1e9 / active;
  state.counters["active child-weeks"] = active / static_cast<double>(state.iterations());
  std::size_t bytes = 0;
  for (const auto& t : profile.memory) bytes += t.bytes;
  state.counters["bytes/child"] = static_cast<double>(bytes) / static_cast<double>(profile.children_at_start);
}
BENCHMARK(BM_Council)->Arg(10'000)->Arg(80'000)->Arg(320'000)->Unit(benchmark::kMillisecond)->Iterations(1);

/// Building England's population for the default run (15 years of burn-in, 10 recorded): the
/// draws of every family and child, the dynamic columns and the birth order (ns per child row).
void BM_EnglandPopulation(benchmark::State& state) {
  const auto scenario = sim::Scenario::parse("base = \"england.toml\"\n[run]\nyears = 10\n", "bench england",
                                             models::model_schema(), CSC_SCENARIOS_DIR);
  const models::Params params = models::params_from_scenario(scenario);
  std::size_t rows = 0;
  for (auto _ : state) {
    auto pop = models::generate_population(params.population_model(), sim::RunKey{1, 0},
                                           -params.burn_in_weeks() * sim::kDaysPerWeek,
                                           params.horizon_weeks() * sim::kDaysPerWeek);
    rows = pop.children.size();
    benchmark::DoNotOptimize(pop.by_birth.data());
  }
  state.counters["child rows"] = static_cast<double>(rows);
  state.counters["ns/child row"] = benchmark::Counter(static_cast<double>(rows) * 1e-9 * static_cast<double>(state.iterations()),
                                                      benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}
BENCHMARK(BM_EnglandPopulation)->Unit(benchmark::kMillisecond)->Iterations(1)->UseRealTime();

/// The floor of issue "England in seconds": one keyed Philox draw for an entity-week.
void BM_KeyedDraw(benchmark::State& state) {
  const sim::RunKey key{1, 0};
  std::uint64_t entity = 0;
  for (auto _ : state) {
    sim::Draws draws(key, entity++, 7, 3);
    benchmark::DoNotOptimize(draws.uniform());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_KeyedDraw);

/// Bringing families' severity up a week, in family order over a council's table (what the
/// casework phase does for each open family): ns per family-week.
void BM_SeverityWeek(benchmark::State& state) {
  const models::Params params = council(state.range(0), 0, 1);
  auto pop = models::generate_population(params.population_model(), sim::RunKey{1, 0}, 0, 52 * sim::kDaysPerWeek);
  auto& fam = pop.families;
  sim::Day day = 0;
  for (auto _ : state) {
    day += sim::kDaysPerWeek;
    for (std::uint32_t f = 0; f < fam.size(); ++f) models::bring_up_to_date(fam, f, day, params.severity);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(fam.size()));
}
BENCHMARK(BM_SeverityWeek)->Arg(80'000);

/// The calendar: a week's events scheduled, then taken in order (ns per event).
void BM_CalendarWeek(benchmark::State& state) {
  const auto n = static_cast<std::uint32_t>(state.range(0));
  sim::Calendar calendar(0, 2);
  for (auto _ : state) {
    for (std::uint32_t i = 0; i < n; ++i) {
      calendar.schedule(0, {static_cast<sim::Day>((i * 2654435761u) % 7), 0, 1, i, 0});
    }
    benchmark::DoNotOptimize(calendar.take_week(0, 0).size());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_CalendarWeek)->Arg(10'000);

}  // namespace

BENCHMARK_MAIN();
