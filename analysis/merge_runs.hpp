#pragma once
// Joins replicate ranges of one scenario (cscsim run --first-replicate, run on different
// machines perhaps) into the file a single run of all the replicates writes: the same values
// in every /series and /cohort dataset; /meta differs only in host, times and threads.
#include <filesystem>
#include <vector>

namespace csc::analysis {

struct MergeReport {
  int parts = 0;
  long long first_replicate = 0, replicates = 0;
};

/// Merges `parts` (in any order) into `out`, atomically (a temporary file renamed at the end).
/// InputError naming the file when a part is unfinished, not of the same scenario, seed, code
/// version or shape as the others, drew its parameters from a posterior, or when the ranges
/// overlap or leave a gap.
MergeReport merge_runs(const std::vector<std::filesystem::path>& parts, const std::filesystem::path& out);

}  // namespace csc::analysis
