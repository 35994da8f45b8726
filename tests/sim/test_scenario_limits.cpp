// Hostile scenario input (sim/io/toml_limits.hpp): keys too deep, floods of problems, base chains
// too long, FIFOs, devices and huge files; the shape scan must accept every valid TOML file.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <toml++/toml.h>
#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <string>
#include <vector>

#include "sim/core/errors.hpp"
#include "sim/io/scenario.hpp"
#include "sim/io/toml_limits.hpp"
#include "tests/sim/scenario_fixture.hpp"
#include "tests/temp_path.hpp"

using namespace csc::sim;
using namespace csc::test;

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

using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

}  // namespace

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
