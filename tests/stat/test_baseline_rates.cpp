// Statistical check of the calibrated baseline (issue: "Engine and baseline care pathway"):
// over 20 replicates, the rates per 10,000 children of scenarios/baseline.toml are within
// +-20% of the national figures of docs/evidence.md section 1. The replicate mean has a
// standard error far below 20% (it is printed), so a failure means the model moved, not noise.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
#include <mutex>
#include <string>
#include <vector>

#include "models/scenario/parameters.hpp"
#include "models/world/world.hpp"
#include "sim/run/parallel.hpp"

namespace {

using csc::models::Metric;
using csc::models::ReplicateResult;

struct Rates {
  double referrals = 0, re_referral_share = 0, cin = 0, cp = 0, cp_starts = 0, looked_after = 0, care_entries = 0,
         caseload = 0, foster_share = 0;
};

double total(ReplicateResult& r, Metric m, int w) {
  double s = 0;
  for (int la = 0; la < r.las; ++la) s += r.at(m, w, la);
  return s;
}

Rates rates_of(ReplicateResult& r) {
  Rates out;
  const int years = r.weeks / 52;
  double referrals = 0, re_referrals = 0;
  for (int y = 0; y < years; ++y) {
    const int end = y * 52 + 51;
    const double per10k = 10000.0 / total(r, Metric::children, end);
    double ref = 0, re = 0, cps = 0, entries = 0;
    for (int w = y * 52; w <= end; ++w) {
      ref += total(r, Metric::referrals, w);
      re += total(r, Metric::re_referrals, w);
      cps += total(r, Metric::cp_starts, w);
      entries += total(r, Metric::care_entries, w);
    }
    referrals += ref;
    re_referrals += re;
    out.referrals += ref * per10k / years;
    out.cp_starts += cps * per10k / years;
    out.care_entries += entries * per10k / years;
    out.cin += total(r, Metric::stock_cin, end) * per10k / years;
    out.cp += total(r, Metric::stock_cp, end) * per10k / years;
    const double lac = total(r, Metric::stock_looked_after, end);
    out.looked_after += lac * per10k / years;
    const double foster = total(r, Metric::stock_kinship_foster, end) + total(r, Metric::stock_la_foster, end) +
                          total(r, Metric::stock_agency_foster, end);
    out.foster_share += foster / lac / years;
    out.caseload += total(r, Metric::caseload_mean, end) / r.las / years;
  }
  out.re_referral_share = re_referrals / referrals;
  return out;
}

}  // namespace

TEST_CASE("baseline rates per 10000 children are near the national figures", "[stat][model]") {
  auto scenario = csc::models::load_scenario(std::string(CSC_SOURCE_DIR) + "/scenarios/baseline.toml");
  csc::models::Params params = csc::models::params_from_scenario(scenario);
  params.run.record_events = false;
  REQUIRE(params.run.replicates == 20);

  std::vector<Rates> reps(static_cast<std::size_t>(params.run.replicates));
  csc::sim::parallel_for(0, params.run.replicates, [&](int r) {
    csc::models::World world(params, params.run.seed, static_cast<std::uint32_t>(r));
    auto result = world.run([] {});
    reps[static_cast<std::size_t>(r)] = rates_of(result);
  });

  struct Target {
    const char* name;
    double Rates::*field;
    double value;
  };
  // evidence.md section 1, as per 10,000 children (issue item 5).
  const Target targets[] = {
      {"referrals a year", &Rates::referrals, 550},
      {"re-referral share", &Rates::re_referral_share, 0.23},
      {"CIN stock", &Rates::cin, 340},
      {"CP stock", &Rates::cp, 42},
      {"CP starts a year", &Rates::cp_starts, 52},
      {"looked-after stock", &Rates::looked_after, 60},
      {"care entries a year", &Rates::care_entries, 26},
      {"caseload", &Rates::caseload, 17},
      {"foster share of placements", &Rates::foster_share, 0.75},
  };
  for (const auto& t : targets) {
    double sum = 0, sum2 = 0;
    for (const auto& r : reps) {
      sum += r.*t.field;
      sum2 += (r.*t.field) * (r.*t.field);
    }
    const double n = static_cast<double>(reps.size());
    const double mean = sum / n;
    const double se = std::sqrt(std::max(0.0, sum2 / n - mean * mean) / (n - 1));
    std::printf("%-28s target %8.3f  model %8.3f (se %.3f, %+.1f%%)\n", t.name, t.value, mean, se,
                100.0 * (mean / t.value - 1.0));
    INFO(t.name << ": model " << mean << " (se " << se << ") vs target " << t.value);
    CHECK(std::abs(mean / t.value - 1.0) <= 0.20);
  }
}
