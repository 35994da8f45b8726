// cscsim sweep (docs/cluster.md): expands a sweep file into tasks and runs them with threads
// (default), as a dynamic task farm over MPI ranks (--mpi), or writes a Slurm job-array
// script (--slurm); --collect merges finished variants and writes the index. Every back-end
// runs the same tasks through analysis::sweep::run_task, so the outputs are the same bits.
#include <cstdio>
#include <filesystem>
#include <string>

#include "analysis/sweep/sweep_run.hpp"
#include "sim/core/errors.hpp"
#include "sim/core/text.hpp"
#include "tools/cscsim/commands.hpp"
#include "tools/cscsim/sweep_backends.hpp"

namespace csc::tools {

namespace fs = std::filesystem;
using analysis::sweep::Sweep;

namespace {

void print_collected(const Sweep& s, const fs::path& dir, const analysis::sweep::Collected& c) {
  std::printf("sweep %s: %d of %d tasks done, %d failed; %d of %d variants complete\n", sim::printable(s.name).c_str(),
              c.tasks_done, c.tasks, c.tasks_failed, c.variants_done, c.variants);
  std::printf("index %s, manifest %s\n", sim::printable((dir / "sweep.h5").string()).c_str(),
              sim::printable((dir / "manifest.csv").string()).c_str());
  if (c.tasks_failed > 0) {
    std::printf("failed tasks are listed in the manifest with their logs (%s); rerun the sweep to retry them\n",
                sim::printable((dir / "logs").string()).c_str());
  }
}

/// Exit status of a sweep that ran to its end: 2 (with the count on stderr) when a task
/// failed.
int status_of(const analysis::sweep::Collected& c) {
  if (c.tasks_failed == 0) return sim::kExitOk;
  std::fprintf(stderr, "error: %d task(s) of the sweep failed; their logs say why\n", c.tasks_failed);
  return sim::kExitBadInput;
}

}  // namespace

int sweep_command(const SweepArgs& args) {
  if (!args.collect.empty()) {
    const fs::path dir(args.collect);
    const Sweep s = analysis::sweep::sweep_of_dir(dir);
    const auto c = analysis::sweep::collect(s, dir);
    if (!args.quiet) print_collected(s, dir, c);
    return status_of(c);
  }
  if (args.sweep.empty() || args.output.empty()) {
    throw sim::InputError("sweep: give a sweep file and -o DIR (or --collect DIR)");
  }
  const Sweep s = analysis::sweep::load_sweep(args.sweep, args.sets);
  const fs::path dir(args.output);
  if (args.slurm) return write_slurm_scripts(s, dir, args);
  if (args.mpi) return run_sweep_mpi(s, dir, args);
  analysis::sweep::prepare_dir(s, dir, args.chunks == 0);
  if (args.chunks > 0) {  // one Slurm array task's share; the collect job gathers them
    if (args.chunk < 0 || args.chunk >= args.chunks) {
      throw sim::InputError("--chunk " + std::to_string(args.chunk) + " is not in 0 to " +
                            std::to_string(args.chunks - 1));
    }
    const auto cache = open_burn_in_cache(args.snapshots, (dir / "snapshots").string());
    const auto o = analysis::sweep::run_tasks(s, dir, analysis::sweep::chunk_tasks(s, args.chunk, args.chunks),
                                              args.threads, cache.get());
    if (cache) report_burn_in_cache(*cache, args.quiet);
    if (!args.quiet) {
      std::printf("chunk %d of %d: ran %d task(s), %d failed, %d already done\n", args.chunk, args.chunks, o.ran,
                  o.failed, o.skipped);
    }
    return o.failed > 0 ? sim::kExitBadInput : sim::kExitOk;
  }
  std::vector<std::size_t> all(s.tasks.size());
  for (std::size_t k = 0; k < all.size(); ++k) all[k] = k;
  analysis::sweep::write_manifest(s, dir);
  const auto on_task = [&](const analysis::sweep::Task& t, bool ok, double seconds) {
    analysis::sweep::write_manifest(s, dir);
    if (!args.quiet) std::printf("task %s %s in %.2f s\n", t.id.c_str(), ok ? "done" : "FAILED", seconds);
  };
  const auto cache = open_burn_in_cache(args.snapshots, (dir / "snapshots").string());
  analysis::sweep::run_tasks(s, dir, all, args.threads, cache.get(), on_task);
  if (cache) report_burn_in_cache(*cache, args.quiet);
  const auto c = analysis::sweep::collect(s, dir);
  if (!args.quiet) print_collected(s, dir, c);
  return status_of(c);
}

}  // namespace csc::tools
