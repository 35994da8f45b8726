// Scenario error reports: each kind of problem named by file, line and key, several at once in
// line order, problems in base files, and an invalid schema default (a programming error).
#include <catch2/catch.hpp>

#include <cstdint>
#include <stdexcept>
#include <string>

#include "sim/core/errors.hpp"
#include "sim/io/scenario.hpp"
#include "tests/sim/scenario_fixture.hpp"

using namespace csc::sim;
using namespace csc::test;

namespace {

using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

}  // namespace

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
    CHECK(find_message(e, "output.scale") == "t.toml:8:1: key 'output.scale': expected a real number, got a string");
  }
  SECTION("a real where an integer is expected") {
    const auto e = parse_errors(kMinimal + "[run]\nyears = 2.5\n");
    CHECK_THAT(find_message(e, "run.years"),
               Contains("t.toml:8:1:") && Contains("expected an integer, got a real number"));
  }
  SECTION("out of range") {
    const auto e = parse_errors("name = 'x'\nreferral.base_rate = 1.5\n[[la]]\nname='a'\nchildren=1\n");
    CHECK(find_message(e, "base_rate") == "t.toml:2:10: key 'referral.base_rate': must be between 0 and 1 (got 1.5)");
  }
  SECTION("string not among the choices") {
    const auto e = parse_errors("name = 'x'\n[referral]\nbase_rate = 0.1\npolicy = \"magic\"\n" + kLa);
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
    e = parse_errors("name = 'x'\n\n[referral]\npolicy = 'wait'\n[[la]]\nname = 'a'\nchildren = 1\n");
    CHECK(find_message(e, "base_rate") == "t.toml:3:1: key 'referral.base_rate': required key is missing");
    e = parse_errors("name = 'x'\nreferral.base_rate = 0.1\n");
    CHECK_THAT(find_message(e, "'la'"), StartsWith("t.toml:1:1: key 'la': required key is missing"));
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
    CHECK(find_message(e, "childs") == file + ":13:1: key 'la[1].childs': unknown key; did you mean 'la[1].children'?");
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
    const Scenario s = Scenario::parse("base = 'inherit/derived.toml'\nname = 'text'\n", "t.toml", test_schema(), kDir);
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

TEST_CASE("scenario: an invalid schema default is a programming error", "[unit][scenario]") {
  Schema schema = test_schema();
  schema.params[1].default_value = std::int64_t{0};  // run.years must be >= 1
  CHECK_THROWS_AS(Scenario::parse(kMinimal, "t.toml", schema), std::logic_error);
}
