#include "models/world/burn_in_cache.hpp"

#include <algorithm>
#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <variant>

#include <zstd.h>

#include "models/interventions/registry.hpp"
#include "models/scenario/parameters.hpp"
#include "sim/core/errors.hpp"
#include "sim/core/fnv1a.hpp"
#include "sim/io/temp_name.hpp"

namespace csc::models {
namespace fs = std::filesystem;
namespace {

// A snapshot file: this line, then the key's length and text, the state's length, the length
// and bytes of the state compressed (Zstandard, level 1: about 6x smaller, at some hundreds of
// MB a second), and a FNV-1a digest of key and compressed state (sim/core/fnv1a.hpp). Lengths
// are 8 bytes in the machine's order, like the state itself (a cache, read only by the program
// that wrote it).
constexpr std::string_view kMagic = "cscsim burn-in snapshot 1\n";
constexpr int kZstdLevel = 1;
// A state no world has (a snapshot of England is some GB): a larger length is corrupt.
constexpr std::uint64_t kMaxStateBytes = std::uint64_t{64} << 30;

std::string value_text(const sim::ParamValue& v) {
  if (const auto* d = std::get_if<double>(&v)) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%a", *d);  // exact: two reals that print alike are equal
    return buf;
  }
  if (const auto* i = std::get_if<std::int64_t>(&v)) return std::to_string(*i);
  if (const auto* b = std::get_if<bool>(&v)) return *b ? "true" : "false";
  return "\"" + std::get<std::string>(v) + "\"";
}

/// Keys that do not change a world's burn-in: its name and how many replicates run.
bool outside_key(const std::string& key) {
  return key == "name" || key == "description" || key == "run.replicates" || key.starts_with("interventions.");
}

std::uint64_t digest(std::string_view key, const char* state, std::size_t n) {
  sim::Fnv1a h;
  h.u64(key.size());
  h.bytes(key);
  h.u64(n);
  h.bytes(state, n);
  return h.value();
}

template <class T>
bool read_value(std::string_view& rest, T& v) {
  if (rest.size() < sizeof v) return false;
  std::copy_n(rest.data(), sizeof v, reinterpret_cast<char*>(&v));
  rest.remove_prefix(sizeof v);
  return true;
}

bool is_snapshot_name(const fs::path& p) {
  const std::string name = p.filename().string();
  return name.ends_with(kSnapshotExtension) ||
         (name.find(std::string(kSnapshotExtension) + ".tmp-") != std::string::npos && sim::temporary_orphaned(name));
}

}  // namespace

BurnInCache::BurnInCache(BurnInCacheConfig config) : config_(std::move(config)) {
  std::error_code ec;
  fs::create_directories(config_.dir, ec);
  if (ec || !fs::is_directory(config_.dir)) {
    throw sim::InputError(config_.dir.string() + ": cannot make the burn-in snapshot folder (" +
                          (ec ? ec.message() : std::string("not a folder")) + ")");
  }
}

bool BurnInCache::applies(const Params& p) {
  if (p.burn_in_weeks() <= 0) return false;
  for (std::size_t i = 0; i < p.interventions.size(); ++i) {
    const InterventionCommon& iv = p.interventions[i];
    if (!iv.enabled) continue;
    if (iv.start_day < 0) return false;
    for (std::size_t t = 0; t < iv.team_start.size(); ++t) {
      if (iv.team_start_day(t) < 0) return false;
    }
  }
  return true;
}

std::string BurnInCache::key(const Params& p, std::uint64_t seed, std::uint32_t replicate) const {
  std::string text = "program = " + config_.program + "\nseed = " + std::to_string(seed) +
                     "\nreplicate = " + std::to_string(replicate) + "\n";
  const sim::Schema& schema = model_schema(*p.interventions.registry);
  for (const auto& spec : schema.params) {
    if (outside_key(spec.key)) continue;
    text += spec.key;
    text += " = ";
    text += value_text(param_value(p, spec.key));
    text += '\n';
  }
  for (const auto& array : schema.arrays) {
    for (std::size_t l = 0; l < p.las.size(); ++l) {
      for (const auto& spec : array.params) {
        text += array.key + "." + std::to_string(l) + "." + spec.key;
        text += " = ";
        text += value_text(param_value(p.las[l], spec.key));
        text += '\n';
      }
    }
  }
  return text;
}

fs::path BurnInCache::file_of(const std::string& key) const {
  sim::Fnv1a h;
  h.bytes(key);
  char name[32];
  std::snprintf(name, sizeof name, "%016" PRIx64, h.value());
  return config_.dir / (std::string(name) + kSnapshotExtension);
}

std::optional<std::vector<char>> BurnInCache::load(const std::string& key) {
  const fs::path file = file_of(key);
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;  // none saved yet
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::string_view rest = bytes;
  std::uint64_t key_size = 0, state_size = 0, packed_size = 0, sum = 0;
  const bool framed = rest.starts_with(kMagic) && (rest.remove_prefix(kMagic.size()), read_value(rest, key_size)) &&
                      key_size <= rest.size();
  if (framed && rest.substr(0, key_size) != key) return std::nullopt;  // another key of the same digest
  if (framed) rest.remove_prefix(key_size);
  const auto corrupt = [&](const char* what) {
    warn(file.string() + ": " + what + ": the burn-in is run again and the file replaced");
    return std::nullopt;
  };
  if (!framed || !read_value(rest, state_size) || !read_value(rest, packed_size) || packed_size > rest.size() ||
      rest.size() - packed_size != sizeof sum || state_size > kMaxStateBytes) {
    return corrupt("not a complete burn-in snapshot");
  }
  const char* packed = rest.data();
  rest.remove_prefix(packed_size);
  read_value(rest, sum);
  if (sum != digest(key, packed, packed_size)) return corrupt("burn-in snapshot fails its digest");
  std::vector<char> state(state_size);
  const std::size_t n = ZSTD_decompress(state.data(), state.size(), packed, packed_size);
  if (ZSTD_isError(n) || n != state_size) return corrupt("burn-in snapshot does not decompress");
  ++reused_;
  return state;
}

void BurnInCache::save(const std::string& key, const std::vector<char>& state) {
  const fs::path file = file_of(key);
  const fs::path temp = sim::temporary_sibling(file);
  std::vector<char> packed(ZSTD_compressBound(state.size()));
  const std::size_t n = ZSTD_compress(packed.data(), packed.size(), state.data(), state.size(), kZstdLevel);
  if (!ZSTD_isError(n)) {
    packed.resize(n);
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    const std::uint64_t key_size = key.size(), state_size = state.size(), packed_size = packed.size();
    const std::uint64_t sum = digest(key, packed.data(), packed.size());
    out.write(kMagic.data(), static_cast<std::streamsize>(kMagic.size()));
    out.write(reinterpret_cast<const char*>(&key_size), sizeof key_size);
    out.write(key.data(), static_cast<std::streamsize>(key.size()));
    out.write(reinterpret_cast<const char*>(&state_size), sizeof state_size);
    out.write(reinterpret_cast<const char*>(&packed_size), sizeof packed_size);
    out.write(packed.data(), static_cast<std::streamsize>(packed.size()));
    out.write(reinterpret_cast<const char*>(&sum), sizeof sum);
    out.close();
    std::error_code ec;
    if (out && (fs::rename(temp, file, ec), !ec)) {
      ++saved_;
      return;
    }
  }
  std::error_code ignored;
  fs::remove(temp, ignored);
  warn(file.string() + ": cannot save a burn-in snapshot (disk full or folder not writable?): runs go on without");
}

std::vector<std::string> BurnInCache::warnings() const {
  const std::lock_guard lock(mutex_);
  return warnings_;
}

void BurnInCache::warn(std::string message) {
  const std::lock_guard lock(mutex_);
  if (std::find(warnings_.begin(), warnings_.end(), message) == warnings_.end())
    warnings_.push_back(std::move(message));
}

CacheUsage cache_usage(const fs::path& dir) {
  CacheUsage u;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    if (!e.is_regular_file(ec) || !e.path().filename().string().ends_with(kSnapshotExtension)) continue;
    ++u.files;
    u.bytes += e.file_size(ec);
  }
  return u;
}

CacheUsage prune_cache(const fs::path& dir, const PruneRule& rule) {
  struct Entry {
    fs::path path;
    fs::file_time_type time;
    std::uintmax_t bytes;
  };
  std::vector<Entry> kept;
  CacheUsage removed;
  std::error_code ec;
  const auto now = fs::file_time_type::clock::now();
  const auto drop = [&](const Entry& e) {
    std::error_code rm;
    if (fs::remove(e.path, rm)) ++removed.files, removed.bytes += e.bytes;
  };
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    if (!e.is_regular_file(ec) || !is_snapshot_name(e.path())) continue;
    Entry entry{e.path(), e.last_write_time(ec), e.file_size(ec)};
    const double age_days = std::chrono::duration<double>(now - entry.time).count() / 86400.0;
    if (!entry.path.filename().string().ends_with(kSnapshotExtension) ||
        (rule.older_than_days && age_days > *rule.older_than_days)) {
      drop(entry);  // a dead writer's temporary file, or too old
    } else {
      kept.push_back(std::move(entry));
    }
  }
  if (!rule.max_bytes) return removed;
  std::sort(kept.begin(), kept.end(), [](const Entry& a, const Entry& b) { return a.time > b.time; });  // newest first
  std::uintmax_t total = 0;  // of the snapshots kept
  for (const auto& e : kept) {
    if (total + e.bytes > *rule.max_bytes) {
      drop(e);
    } else {
      total += e.bytes;
    }
  }
  return removed;
}

}  // namespace csc::models
