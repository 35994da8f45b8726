// What a run reports about its own cost (models/output/profile.hpp, `cscsim run --profile`):
// the active child-weeks it counts are the stocks the run records, its phases all took time,
// and the memory report counts the tables as the burn-in snapshots list their fields.
#include <catch2/catch.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "models/scenario/parameters.hpp"
#include "models/world/runner.hpp"
#include "sim/io/state_archive.hpp"

using namespace csc::models;

TEST_CASE("the profile's active child-weeks are the recorded stocks of children in a case", "[model][profile]") {
  auto scenario = load_scenario(std::string(CSC_FIXTURES_DIR) + "/small.toml");
  scenario.set_text("run.burn_in_years", "0", "test");  // every week run is recorded
  const Params params = params_from_scenario(scenario);
  const auto results = run_replicates(params, 3, 1);
  const ReplicateResult& r = results.front();
  std::uint64_t recorded = 0;
  for (int w = 0; w < r.weeks; ++w) {
    for (const ChildState s :
         {ChildState::assessment, ChildState::cin, ChildState::s47, ChildState::cp, ChildState::looked_after}) {
      recorded += static_cast<std::uint64_t>(r.state_count[static_cast<std::size_t>(w) * kStateCount + idx(s)]);
    }
  }
  REQUIRE(recorded > 0);
  CHECK(r.profile.active_child_weeks == recorded);
  CHECK(r.profile.weeks == static_cast<std::uint64_t>(r.weeks));
  for (std::size_t p = 0; p < kPhaseCount; ++p) CHECK(r.profile.seconds[p] > 0.0);
  CHECK(r.profile.children_at_start == static_cast<std::uint64_t>(r.children_at_start));
  CHECK(r.profile.child_rows > r.profile.children_at_start);  // children born during the run too

  std::size_t events = 0, families = 0, children = 0;
  for (const TableBytes& t : r.profile.memory) {
    if (t.table == "cohort events") events = t.bytes;
    if (t.table == "families") families = t.bytes;
    if (t.table == "children") children = t.bytes;
  }
  CHECK(events == r.events.size() * sizeof(EventRow));
  // At least a 4-byte id column and a 4-byte birth day per child row.
  CHECK(children >= r.profile.child_rows * 8);
  CHECK(families > 0);
}

TEST_CASE("the sizer counts what the fields hold", "[sim][profile]") {
  csc::sim::StateSizer sizer;
  const std::vector<double> reals(10);
  std::vector<std::vector<std::uint16_t>> nested{{1, 2, 3}, {}};
  const std::int32_t one = 7;
  sizer.field(reals), sizer.field(nested), sizer.field(one);
  CHECK(sizer.bytes() == 10 * 8 + 2 * sizeof(std::vector<std::uint16_t>) + 3 * 2 + 4);
}

TEST_CASE("profiles add up over replicates, memory at its largest", "[model][profile]") {
  WorldProfile a, b;
  a.seconds[0] = 1.0, a.active_child_weeks = 10, a.weeks = 5, a.memory = {{"families", 100}};
  b.seconds[0] = 2.0, b.active_child_weeks = 20, b.weeks = 5, b.memory = {{"families", 50}, {"children", 7}};
  a.add(b);
  CHECK(a.seconds[0] == 3.0);
  CHECK(a.active_child_weeks == 30);
  CHECK(a.weeks == 10);
  REQUIRE(a.memory.size() == 2);
  CHECK(a.memory[0].bytes == 100);
  CHECK(a.memory[1].bytes == 7);
}
