#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <toml++/toml.h>
#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/core/errors.hpp"
#include "sim/io/scenario.hpp"
#include "sim/io/schema_doc.hpp"
#include "sim/io/toml_limits.hpp"
#include "tests/temp_path.hpp"

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
using Catch::Matchers::EndsWith;
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

// ---------------------------------------------------------------- hostile files (limits)

namespace {

std::string dotted(std::size_t parts) {
  std::string key = "a";
  key.reserve(2 * parts);
  for (std::size_t i = 1; i < parts; ++i) key += ".a";
  return key;
}

void write_text(const std::filesystem::path& p, const std::string& text) { std::ofstream(p, std::ios::binary) << text; }

/// Messages of the InputError that loading `file` throws. Guards against a regression that
/// blocks on a FIFO: after 20 s it opens the FIFO for writing and closes it, which ends a
/// blocked open or read, and fails the test.
std::vector<std::string> load_errors_guarded(const std::filesystem::path& file, const std::filesystem::path& fifo) {
  auto result = std::async(std::launch::async, [file]() -> std::vector<std::string> {
    try {
      (void)Scenario::load(file, test_schema());
    } catch (const InputError& e) {
      return e.messages();
    }
    return {"(loaded without an error)"};
  });
  if (result.wait_for(std::chrono::seconds(20)) != std::future_status::ready) {
    for (int i = 0; i < 100 && result.wait_for(std::chrono::milliseconds(100)) != std::future_status::ready; ++i) {
      const int fd = ::open(fifo.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC);
      if (fd >= 0) ::close(fd);
    }
    FAIL("loading " << file << " blocked on the FIFO " << fifo);
  }
  return result.get();
}

void make_sparse(const std::filesystem::path& p, std::size_t size) {
  const int fd = ::open(p.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  REQUIRE(fd >= 0);
  const int rc = ::ftruncate(fd, static_cast<off_t>(size));
  ::close(fd);
  REQUIRE(rc == 0);
}

}  // namespace

TEST_CASE("scenario: keys with too many dotted parts are refused before parsing", "[unit][scenario]") {
  SECTION("a key of 50,000 parts (it overflowed the stack)") {
    const auto e = parse_errors(dotted(50000) + " = 1\n");
    REQUIRE(e.size() == 1);
    CHECK(e[0] ==
          "t.toml:1:1: key 'a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a...': has 50000 dotted "
          "parts; a scenario allows at most 32");
  }
  SECTION("a table header of 50,000 parts, after valid lines") {
    const auto e = parse_errors(kMinimal + "\n[" + dotted(50000) + "]\nx = 1\n");
    REQUIRE(e.size() == 1);
    CHECK_THAT(e[0], StartsWith("t.toml:8:1: table header 'a.a.a.a") &&
                         Contains("has 50000 dotted parts; a scenario allows at most 32"));
  }
  SECTION("an array-of-tables header and a key inside an inline table") {
    auto e = parse_errors("[[" + dotted(33) + "]]\n");
    REQUIRE(e.size() == 1);
    CHECK_THAT(e[0], StartsWith("t.toml:1:1: table header 'a.a.") && Contains("has 33 dotted parts"));
    e = parse_errors("name = 'x'\nx = { b = 1, " + dotted(40) + " = 2 }\n");
    REQUIRE(e.size() == 1);
    CHECK_THAT(e[0], StartsWith("t.toml:2:14: key 'a.a.") && Contains("has 40 dotted parts"));
  }
  SECTION("a key of 5,000,000 parts (10 MB on one line)") {
    const auto e = parse_errors(dotted(5000000) + " = 1\n");
    REQUIRE(e.size() == 1);
    CHECK_THAT(e[0], StartsWith("t.toml:1:1: key 'a.a.") && Contains("has 5000000 dotted parts"));
  }
  SECTION("nesting: header, dotted keys, inline tables and arrays count together") {
    // 32 + 32 = 64 levels are allowed (the schema reports an unknown table, nothing worse) ...
    auto e = parse_errors("[" + dotted(32) + "]\n" + dotted(32) + " = 1\n");
    REQUIRE(!e.empty());
    CHECK_THAT(e[0], Contains("unknown table"));
    // ... 65 are not.
    e = parse_errors("[[" + dotted(32) + "]]\n" + dotted(32) + " = 1\n");  // 33 + 32
    REQUIRE(e.size() == 1);
    CHECK_THAT(e[0], StartsWith("t.toml:2:1: key 'a.a.a") &&
                         Contains("nests 65 tables and arrays deep; a scenario allows at most 64"));
    std::string inline_tables = "x = ";
    for (int i = 0; i < 10; ++i) inline_tables += "{ " + dotted(8) + " = ";
    e = parse_errors(inline_tables + "1" + std::string(10, '}') + "\n");
    REQUIRE(e.size() == 1);
    CHECK_THAT(e[0], StartsWith("t.toml:1:") && Contains("nests 65 tables and arrays deep"));
    e = parse_errors("x = " + std::string(200, '[') + std::string(200, ']') + "\n");
    REQUIRE(e.size() == 1);
    CHECK_THAT(e[0], StartsWith("t.toml:1:69: value '[[[[") && Contains("nests 65 tables"));
  }
  SECTION("dots inside strings, comments and quoted keys do not count") {
    const std::string many = dotted(1000);
    CHECK(scan_toml_shape(kMinimal + "# " + many + "\n[run]\nyears = 3 # " + many + "\n").result ==
          TomlShape::Result::ok);
    const std::string text = "a = \"" + many + "\"\nb = '" + many + "'\nc = \"\"\"\n[" + many +
                             "]\n\\\"\"\" \"\"\"\nd = '''\n" + many + " = 1\n'''\n\"" + many + "\" = 1\ne = [\"" +
                             many + "\", # " + many + "\n]\n";
    REQUIRE_NOTHROW(toml::parse(text));
    CHECK(scan_toml_shape(text).result == TomlShape::Result::ok);
  }
}

TEST_CASE("scenario: thousands of problems are cut to the first 100", "[unit][scenario]") {
  // A 2 MB file of unknown keys took 90 s working out a "did you mean" for each.
  std::string text = kMinimal;
  for (int i = 0; i < 20000; ++i) text += "[k" + std::to_string(i) + "]\n";
  const auto e = parse_errors(text);
  REQUIRE(e.size() == 101);
  CHECK_THAT(e[0], StartsWith("t.toml:7:1: key 'k0': unknown table"));
  CHECK(e[100] == "t.toml: 19900 more problems not shown (the first 100 are above)");
}

TEST_CASE("scenario: the shape scan follows every TOML file the project has", "[unit][scenario]") {
  // A scan that gave up early on valid TOML could miss a deep key after that point.
  const std::string tricky = R"(# comment
title = "a \"quoted\" [not.a.table]" # x.y.z
'literal.key' = 'it'
"quoted.key" . bare = 1
ml = """
  multi [line] \"""
  a.b.c = 1 """
ml2 = '''x''''
ml3 = """x"""""
num = [1, 2.5e3, -inf, nan, 0x1F, 0o7, 0b1, 1_000,]
dt = 1979-05-27 07:32:00Z
dt2 = [1979-05-27T07:32:00-08:00, 07:32:00.5, 1979-05-27 00:32:00.999999]
nested = [[1, [2]], [ {a = 1}, {b.c = [ { d = 'e' } ]} ], ]
empty = { }
empties = [ [ ], { } ]
[ spaced . header ]
x = true
[[arr.of]]
y = false
[[arr.of]]  # again
[arr.of.sub]
z = "\u00e9\\"
)";
  REQUIRE_NOTHROW(toml::parse(tricky));
  CHECK(scan_toml_shape(tricky).result == TomlShape::Result::ok);
  CHECK(scan_toml_shape("\xEF\xBB\xBF"
                        "a = 1\r\nb = 2\r\n")
            .result == TomlShape::Result::ok);

  int files = 0;
  for (const char* dir : {"/scenarios", "/tests/fixtures", "/analysis"}) {
    const std::filesystem::path root = std::string(CSC_SOURCE_DIR) + dir;
    if (!std::filesystem::exists(root)) continue;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
      if (!entry.is_regular_file() || entry.path().extension() != ".toml") continue;
      std::ifstream in(entry.path(), std::ios::binary);
      const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      try {
        (void)toml::parse(text);
      } catch (const toml::parse_error&) {
        continue;  // a fixture of malformed TOML: the scan may give up on it
      }
      INFO(entry.path());
      CHECK(scan_toml_shape(text).result == TomlShape::Result::ok);
      ++files;
    }
  }
  CHECK(files > 20);
}

TEST_CASE("scenario: a base chain longer than the limit is refused", "[unit][scenario]") {
  const csc::test::TempPath dir("cscsim_chain", "");
  std::filesystem::create_directories(dir.path);
  const auto file = [&](std::size_t i) {
    std::string name = std::to_string(i);
    name.insert(0, 1, 'f');  // (not "f" + ...: GCC 12 warns falsely, -Wrestrict, bug 105329)
    name += ".toml";
    return dir.path / name;
  };
  SECTION("1,000 files, each the base of the one before (10,000 overflowed the stack)") {
    for (std::size_t i = 0; i < 1000; ++i) {
      write_text(file(i), "base = 'f" + std::to_string(i + 1) + ".toml'\n");
    }
    std::vector<std::string> e;
    try {
      (void)Scenario::load(file(0), test_schema());
    } catch (const InputError& err) {
      e = err.messages();
    }
    REQUIRE(e.size() == 1);
    CHECK_THAT(e[0], StartsWith(file(32).string() + ":1:1: key 'base': 'f33.toml' would be base file 33 of ") &&
                         Contains("f0.toml; a scenario may inherit through at most 32 base files"));
  }
  SECTION("32 base files are allowed") {
    for (std::size_t i = 0; i < 32; ++i) {
      write_text(file(i), "base = 'f" + std::to_string(i + 1) + ".toml'\n");
    }
    write_text(file(32), kMinimal);
    const Scenario s = Scenario::load(file(0), test_schema());
    CHECK(s.globals().string("name") == "min");
  }
}

TEST_CASE("scenario: only regular files of a bounded size are read", "[unit][scenario]") {
  const csc::test::TempPath dir("cscsim_special", "");
  std::filesystem::create_directories(dir.path);
  const auto fifo = dir.path / "fifo.toml";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  const auto top = dir.path / "top.toml";

  SECTION("the scenario is a FIFO") {
    const auto e = load_errors_guarded(fifo, fifo);
    REQUIRE(e.size() == 1);
    CHECK(e[0] == fifo.string() + ": cannot open scenario (not a regular file: a FIFO)");
  }
  SECTION("the base is a FIFO") {
    write_text(top, "name = 'x'\nbase = 'fifo.toml'\n");
    const auto e = load_errors_guarded(top, fifo);
    REQUIRE(e.size() == 1);
    CHECK(e[0] == top.string() + ":2:1: key 'base': cannot open 'fifo.toml' (not a regular file: a FIFO)");
  }
  SECTION("the base is a directory") {
    std::filesystem::create_directories(dir.path / "sub");
    write_text(top, "base = 'sub'\n");
    const auto e = load_errors_guarded(top, fifo);
    REQUIRE(e.size() == 1);
    CHECK(e[0] == top.string() + ":1:1: key 'base': cannot open 'sub' (Is a directory)");
  }
  SECTION("a file larger than the limit (sparse: nothing is written to disk)") {
    const auto big = dir.path / "big.toml";
    make_sparse(big, kMaxScenarioFileBytes + 1);
    write_text(top, "name = 'x'\n\nbase = 'big.toml'\n");
    auto e = load_errors_guarded(top, fifo);
    REQUIRE(e.size() == 1);
    CHECK(e[0] == top.string() +
                      ":3:1: key 'base': cannot open 'big.toml' (16777217 bytes; a scenario file "
                      "may have at most 16 MiB)");
    e = load_errors_guarded(big, fifo);
    REQUIRE(e.size() == 1);
    CHECK(e[0] == big.string() +
                      ": cannot open scenario (16777217 bytes; a scenario file may have at most "
                      "16 MiB)");
  }
  SECTION("a file of exactly the limit is read (and fails as TOML, not as a file)") {
    const auto big = dir.path / "big.toml";
    make_sparse(big, kMaxScenarioFileBytes);
    const auto e = load_errors_guarded(big, fifo);
    REQUIRE(e.size() == 1);
    CHECK_THAT(e[0], Contains("TOML syntax error"));
  }
}
