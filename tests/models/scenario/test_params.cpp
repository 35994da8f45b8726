// One declaration per parameter (issue "The model as modules", item 2): the binding table
// (models/scenario/model_bindings.cpp, and each intervention's file in models/interventions/) holds the only default
// and the only range of every scenario key; the structs hold none. These tests show that the table is complete (every
// key resolves into its own field, and every field is written by the table), that default_params() is the table's
// defaults, and that the calibrated overlay files name only declared keys within their ranges.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

#include "models/core/param_binding.hpp"
#include "models/interventions/registry.hpp"
#include "models/scenario/parameters.hpp"
#include "sim/core/errors.hpp"
#include "tests/temp_path.hpp"

using namespace csc::models;
namespace sim = csc::sim;

namespace {

std::string show(const sim::ParamValue& v) {
  return std::visit(
      [](const auto& x) -> std::string {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, std::string>) {
          return "\"" + x + "\"";
        } else if constexpr (std::is_same_v<T, bool>) {
          return x ? "true" : "false";
        } else if constexpr (std::is_same_v<T, double>) {
          char buf[40];
          std::snprintf(buf, sizeof buf, "%.17g", x);
          std::string s = buf;
          if (s.find_first_of(".eEn") == std::string::npos) s += ".0";  // a TOML float
          return s;
        } else {
          return std::to_string(x);
        }
      },
      v);
}

/// The spec's default as the binding reads it back (dates and strings alike as strings).
sim::ParamValue spec_default(const sim::ParamSpec& spec) {
  REQUIRE(spec.default_value.has_value());
  return *spec.default_value;
}

/// A price index under which a price year of 2019-20 changes no cost (a price year other than
/// the unit costs' needs an index for both years: models/scenario/prices.hpp).
constexpr const char* kFlatIndex = "2016-17:100, 2019-20:100";

/// A key that cannot take another value alone, and the key that must come with it.
bool needs_index(const std::string& key) { return key == "costs.price_year" || key == "costs.prices_of"; }

/// A value of `spec` other than its default, inside its range, that fits with every other
/// key at its default (the checks that relate keys to each other; a price year comes with
/// kFlatIndex).
sim::ParamValue other_value(const sim::ParamSpec& spec, std::size_t i) {
  using sim::ParamType;
  switch (spec.type) {
    case ParamType::real: {
      const double def = spec.default_value ? std::get<double>(*spec.default_value) : 0.0;
      REQUIRE(std::isfinite(spec.min));
      REQUIRE(std::isfinite(spec.max));
      // Distinct fractions of the range, so no two keys are likely to share a value.
      double v = spec.min + (spec.max - spec.min) * (0.1 + 0.8 * static_cast<double>(i % 97) / 97.0);
      if (v == def) v = spec.min + (spec.max - spec.min) * 0.95;
      return v;
    }
    case ParamType::integer: {
      const auto def = std::get<std::int64_t>(*spec.default_value);
      return static_cast<double>(def + 1) <= spec.max ? def + 1 : def - 1;
    }
    case ParamType::boolean: return !std::get<bool>(*spec.default_value);
    case ParamType::date: return std::string("2013-01-15");  // after referral.trend_from, before trend_to
    case ParamType::string: {
      if (!spec.choices.empty()) {
        return spec.choices.front() == std::get<std::string>(*spec.default_value) ? spec.choices.back()
                                                                                  : spec.choices.front();
      }
      if (spec.key.ends_with(".las")) return std::string("LA");  // the one LA's name
      if (spec.key.ends_with(".teams")) return std::string("2, 1");
      if (spec.key.ends_with(".rollout")) return std::string("16@2014-01-01");  // every team
      if (spec.key == "population.projection") return std::string("2013-04-01:0.01, 2015-04-01:-0.002");
      if (spec.key == "care.adoption_policy") return std::string("2013-04-01:0.5");
      if (spec.key == "legal.proceedings_length_policy") return std::string("2013-04-01:1.5");
      if (spec.key == "costs.price_year" || spec.key == "costs.prices_of") return std::string("2019-20");
      if (spec.key == "costs.price_index") return std::string(kFlatIndex);
      return std::string("another value");
    }
  }
  return {};
}

/// kDefaultsScenario with `spec.key = value` set: a global key before the [[la]] table, an
/// [[la]] key inside it.
std::string with_key(const sim::ParamSpec& spec, const sim::ParamValue& v, bool la_key) {
  // A TOML date is written bare; everything else as show() writes it.
  const std::string value = spec.type == sim::ParamType::date ? std::get<std::string>(v) : show(v);
  std::string line = spec.key + " = " + value + "\n";
  if (needs_index(spec.key)) line += "costs.price_index = \"" + std::string(kFlatIndex) + "\"\n";
  return la_key ? std::string(kDefaultsScenario) + line : line + kDefaultsScenario;
}

sim::Scenario parse(const std::string& text) { return sim::Scenario::parse(text, "test.toml", model_schema()); }

}  // namespace

TEST_CASE("params: every key of the schema resolves to the table's default", "[unit][params]") {
  const Params p = default_params();
  REQUIRE(p.las.size() == 1);
  for (const auto& spec : model_schema().params) {
    INFO(spec.key);
    if (!spec.default_value) continue;  // required: `name`
    CHECK(param_value(p, spec.key) == spec_default(spec));
  }
  CHECK(param_value(p, "name") == sim::ParamValue{std::string("defaults")});
  for (const auto& spec : model_schema().arrays.at(0).params) {
    INFO("la." << spec.key);
    if (!spec.default_value) continue;
    CHECK(param_value(p.las[0], spec.key) == spec_default(spec));
  }
  CHECK(p.las[0].name == "LA");
  CHECK_THROWS_AS(param_value(p, "no.such_key"), std::logic_error);
  // The same as resolving the scenario by hand.
  CHECK(p == params_from_scenario(parse(kDefaultsScenario)));
}

TEST_CASE("params: each key set through a scenario lands in its own field and only there", "[unit][params]") {
  // One key at a time is set to another value in range: reading every key back from the
  // resolved Params through the table finds the new value for that key and the default for
  // every other, so no two keys share a field and no key writes a field it does not read.
  const Params defaults = default_params();
  const auto& globals = model_schema().params;
  const auto& la_specs = model_schema().arrays.at(0).params;
  std::vector<sim::ParamValue> global_defaults, la_defaults;
  for (const auto& s : globals) global_defaults.push_back(param_value(defaults, s.key));
  for (const auto& s : la_specs) la_defaults.push_back(param_value(defaults.las[0], s.key));

  std::size_t checked = 0;
  auto check_all = [&](const Params& p, const std::string& set_key, const sim::ParamValue& set_value, bool la_key) {
    for (std::size_t j = 0; j < globals.size(); ++j) {
      const bool is_set = !la_key && globals[j].key == set_key;
      INFO("set " << set_key << " = " << show(set_value) << "; read " << globals[j].key);
      if (!la_key && needs_index(set_key) && globals[j].key == "costs.price_index") {
        REQUIRE(param_value(p, globals[j].key) == sim::ParamValue(std::string(kFlatIndex)));
        continue;
      }
      REQUIRE(param_value(p, globals[j].key) == (is_set ? set_value : global_defaults[j]));
    }
    for (std::size_t j = 0; j < la_specs.size(); ++j) {
      const bool is_set = la_key && la_specs[j].key == set_key;
      INFO("set " << set_key << " = " << show(set_value) << "; read la." << la_specs[j].key);
      REQUIRE(param_value(p.las[0], la_specs[j].key) == (is_set ? set_value : la_defaults[j]));
    }
    ++checked;
  };
  for (std::size_t i = 0; i < globals.size(); ++i) {
    const auto& spec = globals[i];
    if (!spec.default_value) continue;  // `name`: required, set by every scenario
    const sim::ParamValue v = other_value(spec, i);
    INFO(with_key(spec, v, false));
    check_all(params_from_scenario(parse(with_key(spec, v, false))), spec.key, v, false);
  }
  for (std::size_t i = 0; i < la_specs.size(); ++i) {
    const auto& spec = la_specs[i];
    if (!spec.default_value) continue;
    const sim::ParamValue v = other_value(spec, i + globals.size());
    INFO(with_key(spec, v, true));
    check_all(params_from_scenario(parse(with_key(spec, v, true))), spec.key, v, true);
  }
  CHECK(checked + 2 == globals.size() + la_specs.size());  // all but the two required names
}

TEST_CASE("params: the table writes every field (none is left at a struct value)", "[unit][params]") {
  // The parts of Params that are plain numbers (trivially copyable) are filled with garbage
  // bytes before the table writes the defaults into them: the result must equal
  // default_params() field by field, so every field of those parts is bound to a key. The
  // parts that hold strings are covered by the one-key-at-a-time test above.
  const Params defaults = default_params();
  const auto scenario = parse(kDefaultsScenario);
  for (const int garbage : {0xA5, 0x5A, 0xFF}) {
    Params p;
    auto poison = [garbage](auto& part) {
      static_assert(std::is_trivially_copyable_v<std::remove_reference_t<decltype(part)>>);
      std::memset(static_cast<void*>(&part), garbage, sizeof part);
    };
    poison(p.severity);
    poison(p.referral);
    poison(p.assessment);
    poison(p.cin);
    poison(p.cp);
    poison(p.edge);
    poison(p.care);
    poison(p.legal);
    poison(p.workforce);
    poison(p.kin);
    // PopulationParams, CostParams and RunParams hold strings: their numbers are poisoned one
    // by one.
    p.population.mean_children_per_family = p.population.birth_spacing_years = p.population.vulnerability_sd = -7.0;
    p.population.prevalence.fill(-7.0);
    p.population.resting_severity.fill(-7.0);
    p.costs.placement_per_week.fill(-7.0);
    p.costs.placement_per_week[idx(Placement::none)] = 0.0;  // no placement: no key, no cost
    p.costs.social_worker_per_week = p.costs.agency_premium = -7.0;
    p.run.years = p.run.burn_in_years = p.run.replicates = -7;
    p.run.seed = 7777;
    p.run.start_date = sim::Date{1900, 1, 1};
    apply_table(p, scenario, builtin_interventions());
    INFO("garbage byte " << int(garbage));
    CHECK(p.population == defaults.population);
    CHECK(p.severity == defaults.severity);
    CHECK(p.legal == defaults.legal);
    CHECK(p.referral == defaults.referral);
    CHECK(p.assessment == defaults.assessment);
    CHECK(p.cin == defaults.cin);
    CHECK(p.cp == defaults.cp);
    CHECK(p.edge == defaults.edge);
    CHECK(p.care == defaults.care);
    CHECK(p.workforce == defaults.workforce);
    CHECK(p.kin == defaults.kin);
    CHECK(p.costs == defaults.costs);
    CHECK(p.run == defaults.run);
  }
}

TEST_CASE("params: the calibrated overlay files name only declared keys within range", "[unit][params]") {
  // Each file of scenarios/calibrated/ is loaded through the model schema as the base of a
  // scenario that sets only the required names; an unknown key, a wrong type or a value out
  // of range fails naming the file, line and key.
  const std::filesystem::path dir = std::filesystem::path(CSC_SOURCE_DIR) / "scenarios" / "calibrated";
  std::size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".toml") continue;
    ++files;
    const std::string text = "base = \"" + entry.path().filename().string() + "\"\n" + kDefaultsScenario;
    INFO(entry.path().string());
    try {
      const auto scenario = sim::Scenario::parse(text, "overlay_check.toml", model_schema(), dir);
      const Params p = params_from_scenario(scenario);
      CHECK(p.las.size() == 1);
    } catch (const sim::InputError& e) {
      FAIL(e.what());
    }
  }
  CHECK(files >= 2);  // national.toml, plan_ending.toml

  // The check has teeth: a bad overlay fails naming its file, line and key.
  csc::test::TempPath tmp("cscsim_overlay", "");
  std::filesystem::create_directories(tmp.path);
  std::ofstream(tmp.path / "bad.toml") << "[assessment]\ncin_threshold = 99.0\nno_such_key = 1.0\n";
  try {
    (void)sim::Scenario::parse("base = \"bad.toml\"\n" + std::string(kDefaultsScenario), "overlay_check.toml",
                               model_schema(), tmp.path);
    FAIL("a bad overlay was accepted");
  } catch (const sim::InputError& e) {
    const std::string what = e.what();
    CHECK_THAT(what, Catch::Matchers::Contains("bad.toml:2:") && Catch::Matchers::Contains("assessment.cin_threshold"));
    CHECK_THAT(what, Catch::Matchers::Contains("bad.toml:3:") && Catch::Matchers::Contains("assessment.no_such_key"));
  }
}
