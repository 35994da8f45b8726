// A run written by run_scenario reads back with RunFile and the cohort reader: /meta
// attributes, series shapes and values, and cohort tables equal to the in-memory results of
// the same replicates (docs/design.md, Outputs).
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <catch2/catch.hpp>
#include <cstdint>
#include <filesystem>
#include <string>
#include <tuple>
#include <vector>

#include "analysis/cohort_reader.hpp"
#include "analysis/run_reader.hpp"
#include "models/scenario/parameters.hpp"
#include "models/world/runner.hpp"
#include "models/world/world.hpp"
#include "sim/io/hdf5.hpp"
#include "tests/models/compare_rows.hpp"

using namespace csc::models;
namespace fs = std::filesystem;
namespace h5 = csc::sim::h5;
using csc::analysis::RunFile;

namespace {

using csc::test::key;
using csc::test::mismatch;
using csc::test::TempPath;

/// /meta describes the scenario, its parameters and the run that wrote the file.
void check_meta(const RunFile& run, const csc::sim::Scenario& scenario, const Params& params, const RunReport& report) {
  CHECK(run.complete);
  CHECK_NOTHROW(run.require_complete());
  CHECK(run.scenario_name == "two_las");
  CHECK(run.scenario_toml == scenario.resolved_toml());
  CHECK(run.seed == static_cast<std::int64_t>(params.run.seed));
  CHECK(run.replicates == 3);
  CHECK(run.weeks == params.horizon_weeks());
  CHECK(run.burn_in_weeks == params.burn_in_weeks());
  CHECK(run.las == 2);
  CHECK(run.la_names == std::vector<std::string>{"North", "South"});
  CHECK(run.start_date == params.run.start_date.iso());
  CHECK(run.threads == report.threads);
  CHECK_FALSE(run.version.empty());
  CHECK(run.wall_time_s > 0.0);
}

/// Every metric is a (replicates, weeks, las) series equal to the replicates' values.
void check_metric_series(const RunFile& run, const Params& params, const std::vector<ReplicateResult>& results) {
  const auto names = run.series_names();
  for (const auto& m : kMetrics) {
    const std::string name(m.name);
    CAPTURE(name);
    REQUIRE(std::find(names.begin(), names.end(), name) != names.end());
    const auto s = run.series(name);
    REQUIRE(s.replicates == 3);
    REQUIRE(s.weeks == params.horizon_weeks());
    REQUIRE(s.las == 2);
    const auto metric = static_cast<Metric>(&m - kMetrics);
    for (int r = 0; r < 3; ++r) {
      for (int w = 0; w < s.weeks; ++w) {
        for (int la = 0; la < s.las; ++la) {
          REQUIRE(s.at(r, w, la) == results[static_cast<std::size_t>(r)].at(metric, w, la));
        }
      }
    }
  }
}

/// The state datasets are (replicates, weeks, las, states) and equal the replicates' counts.
void check_state_series(const RunFile& run, const Params& params, const std::vector<ReplicateResult>& results) {
  for (const char* name : {"state_count", "state_entries", "state_exits"}) {
    CAPTURE(name);
    const auto ds = h5::Dataset::open(run.handle(), std::string("series/") + name);
    REQUIRE(ds.dims() == std::vector<hsize_t>{3, static_cast<hsize_t>(params.horizon_weeks()), 2, kStateCount});
    const auto values = h5::read_all<std::int32_t>(run.handle(), std::string("series/") + name);
    std::vector<std::int32_t> expected;
    for (const auto& r : results) {
      const auto& v = std::string(name) == "state_count"     ? r.state_count
                      : std::string(name) == "state_entries" ? r.state_entries
                                                             : r.state_exits;
      expected.insert(expected.end(), v.begin(), v.end());
    }
    REQUIRE(mismatch(values, expected) == "");
  }
}

/// Cohort tables: row counts from /meta-free RunFile::cohort_rows, then every row.
void check_cohort_tables(const RunFile& run, const std::vector<ReplicateResult>& results) {
  std::size_t n_events = 0, n_children = 0;
  for (const auto& r : results) {
    n_events += r.events.size();
    n_children += r.children.size();
  }
  REQUIRE(n_events > 3 * 997);
  REQUIRE(n_children > 0);
  CHECK(run.cohort_rows("events") == n_events);
  CHECK(run.cohort_rows("children") == n_children);
  CHECK(run.cohort_rows("no_such_table") == 0);

  const auto events = csc::analysis::read_events(run);
  const auto children = csc::analysis::read_children(run);
  REQUIRE(events.size() == n_events);
  REQUIRE(children.size() == n_children);
  std::size_t i = 0, j = 0;
  for (const auto& r : results) {  // written in replicate order
    for (const auto& e : r.events) REQUIRE(key(events[i++]) == key(e));
    for (const auto& c : r.children) REQUIRE(key(children[j++]) == key(c));
  }
}

/// Enumerations are stored as HDF5 enum types with the schema's labels.
void check_enum_labels(const RunFile& run) {
  const auto ds = h5::Dataset::open(run.handle(), "cohort/events");
  const auto type = ds.file_type();
  REQUIRE(H5Tget_class(type.id()) == H5T_COMPOUND);
  const int field = H5Tget_member_index(type.id(), "to_state");
  REQUIRE(field >= 0);
  const h5::Handle member(H5Tget_member_type(type.id(), static_cast<unsigned>(field)));
  const auto labels = h5::enum_labels(member.id());
  CHECK(labels == std::vector<std::string>(kStateLabels.begin(), kStateLabels.end()));
}

}  // namespace

TEST_CASE("a run file reads back: meta and series and cohort tables equal the replicates",
          "[model][run_file][parallel]") {
  const auto scenario = load_scenario(std::string(CSC_FIXTURES_DIR) + "/two_las.toml");
  const Params params = params_from_scenario(scenario);
  REQUIRE(params.run.replicates == 3);
  TempPath out;
  RunOptions options;
  options.threads = 2;
  options.event_chunk_rows = 997;  // several compressed chunks of cohort events per replicate
  const RunReport report = run_scenario(params, scenario.resolved_toml(), out.path, options);
  CHECK(report.wall_seconds > 0.0);
  REQUIRE(fs::exists(out.path));

  const RunFile run = RunFile::open(out.path);
  check_meta(run, scenario, params, report);

  // The same replicates, run directly.
  std::vector<ReplicateResult> results = run_replicates(params, params.run.seed, 3);
  CHECK(run.children > 0);
  CHECK(run.children == results[0].children_at_start);
  CHECK(run.children > 9000);  // two LAs of 6,000 and 4,000 children
  CHECK(run.children < 11000);

  check_metric_series(run, params, results);
  check_state_series(run, params, results);
  check_cohort_tables(run, results);
  check_enum_labels(run);
}

TEST_CASE("a run without cohort recording has no cohort tables", "[model][run_file]") {
  auto scenario = load_scenario(std::string(CSC_FIXTURES_DIR) + "/small.toml");
  scenario.set("run.record_events", false);
  scenario.set("run.replicates", std::int64_t{1});
  const Params params = params_from_scenario(scenario);
  REQUIRE_FALSE(params.run.record_events);
  TempPath out;
  run_scenario(params, scenario.resolved_toml(), out.path, RunOptions{});
  const RunFile run = RunFile::open(out.path);
  CHECK(run.complete);
  CHECK(run.replicates == 1);
  CHECK(run.cohort_rows("events") == 0);
  CHECK(csc::analysis::read_events(run).empty());
  CHECK(csc::analysis::read_children(run).empty());
  // The series are still complete and not all zero.
  const auto s = run.series("stock_looked_after");
  REQUIRE(s.replicates == 1);
  CHECK(s.total(0, s.weeks - 1) > 0.0f);
}

TEST_CASE("cohort events compressed as they gather read back in order", "[model][run_file]") {
  ReplicateResult r;
  r.event_chunks.enable(1000);
  for (std::uint32_t i = 0; i < 4321; ++i) {
    r.events.push_back({7, i, i / 3, 1, static_cast<std::int32_t>(i % 365), 1, 2, 3, 4});
    r.event_chunks.seal_full(r.events);
  }
  CHECK(r.event_chunks.chunks() == 4);
  CHECK(r.event_chunks.rows() == 4000);
  CHECK(r.events.size() == 321);  // the open chunk, raw
  CHECK(r.event_chunks.compressed_bytes() < 4000 * sizeof(EventRow) / 4);
  const auto all = r.all_events();
  REQUIRE(all.size() == 4321);
  for (std::uint32_t i = 0; i < all.size(); ++i) {
    REQUIRE(all[i].child == i);
    REQUIRE(all[i].family == i / 3);
    REQUIRE(all[i].day == static_cast<std::int32_t>(i % 365));
  }
}
