// The content digest of a run file (analysis/digest.hpp), which the golden test
// (tests/golden/) relies on: equal output gives equal digests, one changed value changes its
// dataset's digest and the run's and no other, the shape counts, and /meta (host, times,
// threads, version) does not; nor does how the values are stored (width, padding).
#include <hdf5.h>

#include <catch2/catch.hpp>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "analysis/digest.hpp"
#include "models/scenario/parameters.hpp"
#include "models/world/runner.hpp"
#include "sim/core/errors.hpp"
#include "sim/io/hdf5.hpp"
#include "tests/fixture_run.hpp"
#include "tests/temp_path.hpp"

namespace fs = std::filesystem;
namespace h5 = csc::sim::h5;
using csc::analysis::digest_file;
using csc::analysis::RunDigest;
using csc::test::TempPath;

namespace {

/// The golden baseline (5,000 children, 2 replicates, 2 years), run once for every test case.
const fs::path& golden_run() {
  static TempPath out("cscsim_digest");
  static const bool done = [] {
    csc::test::run_fixture("golden/baseline.toml", out.path);
    return true;
  }();
  (void)done;
  return out.path;
}

std::map<std::string, std::uint64_t> by_path(const RunDigest& d) {
  std::map<std::string, std::uint64_t> m;
  for (const auto& ds : d.datasets) m[ds.path] = ds.digest;
  return m;
}

/// Paths whose digests differ (both digests list the same paths).
std::vector<std::string> changed(const RunDigest& a, const RunDigest& b) {
  const auto ma = by_path(a), mb = by_path(b);
  REQUIRE(ma.size() == mb.size());
  std::vector<std::string> out;
  for (const auto& [path, digest] : ma) {
    REQUIRE(mb.count(path) == 1);
    if (mb.at(path) != digest) out.push_back(path);
  }
  return out;
}

h5::Handle open_rw(const fs::path& p) {
  h5::Handle f(H5Fopen(p.c_str(), H5F_ACC_RDWR, H5P_DEFAULT));
  REQUIRE(f);
  return f;
}

/// Adds `delta` to one int32 field of one row of a compound table, through the table's own
/// type made native (so no other byte of the row changes).
void bump_field(const fs::path& file, const std::string& table, hsize_t row, const char* field, std::int32_t delta) {
  const auto f = open_rw(file);
  auto ds = h5::Dataset::open(f.id(), table);
  const h5::Handle ft = ds.file_type();
  const h5::Handle nt(H5Tget_native_type(ft.id(), H5T_DIR_DEFAULT));
  std::vector<unsigned char> buf(H5Tget_size(nt.id()));
  ds.read_slab({row}, {1}, nt.id(), buf.data());
  const int index = H5Tget_member_index(nt.id(), field);
  REQUIRE(index >= 0);
  const std::size_t offset = H5Tget_member_offset(nt.id(), static_cast<unsigned>(index));
  std::int32_t v = 0;
  std::memcpy(&v, buf.data() + offset, sizeof v);
  v += delta;
  std::memcpy(buf.data() + offset, &v, sizeof v);
  ds.write_slab({row}, {1}, nt.id(), buf.data());
}

/// A file holding one dataset /series/x of the given shape and file type, from floats.
void write_series(const fs::path& file, const std::vector<hsize_t>& dims, hid_t file_type,
                  const std::vector<float>& values) {
  const auto f = h5::create_file(file);
  auto ds = h5::Dataset::create(f.id(), "series/x", file_type, dims, {}, h5::Layout{{}, 0, false});
  std::vector<hsize_t> zero(dims.size(), 0);
  ds.write_slab(zero, dims, H5T_NATIVE_FLOAT, values.data());
}

}  // namespace

TEST_CASE("digest: equal files give equal digests and every series and cohort table is covered", "[analysis][digest]") {
  TempPath copy("cscsim_digest");
  fs::copy_file(golden_run(), copy.path);
  const RunDigest a = digest_file(golden_run());
  const RunDigest b = digest_file(copy.path);
  CHECK(a.run == b.run);
  CHECK(changed(a, b).empty());
  const auto m = by_path(a);
  CHECK(m.count("/series/stock_cp") == 1);
  CHECK(m.count("/series/state_count") == 1);
  CHECK(m.count("/cohort/events") == 1);
  CHECK(m.count("/cohort/children") == 1);
  for (const auto& [path, d] : m) CHECK(path.rfind("/meta", 0) != 0);
  // Every dataset has its own digest, and the listing ends with the run line.
  CHECK(a.datasets.size() > 70);
  const std::string text = csc::analysis::format_digest(a);
  CHECK(text.find(csc::analysis::hex_digest(m.at("/series/stock_cp")) + "  /series/stock_cp  (2,104,1)\n") !=
        std::string::npos);
  CHECK(text.size() > 18);
  CHECK(text.substr(text.size() - 22) == csc::analysis::hex_digest(a.run) + "  run\n");
}

TEST_CASE("digest: one changed series value changes that dataset and the run, nothing else", "[analysis][digest]") {
  TempPath copy("cscsim_digest");
  fs::copy_file(golden_run(), copy.path);
  {
    const auto f = open_rw(copy.path);
    auto ds = h5::Dataset::open(f.id(), "series/stock_cp");
    float v = 0.0f;
    ds.read_slab({1, 50, 0}, {1, 1, 1}, H5T_NATIVE_FLOAT, &v);
    v += 1.0f;
    ds.write_slab({1, 50, 0}, {1, 1, 1}, H5T_NATIVE_FLOAT, &v);
  }
  const RunDigest a = digest_file(golden_run());
  const RunDigest b = digest_file(copy.path);
  CHECK(changed(a, b) == std::vector<std::string>{"/series/stock_cp"});
  CHECK(a.run != b.run);
}

TEST_CASE("digest: one changed cohort row changes that table and the run, nothing else", "[analysis][digest]") {
  struct Case {
    const char* table;
    const char* field;
    const char* path;
  };
  for (const Case& c :
       {Case{"cohort/events", "day", "/cohort/events"}, Case{"cohort/children", "days_cin", "/cohort/children"}}) {
    TempPath copy("cscsim_digest");
    fs::copy_file(golden_run(), copy.path);
    bump_field(copy.path, c.table, 7, c.field, 1);
    const RunDigest a = digest_file(golden_run());
    const RunDigest b = digest_file(copy.path);
    const std::vector<std::string> expected{c.path};
    CHECK(changed(a, b) == expected);
    CHECK(a.run != b.run);
  }
}

TEST_CASE("digest: /meta is not hashed (host, times, threads, version, scenario text)", "[analysis][digest]") {
  TempPath copy("cscsim_digest");
  fs::copy_file(golden_run(), copy.path);
  {
    const auto f = open_rw(copy.path);
    const auto meta = h5::open_group(f.id(), "meta");
    h5::write_attr(meta.id(), "host", std::string_view("another-machine"));
    h5::write_attr(meta.id(), "wall_time_s", 1234.5);
    h5::write_attr(meta.id(), "start_time", std::string_view("2030-01-01T00:00:00Z"));
    h5::write_attr(meta.id(), "threads", std::int64_t{64});
    h5::write_attr(meta.id(), "version", std::string_view("9.9.9-other"));
    h5::write_attr(meta.id(), "build_type", std::string_view("RelWithDebInfo"));
    h5::write_attr(meta.id(), "scenario_toml", std::string_view("# the same run, other words"));
  }
  const RunDigest a = digest_file(golden_run());
  const RunDigest b = digest_file(copy.path);
  CHECK(changed(a, b).empty());
  CHECK(a.run == b.run);
}

TEST_CASE("digest: the same bytes in another shape give another digest", "[analysis][digest]") {
  const std::vector<float> values{1, 2, 3, 4, 5, 6};
  TempPath a("cscsim_digest"), b("cscsim_digest"), c("cscsim_digest");
  write_series(a.path, {2, 3, 1}, H5T_NATIVE_FLOAT, values);
  write_series(b.path, {3, 2, 1}, H5T_NATIVE_FLOAT, values);
  write_series(c.path, {2, 3, 1}, H5T_NATIVE_FLOAT, values);
  const RunDigest da = digest_file(a.path), db = digest_file(b.path), dc = digest_file(c.path);
  REQUIRE(da.datasets.size() == 1);
  CHECK(da.datasets[0].shape == std::vector<std::uint64_t>{2, 3, 1});
  CHECK(db.datasets[0].shape == std::vector<std::uint64_t>{3, 2, 1});
  CHECK(da.datasets[0].digest != db.datasets[0].digest);
  CHECK(da.run != db.run);
  CHECK(da.run == dc.run);
}

TEST_CASE("digest: values, not storage: float width and padding bytes do not count", "[analysis][digest]") {
  SECTION("float32 and float64 holding the same values") {
    const std::vector<float> values{0.5f, -3.25f, 1e-7f, 65504.0f};
    TempPath a("cscsim_digest"), b("cscsim_digest");
    write_series(a.path, {1, 4, 1}, H5T_IEEE_F32LE, values);
    write_series(b.path, {1, 4, 1}, H5T_IEEE_F64BE, values);
    CHECK(digest_file(a.path).run == digest_file(b.path).run);
  }
  SECTION("a compound table stored padded (with garbage in the padding) or packed") {
    struct Row {
      std::uint16_t la;  // two bytes of padding follow
      std::int32_t day;
      std::uint8_t flag;  // three bytes of padding follow
    };
    const h5::Handle padded(H5Tcreate(H5T_COMPOUND, sizeof(Row)));
    H5Tinsert(padded.id(), "la", HOFFSET(Row, la), H5T_NATIVE_UINT16);
    H5Tinsert(padded.id(), "day", HOFFSET(Row, day), H5T_NATIVE_INT32);
    H5Tinsert(padded.id(), "flag", HOFFSET(Row, flag), H5T_NATIVE_UINT8);
    const h5::Handle packed(H5Tcopy(padded.id()));
    H5Tpack(packed.id());
    REQUIRE(H5Tget_size(packed.id()) < sizeof(Row));

    const auto write = [&](const fs::path& file, hid_t file_type, unsigned char fill) {
      std::vector<Row> rows(3);
      std::memset(static_cast<void*>(rows.data()), fill, rows.size() * sizeof(Row));
      for (std::size_t i = 0; i < rows.size(); ++i) {
        rows[i].la = static_cast<std::uint16_t>(i);
        rows[i].day = -100 + static_cast<std::int32_t>(i) * 7;
        rows[i].flag = static_cast<std::uint8_t>(i % 2);
      }
      const auto f = h5::create_file(file);
      auto ds = h5::Dataset::create(f.id(), "cohort/rows", file_type, {rows.size()}, {}, h5::Layout{{}, 0, false});
      ds.write_slab({0}, {rows.size()}, padded.id(), rows.data());
    };
    TempPath a("cscsim_digest"), b("cscsim_digest"), c("cscsim_digest");
    write(a.path, padded.id(), 0x00);
    write(b.path, padded.id(), 0xab);
    write(c.path, packed.id(), 0x5c);
    const auto da = digest_file(a.path);
    CHECK(da.run == digest_file(b.path).run);
    CHECK(da.run == digest_file(c.path).run);
  }
}

TEST_CASE("digest: a dataset of a type it cannot read is refused by name", "[analysis][digest]") {
  TempPath a("cscsim_digest");
  {
    const auto f = h5::create_file(a.path);
    const h5::Handle str(H5Tcopy(H5T_C_S1));
    H5Tset_size(str.id(), 8);
    auto ds = h5::Dataset::create(f.id(), "series/names", str.id(), {2}, {}, h5::Layout{{}, 0, false});
    const char text[16] = "abcdefghijklmno";
    ds.write_slab({0}, {2}, str.id(), text);
  }
  CHECK_THROWS_WITH(digest_file(a.path), Catch::Contains("/series/names") && Catch::Contains("not digested"));
}
