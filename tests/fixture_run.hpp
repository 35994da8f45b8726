#pragma once
// Runs a fixture scenario to a file, as `cscsim run` would: for tests that read run files.
#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "models/scenario/parameters.hpp"
#include "models/world/runner.hpp"

namespace csc::test {

/// Runs tests/fixtures/FIXTURE to `out` on 2 threads, with integer keys overridden first
/// (e.g. {{"run.replicates", 2}}).
inline void run_fixture(const std::string& fixture, const std::filesystem::path& out,
                        const std::vector<std::pair<std::string, std::int64_t>>& overrides = {}) {
  auto scenario = models::load_scenario(std::string(CSC_FIXTURES_DIR) + "/" + fixture);
  for (const auto& [key, value] : overrides) scenario.set(key, value);
  models::RunOptions options;
  options.threads = 2;
  models::run_scenario(models::params_from_scenario(scenario), scenario.resolved_toml(), out, options);
}

}  // namespace csc::test
