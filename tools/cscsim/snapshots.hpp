#pragma once
// Burn-in snapshots on the command line (docs/cluster.md, "Burn-in snapshots"): the
// --snapshots/--no-snapshots options of run and sweep, and `cscsim snapshots DIR`, which
// reports a cache folder's size and prunes it.
#include <memory>
#include <optional>
#include <string>

#include "models/world/burn_in_cache.hpp"

namespace csc::tools {

/// --snapshots DIR and --no-snapshots.
struct SnapshotOptions {
  std::string dir;
  bool off = false;
};

/// The program as a snapshot key names it: version, commit and a digest of the executable
/// (so a rebuilt program never reads a state an older one saved).
const std::string& program_identity();

/// The cache the options ask for: --snapshots DIR, else $CSCSIM_SNAPSHOTS, else `fallback`
/// (empty: none); none with --no-snapshots. sim::InputError when the folder cannot be made.
std::unique_ptr<models::BurnInCache> open_burn_in_cache(const SnapshotOptions& options,
                                                        const std::string& fallback = "");

/// Prints the cache's warnings on stderr and, unless quiet, a line of what it reused and saved
/// and the folder's size.
void report_burn_in_cache(const models::BurnInCache& cache, bool quiet);

struct SnapshotsArgs {
  std::string dir;
  bool prune = false;
  std::optional<double> older_than_days;
  std::optional<double> max_size_mb;
};
/// `cscsim snapshots DIR [--prune [--older-than DAYS] [--max-size MB]]`.
int snapshots_command(const SnapshotsArgs& args);

}  // namespace csc::tools
