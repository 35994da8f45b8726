#pragma once
// `cscsim run --profile`: where a run's time and memory went (issue "England in seconds").
#include "models/world/runner.hpp"

namespace csc::tools {

/// Prints seconds by phase of the week (summed over replicates, so more than the wall time
/// when replicates ran in parallel), nanoseconds per active child-week, and each table's
/// memory with bytes per child. tools/bench/performance.sh reads these lines.
void print_profile(const models::RunReport& report);

}  // namespace csc::tools
