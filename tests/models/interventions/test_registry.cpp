// The intervention interface, proved from outside the model (docs/adding_an_intervention.md):
// a small test-only intervention, registered through the same interface as the six that ship,
// gets its keys in the schema (with ranges and messages naming file, line and key), its state
// and hooks in every replicate, and acts through its mechanism only.
#include <atomic>
#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

#include "models/interventions/bindings.hpp"
#include "models/interventions/registry.hpp"
#include "models/scenario/parameters.hpp"
#include "models/world/runner.hpp"
#include "sim/core/errors.hpp"
#include "sim/io/scenario.hpp"

using namespace csc::models;

namespace {

/// Respite visits: a few places per LA for families on a CIN plan; each visited family's acute
/// severity falls by `relief` a week (mechanism: severity).
struct RespiteParams : InterventionParamsOf<RespiteParams> {
  static constexpr const char* kKey = "test_respite";
  int places{};
  double relief{};
  bool operator==(const RespiteParams&) const = default;
};

std::vector<InterventionBinding> respite_bindings() {
  return BindingsOf<RespiteParams>(100, "GBP per family", "test", false)
      .integer("places", &RespiteParams::places, 20, 0, 1000, {"families per LA", "Places for CIN families.", "test"})
      .real("relief", &RespiteParams::relief, 0.3, 0, 1, {"share per week", "Weekly fall of acute severity.", "test"})
      .done();
}

class Respite final : public InterventionRun {
 public:
  Respite(const RespiteParams& p, WorldAccess& w, std::size_t) : p_(p), w_(w), visited_(w.pop.families.size(), 0) {}

  void after_allocation(std::size_t l, csc::sim::Day d) override {
    if (!p_.active(l, d)) return;
    const auto& fam = w_.pop.families;
    int used = 0;
    for (const std::uint32_t f : w_.open[l]) {
      if (fam.cases[f].status != CaseStatus::cin) visited_[f] = 0;  // eligibility: a CIN plan
      used += visited_[f];
    }
    for (const std::uint32_t f : w_.open[l]) {
      if (used >= p_.places) break;
      if (fam.cases[f].status == CaseStatus::cin && !visited_[f]) {
        visited_[f] = 1;
        ++used;
        ++starts;
      }
    }
  }

  void casework_support(CaseworkBatch& batch) const override {
    for (const std::uint32_t f : batch.families) {
      if (visited_[f]) w_.pop.families.sev[f].acute *= static_cast<float>(1.0 - p_.relief);
    }
  }

  void on_case_closed(std::uint32_t f) override { visited_[f] = 0; }

  static inline std::atomic<int> starts =
      0;  // families given a place, over every run (a test probe; councils run in parallel)

 private:
  const RespiteParams& p_;
  WorldAccess& w_;
  std::vector<std::uint8_t> visited_;
};

/// The shipped interventions and the test one after them: its one registry line.
const InterventionRegistry& test_registry() {
  static const InterventionRegistry registry = [] {
    InterventionRegistry r = builtin_interventions();
    r.add(std::make_shared<InterventionOf<RespiteParams, Respite>>(std::vector<Metric>{}, respite_bindings));
    return r;
  }();
  return registry;
}

Params with(const std::string& overlay, int replicates = 8) {
  const std::string text = "base = \"small.toml\"\n" + overlay;
  auto scenario = csc::sim::Scenario::parse(text, "overlay.toml", model_schema(test_registry()), CSC_FIXTURES_DIR);
  Params p = params_from_scenario(scenario, test_registry());
  p.run.replicates = replicates;
  return p;
}

std::vector<double> totals(const std::vector<ReplicateResult>& runs, Metric m) {
  std::vector<double> out;
  for (const auto& r : runs) {
    double s = 0;
    for (int w = 0; w < r.weeks; ++w) s += r.at(m, w, 0);
    out.push_back(s);
  }
  return out;
}

}  // namespace

TEST_CASE("a test-only intervention registers through the interface", "[model][interventions]") {
  const auto& schema = model_schema(test_registry());
  bool places = false, enabled = false;
  for (const auto& spec : schema.params) {
    places = places || spec.key == "interventions.test_respite.places";
    enabled = enabled || spec.key == "interventions.test_respite.enabled";
  }
  CHECK(places);
  CHECK(enabled);
  for (const auto& spec : model_schema().params) CHECK(spec.key.find("test_respite") == std::string::npos);

  const Params p = with("[interventions.test_respite]\nenabled = true\nplaces = 7\n");
  CHECK(p.interventions.get<RespiteParams>().places == 7);
  CHECK(p.interventions.get<RespiteParams>().relief == 0.3);  // the table's default
  CHECK(std::get<std::int64_t>(param_value(p, "interventions.test_respite.places")) == 7);

  // Its keys are checked like any other: range, unknown key, each named with file and line.
  CHECK_THROWS_WITH(with("[interventions.test_respite]\nplaces = -1\n"),
                    Catch::Contains("overlay.toml:3") && Catch::Contains("interventions.test_respite.places"));
  CHECK_THROWS_WITH(with("[interventions.test_respite]\nplace = 3\n"),
                    Catch::Contains("interventions.test_respite.place"));
  CHECK_THROWS_AS(with("[interventions.test_respite]\nenabled = true\nlas = \"Nowhere\"\n"), csc::sim::InputError);
}

TEST_CASE("a test-only intervention acts through its hooks and only through them", "[model][interventions]") {
  // 16 paired replicates: with 8 the effect sat at 1.7 standard errors once adolescents came
  // into care on their own account and babies joined their families' cases (6 December 2026).
  const Params off = with("", 16);
  const auto base = run_replicates(off, off.run.seed, off.run.replicates);
  SECTION("registered but switched off, or with no places, it changes nothing") {
    for (const std::string overlay : {"", "[interventions.test_respite]\nenabled = true\nplaces = 0\n"}) {
      const Params p = with(overlay);
      const auto runs = run_replicates(p, p.run.seed, p.run.replicates);
      for (std::size_t r = 0; r < runs.size(); ++r) CHECK(runs[r].series == base[r].series);
    }
    // The same scenario without the test intervention in the registry gives the same bits.
    auto scenario =
        csc::sim::Scenario::parse("base = \"small.toml\"\n", "plain.toml", model_schema(), CSC_FIXTURES_DIR);
    Params plain = params_from_scenario(scenario);
    plain.run.replicates = off.run.replicates;
    const auto shipped = run_replicates(plain, plain.run.seed, plain.run.replicates);
    for (std::size_t r = 0; r < shipped.size(); ++r) CHECK(shipped[r].series == base[r].series);
  }
  SECTION("switched on, visited families recover and their CIN plans close sooner") {
    Respite::starts = 0;
    const Params on = with("[interventions.test_respite]\nenabled = true\nplaces = 1000\nrelief = 1\n", 16);
    const auto runs = run_replicates(on, on.run.seed, on.run.replicates);
    CHECK(Respite::starts > 0);
    // Paired replicates (common random numbers): the mean difference of child-weeks on a CIN
    // plan must be below zero by more than two standard errors, as visited families' severity
    // falls and their plans close.
    const auto a = totals(base, Metric::stock_section17), b = totals(runs, Metric::stock_section17);
    double s = 0, s2 = 0;
    const auto n = static_cast<double>(a.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
      s += b[i] - a[i];
      s2 += (b[i] - a[i]) * (b[i] - a[i]);
    }
    const double mean = s / n;
    const double se = std::sqrt(std::max(1e-12, (s2 - n * mean * mean) / (n - 1)) / n);
    INFO("CIN child-weeks: off " << a[0] << "..., mean difference " << mean << " (SE " << se << ")");
    CHECK(mean < -2.0 * se);
  }
}
