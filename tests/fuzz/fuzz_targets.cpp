// libFuzzer harness: calibration target files (analysis/calibration/targets.cpp), the input
// written as one file and loaded. Any InputError is an accepted outcome.
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "analysis/calibration/targets.hpp"
#include "sim/core/errors.hpp"

namespace fs = std::filesystem;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const fs::path file = [] {
    const fs::path f = fs::temp_directory_path() / ("cscsim_fuzz_targets_" + std::to_string(::getpid()) + ".toml");
    std::atexit([] {
      std::error_code ec;
      fs::remove(fs::temp_directory_path() / ("cscsim_fuzz_targets_" + std::to_string(::getpid()) + ".toml"), ec);
    });
    return f;
  }();
  std::ofstream(file, std::ios::binary | std::ios::trunc)
      .write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  try {
    (void)csc::analysis::calibration::load_targets(file);
  } catch (const csc::sim::InputError&) {
  }
  return 0;
}
