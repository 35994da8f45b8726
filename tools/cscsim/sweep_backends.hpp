#pragma once
// The back-ends of `cscsim sweep` besides threads on one machine (docs/cluster.md).
#include <filesystem>

#include "analysis/sweep/sweep_spec.hpp"
#include "tools/cscsim/commands.hpp"

namespace csc::tools {

/// --slurm: prepares the directory and writes DIR/sweep.sbatch (a job array over chunks of
/// tasks, at most --slurm-array-limit array tasks) and DIR/collect.sbatch (the collect step,
/// to run after it); prints how to submit them. Submits nothing.
int write_slurm_scripts(const analysis::sweep::Sweep& s, const std::filesystem::path& dir, const SweepArgs& args);

/// --mpi: every rank takes the next task from a counter on rank 0 (one-sided MPI, so rank 0
/// works too) until none is left; rank 0 then collects. InputError in a build without MPI.
int run_sweep_mpi(const analysis::sweep::Sweep& s, const std::filesystem::path& dir, const SweepArgs& args);

}  // namespace csc::tools
