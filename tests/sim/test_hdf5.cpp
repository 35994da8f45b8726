#include "sim/io/hdf5.hpp"

#include <catch2/catch.hpp>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "sim/core/errors.hpp"
#include "tests/temp_path.hpp"

namespace fs = std::filesystem;
using namespace csc::sim;

namespace {

using csc::test::TempPath;

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::vector<fs::path> siblings_with_prefix(const fs::path& p) {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(p.parent_path()))
    if (e.path().filename().string().rfind(p.filename().string(), 0) == 0) out.push_back(e.path());
  return out;
}

struct Record {
  std::int32_t id;
  std::int32_t age;
  std::uint8_t state;
  double weight;
  bool operator==(const Record&) const = default;
};

h5::Handle record_type(hid_t state_enum) {
  h5::Handle t(H5Tcreate(H5T_COMPOUND, sizeof(Record)));
  H5Tinsert(t.id(), "id", offsetof(Record, id), H5T_NATIVE_INT32);
  H5Tinsert(t.id(), "age", offsetof(Record, age), H5T_NATIVE_INT32);
  H5Tinsert(t.id(), "state", offsetof(Record, state), state_enum);
  H5Tinsert(t.id(), "weight", offsetof(Record, weight), H5T_NATIVE_DOUBLE);
  return t;
}

}  // namespace

TEST_CASE("hdf5: attributes round-trip and overwrite", "[unit][hdf5]") {
  h5::silence_library_errors();
  TempPath tmp;
  {
    h5::Handle f = h5::create_file(tmp.path);
    h5::Handle g = h5::create_group(f.id(), "meta");
    h5::write_attr(g.id(), "version", "v1 — ünïcode");
    h5::write_attr(g.id(), "seed", std::int64_t{-1234567890123});
    h5::write_attr(g.id(), "dt", 0.25);
    h5::write_attr(g.id(), "count", 7);  // int -> int64
    h5::write_attr(g.id(), "dt", 0.5);   // overwrite
    h5::write_attr(f.id(), "root_attr", std::string("x"));
    f.close();
    REQUIRE_FALSE(f);
  }
  h5::Handle f = h5::open_file_readonly(tmp.path);
  h5::Handle g = h5::open_group(f.id(), "meta");
  CHECK(h5::read_attr_string(g.id(), "version") == "v1 — ünïcode");
  CHECK(h5::read_attr_int(g.id(), "seed") == -1234567890123);
  CHECK(h5::read_attr_double(g.id(), "dt") == 0.5);
  CHECK(h5::read_attr_int(g.id(), "count") == 7);
  CHECK(h5::read_attr_double(g.id(), "count") == 7.0);
  CHECK(h5::read_attr_string(f.id(), "root_attr") == "x");
  CHECK(h5::has_attr(g.id(), "seed"));
  CHECK_FALSE(h5::has_attr(g.id(), "nope"));
  CHECK_THROWS_AS(h5::read_attr_string(g.id(), "nope"), InputError);
  CHECK_THROWS_AS(h5::read_attr_int(g.id(), "version"), InputError);
  CHECK_THROWS_AS(h5::read_attr_string(g.id(), "seed"), InputError);
  CHECK_THROWS_AS(h5::read_attr_double(g.id(), "version"), InputError);
  CHECK_THROWS_AS(h5::open_group(f.id(), "missing/group"), InputError);
}

TEST_CASE("hdf5: fixed-length string attribute is read", "[unit][hdf5]") {
  h5::silence_library_errors();
  TempPath tmp;
  h5::Handle f = h5::create_file(tmp.path);
  h5::Handle t(H5Tcopy(H5T_C_S1));
  H5Tset_size(t.id(), 8);
  H5Tset_strpad(t.id(), H5T_STR_NULLPAD);
  h5::Handle space(H5Screate(H5S_SCALAR));
  h5::Handle a(H5Acreate2(f.id(), "fixed", t.id(), space.id(), H5P_DEFAULT, H5P_DEFAULT));
  const char buf[8] = {'a', 'b', 'c', 0, 0, 0, 0, 0};
  REQUIRE(H5Awrite(a.id(), t.id(), buf) >= 0);
  CHECK(h5::read_attr_string(f.id(), "fixed") == "abc");
}

TEST_CASE("hdf5: 3-D float dataset slabs", "[unit][hdf5]") {
  h5::silence_library_errors();
  TempPath tmp;
  const std::vector<hsize_t> dims{4, 3, 5};
  {
    h5::Handle f = h5::create_file(tmp.path);
    auto ds = h5::Dataset::create(f.id(), "grid/values", H5T_IEEE_F32LE, dims, dims, h5::Layout{{2, 3, 5}, 4, true});
    // Write one [2][3][5] slab per half of dim 0.
    for (hsize_t half = 0; half < 2; ++half) {
      std::vector<float> slab(2 * 3 * 5);
      for (std::size_t i = 0; i < slab.size(); ++i) slab[i] = static_cast<float>(half * 1000 + i) * 0.5f;
      ds.write_slab({half * 2, 0, 0}, {2, 3, 5}, h5::native_type<float>(), slab.data());
    }
    CHECK_THROWS_AS(ds.write_slab({3, 0, 0}, {2, 3, 5}, H5T_NATIVE_FLOAT, nullptr), std::invalid_argument);
  }
  h5::Handle f = h5::open_file_readonly(tmp.path);
  auto ds = h5::Dataset::open(f.id(), "/grid/values");
  CHECK(ds.dims() == dims);
  CHECK(H5Tequal(ds.file_type().id(), H5T_IEEE_F32LE) > 0);
  const std::vector<float> all = h5::read_all<float>(f.id(), "grid/values");
  REQUIRE(all.size() == 60);
  CHECK(all[0] == 0.0f);
  CHECK(all[29] == 14.5f);
  CHECK(all[30] == 500.0f);
  CHECK(all[59] == 514.5f);
  // Read a middle block [1..2][1][2..4] as double.
  std::vector<double> block(2 * 1 * 3);
  ds.read_slab({1, 1, 2}, {2, 1, 3}, H5T_NATIVE_DOUBLE, block.data());
  CHECK(block[0] == Approx(all[1 * 15 + 1 * 5 + 2]));
  CHECK(block[5] == Approx(all[2 * 15 + 1 * 5 + 4]));
  CHECK_THROWS_AS(h5::read_all<float>(f.id(), "grid/nope"), InputError);
  CHECK_THROWS_AS(h5::Dataset::open(f.id(), "grid"), InputError);  // a group
}

TEST_CASE("hdf5: extendible compound dataset with enum field", "[unit][hdf5]") {
  h5::silence_library_errors();
  TempPath tmp;
  const std::vector<std::string> labels{"home", "residential", "nursing", "dead"};
  std::vector<Record> rows;
  for (std::int32_t i = 0; i < 23; ++i) rows.push_back({i, 60 + i, static_cast<std::uint8_t>(i % 4), 0.1 * i});
  {
    h5::Handle f = h5::create_file(tmp.path);
    h5::Handle state = h5::make_enum_type(labels);
    h5::Handle rec = record_type(state.id());
    auto ds = h5::Dataset::create(f.id(), "events/people", rec.id(), {0}, {h5::unlimited}, h5::Layout{{8}, 4, true});
    ds.append_rows(rec.id(), rows.data(), 10);
    ds.append_rows(rec.id(), rows.data() + 10, 0);
    ds.append_rows(rec.id(), rows.data() + 10, 5);
    ds.append_rows(rec.id(), rows.data() + 15, 8);
    CHECK(ds.dims() == std::vector<hsize_t>{23});
    CHECK_THROWS_AS(h5::Dataset::create(f.id(), "events/bad", rec.id(), {0}, {h5::unlimited}, h5::Layout{{}, 0, false}),
                    std::invalid_argument);
  }
  h5::Handle f = h5::open_file_readonly(tmp.path);
  auto ds = h5::Dataset::open(f.id(), "events/people");
  REQUIRE(ds.dims() == std::vector<hsize_t>{23});
  h5::Handle state = h5::make_enum_type(labels);
  h5::Handle rec = record_type(state.id());
  std::vector<Record> back(23);
  ds.read_all(rec.id(), back.data());
  CHECK(back == rows);
  // The enum as stored in the file keeps its labels.
  h5::Handle ft = ds.file_type();
  const int idx = H5Tget_member_index(ft.id(), "state");
  REQUIRE(idx >= 0);
  h5::Handle st(H5Tget_member_type(ft.id(), static_cast<unsigned>(idx)));
  CHECK(h5::enum_labels(st.id()) == labels);
}

TEST_CASE("hdf5: enum labels in value order", "[unit][hdf5]") {
  h5::Handle t = h5::make_enum_type({"b", "a", "c"});
  CHECK(h5::enum_labels(t.id()) == std::vector<std::string>{"b", "a", "c"});
  h5::Handle t2(H5Tenum_create(H5T_NATIVE_INT16));
  const std::int16_t v2 = 2, v0 = -3, v1 = 1;
  H5Tenum_insert(t2.id(), "two", &v2);
  H5Tenum_insert(t2.id(), "minus3", &v0);
  H5Tenum_insert(t2.id(), "one", &v1);
  CHECK(h5::enum_labels(t2.id()) == std::vector<std::string>{"minus3", "one", "two"});
}

TEST_CASE("hdf5: exists on nested paths and list_links", "[unit][hdf5]") {
  h5::silence_library_errors();
  TempPath tmp;
  h5::Handle f = h5::create_file(tmp.path);
  h5::Handle series = h5::create_group(f.id(), "series");
  h5::create_group(f.id(), "meta");
  auto ds = h5::Dataset::create(series.id(), "stock_cp", H5T_NATIVE_INT64, {3}, {3}, h5::Layout{{}, 0, false});
  h5::create_group(f.id(), "a/b/c");  // intermediate groups created
  CHECK(h5::exists(f.id(), "series"));
  CHECK(h5::exists(f.id(), "series/stock_cp"));
  CHECK(h5::exists(f.id(), "/series/stock_cp"));
  CHECK(h5::exists(f.id(), "a/b/c"));
  CHECK(h5::exists(series.id(), "stock_cp"));
  CHECK(h5::exists(f.id(), "/"));
  CHECK_FALSE(h5::exists(f.id(), ""));
  CHECK_FALSE(h5::exists(f.id(), "series/nope"));
  CHECK_FALSE(h5::exists(f.id(), "nope/stock_cp"));
  CHECK_FALSE(h5::exists(f.id(), "series/stock_cp/deeper"));  // through a dataset
  REQUIRE(H5Lcreate_soft("/nowhere", f.id(), "dangling", H5P_DEFAULT, H5P_DEFAULT) >= 0);
  CHECK_FALSE(h5::exists(f.id(), "dangling"));
  CHECK(h5::list_links(f.id()) == std::vector<std::string>{"series", "meta", "a", "dangling"});
  CHECK(h5::list_links(series.id()) == std::vector<std::string>{"stock_cp"});
}

TEST_CASE("hdf5: open_file_readonly rejects bad files", "[unit][hdf5]") {
  h5::silence_library_errors();
  TempPath missing, text, truncated;
  try {
    h5::open_file_readonly(missing.path);
    FAIL("no exception");
  } catch (const InputError& e) {
    CHECK(std::string(e.what()) == missing.path.string() + ": not found");
  }
  { std::ofstream(text.path) << "just some text\n"; }
  CHECK_THROWS_WITH(h5::open_file_readonly(text.path), Catch::Contains("not an HDF5 file or corrupt"));
  {
    h5::Handle f = h5::create_file(truncated.path);
    std::vector<double> v(5000, 1.5);
    auto ds = h5::Dataset::create(f.id(), "v", H5T_NATIVE_DOUBLE, {5000}, {5000}, h5::Layout{{}, 0, false});
    ds.write_slab({0}, {5000}, H5T_NATIVE_DOUBLE, v.data());
  }
  fs::resize_file(truncated.path, fs::file_size(truncated.path) / 2);
  CHECK_THROWS_WITH(h5::open_file_readonly(truncated.path), Catch::Contains("not an HDF5 file or corrupt"));
  CHECK_THROWS_AS(h5::open_file_readonly(fs::temp_directory_path()), InputError);
}

TEST_CASE("hdf5: AtomicOutput commit renames the temp file", "[unit][hdf5]") {
  h5::silence_library_errors();
  TempPath out;
  {
    h5::AtomicOutput ao(out.path);
    CHECK(ao.final_path() == out.path);
    CHECK(fs::exists(ao.temp_path()));
    CHECK_FALSE(fs::exists(out.path));
    h5::Handle f = h5::create_file(ao.temp_path());
    h5::write_attr(f.id(), "done", std::int64_t{1});
    f.close();
    ao.commit();
    CHECK(ao.committed());
    CHECK_FALSE(fs::exists(ao.temp_path()));
  }
  REQUIRE(fs::exists(out.path));
  h5::Handle f = h5::open_file_readonly(out.path);
  CHECK(h5::read_attr_int(f.id(), "done") == 1);
  CHECK(siblings_with_prefix(out.path) == std::vector<fs::path>{out.path});
}

TEST_CASE("hdf5: AtomicOutput without commit leaves no trace", "[unit][hdf5]") {
  h5::silence_library_errors();
  TempPath out;
  { std::ofstream(out.path) << "previous results"; }
  fs::path temp;
  {
    h5::AtomicOutput ao(out.path);
    temp = ao.temp_path();
    h5::Handle f = h5::create_file(ao.temp_path());
    h5::write_attr(f.id(), "partial", std::int64_t{1});
    // the run fails before commit
  }
  CHECK_FALSE(fs::exists(temp));
  CHECK(slurp(out.path) == "previous results");
  CHECK(siblings_with_prefix(out.path) == std::vector<fs::path>{out.path});
}

TEST_CASE("hdf5: AtomicOutput rejects unwritable destinations", "[unit][hdf5]") {
  TempPath dir("cscsim_test", "_dir");
  const fs::path in_missing = dir.path / "no_such_dir" / "out.h5";
  CHECK_THROWS_AS(h5::AtomicOutput(in_missing), InputError);
  fs::create_directory(dir.path);
  CHECK_THROWS_WITH(h5::AtomicOutput(dir.path), Catch::Contains("cannot write output"));
  // /proc refuses new files even for root; a read-only directory only stops other users.
  CHECK_THROWS_WITH(h5::AtomicOutput("/proc/cscsim_out.h5"),
                    Catch::StartsWith("/proc/cscsim_out.h5: cannot write output ("));
  if (::geteuid() != 0) {
    fs::permissions(dir.path, fs::perms::owner_read | fs::perms::owner_exec);
    CHECK_THROWS_AS(h5::AtomicOutput(dir.path / "out.h5"), InputError);
    fs::permissions(dir.path, fs::perms::owner_all);
  }
}
