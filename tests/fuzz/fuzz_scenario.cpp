// libFuzzer harness: the scenario loader with base resolution and the model's checks.
// The input is split at lines "#---" into up to four files f0.toml .. f3.toml written into a
// private temporary folder; f0.toml is loaded (so `base = "f1.toml"`, chains, cycles and
// missing files are all reachable), and a `base` naming a shipped scenario ("baseline.toml",
// "calibrated/national.toml") resolves through symlinks to scenarios/, so the seed corpus
// (scenarios/ and tests/fixtures/) loads as it does for users. Any InputError is an accepted
// outcome; a crash, a hang, a leak or a sanitizer report is a finding.
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include "models/scenario/parameters.hpp"
#include "sim/core/errors.hpp"

namespace fs = std::filesystem;

namespace {

const fs::path& work_dir() {
  static const fs::path dir = [] {
    const fs::path d = fs::temp_directory_path() / ("cscsim_fuzz_scenario_" + std::to_string(::getpid()));
    fs::create_directories(d);
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(CSC_SOURCE_DIR "/scenarios")) {
      fs::create_symlink(e.path(), d / e.path().filename(), ec);
    }
    std::atexit([] {
      std::error_code ignored;
      fs::remove_all(work_dir(), ignored);
    });
    return d;
  }();
  return dir;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const fs::path& dir = work_dir();
  std::size_t start = 0;
  for (int i = 0; i < 4; ++i) {
    const std::size_t cut = i == 3 ? std::string_view::npos : input.find("\n#---\n", start);
    const std::string_view part =
        start > input.size()
            ? std::string_view{}
            : input.substr(start, cut == std::string_view::npos ? std::string_view::npos : cut - start);
    std::ofstream(dir / ("f" + std::to_string(i) + ".toml"), std::ios::binary | std::ios::trunc)
        .write(part.data(), static_cast<std::streamsize>(part.size()));
    start = cut == std::string_view::npos ? input.size() + 1 : cut + 6;
  }
  try {
    const auto scenario = csc::models::load_scenario((dir / "f0.toml").string());
    const auto params = csc::models::params_from_scenario(scenario);
    (void)params;
  } catch (const csc::sim::InputError&) {
  }
  return 0;
}
