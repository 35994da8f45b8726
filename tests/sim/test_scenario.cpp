#include <catch2/catch.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/core/errors.hpp"
#include "sim/io/scenario.hpp"
#include "sim/io/schema_doc.hpp"

using namespace csc::sim;

namespace {

const std::string kDir = std::string(CSC_FIXTURES_DIR) + "/scenario/";

ParamSpec spec(std::string key, ParamType type, std::optional<ParamValue> def = std::nullopt) {
  ParamSpec p{};
  p.key = std::move(key);
  p.type = type;
  p.default_value = std::move(def);
  return p;
}

/// A small domain-free schema exercising every type and constraint.
Schema test_schema() {
  Schema s;
  s.params.push_back(spec("name", ParamType::string));
  auto years = spec("run.years", ParamType::integer, std::int64_t{10});
  years.min = 1;  // lower bound only: messages read "must be >= 1"
  years.unit = "years";
  years.description = "Length of the run | simulated";
  s.params.push_back(years);
  s.params.push_back(spec("run.start", ParamType::date, std::string("2024-01-01")));
  auto rate = spec("referral.base_rate", ParamType::real);
  rate.min = 0;
  rate.max = 1;
  rate.source = "Survey 2023";
  s.params.push_back(rate);
  auto policy = spec("referral.policy", ParamType::string, std::string("hire"));
  policy.choices = {"hire", "agency", "wait"};
  s.params.push_back(policy);
  s.params.push_back(spec("referral.enabled", ParamType::boolean, true));
  s.params.push_back(spec("output.scale", ParamType::real, std::int64_t{2}));
  TableArraySpec la;
  la.key = "la";
  la.min_count = 1;
  la.max_count = 3;
  la.description = "Local authorities";
  la.params.push_back(spec("name", ParamType::string));
  auto children = spec("children", ParamType::integer);
  children.min = 0;
  la.params.push_back(children);
  auto cost = spec("cost", ParamType::real, 1.5);
  cost.min = 0;
  la.params.push_back(cost);
  s.arrays.push_back(la);
  return s;
}

const std::string kLa = "[[la]]\nname = 'a'\nchildren = 4\n";

const std::string kMinimal = R"(name = "min"
referral.base_rate = 0.25

[[la]]
name = "a"
children = 4
)";

/// Messages of the InputError thrown by parsing `text` as "t.toml"; fails the test if none.
std::vector<std::string> parse_errors(const std::string& text) {
  try {
    (void)Scenario::parse(text, "t.toml", test_schema());
  } catch (const InputError& e) {
    return e.messages();
  }
  FAIL("expected an InputError for:\n" << text);
  return {};
}

std::vector<std::string> load_errors(const std::string& file) {
  try {
    (void)Scenario::load(kDir + file, test_schema());
  } catch (const InputError& e) {
    return e.messages();
  }
  FAIL("expected an InputError for " << file);
  return {};
}

/// The single message of `errors` that contains `needle` (and a check that there is one).
std::string find_message(const std::vector<std::string>& errors, const std::string& needle) {
  std::string found;
  int count = 0;
  for (const auto& m : errors) {
    if (m.find(needle) != std::string::npos) found = m, ++count;
  }
  INFO("looking for '" << needle << "' in:\n" << Catch::Detail::stringify(errors));
  CHECK(count == 1);
  return found;
}

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
  const auto& la = s.elements("la");             // each [[table]] of an array too
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
  const Scenario t = Scenario::parse(
      kMinimal + "[output]\nscale = 3\n[run]\nstart = \"2024-02-29\"\n", "t.toml", test_schema());
  CHECK(t.globals().real("output.scale") == 3.0);
  CHECK(t.globals().string("run.start") == "2024-02-29");
}

TEST_CASE("scenario: each kind of error names file and line and key", "[unit][scenario]") {
  SECTION("unknown key with a suggestion") {
    const auto e = parse_errors("name = 'x'\n[referral]\nbase_rat = 0.1\n" + kLa);
    CHECK(find_message(e, "base_rat'") ==
          "t.toml:3:1: key 'referral.base_rat': unknown key; did you mean 'referral.base_rate'?");
  }
  SECTION("unknown table") {
    const auto e = parse_errors(kMinimal + "[zzzqqq]\nx = 1\n");
    CHECK_THAT(find_message(e, "'zzzqqq'"), StartsWith("t.toml:7:1: key 'zzzqqq': unknown table"));
    const auto f = parse_errors(kMinimal + "[[lx]]\nname = 'b'\n");
    CHECK(find_message(f, "'lx'") == "t.toml:7:3: key 'lx': unknown table array; did you mean 'la'?");
  }
  SECTION("wrong type") {
    const auto e = parse_errors(kMinimal + "[output]\nscale = \"big\"\n");
    CHECK(find_message(e, "output.scale") ==
          "t.toml:8:1: key 'output.scale': expected a real number, got a string");
  }
  SECTION("a real where an integer is expected") {
    const auto e = parse_errors(kMinimal + "[run]\nyears = 2.5\n");
    CHECK_THAT(find_message(e, "run.years"),
               Contains("t.toml:8:1:") && Contains("expected an integer, got a real number"));
  }
  SECTION("out of range") {
    const auto e =
        parse_errors("name = 'x'\nreferral.base_rate = 1.5\n[[la]]\nname='a'\nchildren=1\n");
    CHECK(find_message(e, "base_rate") ==
          "t.toml:2:10: key 'referral.base_rate': must be between 0 and 1 (got 1.5)");
  }
  SECTION("string not among the choices") {
    const auto e =
        parse_errors("name = 'x'\n[referral]\nbase_rate = 0.1\npolicy = \"magic\"\n" + kLa);
    CHECK_THAT(find_message(e, "referral.policy"),
               StartsWith("t.toml:4:1:") && Contains("must be one of: hire, agency, wait"));
  }
  SECTION("invalid dates") {
    auto e = parse_errors(kMinimal + "[run]\nstart = \"2023-02-29\"\n");
    CHECK_THAT(find_message(e, "run.start"), StartsWith("t.toml:8:1:") && Contains("valid date"));
    e = parse_errors(kMinimal + "[run]\nstart = 12:00:00\n");
    CHECK_THAT(find_message(e, "run.start"), Contains("got a time"));
  }
  SECTION("missing required keys: file line 1, or the table's line") {
    auto e = parse_errors("referral.base_rate = 0.1\n[[la]]\nname = 'a'\nchildren = 1\n");
    CHECK(find_message(e, "'name'") == "t.toml:1:1: key 'name': required key is missing");
    e = parse_errors(
        "name = 'x'\n\n[referral]\npolicy = 'wait'\n[[la]]\nname = 'a'\nchildren = 1\n");
    CHECK(find_message(e, "base_rate") ==
          "t.toml:3:1: key 'referral.base_rate': required key is missing");
    e = parse_errors("name = 'x'\nreferral.base_rate = 0.1\n");
    CHECK_THAT(find_message(e, "'la'"),
               StartsWith("t.toml:1:1: key 'la': required key is missing"));
  }
  SECTION("table array with too few or too many elements") {
    auto e = parse_errors("name = 'x'\nreferral.base_rate = 0.1\nla = []\n");
    CHECK_THAT(find_message(e, "'la'"), StartsWith("t.toml:3:1: key 'la':") && Contains("(got 0)"));
    std::string four = "name = 'x'\nreferral.base_rate = 0.1\n";
    for (int i = 0; i < 4; ++i) four += "[[la]]\nname = 'a'\nchildren = 1\n";
    e = parse_errors(four);
    CHECK_THAT(find_message(e, "'la'"), Contains("between 1 and 3") && Contains("(got 4)"));
  }
  SECTION("a table given as a value and a value given as a table") {
    auto e = parse_errors("run = 5\n" + kMinimal);
    CHECK(find_message(e, "'run'") == "t.toml:1:1: key 'run': expected a table, got an integer");
    e = parse_errors("referral.base_rate = 0.1\n[[la]]\nname = 'a'\nchildren = 1\n[name]\nx = 1\n");
    CHECK(find_message(e, "'name'") == "t.toml:5:1: key 'name': expected a string, got a table");
    e = parse_errors("name = 'x'\nreferral.base_rate = 0.1\nla = 3\n");
    CHECK_THAT(find_message(e, "'la'"), Contains("expected an array of tables ([[la]])"));
  }
  SECTION("reserved keys") {
    auto e = parse_errors("schema = 2\n" + kMinimal);
    CHECK_THAT(find_message(e, "'schema'"), StartsWith("t.toml:1:1:") && Contains("version 2"));
    e = parse_errors("\nbase = 3\n" + kMinimal);
    CHECK_THAT(find_message(e, "'base'"), StartsWith("t.toml:2:1:") && Contains("got an integer"));
  }
  SECTION("keys inside table-array elements") {
    const auto e = load_errors("errors/element.toml");
    const std::string file = kDir + "errors/element.toml";
    CHECK(find_message(e, "children': expected") ==
          file + ":12:1: key 'la[1].children': expected an integer, got a string");
    CHECK(find_message(e, "childs") ==
          file + ":13:1: key 'la[1].childs': unknown key; did you mean 'la[1].children'?");
  }
}

TEST_CASE("scenario: several errors are reported at once in line order", "[unit][scenario]") {
  const auto e = parse_errors(
      "nmae = 'x'\n"       // 1: unknown key (and 'name' missing)
      "[run]\n"            // 2
      "years = 0\n"        // 3: out of range
      "start = 'soon'\n"   // 4: bad date
      "[referral]\n"       // 5: base_rate missing
      "policy = 'hope'\n"  // 6: not a choice
      "[[la]]\n"           // 7
      "name = 'a'\n"       // 8: children missing
      "cost = -1\n");      // 9: out of range
  REQUIRE(e.size() == 8);
  CHECK(e[0] == "t.toml:1:1: key 'nmae': unknown key; did you mean 'name'?");
  CHECK(e[1] == "t.toml:1:1: key 'name': required key is missing");
  CHECK(e[2] == "t.toml:3:1: key 'run.years': must be >= 1 (got 0)");
  CHECK_THAT(e[3], StartsWith("t.toml:4:1: key 'run.start':"));
  CHECK(e[4] == "t.toml:5:1: key 'referral.base_rate': required key is missing");
  CHECK_THAT(e[5], StartsWith("t.toml:6:1: key 'referral.policy':"));
  CHECK(e[6] == "t.toml:7:1: key 'la[0].children': required key is missing");
  CHECK(e[7] == "t.toml:9:1: key 'la[0].cost': must be >= 0 (got -1)");
}

TEST_CASE("scenario: base-file problems", "[unit][scenario]") {
  SECTION("an error in a base file names the base file") {
    const auto e = load_errors("errors/uses_bad_base.toml");
    CHECK(find_message(e, "base_rate") == kDir +
                                              "errors/bad_base.toml:4:1: key 'referral.base_rate': "
                                              "must be between 0 and 1 (got 1.5)");
  }
  SECTION("cycles are detected") {
    const auto e = load_errors("errors/cycle_a.toml");
    CHECK_THAT(find_message(e, "cycle"),
               StartsWith(kDir + "errors/cycle_b.toml:2:1: key 'base': inheritance cycle: ") &&
                   Contains("cycle_a.toml -> ") && Contains("cycle_b.toml -> "));
  }
  SECTION("missing base file") {
    const auto e = load_errors("errors/variant.toml");
    CHECK(find_message(e, "nope") == kDir +
                                         "errors/variant.toml:2:1: key 'base': cannot open "
                                         "'nope.toml' (No such file or directory)");
  }
  SECTION("base resolves against the base_dir of parsed text") {
    const Scenario s = Scenario::parse("base = 'inherit/derived.toml'\nname = 'text'\n", "t.toml",
                                       test_schema(), kDir);
    CHECK(s.globals().string("name") == "text");
    CHECK(s.globals().integer("run.years") == 30);
  }
  SECTION("missing top file and malformed TOML") {
    auto e = load_errors("errors/absent.toml");
    REQUIRE(e.size() == 1);
    CHECK(e[0] == kDir + "errors/absent.toml: cannot open scenario (No such file or directory)");
    e = load_errors("errors/syntax.toml");
    REQUIRE(e.size() == 1);
    CHECK_THAT(e[0], StartsWith(kDir + "errors/syntax.toml:2:") && Contains("TOML syntax error: "));
  }
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
  CHECK(message("run.years", 2.5) ==
        "--set: key 'run.years': expected an integer, got a real number");
  CHECK_THAT(message("run.start", std::string("2030-13-01")), Contains("valid date"));
  CHECK_THAT(message("referral.policy", std::string("x")), Contains("must be one of"));
  CHECK(message("run.yeas", std::int64_t{3}) ==
        "--set: key 'run.yeas': unknown key; did you mean 'run.years'?");
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
      case ParamType::integer:
        CHECK(back.globals().integer(p.key) == s.globals().integer(p.key));
        break;
      case ParamType::real:
        CHECK(back.globals().real(p.key) == s.globals().real(p.key));
        break;
      case ParamType::boolean:
        CHECK(back.globals().boolean(p.key) == s.globals().boolean(p.key));
        break;
      default:
        CHECK(back.globals().string(p.key) == s.globals().string(p.key));
        break;
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

TEST_CASE("scenario: hostile input only ever raises InputError", "[unit][scenario]") {
  const std::vector<std::string> inputs = {"",
                                           "[[[",
                                           std::string("a = \"\0\"", 7),
                                           "a = 1\na = 2",
                                           "la = [1, 2]",
                                           "la = [{name='a', children=1}, 3]",
                                           "run = [ {years = 1} ]",
                                           "\"run.years\" = 3",
                                           "referral.base_rate = nan",
                                           "referral.base_rate = inf",
                                           "[run]\nyears = 9223372036854775807",
                                           "name = 2024-01-01",
                                           "base = ''",
                                           "base = '/'",
                                           "base = 't.toml'",
                                           std::string(300, '[') + std::string(300, ']'),
                                           "\xff\xfe = 1",
                                           "x" + std::string(500, 'y') + " = 1"};
  for (const auto& in : inputs) {
    INFO(in);
    CHECK_THROWS_AS(Scenario::parse(in, "t.toml", test_schema(), kDir), InputError);
  }
}

TEST_CASE("scenario: an invalid schema default is a programming error", "[unit][scenario]") {
  Schema schema = test_schema();
  schema.params[1].default_value = std::int64_t{0};  // run.years must be >= 1
  CHECK_THROWS_AS(Scenario::parse(kMinimal, "t.toml", schema), std::logic_error);
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
