// libFuzzer harness, structure-aware: the input chooses how to build a valid HDF5 file that
// is a wrong run file, then every reader the command line uses reads it. Chosen are: each
// /meta attribute present or absent, of its own type or another, with values in or far out
// of range; /series datasets (real metric names or others, rank 0-4, extents near or far from
// /meta's, integer, float or string types, values with NaN and infinities); the /cohort
// tables (the real compound types with arbitrary bytes, including enum values out of range,
// another compound, or a plain type). Random bytes would mostly test HDF5's own parser
// (tests/fuzz/README.md); this reaches cscsim's checks. Every InputError is an accepted
// outcome; a crash, an out-of-bounds read, a leak or undefined behaviour is a finding.
#include <fuzzer/FuzzedDataProvider.h>
#include <hdf5.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <limits>
#include <string>
#include <vector>

#include "analysis/cohort_reader.hpp"
#include "analysis/compare.hpp"
#include "analysis/run_reader.hpp"
#include "analysis/summary.hpp"
#include "models/core/metrics.hpp"
#include "models/output/run_file.hpp"
#include "sim/core/errors.hpp"
#include "sim/io/hdf5.hpp"

namespace fs = std::filesystem;
namespace h5 = csc::sim::h5;

namespace {

const fs::path& file_path() {
  static const fs::path p = [] {
    const fs::path f = fs::temp_directory_path() / ("cscsim_fuzz_run_" + std::to_string(::getpid()) + ".h5");
    std::atexit([] {
      std::error_code ec;
      fs::remove(file_path(), ec);
    });
    return f;
  }();
  return p;
}

/// An integer that is usually sensible for a run file and sometimes absurd.
std::int64_t pick_int(FuzzedDataProvider& in, std::int64_t sensible_max) {
  switch (in.ConsumeIntegralInRange(0, 5)) {
    case 0: return 0;
    case 1: return -in.ConsumeIntegralInRange<std::int64_t>(1, 1000);
    case 2: return in.ConsumeIntegral<std::int64_t>();
    default: return in.ConsumeIntegralInRange<std::int64_t>(1, std::max<std::int64_t>(1, sensible_max));
  }
}

float pick_float(FuzzedDataProvider& in) {
  switch (in.ConsumeIntegralInRange(0, 9)) {
    case 0: return std::numeric_limits<float>::quiet_NaN();
    case 1: return std::numeric_limits<float>::infinity();
    case 2: return -std::numeric_limits<float>::infinity();
    case 3: return in.ConsumeFloatingPoint<float>();
    default: return static_cast<float>(in.ConsumeIntegralInRange(0, 500));
  }
}

/// One /meta attribute: absent, of the expected kind (int, double or string), or another kind.
void meta_attr(FuzzedDataProvider& in, hid_t meta, const char* name, char kind, std::int64_t sensible) {
  const int choice = in.ConsumeIntegralInRange(0, 9);
  if (choice == 0) return;  // absent
  const char as = choice == 1 ? "ids"[in.ConsumeIntegralInRange(0, 2)] : kind;
  if (as == 'i') h5::write_attr(meta, name, pick_int(in, sensible));
  if (as == 'd') h5::write_attr(meta, name, static_cast<double>(pick_float(in)));
  if (as == 's') h5::write_attr(meta, name, in.ConsumeRandomLengthString(64));
}

void write_meta(FuzzedDataProvider& in, hid_t file, std::int64_t reps, std::int64_t weeks, std::int64_t las) {
  auto meta = h5::create_group(file, "meta");
  const hid_t m = meta.id();
  // The shape attributes agree with the datasets most of the time, so that later checks run.
  for (const auto& [name, value] : {std::pair{"replicates", reps}, {"weeks", weeks}, {"las", las}}) {
    if (in.ConsumeBool())
      h5::write_attr(m, name, value);
    else
      meta_attr(in, m, name, 'i', 100);
  }
  meta_attr(in, m, "complete", 'i', 1);
  meta_attr(in, m, "schema_version", 'i', 2);
  meta_attr(in, m, "seed", 'i', 1000);
  meta_attr(in, m, "burn_in_weeks", 'i', 1000);
  meta_attr(in, m, "threads", 'i', 16);
  meta_attr(in, m, "children", 'i', 1000000);
  meta_attr(in, m, "wall_time_s", 'd', 0);
  for (const char* s :
       {"scenario_name", "scenario_toml", "version", "build_type", "start_time", "start_date", "host", "price_year"}) {
    if (in.ConsumeBool() && std::string(s) == "start_date")
      h5::write_attr(m, s, "2013-04-01");
    else
      meta_attr(in, m, s, 's', 0);
  }
  std::string names;
  const auto n_names = in.ConsumeBool() ? las : in.ConsumeIntegralInRange<std::int64_t>(0, 8);
  for (std::int64_t i = 0; i < n_names && i < 64; ++i) names += "LA " + std::to_string(i) + "\n";
  if (in.ConsumeIntegralInRange(0, 9) != 0) h5::write_attr(m, "la_names", names);
}

void write_series(FuzzedDataProvider& in, hid_t file, std::int64_t reps, std::int64_t weeks, std::int64_t las) {
  const int count = in.ConsumeIntegralInRange(0, 6);
  for (int i = 0; i < count; ++i) {
    std::string name;
    if (in.ConsumeIntegralInRange(0, 5) != 0) {
      const auto& all = csc::models::kMetrics;
      name = std::string(all[in.ConsumeIntegralInRange<std::size_t>(0, std::size(all) - 1)].name);
    } else {
      name = in.ConsumeRandomLengthString(16);
      if (name.empty() || name.find('/') != std::string::npos || name == ".") name = "x";
    }
    if (h5::exists(file, "series/" + name)) continue;
    const int rank = in.ConsumeIntegralInRange(0, 9) < 7 ? 3 : in.ConsumeIntegralInRange(0, 4);
    std::vector<hsize_t> dims;
    const std::int64_t want[3] = {reps, weeks, las};
    for (int d = 0; d < rank; ++d) {
      const bool agree = d < 3 && in.ConsumeIntegralInRange(0, 4) != 0;
      dims.push_back(agree && want[d] > 0 && want[d] < 64 ? static_cast<hsize_t>(want[d])
                                                          : in.ConsumeIntegralInRange<hsize_t>(0, 40));
    }
    std::size_t n = 1;
    for (const auto d : dims) n *= d;
    if (n > 100000) continue;
    const int type = in.ConsumeIntegralInRange(0, 6);
    h5::Handle space(rank == 0 ? H5Screate(H5S_SCALAR) : H5Screate_simple(rank, dims.data(), nullptr));
    auto group = h5::exists(file, "series") ? h5::open_group(file, "series") : h5::create_group(file, "series");
    if (type == 0) {  // a string dataset
      h5::Handle str(H5Tcopy(H5T_C_S1));
      H5Tset_size(str.id(), 8);
      std::vector<char> text(n * 8, 'a');
      h5::Handle ds(H5Dcreate2(group.id(), name.c_str(), str.id(), space.id(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT));
      if (ds && n > 0) H5Dwrite(ds.id(), str.id(), H5S_ALL, H5S_ALL, H5P_DEFAULT, text.data());
      continue;
    }
    const hid_t file_type = type == 1 ? H5T_STD_I64LE : type == 2 ? H5T_STD_U8LE : H5T_IEEE_F32LE;
    std::vector<float> values(n);
    for (auto& v : values) v = pick_float(in);
    h5::Handle ds(H5Dcreate2(group.id(), name.c_str(), file_type, space.id(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT));
    if (ds && n > 0) H5Dwrite(ds.id(), H5T_NATIVE_FLOAT, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data());
  }
}

void write_cohort(FuzzedDataProvider& in, hid_t file) {
  const auto types = csc::models::CohortTypes::make();
  for (const auto& [table, type, row_size] :
       {std::tuple{"cohort/events", types.event.id(), sizeof(csc::models::EventRow)},
        std::tuple{"cohort/children", types.child.id(), sizeof(csc::models::ChildRow)}}) {
    const int choice = in.ConsumeIntegralInRange(0, 4);
    if (choice == 0) continue;  // absent
    const hsize_t rows = in.ConsumeIntegralInRange<hsize_t>(0, 50);
    h5::Handle space(H5Screate_simple(1, &rows, nullptr));
    if (!h5::exists(file, "cohort")) h5::create_group(file, "cohort");
    if (choice == 1) {  // a plain integer table where a compound belongs
      h5::Handle ds(H5Dcreate2(file, table, H5T_STD_I32LE, space.id(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT));
      continue;
    }
    // The real compound type; the rows are arbitrary bytes (enum values out of range too).
    std::vector<std::uint8_t> bytes = in.ConsumeBytes<std::uint8_t>(rows * row_size);
    bytes.resize(rows * row_size);
    h5::Handle ds(H5Dcreate2(file, table, type, space.id(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT));
    if (ds && rows > 0) H5Dwrite(ds.id(), type, H5S_ALL, H5S_ALL, H5P_DEFAULT, bytes.data());
  }
}

void read_everything(const fs::path& path) {
  const auto run = csc::analysis::RunFile::open(path);
  for (const auto& name : run.series_names()) (void)run.series(name);
  (void)csc::analysis::read_events(run);
  (void)csc::analysis::read_children(run);
  (void)run.cohort_rows("events");
  if (run.complete) (void)csc::analysis::format_summary(run, csc::analysis::summarise(run));
  std::vector<csc::analysis::RunFile> variants;
  variants.push_back(csc::analysis::RunFile::open(path));
  (void)csc::analysis::compare_runs(run, variants, false);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider in(data, size);
  h5::silence_library_errors();
  const std::int64_t reps = in.ConsumeIntegralInRange<std::int64_t>(0, 3);
  const std::int64_t weeks = in.ConsumeIntegralInRange<std::int64_t>(0, 60);
  const std::int64_t las = in.ConsumeIntegralInRange<std::int64_t>(0, 3);
  {
    h5::Handle file = h5::create_file(file_path());
    write_meta(in, file.id(), reps, weeks, las);
    write_series(in, file.id(), reps, weeks, las);
    write_cohort(in, file.id());
  }
  try {
    read_everything(file_path());
  } catch (const csc::sim::InputError&) {
  }
  return 0;
}
