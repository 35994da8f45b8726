#pragma once
// Runs every replicate of a scenario in parallel (oneTBB) and writes one HDF5 file.
#include <filesystem>
#include <string>

#include "models/params.hpp"

namespace csc::models {

struct RunOptions {
  int threads = 0;        // 0: all cores
  bool progress = false;  // draw a progress bar on stderr
};

struct RunReport {
  double wall_seconds = 0.0;
  int threads = 0;
};

/// Writes `out` atomically: a temporary file beside it is renamed only when every replicate
/// is written, so a failed or killed run leaves the user's existing file as it was.
/// Throws sim::InputError when `out` cannot be written.
RunReport run_scenario(const Params& params, const std::string& resolved_toml,
                       const std::filesystem::path& out, const RunOptions& options);

}  // namespace csc::models
