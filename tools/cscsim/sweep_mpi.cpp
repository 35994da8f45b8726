// cscsim sweep --mpi: a dynamic task farm over MPI ranks (docs/cluster.md, "MPI"). Every rank,
// rank 0 included, takes the next task index from a counter that rank 0 exposes through an MPI
// window (MPI_Fetch_and_op), runs it with its share of the node's cores, and asks again; a
// rank that is slow on a big task simply takes fewer. Outputs do not depend on which rank ran
// what: every task is a keyed run written to its own file.
#include <algorithm>
#include <cstdio>
#include <string>

#include "analysis/sweep/sweep_run.hpp"
#include "sim/core/errors.hpp"
#include "tools/cscsim/mpi_session.hpp"
#include "tools/cscsim/sweep_backends.hpp"

#ifdef CSC_HAVE_MPI
#include <mpi.h>
#endif

namespace csc::tools {

namespace fs = std::filesystem;

#ifndef CSC_HAVE_MPI

int run_sweep_mpi(const analysis::sweep::Sweep&, const fs::path&, const SweepArgs&) {
  throw sim::InputError("--mpi: this cscsim was built without MPI (install libopenmpi-dev and rebuild)");
}

#else

namespace {

/// Rank 0 prepares the directory; every rank learns whether it could (and stops if not).
bool prepared(const analysis::sweep::Sweep& s, const fs::path& dir, int rank) {
  int ok = 1;
  if (rank == 0) {
    try {
      analysis::sweep::prepare_dir(s, dir);
      analysis::sweep::write_manifest(s, dir);
    } catch (const sim::InputError& e) {
      for (const auto& m : e.messages()) std::fprintf(stderr, "error: %s\n", m.c_str());
      ok = 0;
    }
  }
  MPI_Bcast(&ok, 1, MPI_INT, 0, MPI_COMM_WORLD);
  return ok == 1;
}

/// Takes tasks from the shared counter until none is left; returns the failures.
int work(const analysis::sweep::Sweep& s, const fs::path& dir, int rank, int threads, models::BurnInCache* cache,
         bool quiet) {
  long long counter = 0;
  MPI_Win win;
  MPI_Win_create(rank == 0 ? &counter : nullptr, rank == 0 ? sizeof counter : 0, sizeof counter, MPI_INFO_NULL,
                 MPI_COMM_WORLD, &win);
  int failed = 0;
  for (;;) {
    const long long one = 1;
    long long k = 0;
    MPI_Win_lock(MPI_LOCK_SHARED, 0, 0, win);
    MPI_Fetch_and_op(&one, &k, MPI_LONG_LONG, 0, 0, MPI_SUM, win);
    MPI_Win_unlock(0, win);
    if (k >= static_cast<long long>(s.tasks.size())) break;
    const auto o = analysis::sweep::run_tasks(s, dir, {static_cast<std::size_t>(k)}, threads, cache,
                                              [&](const analysis::sweep::Task& t, bool ok, double seconds) {
                                                if (!quiet) {
                                                  std::printf("rank %d: task %s %s in %.2f s\n", rank, t.id.c_str(),
                                                              ok ? "done" : "FAILED", seconds);
                                                  std::fflush(stdout);
                                                }
                                              });
    failed += o.failed;
  }
  MPI_Win_free(&win);
  return failed;
}

}  // namespace

int run_sweep_mpi(const analysis::sweep::Sweep& s, const fs::path& dir, const SweepArgs& args) {
  const MpiSession mpi("--mpi");
  const int rank = mpi.rank();
  if (!prepared(s, dir, rank)) return sim::kExitBadInput;
  // Every rank opens the shared folder (it exists: rank 0 prepared the directory).
  const auto cache = open_burn_in_cache(args.snapshots, (dir / "snapshots").string());
  const int failed_here = work(s, dir, rank, mpi.threads_per_rank(args.threads), cache.get(), args.quiet);
  if (cache) report_burn_in_cache(*cache, args.quiet || rank != 0);
  int failed = 0;
  MPI_Reduce(&failed_here, &failed, 1, MPI_INT, MPI_SUM, 0, MPI_COMM_WORLD);
  int status = sim::kExitOk;
  if (rank == 0) {
    try {
      const auto c = analysis::sweep::collect(s, dir);
      if (!args.quiet) {
        std::printf("sweep %s on %d MPI ranks: %d of %d tasks done, %d failed; %d of %d variants complete\n",
                    s.name.c_str(), mpi.size(), c.tasks_done, c.tasks, c.tasks_failed, c.variants_done, c.variants);
      }
      if (c.tasks_failed > 0) {
        std::fprintf(stderr, "error: %d task(s) of the sweep failed; their logs say why\n", c.tasks_failed);
        status = sim::kExitBadInput;
      }
    } catch (const sim::InputError& e) {
      for (const auto& m : e.messages()) std::fprintf(stderr, "error: %s\n", m.c_str());
      status = sim::kExitBadInput;
    }
  }
  MPI_Bcast(&status, 1, MPI_INT, 0, MPI_COMM_WORLD);
  return status;
}

#endif

}  // namespace csc::tools
