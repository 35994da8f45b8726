// Burn-in snapshots (models/world/burn_in_cache.hpp): a world restored from the state another
// world saved at the end of its burn-in runs the horizon bitwise as a world that runs the
// burn-in again, whichever interventions it adds; snapshots are keyed so that nothing but
// the interventions may differ; a cut or altered file is run again, never read.
#include <catch2/catch.hpp>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "models/interventions/registry.hpp"
#include "models/population/family_factor.hpp"
#include "models/scenario/parameters.hpp"
#include "models/world/runner.hpp"
#include "models/world/world.hpp"
#include "sim/io/state_archive.hpp"
#include "tests/models/compare_rows.hpp"

using namespace csc::models;
namespace fs = std::filesystem;
using csc::test::key;
using csc::test::mismatch;
using csc::test::TempPath;

namespace {

/// The two-LA fixture (one year of burn-in) with `sets` applied.
Params fixture(const std::vector<std::pair<std::string, std::string>>& sets = {}) {
  auto scenario = load_scenario(std::string(CSC_FIXTURES_DIR) + "/two_las.toml");
  for (const auto& [k, v] : sets) scenario.set_text(k, v, "test");
  return params_from_scenario(scenario);
}

std::vector<std::pair<std::string, std::string>> all_interventions(const std::string& start) {
  std::vector<std::pair<std::string, std::string>> sets;
  for (const auto& iv : builtin_interventions()) {
    sets.emplace_back("interventions." + iv->key() + ".enabled", "true");
    sets.emplace_back("interventions." + iv->key() + ".start_date", start);
  }
  return sets;
}

void require_identical(const ReplicateResult& a, const ReplicateResult& b) {
  REQUIRE(a.children_at_start == b.children_at_start);
  REQUIRE(mismatch(a.series, b.series) == "");
  REQUIRE(mismatch(a.state_count, b.state_count) == "");
  REQUIRE(mismatch(a.state_entries, b.state_entries) == "");
  REQUIRE(mismatch(a.state_exits, b.state_exits) == "");
  // run_replicate compresses its events as they gather (a world run here does not).
  const auto events_a = a.all_events(), events_b = b.all_events();
  REQUIRE(events_a.size() == events_b.size());
  for (std::size_t i = 0; i < events_a.size(); ++i) REQUIRE(key(events_a[i]) == key(events_b[i]));
  REQUIRE(a.children.size() == b.children.size());
  for (std::size_t i = 0; i < a.children.size(); ++i) REQUIRE(key(a.children[i]) == key(b.children[i]));
}

ReplicateResult fresh(const Params& p, std::uint32_t r) {
  return World(p, p.run.seed, r).run([] {});
}

ReplicateResult cached(const Params& p, std::uint32_t r, BurnInCache& cache) {
  return run_replicate(p, p.run.seed, r, &cache, [](int) {});
}

std::string read_file(const fs::path& f) {
  std::ifstream in(f, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_file(const fs::path& f, const std::string& bytes) {
  std::ofstream(f, std::ios::binary | std::ios::trunc) << bytes;
}

/// The one snapshot file in `dir`.
fs::path only_snapshot(const fs::path& dir) {
  std::vector<fs::path> found;
  for (const auto& e : fs::directory_iterator(dir)) found.push_back(e.path());
  REQUIRE(found.size() == 1);
  REQUIRE(found[0].string().ends_with(kSnapshotExtension));
  return found[0];
}

}  // namespace

TEST_CASE("A world restored from a baseline's burn-in runs every intervention as if it ran the burn-in") {
  const Params base = fixture();
  TempPath dir("cscsim_snapshots", "");
  BurnInCache cache({dir.path, "test program"});
  const auto start = GENERATE(as<std::string>{}, "2013-04-01", "2014-01-06");  // day 0, and 39 weeks in
  const Params variant = fixture(all_interventions(start));
  REQUIRE(BurnInCache::applies(variant));
  REQUIRE(cache.key(base, base.run.seed, 1) == cache.key(variant, variant.run.seed, 1));
  require_identical(cached(base, 1, cache), fresh(base, 1));  // saves
  REQUIRE(cache.saved() == 1);
  require_identical(cached(variant, 1, cache), fresh(variant, 1));  // restores
  REQUIRE(cache.reused() == 1);
  require_identical(cached(base, 1, cache), fresh(base, 1));
  REQUIRE(cache.reused() == 2);
  REQUIRE(cache.warnings().empty());
}

TEST_CASE("A world restored from an intervention's burn-in runs the baseline and each other intervention") {
  // The snapshot is saved by a world whose interventions are set up but have not started:
  // what they set up (their runs, the posts they asked for) is not part of it.
  TempPath dir("cscsim_snapshots", "");
  BurnInCache cache({dir.path, "test program"});
  const Params with_all = fixture(all_interventions("2013-04-01"));
  require_identical(cached(with_all, 0, cache), fresh(with_all, 0));
  REQUIRE(cache.saved() == 1);
  for (const auto& iv : builtin_interventions()) {
    CAPTURE(iv->key());
    const Params one = fixture({{"interventions." + iv->key() + ".enabled", "true"}});
    require_identical(cached(one, 0, cache), fresh(one, 0));
  }
  require_identical(cached(fixture(), 0, cache), fresh(fixture(), 0));
  REQUIRE(cache.reused() == static_cast<int>(builtin_interventions().size()) + 1);
}

TEST_CASE("A snapshot is keyed by program, seed, replicate and every parameter but the interventions'") {
  TempPath dir("cscsim_snapshots", "");
  const BurnInCache cache({dir.path, "program A"});
  const BurnInCache other_program({dir.path, "program B"});
  const Params p = fixture();
  const std::string k = cache.key(p, 7, 0);
  CHECK(k != other_program.key(p, 7, 0));
  CHECK(k != cache.key(p, 8, 0));
  CHECK(k != cache.key(p, 7, 1));
  CHECK(k != cache.key(fixture({{"referral.base_rate_per_year", "0.05"}}), 7, 0));
  CHECK(k != cache.key(fixture({{"run.years", "3"}}), 7, 0));
  CHECK(k != cache.key(fixture({{"costs.social_worker_per_week", "1500"}}), 7,
                       0));  // cautious: any parameter but the interventions'
  Params la = p;
  la.las[1].children += 1;
  CHECK(k != cache.key(la, 7, 0));
  // Not the interventions, the name or the number of replicates.
  CHECK(k ==
        cache.key(fixture({{"interventions.volunteers.enabled", "true"}, {"interventions.volunteers.unit_cost", "9"}}),
                  7, 0));
  CHECK(k == cache.key(fixture({{"name", "another"}, {"run.replicates", "9"}}), 7, 0));
}

TEST_CASE("No snapshot applies without a burn-in or with an intervention that starts during it") {
  CHECK(BurnInCache::applies(fixture()));
  CHECK_FALSE(BurnInCache::applies(fixture({{"run.burn_in_years", "0"}})));
  CHECK_FALSE(BurnInCache::applies(
      fixture({{"interventions.volunteers.enabled", "true"}, {"interventions.volunteers.start_date", "2013-03-25"}})));
  // A disabled intervention's start does not matter.
  CHECK(BurnInCache::applies(fixture({{"interventions.volunteers.start_date", "2012-01-01"}})));
  // Without a cache run_replicate runs the burn-in: the same output.
  const Params early =
      fixture({{"interventions.volunteers.enabled", "true"}, {"interventions.volunteers.start_date", "2012-10-01"}});
  TempPath dir("cscsim_snapshots", "");
  BurnInCache cache({dir.path, "test program"});
  require_identical(cached(early, 0, cache), fresh(early, 0));
  CHECK(cache.saved() == 0);
  CHECK(cache_usage(dir.path).files == 0);
}

TEST_CASE("A cut or altered snapshot is run again and replaced, never read") {
  TempPath dir("cscsim_snapshots", "");
  const Params p = fixture({{"run.years", "1"}});
  const ReplicateResult expected = fresh(p, 2);
  {
    BurnInCache cache({dir.path, "test program"});
    require_identical(cached(p, 2, cache), expected);
  }
  const fs::path file = only_snapshot(dir.path);
  const std::string good = read_file(file);
  const std::vector<std::pair<std::string, std::string>> damages = {{"cut", good.substr(0, good.size() / 2)},
                                                                    {"one byte altered",
                                                                     [&] {
                                                                       std::string b = good;
                                                                       b[b.size() * 3 / 4] ^= 0x20;
                                                                       return b;
                                                                     }()},
                                                                    {"empty", ""},
                                                                    {"another file", "name = \"not a snapshot\"\n"}};
  for (const auto& [what, bytes] : damages) {
    CAPTURE(what);
    write_file(file, bytes);
    BurnInCache cache({dir.path, "test program"});
    require_identical(cached(p, 2, cache), expected);
    CHECK(cache.reused() == 0);
    CHECK(cache.saved() == 1);
    REQUIRE(cache.warnings().size() == 1);
    CHECK(cache.warnings()[0].find(file.string()) != std::string::npos);
    CHECK(read_file(file) == good);  // replaced by the same state
  }
}

TEST_CASE("The state archive reads back what it wrote and refuses bytes that do not fit") {
  std::vector<std::uint32_t> a{1, 2, 3};
  std::vector<std::vector<double>> b{{0.5}, {}, {1.5, 2.5}};
  int c = 42;
  csc::sim::StateWriter w;
  w.field(a), w.field(b), w.field(c);
  const std::vector<char> bytes = w.bytes();
  std::vector<std::uint32_t> a2;
  std::vector<std::vector<double>> b2;
  int c2 = 0;
  csc::sim::StateReader r(bytes);
  r.field(a2), r.field(b2), r.field(c2);
  r.finish();
  CHECK(a2 == a);
  CHECK(b2 == b);
  CHECK(c2 == c);

  const auto read_from = [&](std::vector<char> v) {
    csc::sim::StateReader in(v);
    in.field(a2), in.field(b2), in.field(c2);
    in.finish();
  };
  CHECK_THROWS_AS(read_from({bytes.begin(), bytes.end() - 1}), csc::sim::StateMismatch);  // cut
  std::vector<char> longer = bytes;
  longer.push_back(0);
  CHECK_THROWS_AS(read_from(longer), csc::sim::StateMismatch);  // left over
  std::vector<char> huge = bytes;
  huge[7] = 0x7f;  // the first length's top byte: far beyond the end
  CHECK_THROWS_AS(read_from(huge), csc::sim::StateMismatch);
}

TEST_CASE("Pruning removes snapshots only: old ones, or the oldest beyond a size") {
  TempPath dir("cscsim_snapshots", "");
  fs::create_directories(dir.path);
  const auto make = [&](const std::string& name, std::size_t bytes, int days_old) {
    write_file(dir.path / name, std::string(bytes, 'x'));
    fs::last_write_time(dir.path / name, fs::file_time_type::clock::now() - std::chrono::hours(24 * days_old));
  };
  make(std::string("a") + kSnapshotExtension, 1000, 10);
  make(std::string("b") + kSnapshotExtension, 1000, 5);
  make(std::string("c") + kSnapshotExtension, 1000, 1);
  make("notes.txt", 1000, 100);                                             // not a snapshot
  make(std::string("d") + kSnapshotExtension + ".tmp-999999999-0", 10, 1);  // its writer is gone
  CHECK(cache_usage(dir.path).files == 3);
  CHECK(cache_usage(dir.path).bytes == 3000);

  const auto old = prune_cache(dir.path, {.older_than_days = 7.0, .max_bytes = std::nullopt});
  CHECK(old.files == 2);  // a, and the dead writer's temporary file
  CHECK_FALSE(fs::exists(dir.path / (std::string("a") + kSnapshotExtension)));
  const auto big = prune_cache(dir.path, {.older_than_days = std::nullopt, .max_bytes = 1500});
  CHECK(big.files == 1);  // b, the older of the two left
  CHECK(fs::exists(dir.path / (std::string("c") + kSnapshotExtension)));
  CHECK(prune_cache(dir.path, {.older_than_days = std::nullopt, .max_bytes = 0}).files == 1);
  CHECK(cache_usage(dir.path).files == 0);
  CHECK(fs::exists(dir.path / "notes.txt"));
}

TEST_CASE("A family factor reads its registered value and keeps it through a snapshot") {
  FamilyFactor writer;
  writer.assign(4);
  const auto hosted = writer.code_of(0.7);
  CHECK(writer.code_of(0.7) == hosted);  // a value has one code
  CHECK(writer.code_of(1.0) == FamilyFactor::kNone);
  writer.set(2, hosted);
  CHECK(writer[0] == 1.0);
  CHECK(writer[2] == 0.7);
  csc::sim::StateWriter w;
  writer.fields(w);
  const std::vector<char> bytes = w.bytes();

  // A reader whose interventions register other values, in another order, after the load.
  FamilyFactor reader;
  csc::sim::StateReader r(bytes);
  reader.fields(r);
  r.finish();
  const auto plan = reader.code_of(13.0);
  CHECK(reader.code_of(0.7) == hosted);
  CHECK(reader[2] == 0.7);
  CHECK(reader[1] == 1.0);
  reader.set(1, plan);
  CHECK(reader[1] == 13.0);
  for (int v = 0; v < 253; ++v) reader.code_of(100.0 + v);  // 256 values in all
  CHECK_THROWS_AS(reader.code_of(-1.0), std::length_error);
}
