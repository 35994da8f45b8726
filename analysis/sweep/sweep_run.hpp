#pragma once
// Running a sweep's tasks (docs/cluster.md): each task is one `cscsim run` of a variant's
// replicate range, written atomically to tasks/ID.h5. Any back-end (threads here, MPI ranks,
// Slurm array tasks) runs tasks through run_task, so every one gives the same bits.
#include <cstddef>
#include <filesystem>
#include <functional>
#include <vector>

#include "analysis/sweep/sweep_dir.hpp"
#include "models/world/burn_in_cache.hpp"

namespace csc::analysis::sweep {

/// Runs task `t` with `threads` threads (0: all cores). Returns false when it failed on bad
/// input or an internal error: then logs/ID.log says why and nothing is left under its name.
/// A log of an earlier failure is removed when it succeeds.
/// With `cache`, the task starts from burn-in snapshots and saves them (models/world/burn_in_cache.hpp).
bool run_task(const Sweep& s, const std::filesystem::path& dir, const Task& t, int threads,
              models::BurnInCache* cache = nullptr);

/// The tasks of chunk `index` of `chunks` (contiguous, as even as can be): a Slurm array
/// task's share.
std::vector<std::size_t> chunk_tasks(const Sweep& s, int index, int chunks);

struct Outcome {
  int ran = 0, failed = 0, skipped = 0;
};

/// Runs the tasks listed (indices into s.tasks) that are not done yet, one after another,
/// each with `threads` threads; failed ones are retried. `on_task` (optional) hears of each
/// task run: (task, succeeded, seconds).
Outcome run_tasks(const Sweep& s, const std::filesystem::path& dir, const std::vector<std::size_t>& tasks, int threads,
                  models::BurnInCache* cache, const std::function<void(const Task&, bool, double)>& on_task = {});

}  // namespace csc::analysis::sweep
