#pragma once
// Runs every replicate of a scenario in parallel (oneTBB): into memory (run_replicates) or
// into one HDF5 file (run_scenario).
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "models/output/replicate_result.hpp"
#include "models/output/run_file.hpp"
#include "models/params/params.hpp"
#include "models/world/burn_in_cache.hpp"

namespace csc::models {

struct RunOptions {
  int threads = 0;        // 0: all cores
  bool progress = false;  // draw a progress bar on stderr
  /// The parameters of replicate r, when they differ by replicate (posterior draws); empty:
  /// `params` for every replicate. Called from the worker threads: it must be thread-safe, and
  /// the Params it returns must outlive the run. Every draw is still keyed by (seed, replicate).
  std::function<const Params&(std::uint32_t)> replicate_params;
  /// Written to /meta/posterior: where the replicates' parameters were drawn from.
  std::optional<PosteriorRecord> posterior;
  /// Run replicates first_replicate .. first_replicate + run.replicates - 1 (a range of a larger
  /// run, on another machine perhaps; `cscsim merge` joins the ranges).
  std::uint32_t first_replicate = 0;
  /// Burn-in snapshots to start from and to save (models/world/burn_in_cache.hpp); null: none.
  BurnInCache* burn_in_cache = nullptr;
  /// Cohort event rows per compressed chunk while a replicate runs (tests make it small).
  std::size_t event_chunk_rows = EventChunks::kRows;
};

struct RunReport {
  double wall_seconds = 0.0;
  int threads = 0;
  WorldProfile profile;  // the replicates' phase times and counts summed; memory per table at its largest
};

/// Builds and runs the World of replicates 0 .. replicates-1 of `params` under `seed`, in
/// parallel (sim::parallel_for), and returns their results in replicate order. Every draw is
/// keyed by (seed, replicate), so the results do not depend on the threads or the split of
/// work. `on_week`, when given, is called after every simulated week of every replicate, from
/// the worker threads: it must be thread-safe (sim::Progress::advance is).
std::vector<ReplicateResult> run_replicates(const Params& params, std::uint64_t seed, int replicates,
                                            const std::function<void()>& on_week = {});

/// Runs replicate r of `params` under `seed`: from its burn-in snapshot when `cache` has one
/// (and BurnInCache::applies), saving one at the end of the burn-in when it has not.
/// `on_weeks(n)` is told of every n simulated weeks done (a restored burn-in counts as done).
/// For a file: its cohort events are compressed every `event_chunk_rows` rows as they gather
/// (ReplicateResult::all_events).
ReplicateResult run_replicate(const Params& params, std::uint64_t seed, std::uint32_t r, BurnInCache* cache,
                              const std::function<void(int)>& on_weeks,
                              std::size_t event_chunk_rows = EventChunks::kRows);

/// Writes `out` atomically: a temporary file beside it is renamed only when every replicate
/// is written, so a failed or killed run leaves the user's existing file as it was.
/// Throws sim::InputError when `out` cannot be written.
RunReport run_scenario(const Params& params, const std::string& resolved_toml, const std::filesystem::path& out,
                       const RunOptions& options);

}  // namespace csc::models
