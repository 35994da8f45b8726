#include "tools/cscsim/snapshots.hpp"

#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>

#include "sim/core/errors.hpp"
#include "sim/core/fnv1a.hpp"
#include "sim/core/text.hpp"

namespace csc::tools {
namespace fs = std::filesystem;
namespace {

double megabytes(std::uintmax_t bytes) { return static_cast<double>(bytes) / 1e6; }

}  // namespace

const std::string& program_identity() {
  static const std::string identity = [] {
    std::string id = std::string("cscsim ") + CSC_VERSION + " (commit " + CSC_COMMIT + ")";
    // The executable's bytes: a rebuild from an edited tree keeps the commit but not these.
    std::ifstream exe("/proc/self/exe", std::ios::binary);
    if (!exe) return id;
    sim::Fnv1a h;
    char buf[1 << 16];
    while (exe.read(buf, sizeof buf) || exe.gcount() > 0) h.bytes(buf, static_cast<std::size_t>(exe.gcount()));
    char hex[32];
    std::snprintf(hex, sizeof hex, "%016" PRIx64, h.value());
    return id + ", executable " + hex;
  }();
  return identity;
}

std::unique_ptr<models::BurnInCache> open_burn_in_cache(const SnapshotOptions& options, const std::string& fallback) {
  if (options.off) return nullptr;
  std::string dir = options.dir;
  if (dir.empty()) {
    const char* env = std::getenv("CSCSIM_SNAPSHOTS");
    dir = env != nullptr ? env : fallback;
  }
  if (dir.empty()) return nullptr;
  return std::make_unique<models::BurnInCache>(models::BurnInCacheConfig{dir, program_identity()});
}

void report_burn_in_cache(const models::BurnInCache& cache, bool quiet) {
  for (const auto& w : cache.warnings()) std::fprintf(stderr, "warning: %s\n", sim::printable(w).c_str());
  if (quiet) return;
  const auto usage = models::cache_usage(cache.dir());
  std::fprintf(stderr, "burn-in snapshots: %d reused, %d saved; %s holds %zu (%.1f MB)\n", cache.reused(),
               cache.saved(), sim::printable(cache.dir().string()).c_str(), usage.files, megabytes(usage.bytes));
}

int snapshots_command(const SnapshotsArgs& args) {
  std::error_code ec;
  if (!fs::is_directory(args.dir, ec)) throw sim::InputError(args.dir + ": not a folder of burn-in snapshots");
  if (!args.prune) {
    if (args.older_than_days || args.max_size_mb) {
      throw sim::InputError("--older-than and --max-size say what --prune removes; add --prune");
    }
    const auto usage = models::cache_usage(args.dir);
    std::printf("%s: %zu burn-in snapshot(s), %.1f MB\n", sim::printable(args.dir).c_str(), usage.files,
                megabytes(usage.bytes));
    return sim::kExitOk;
  }
  models::PruneRule rule;
  rule.older_than_days = args.older_than_days;
  if (args.max_size_mb) rule.max_bytes = static_cast<std::uintmax_t>(*args.max_size_mb * 1e6);
  if (!rule.older_than_days && !rule.max_bytes) rule.max_bytes = 0;  // --prune alone: all of them
  const auto removed = models::prune_cache(args.dir, rule);
  const auto left = models::cache_usage(args.dir);
  std::printf("%s: removed %zu file(s), %.1f MB; %zu snapshot(s) left, %.1f MB\n", sim::printable(args.dir).c_str(),
              removed.files, megabytes(removed.bytes), left.files, megabytes(left.bytes));
  return sim::kExitOk;
}

}  // namespace csc::tools
