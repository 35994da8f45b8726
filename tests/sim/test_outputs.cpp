// Outputs that never destroy what a user has: results folders written whole or not at all,
// output files that are never a device or a FIFO, programs run without a shell, and messages
// that never carry control characters to the terminal.
#include <sys/stat.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "sim/core/errors.hpp"
#include "sim/core/text.hpp"
#include "sim/io/hdf5.hpp"
#include "sim/io/output_dir.hpp"
#include "sim/run/spawn.hpp"
#include "tests/temp_path.hpp"

namespace fs = std::filesystem;
using csc::sim::InputError;
using csc::sim::OutputDirectory;
using csc::test::TempPath;

namespace {

std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

/// Entries of the folder holding `p` whose names start with p's name (p itself, temporaries).
std::vector<std::string> siblings(const fs::path& p) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(p.parent_path())) {
    const auto name = e.path().filename().string();
    if (name.rfind(p.filename().string(), 0) == 0) out.push_back(name);
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_CASE("outputs: a results folder is written beside and moved into place", "[unit][outputs]") {
  TempPath dir("cscsim_results", "");
  {
    OutputDirectory out(dir.path, false);
    CHECK_FALSE(fs::exists(dir.path));
    std::ofstream(out.temp_path() / "table.csv") << "a,b\n";
    out.commit();
  }
  CHECK(slurp(dir.path / "table.csv") == "a,b\n");
  CHECK(siblings(dir.path) == std::vector<std::string>{dir.path.filename().string()});
}

TEST_CASE("outputs: a non-empty results folder is refused unless replaced whole", "[unit][outputs]") {
  TempPath dir("cscsim_results", "");
  fs::create_directory(dir.path);
  std::ofstream(dir.path / "old_report.html") << "old";
  CHECK_THROWS_WITH(OutputDirectory(dir.path, false), Catch::Contains("pass --force"));
  CHECK(slurp(dir.path / "old_report.html") == "old");
  {
    OutputDirectory out(dir.path, true);
    std::ofstream(out.temp_path() / "table.csv") << "new";
    CHECK(fs::exists(dir.path / "old_report.html"));  // untouched until commit
    out.commit();
  }
  CHECK_FALSE(fs::exists(dir.path / "old_report.html"));  // replaced whole, not mixed
  CHECK(slurp(dir.path / "table.csv") == "new");
  CHECK(siblings(dir.path) == std::vector<std::string>{dir.path.filename().string()});
}

TEST_CASE("outputs: results not committed leave no trace and keep the old folder", "[unit][outputs]") {
  TempPath dir("cscsim_results", "");
  fs::create_directory(dir.path);
  std::ofstream(dir.path / "report.html") << "old";
  {
    OutputDirectory out(dir.path, true);
    std::ofstream(out.temp_path() / "differences.csv") << "partial";
    // the command fails before commit
  }
  CHECK(slurp(dir.path / "report.html") == "old");
  CHECK_FALSE(fs::exists(dir.path / "differences.csv"));
  CHECK(siblings(dir.path) == std::vector<std::string>{dir.path.filename().string()});
}

TEST_CASE("outputs: a file, or a missing parent, is no results folder", "[unit][outputs]") {
  TempPath file("cscsim_results", ".txt");
  std::ofstream(file.path) << "mine";
  CHECK_THROWS_WITH(OutputDirectory(file.path, true), Catch::Contains("not a folder"));
  CHECK(slurp(file.path) == "mine");
  TempPath dir("cscsim_results", "");
  CHECK_THROWS_AS(OutputDirectory(dir.path / "missing" / "results", false), InputError);
}

TEST_CASE("outputs: an output file is never a FIFO or a device", "[unit][outputs]") {
  TempPath fifo("cscsim_fifo", ".h5");
  REQUIRE(::mkfifo(fifo.path.c_str(), 0600) == 0);
  CHECK_THROWS_WITH(csc::sim::h5::AtomicOutput(fifo.path), Catch::Contains("not a regular file"));
  CHECK(fs::is_fifo(fifo.path));
}

TEST_CASE("outputs: programs get their arguments verbatim, with no shell", "[unit][outputs]") {
  // test(1) compares its arguments: a shell would split or run them.
  CHECK(csc::sim::run_program({"/usr/bin/test", "v';touch PWNED;'", "=", "v';touch PWNED;'"}) == 0);
  CHECK(csc::sim::run_program({"/usr/bin/test", "$(id)", "=", "$(id)"}) == 0);
  CHECK(csc::sim::run_program({"/usr/bin/test", "a b", "=", "a"}) == 1);
  CHECK_THROWS_WITH(csc::sim::run_program({"/no/such/program"}), Catch::Contains("cannot start"));
}

TEST_CASE("outputs: control characters are escaped for the terminal", "[unit][outputs]") {
  using csc::sim::printable;
  CHECK(printable("plain O'Brien LA") == "plain O'Brien LA");
  CHECK(printable("\x1b[2Jx\r\n") == "\\x1b[2Jx\\x0d\\x0a");
  CHECK(printable(std::string("a\0b", 3)) == "a\\x00b");
  CHECK(printable("del\x7f") == "del\\x7f");
  CHECK(printable("\xc2\x9b"
                  "31m") == "\\x9b31m");                               // C1 CSI in UTF-8
  CHECK(printable("caf\xc3\xa9 \xc2\xa3") == "caf\xc3\xa9 \xc2\xa3");  // other UTF-8 kept
}
