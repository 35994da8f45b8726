// libFuzzer harness: arbitrary bytes as a run file, read by every reader `info` and
// `compare` use. Mutations of real run files mostly exercise HDF5's own parser (Debian's
// libhdf5, not instrumented), where crashes are known to exist: this harness is for long runs
// and triage (tests/fuzz/README.md, docs/hdf5_crashes.md), not for the bounded CI run.
// Seeds: small run files made by `cscsim run` (tests/fuzz/run_fuzzer.sh makes them).
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <vector>

#include "analysis/cohort_reader.hpp"
#include "analysis/compare.hpp"
#include "analysis/run_reader.hpp"
#include "analysis/summary.hpp"
#include "sim/core/errors.hpp"
#include "sim/io/hdf5.hpp"

namespace fs = std::filesystem;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const fs::path file = [] {
    const fs::path f = fs::temp_directory_path() / ("cscsim_fuzz_bytes_" + std::to_string(::getpid()) + ".h5");
    std::atexit([] {
      std::error_code ec;
      fs::remove(fs::temp_directory_path() / ("cscsim_fuzz_bytes_" + std::to_string(::getpid()) + ".h5"), ec);
    });
    return f;
  }();
  std::ofstream(file, std::ios::binary | std::ios::trunc)
      .write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  csc::sim::h5::silence_library_errors();
  try {
    const auto run = csc::analysis::RunFile::open(file);
    for (const auto& name : run.series_names()) (void)run.series(name);
    (void)csc::analysis::read_events(run);
    (void)csc::analysis::read_children(run);
    if (run.complete) (void)csc::analysis::format_summary(run, csc::analysis::summarise(run));
    std::vector<csc::analysis::RunFile> variants;
    variants.push_back(csc::analysis::RunFile::open(file));
    (void)csc::analysis::compare_runs(run, variants, false);
  } catch (const csc::sim::InputError&) {
  } catch (const std::runtime_error&) {
    // A failing HDF5 call on a corrupt file that the readers do not yet turn into an
    // InputError: a finding for the readers (exit 1 instead of 2), not a crash.
  }
  return 0;
}
