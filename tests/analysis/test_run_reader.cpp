// Reading run files that are corrupt or hostile: every problem is an InputError naming the file
// and the dataset or attribute, never a read outside a buffer or a silent wrong number
// (analysis/run_reader.hpp, analysis/verify_run.hpp). Each case starts from a real tiny run,
// changes one thing with the HDF5 C API, and reads it back.
#include <hdf5.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "analysis/cohort_reader.hpp"
#include "analysis/compare.hpp"
#include "analysis/run_reader.hpp"
#include "analysis/verify_run.hpp"
#include "models/output/run_file.hpp"
#include "models/scenario/parameters.hpp"
#include "models/world/runner.hpp"
#include "sim/core/errors.hpp"
#include "sim/io/hdf5.hpp"
#include "tests/fixture_run.hpp"
#include "tests/temp_path.hpp"

namespace fs = std::filesystem;
namespace h5 = csc::sim::h5;
using Catch::Matchers::Contains;
using csc::analysis::RunFile;
using csc::sim::InputError;
using csc::test::TempPath;

namespace {

/// The tiny scenario (2 replicates, 1 year, one LA), run once per test process.
const fs::path& good_run() {
  static TempPath file("cscsim_reader_good");
  static const bool made = [] {
    csc::test::run_fixture("bad/tiny.toml", file.path, {{"run.replicates", 2}, {"run.years", 1}});
    return true;
  }();
  (void)made;
  return file.path;
}

/// A copy of the good run to change.
struct Copy {
  TempPath tmp{"cscsim_reader_case"};
  Copy() { fs::copy_file(good_run(), tmp.path); }
  [[nodiscard]] std::string path() const { return tmp.path.string(); }
};

/// The copy opened for writing; closes on destruction.
struct Writable {
  h5::Handle file;
  explicit Writable(const Copy& c) : file(H5Fopen(c.path().c_str(), H5F_ACC_RDWR, H5P_DEFAULT)) { REQUIRE(file); }
  [[nodiscard]] hid_t id() const { return file.id(); }
  void drop_checksum() const {  // as a file written before checksums existed
    REQUIRE(H5Adelete_by_name(id(), "meta", csc::models::kChecksumAttribute, H5P_DEFAULT) >= 0);
  }
  void set_int(const char* name, std::int64_t v) const { h5::write_attr(h5::open_group(id(), "meta").id(), name, v); }
};

std::string message(const std::function<void()>& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no InputError)";
}

}  // namespace

TEST_CASE("a good run file opens, reads and verifies", "[analysis][run_reader]") {
  const RunFile run = RunFile::open(good_run());
  CHECK(run.has_checksum);
  CHECK(run.replicates == 2);
  CHECK(run.weeks == 52);
  CHECK(run.las == 1);
  const auto s = run.series("care_entries");
  CHECK(s.values.size() == 2u * 52u);
  CHECK(run.replicate_values("state_count", 1).size() == 52u * 8u);
  const auto v = csc::analysis::verify_run(good_run());
  INFO(csc::analysis::format_verification(v));
  CHECK(v.ok());
  CHECK(v.checks.size() >= 15);
  // The checksum is a function of the attribute values: the same file gives the same one.
  CHECK(csc::models::attribute_checksum(run.handle()) ==
        h5::read_attr_string(h5::open_group(run.handle(), "meta").id(), "checksum"));
}

TEST_CASE("a shortened /series dataset is refused by series() and compare and verify", "[analysis][run_reader]") {
  Copy c;
  {
    Writable w(c);
    // Replace care_entries with one 10 weeks short, keeping its attributes (so only the shape
    // is wrong), as in the reproducer.
    const auto values = h5::read_all<float>(w.id(), "series/care_entries");
    REQUIRE(H5Ldelete(w.id(), "series/care_entries", H5P_DEFAULT) >= 0);
    auto ds =
        h5::Dataset::create(w.id(), "series/care_entries", H5T_NATIVE_FLOAT, {2, 42, 1}, {}, {{1, 42, 1}, 4, true});
    ds.write_slab({0, 0, 0}, {2, 42, 1}, H5T_NATIVE_FLOAT, values.data());
    for (const char* a : {"units", "meaning"}) {
      const auto text = std::string(a) == "units" ? "children" : "Children starting to be looked after";
      // Fixed-length, like the writer's: the attribute checksum then still matches.
      h5::Handle t(H5Tcopy(H5T_C_S1));
      H5Tset_size(t.id(), std::string(text).size() + 1);
      H5Tset_cset(t.id(), H5T_CSET_UTF8);
      h5::Handle sp(H5Screate(H5S_SCALAR));
      h5::Handle at(H5Acreate2(ds.id(), a, t.id(), sp.id(), H5P_DEFAULT, H5P_DEFAULT));
      REQUIRE(H5Awrite(at.id(), t.id(), text) >= 0);
    }
    // Its axes too, as the writer attaches them (the attribute checksum covers their names).
    for (const auto& [axis, d] : {std::pair{"series/replicate", 0u}, {"series/week", 1u}, {"series/la", 2u}}) {
      const auto scale = h5::Dataset::open(w.id(), axis);
      h5::attach_dimension_scale(ds.id(), scale.id(), d);
    }
  }
  const RunFile run = RunFile::open(c.path());
  const std::string m = message([&] { (void)run.series("care_entries"); });
  CHECK_THAT(m, Contains(c.path()) && Contains("/series/care_entries") && Contains("shape (2, 42, 1)") &&
                    Contains("(2, 52, 1)"));
  const RunFile base = RunFile::open(good_run());
  std::vector<RunFile> variants;
  variants.push_back(RunFile::open(c.path()));
  CHECK_THAT(message([&] { (void)csc::analysis::compare_runs(base, variants, false); }),
             Contains("/series/care_entries"));
  const auto v = csc::analysis::verify_run(c.path());
  CHECK_FALSE(v.ok());
  CHECK_THAT(v.failures().front(), Contains("series shapes") && Contains("/series/care_entries"));
}

TEST_CASE("/meta: shapes out of range and la_names and complete are checked on open", "[analysis][run_reader]") {
  struct Case {
    const char* attr;
    std::int64_t value;
    const char* expect;
  };
  const Case cases[] = {
      {"replicates", 0, "replicates = 0, expected 1 to"},
      {"replicates", -3, "replicates = -3"},
      {"weeks", 0, "weeks = 0"},
      {"las", 0, "las = 0"},
      {"replicates", std::int64_t{1} << 40, "replicates = 1099511627776"},
      {"las", 2, "la_names has 1 name(s) for las = 2"},
      {"complete", 7, "complete = 7, expected 0 or 1"},
      {"schema_version", 99, "schema_version = 99"},
  };
  for (const Case& k : cases) {
    CAPTURE(k.attr, k.value);
    Copy c;
    Writable(c).set_int(k.attr, k.value);
    CHECK_THAT(message([&] { (void)RunFile::open(c.path()); }), Contains(c.path()) && Contains(k.expect));
  }
  SECTION("a declared shape too large to read fails before anything is allocated") {
    Copy c;
    {
      Writable w(c);
      w.set_int("replicates", 100000);
      w.set_int("weeks", 10000);
    }
    CHECK_THAT(message([&] { (void)RunFile::open(c.path()); }), Contains("cells per series"));
  }
  SECTION("replicates larger than the datasets: the shape check refuses them") {
    Copy c;
    {
      Writable w(c);
      w.set_int("replicates", 3);
      w.drop_checksum();
    }
    const RunFile run = RunFile::open(c.path());
    CHECK_THAT(message([&] { (void)run.series("stock_cp"); }), Contains("/series/stock_cp") && Contains("shape"));
  }
}

TEST_CASE("the attribute checksum catches a changed string and files without one are read", "[analysis][run_reader]") {
  Copy c;
  {
    Writable w(c);
    h5::write_attr(h5::open_group(w.id(), "meta").id(), "scenario_name", std::string_view("tinY"));
  }
  CHECK_THAT(message([&] { (void)RunFile::open(c.path()); }),
             Contains(c.path()) && Contains("/meta checksum") && Contains("do not match"));
  Copy old;
  Writable(old).drop_checksum();
  const RunFile run = RunFile::open(old.path());
  CHECK_FALSE(run.has_checksum);
  const auto v = csc::analysis::verify_run(old.path());
  CHECK_FALSE(v.ok());
  CHECK_THAT(v.failures().front(), Contains("attribute checksum"));
}

TEST_CASE("non-finite series values are refused with the dataset and cell", "[analysis][run_reader]") {
  for (const float bad : {std::numeric_limits<float>::infinity(), std::numeric_limits<float>::quiet_NaN()}) {
    Copy c;
    {
      Writable w(c);
      auto ds = h5::Dataset::open(w.id(), "series/spend_total");
      ds.write_slab({1, 3, 0}, {1, 1, 1}, H5T_NATIVE_FLOAT, &bad);
    }
    const RunFile run = RunFile::open(c.path());
    CHECK_THAT(message([&] { (void)run.series("spend_total"); }),
               Contains("/series/spend_total") && Contains("non-finite") && Contains("replicate 1, week 3, LA 0"));
    CHECK_FALSE(csc::analysis::verify_run(c.path()).ok());
  }
}

TEST_CASE("a changed byte in a chunk is a checksum mismatch naming the dataset", "[analysis][run_reader]") {
  Copy c;
  haddr_t offset = 0;
  hsize_t size = 0;
  {
    const RunFile run = RunFile::open(c.path());
    const auto ds = h5::Dataset::open(run.handle(), "series/stock_cp");
    const hsize_t at[3] = {1, 0, 0};
    unsigned mask = 0;
    REQUIRE(H5Dget_chunk_info_by_coord(ds.id(), at, &mask, &offset, &size) >= 0);
    REQUIRE(size > 8);
  }
  {
    std::fstream f(c.path(), std::ios::in | std::ios::out | std::ios::binary);
    f.seekg(static_cast<std::streamoff>(offset + size / 2));
    char b = 0;
    f.read(&b, 1);
    b = static_cast<char>(b ^ 0x10);
    f.seekp(static_cast<std::streamoff>(offset + size / 2));
    f.write(&b, 1);
  }
  const RunFile run = RunFile::open(c.path());
  CHECK_THAT(message([&] { (void)run.series("stock_cp"); }),
             Contains(c.path()) && Contains("/series/stock_cp: checksum mismatch or corrupt data"));
  CHECK_NOTHROW(run.series("stock_cin"));  // other datasets are intact
  CHECK_FALSE(csc::analysis::verify_run(c.path()).ok());
}

TEST_CASE("cohort tables: fields and row values are checked", "[analysis][run_reader]") {
  SECTION("a table without a field the reader converts is refused on open") {
    Copy c;
    {
      Writable w(c);
      w.drop_checksum();
      REQUIRE(H5Ldelete(w.id(), "cohort/events", H5P_DEFAULT) >= 0);
      h5::Handle t(H5Tcreate(H5T_COMPOUND, 8));
      H5Tinsert(t.id(), "replicate", 0, H5T_NATIVE_UINT32);
      H5Tinsert(t.id(), "child", 4, H5T_NATIVE_UINT32);
      h5::Dataset::create(w.id(), "cohort/events", t.id(), {0}, {h5::unlimited}, {{64}, 1, true});
    }
    CHECK_THAT(message([&] { (void)RunFile::open(c.path()); }),
               Contains("/cohort/events") && Contains("field 'family' missing"));
  }
  SECTION("a row whose LA is out of range is refused by read_events") {
    Copy c;
    {
      Writable w(c);
      w.drop_checksum();
      const auto types = csc::models::CohortTypes::make();
      auto ds = h5::Dataset::open(w.id(), "cohort/events");
      csc::models::EventRow row{};
      ds.read_slab({5}, {1}, types.event.id(), &row);
      row.la = 7;
      ds.write_slab({5}, {1}, types.event.id(), &row);
    }
    const RunFile run = RunFile::open(c.path());
    CHECK_THAT(message([&] { (void)csc::analysis::read_events(run); }),
               Contains("/cohort/events") && Contains("row 5") && Contains("la 7"));
  }
}

TEST_CASE("verify reports a broken stock-flow identity", "[analysis][run_reader]") {
  Copy c;
  {
    Writable w(c);
    auto ds = h5::Dataset::open(w.id(), "series/stock_cin");
    float v = 0;
    ds.read_slab({0, 10, 0}, {1, 1, 1}, H5T_NATIVE_FLOAT, &v);
    v += 1.0f;
    ds.write_slab({0, 10, 0}, {1, 1, 1}, H5T_NATIVE_FLOAT, &v);
  }
  const auto v = csc::analysis::verify_run(c.path());
  REQUIRE_FALSE(v.ok());
  const auto failures = v.failures();
  REQUIRE(failures.size() == 1);
  CHECK_THAT(failures.front(), Contains("stock_cin = stock_assessment") && Contains("replicate 0, week 10, LA 0"));
}

TEST_CASE("files that are not run files or are cut short are InputErrors", "[analysis][run_reader]") {
  TempPath text("cscsim_reader_text", ".h5");
  std::ofstream(text.path) << "not HDF5\n";
  CHECK_THROWS_AS(RunFile::open(text.path), InputError);
  CHECK_FALSE(csc::analysis::verify_run(text.path).ok());
  const auto size = fs::file_size(good_run());
  for (const auto keep : {size / 3, size / 2, size - 1}) {
    CAPTURE(keep);
    TempPath cut("cscsim_reader_cut");
    fs::copy_file(good_run(), cut.path);
    fs::resize_file(cut.path, keep);
    const std::string m = message([&] {
      const RunFile run = RunFile::open(cut.path);
      for (const auto& n : run.series_names()) (void)run.replicate_values(n, 0);
      (void)csc::analysis::read_events(run);
    });
    CHECK_THAT(m, Contains(cut.path.string()));
  }
}
