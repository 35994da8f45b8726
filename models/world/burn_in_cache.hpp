#pragma once
// Burn-in snapshots (docs/cluster.md, "Burn-in snapshots"): the state of a world at the end of
// its burn-in, saved once and reused by every run whose burn-in would be the same, so that the
// scenarios of a comparison or a sweep run the burn-in once. A snapshot is keyed by the program
// (its version and a digest of the executable: a rebuilt model never reads an older state), the
// seed, the replicate and every parameter except the interventions'. A world may start from one
// only when no intervention of it starts before the horizon (day 0): until then its burn-in is
// the same as without interventions. Restoring gives bitwise the output of running the burn-in
// again (tests/models/world/test_burn_in_cache.cpp).
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "models/params/params.hpp"

namespace csc::models {

/// Where snapshots are kept and the program they must come from.
struct BurnInCacheConfig {
  std::filesystem::path dir;
  std::string program;  // names the program exactly: version, commit, digest of the executable
};

/// The snapshots of one run (or several runs of one process), safe to use from worker threads.
/// A cache never fails a run: a snapshot that cannot be read is run again, one that cannot be
/// written is skipped, each with a warning (warnings()).
class BurnInCache {
 public:
  /// Creates the folder when missing (sim::InputError naming it when it cannot be made).
  explicit BurnInCache(BurnInCacheConfig config);

  /// A world of `p` can start from a snapshot: it has a burn-in and no enabled intervention
  /// starts (in any team) before day 0.
  [[nodiscard]] static bool applies(const Params& p);
  /// What a snapshot of replicate r of `p` under `seed` depends on, as text: the program, the
  /// seed, the replicate and every parameter but the interventions' (name and replicates left
  /// out), one "key = value" line each, reals in hexadecimal (exact).
  [[nodiscard]] std::string key(const Params& p, std::uint64_t seed, std::uint32_t replicate) const;
  /// The state saved under `key`, or nothing (none saved, or one that is corrupt: warned of).
  [[nodiscard]] std::optional<std::vector<char>> load(const std::string& key);
  /// Saves `state` under `key`, atomically (written beside, then renamed).
  void save(const std::string& key, const std::vector<char>& state);

  [[nodiscard]] const std::filesystem::path& dir() const { return config_.dir; }
  [[nodiscard]] int reused() const { return reused_; }
  [[nodiscard]] int saved() const { return saved_; }
  [[nodiscard]] std::vector<std::string> warnings() const;

 private:
  [[nodiscard]] std::filesystem::path file_of(const std::string& key) const;
  void warn(std::string message);

  BurnInCacheConfig config_;
  std::atomic<int> reused_{0}, saved_{0};
  mutable std::mutex mutex_;
  std::vector<std::string> warnings_;
};

/// The snapshots in a cache folder: how many and their bytes (files of another kind ignored).
struct CacheUsage {
  std::size_t files = 0;
  std::uintmax_t bytes = 0;
};
[[nodiscard]] CacheUsage cache_usage(const std::filesystem::path& dir);

/// Removes snapshots (and temporary files of dead writers) from a cache folder: those older than
/// `older_than_days`, then the oldest until at most `max_bytes` are left. Nothing but snapshot
/// files is touched. Returns what was removed.
struct PruneRule {
  std::optional<double> older_than_days;
  std::optional<std::uintmax_t> max_bytes;
};
CacheUsage prune_cache(const std::filesystem::path& dir, const PruneRule& rule);

/// The file name ending of a snapshot.
inline constexpr const char* kSnapshotExtension = ".burn-in";

}  // namespace csc::models
