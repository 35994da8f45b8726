// Results are bitwise identical at any thread count (docs/design.md), and the
// seed matters.
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <catch2/catch.hpp>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <string>
#include <tuple>
#include <vector>

#include "analysis/cohort_reader.hpp"
#include "analysis/run_reader.hpp"
#include "models/scenario/parameters.hpp"
#include "models/world/runner.hpp"
#include "sim/io/hdf5.hpp"
#include "sim/io/scenario.hpp"
#include "tests/models/compare_rows.hpp"

using namespace csc::models;
namespace fs = std::filesystem;
namespace h5 = csc::sim::h5;
using csc::analysis::RunFile;

namespace {

using csc::test::key;
using csc::test::mismatch;
using csc::test::TempPath;

/// Everything a run computes: every /series dataset as raw bytes (float metrics and the int32
/// state tables, each read in its own type), and the cohort tables.
struct Output {
  std::vector<std::string> names;
  std::vector<std::vector<unsigned char>> series;
  std::vector<EventRow> events;
  std::vector<ChildRow> children;
};

template <class T>
std::vector<unsigned char> bytes(const std::vector<T>& v) {
  std::vector<unsigned char> b(v.size() * sizeof(T));
  if (!v.empty()) std::memcpy(b.data(), v.data(), b.size());
  return b;
}

Output run_at(const Params& params, const std::string& toml, int threads) {
  TempPath out;
  RunOptions options;
  options.threads = threads;
  run_scenario(params, toml, out.path, options);
  const RunFile run = RunFile::open(out.path);
  REQUIRE(run.complete);
  Output o;
  o.names = run.series_names();
  for (const auto& name : o.names) {
    const std::string path = "series/" + name;
    const auto type = h5::Dataset::open(run.handle(), path).file_type();
    if (H5Tget_class(type.id()) == H5T_FLOAT) {
      o.series.push_back(bytes(h5::read_all<float>(run.handle(), path)));
    } else {
      o.series.push_back(bytes(h5::read_all<std::int32_t>(run.handle(), path)));
    }
  }
  o.events = csc::analysis::read_events(run);
  o.children = csc::analysis::read_children(run);
  return o;
}

void require_identical(const Output& a, const Output& b) {
  REQUIRE(a.names == b.names);
  for (std::size_t i = 0; i < a.names.size(); ++i) {
    CAPTURE(a.names[i]);
    REQUIRE(mismatch(a.series[i], b.series[i]) == "");
  }
  REQUIRE(a.events.size() == b.events.size());
  for (std::size_t i = 0; i < a.events.size(); ++i) REQUIRE(key(a.events[i]) == key(b.events[i]));
  REQUIRE(a.children.size() == b.children.size());
  for (std::size_t i = 0; i < a.children.size(); ++i) REQUIRE(key(a.children[i]) == key(b.children[i]));
}

}  // namespace

TEST_CASE("output is identical at 1 and 2 and 8 threads and differs with another seed",
          "[model][determinism][parallel]") {
  const auto scenario = load_scenario(std::string(CSC_FIXTURES_DIR) + "/small.toml");
  const Params params = params_from_scenario(scenario);
  REQUIRE(params.run.replicates >= 2);
  const std::string toml = scenario.resolved_toml();

  const Output one = run_at(params, toml, 1);
  REQUIRE(one.names.size() == kMetricCount + 3);
  REQUIRE_FALSE(one.events.empty());
  REQUIRE_FALSE(one.children.empty());
  for (int threads : {2, 8}) {
    CAPTURE(threads);
    require_identical(one, run_at(params, toml, threads));
  }

  Params other = params;
  other.run.seed = params.run.seed + 1;
  const Output reseeded = run_at(other, toml, 2);
  REQUIRE(reseeded.names == one.names);
  std::size_t differing = 0;
  for (std::size_t i = 0; i < one.names.size(); ++i) differing += one.series[i] != reseeded.series[i];
  CHECK(differing > kMetricCount / 2);
  CHECK(one.events.size() != reseeded.events.size());
}

TEST_CASE("replicates of one run differ from each other", "[model][determinism]") {
  // Guards against a key that ignores the replicate: every replicate would then be the same.
  const auto scenario = load_scenario(std::string(CSC_FIXTURES_DIR) + "/small.toml");
  const Params params = params_from_scenario(scenario);
  TempPath out;
  run_scenario(params, scenario.resolved_toml(), out.path, RunOptions{});
  const RunFile run = RunFile::open(out.path);
  const auto referrals = run.series("referrals");
  REQUIRE(referrals.replicates == 3);
  auto row = [&](int r) {
    return std::vector<float>(
        referrals.values.begin() + static_cast<std::ptrdiff_t>(r) * referrals.weeks * referrals.las,
        referrals.values.begin() + static_cast<std::ptrdiff_t>(r + 1) * referrals.weeks * referrals.las);
  };
  CHECK(row(0) != row(1));
  CHECK(row(1) != row(2));
}

TEST_CASE("a reduced England, councils in parallel, is identical at 1 and 2 and 8 threads",
          "[model][determinism][parallel]") {
  // Eight councils whose phases run in parallel, children placed out of area in each other's
  // homes (the step that reaches across councils, applied after each phase in serial order).
  const auto scenario = load_scenario(std::string(CSC_FIXTURES_DIR) + "/reduced_england.toml");
  const Params params = params_from_scenario(scenario);
  REQUIRE(params.las.size() == 8);
  const std::string toml = scenario.resolved_toml();
  const Output one = run_at(params, toml, 1);
  REQUIRE_FALSE(one.events.empty());
  const auto& names = one.names;
  const auto out_of_area = std::find(names.begin(), names.end(), "stock_out_of_area");
  REQUIRE(out_of_area != names.end());
  const auto& bytes_ooa = one.series[static_cast<std::size_t>(out_of_area - names.begin())];
  std::vector<float> placed_away(bytes_ooa.size() / sizeof(float));
  std::memcpy(placed_away.data(), bytes_ooa.data(), bytes_ooa.size());
  CHECK(*std::max_element(placed_away.begin(), placed_away.end()) > 0.0f);
  for (int threads : {2, 8}) {
    CAPTURE(threads);
    require_identical(one, run_at(params, toml, threads));
  }
}

TEST_CASE("a reduced England with every intervention on is identical at 1 and 8 threads",
          "[model][determinism][parallel]") {
  // Each council runs its whole week as one task, councils in parallel (World::council_week):
  // one council's births, calendar, turnover, allocation, casework and decisions, and the
  // interventions' hooks they call, run beside another council's; posts a caseload cap asks
  // for are made after the week (an agency post at once, or a hire after its lag), and
  // programmes' funded posts join their teams during it.
  for (const char* policy : {"hire", "agency"}) {
    CAPTURE(policy);
    const std::string text =
        "base = \"reduced_england.toml\"\n[run]\nreplicates = 1\n"
        "[interventions.adult_specialists]\nenabled = true\n"
        "[interventions.caseload_cap]\nenabled = true\nmax_caseload = 12\npolicy = \"" +
        std::string(policy) +
        "\"\n"
        "[interventions.administrators]\nenabled = true\n"
        "[interventions.family_practitioners]\nenabled = true\n"
        "[interventions.volunteers]\nenabled = true\n"
        "[interventions.family_group_conference]\nenabled = true\n";
    const auto scenario = csc::sim::Scenario::parse(text, "overlay.toml", model_schema(), CSC_FIXTURES_DIR);
    const Params params = params_from_scenario(scenario);
    REQUIRE(params.las.size() == 8);
    const std::string toml = scenario.resolved_toml();
    const Output one = run_at(params, toml, 1);
    REQUIRE_FALSE(one.events.empty());
    require_identical(one, run_at(params, toml, 8));
  }
}
