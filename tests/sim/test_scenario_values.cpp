// Scenario loading when all goes well: base inheritance, where each value was set, defaults and
// typed getters, set() overrides, the resolved TOML and the markdown parameter reference.
#include <catch2/catch.hpp>

#include <cstdint>
#include <stdexcept>
#include <string>

#include "sim/core/errors.hpp"
#include "sim/io/scenario.hpp"
#include "sim/io/schema_doc.hpp"
#include "tests/sim/scenario_fixture.hpp"

using namespace csc::sim;
using namespace csc::test;

namespace {

using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

}  // namespace

TEST_CASE("scenario: three-level base inheritance", "[unit][scenario]") {
  const Scenario s = Scenario::load(kDir + "inherit/derived.toml", test_schema());
  CHECK(s.path() == kDir + "inherit/derived.toml");
  const ParamTable& g = s.globals();
  CHECK(g.integer("run.years") == 30);             // derived
  CHECK(g.string("name") == "base");               // middle overrides grand
  CHECK(g.real("referral.base_rate") == 0.3);      // middle, inside a merged table
  CHECK(g.string("referral.policy") == "agency");  // grand, same table
  CHECK(g.string("run.start") == "2020-01-01");    // grand, TOML date literal
  CHECK(g.boolean("referral.enabled"));            // default
  const auto& la = s.elements("la");
  REQUIRE(la.size() == 2);  // the middle file's array replaced grand's three whole
  CHECK(la[0].string("name") == "west");
  CHECK(la[0].integer("children") == 7);
  CHECK(la[0].real("cost") == 2.5);
  CHECK(la[1].string("name") == "central");
  CHECK(la[1].real("cost") == 1.5);  // element default
}

TEST_CASE("scenario: each value knows the file and line that set it", "[unit][scenario]") {
  // For the checks a model makes after loading (values that must agree with each other),
  // whose messages must still name the file, line and key.
  Scenario s = Scenario::load(kDir + "inherit/derived.toml", test_schema());
  const ParamTable& g = s.globals();
  CHECK(g.origin("run.years") == kDir + "inherit/derived.toml:5:1");
  CHECK(g.origin("referral.base_rate") == kDir + "inherit/parents/base.toml:6:1");
  CHECK(g.origin("referral.enabled").empty());  // a schema default
  const auto& la = s.elements("la");            // each [[table]] of an array too
  CHECK(la[0].origin("children") == kDir + "inherit/parents/base.toml:10:1");
  CHECK(la[1].origin("name") == kDir + "inherit/parents/base.toml:14:1");
  CHECK(la[1].origin("cost").empty());  // an element default
  s.set("run.years", std::int64_t{12}, "--set");
  CHECK(s.globals().origin("run.years") == "--set");
  const Scenario text = Scenario::parse(kMinimal, "t.toml", test_schema());
  CHECK(text.globals().origin("referral.base_rate") == "t.toml:2:10");  // a dotted key: its last part
}

TEST_CASE("scenario: defaults are filled and getters are typed", "[unit][scenario]") {
  const Scenario s = Scenario::parse(kMinimal, "t.toml", test_schema());
  const ParamTable& g = s.globals();
  CHECK(s.path().empty());
  CHECK(g.integer("run.years") == 10);
  CHECK(g.real("run.years") == 10.0);  // integer params convert for real()
  CHECK(g.string("run.start") == "2024-01-01");
  CHECK(g.string("referral.policy") == "hire");
  CHECK(g.real("output.scale") == 2.0);
  CHECK(g.has("output.scale"));
  CHECK_FALSE(g.has("output.nothing"));
  CHECK_THROWS_AS(g.integer("nothing"), std::logic_error);
  CHECK_THROWS_AS(g.integer("referral.base_rate"), std::logic_error);
  CHECK_THROWS_AS(g.boolean("name"), std::logic_error);
  CHECK_THROWS_AS(g.string("run.years"), std::logic_error);
  CHECK_THROWS_AS(s.elements("nothing"), std::logic_error);
  // An integer is accepted where a real is expected; a TOML date or an ISO string for a date.
  const Scenario t =
      Scenario::parse(kMinimal + "[output]\nscale = 3\n[run]\nstart = \"2024-02-29\"\n", "t.toml", test_schema());
  CHECK(t.globals().real("output.scale") == 3.0);
  CHECK(t.globals().string("run.start") == "2024-02-29");
}

TEST_CASE("scenario: set() overrides globals with validation", "[unit][scenario]") {
  Scenario s = Scenario::parse(kMinimal, "t.toml", test_schema());
  s.set("run.years", std::int64_t{25});
  CHECK(s.globals().integer("run.years") == 25);
  s.set("referral.base_rate", std::int64_t{1});  // integer accepted for a real
  CHECK(s.globals().real("referral.base_rate") == 1.0);
  s.set("run.start", std::string("2030-06-30"));
  CHECK(s.globals().string("run.start") == "2030-06-30");

  const auto message = [&](const std::string& key, const ParamValue& v) -> std::string {
    try {
      s.set(key, v, "--set");
    } catch (const InputError& e) {
      return e.what();
    }
    return "no error";
  };
  CHECK(message("run.years", std::int64_t{0}) == "--set: key 'run.years': must be >= 1 (got 0)");
  CHECK(message("run.years", 2.5) == "--set: key 'run.years': expected an integer, got a real number");
  CHECK_THAT(message("run.start", std::string("2030-13-01")), Contains("valid date"));
  CHECK_THAT(message("referral.policy", std::string("x")), Contains("must be one of"));
  CHECK(message("run.yeas", std::int64_t{3}) == "--set: key 'run.yeas': unknown key; did you mean 'run.years'?");
  CHECK(s.globals().integer("run.years") == 25);  // failed overrides change nothing
  try {
    s.set("run.years", std::int64_t{0});
  } catch (const InputError& e) {
    CHECK(std::string(e.what()) == "command line: key 'run.years': must be >= 1 (got 0)");
  }
}

TEST_CASE("scenario: resolved_toml round-trips", "[unit][scenario]") {
  const Schema schema = test_schema();
  Scenario s = Scenario::load(kDir + "inherit/derived.toml", schema);
  s.set("output.scale", 1.0 / 3.0);
  s.set("name", std::string("with \"quotes\" | pipes\nand a newline"));
  const std::string text = s.resolved_toml();
  CHECK_THAT(text, Contains("schema = 1"));
  CHECK_THAT(text, !Contains("base ="));
  CHECK_THAT(text, Contains("[[la]]"));
  const Scenario back = Scenario::parse(text, "resolved.toml", schema);
  for (const auto& p : schema.params) {
    INFO(p.key);
    CHECK(back.globals().has(p.key));
    switch (p.type) {
      case ParamType::integer: CHECK(back.globals().integer(p.key) == s.globals().integer(p.key)); break;
      case ParamType::real: CHECK(back.globals().real(p.key) == s.globals().real(p.key)); break;
      case ParamType::boolean: CHECK(back.globals().boolean(p.key) == s.globals().boolean(p.key)); break;
      default: CHECK(back.globals().string(p.key) == s.globals().string(p.key)); break;
    }
  }
  REQUIRE(back.elements("la").size() == s.elements("la").size());
  for (std::size_t i = 0; i < s.elements("la").size(); ++i) {
    CHECK(back.elements("la")[i].string("name") == s.elements("la")[i].string("name"));
    CHECK(back.elements("la")[i].integer("children") == s.elements("la")[i].integer("children"));
    CHECK(back.elements("la")[i].real("cost") == s.elements("la")[i].real("cost"));
  }
  CHECK(back.resolved_toml() == text);  // a fixed point
}

TEST_CASE("scenario: markdown reference lists every key", "[unit][scenario]") {
  const Schema schema = test_schema();
  const std::string md = schema_reference_markdown(schema, "Scenario reference", "Intro text.");
  CHECK_THAT(md, StartsWith("# Scenario reference\n\nIntro text.\n"));
  for (const auto& p : schema.params) CHECK_THAT(md, Contains("`" + p.key + "`"));
  for (const auto& p : schema.arrays[0].params) CHECK_THAT(md, Contains("`" + p.key + "`"));
  CHECK_THAT(md, Contains("## General") && Contains("## `[run]`") && Contains("## `[[la]]`"));
  CHECK_THAT(md, Contains("| Key | Type | Default | Range / choices | Unit | Meaning | Source |"));
  CHECK_THAT(md, Contains("Length of the run \\| simulated"));
  CHECK_THAT(md, Contains("`hire`, `agency`, `wait`"));
  CHECK_THAT(md, Contains("| 0 to 1 |") && Contains("Survey 2023") && Contains("*required*"));
  CHECK(md == schema_reference_markdown(schema, "Scenario reference", "Intro text."));
}

TEST_CASE("scenario: markdown reference shows a resolved scenario beside the defaults", "[unit][scenario]") {
  // The inheritance fixture: derived.toml sets run.years over base.toml over grand.toml.
  const Schema schema = test_schema();
  const Scenario s = Scenario::load(kDir + "inherit/derived.toml", schema);
  const std::string md = schema_reference_markdown(schema, "Reference", "", {"Derived", &s});
  CHECK_THAT(md, Contains("| Key | Type | Default | Derived | Range / choices | Unit | Meaning | Source |"));
  CHECK_THAT(md, Contains("|---|---|---|---|---|---|---|---|"));
  // Differs from the default: bold, with the file that sets it (its name, no line).
  CHECK_THAT(md, Contains("| `run.years` | integer | 10 | **30** (derived.toml) | >= 1 |"));
  CHECK_THAT(md, Contains("| `referral.policy` | string | \"hire\" | **\"agency\"** (grand.toml) |"));
  CHECK_THAT(md, Contains("| `run.start` | date | 2024-01-01 | **2020-01-01** (grand.toml) |"));
  // Equal to the default: plain. Required (no default): plain.
  CHECK_THAT(md, Contains("| `referral.enabled` | boolean | true | true |"));
  CHECK_THAT(md, Contains("| `name` | string | *required* | \"base\" |"));
  // A table array: each table's value, separated by "; ".
  CHECK_THAT(md, Contains("| `cost` | real | 1.5 | **2.5** (base.toml); 1.5 |"));
  // Without a scenario, the reference is as before.
  CHECK_THAT(schema_reference_markdown(schema, "Reference", ""),
             Contains("| Key | Type | Default | Range / choices | Unit | Meaning | Source |"));
}
