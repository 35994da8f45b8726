#pragma once
// A sweep file (docs/cluster.md, "Sweep files"): a base scenario, the parameters to vary (a
// list of variants, a grid, or a Latin hypercube with a seed), the replicates, and the variant
// every other is compared with. It expands into variants and tasks (a variant's replicates,
// whole or in ranges) with stable ids: the same file gives the same tasks, in the same order,
// on every machine and back-end.
#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "sim/io/scenario.hpp"

namespace csc::analysis::sweep {

/// One override of a variant: a key, its value as text, and where it was given (FILE:LINE:COL
/// of the sweep file, or "--set KEY"), for messages.
struct Override {
  std::string key, value, origin;
};

struct Variant {
  std::string id;                  // "base", or "v001", "v002", ...
  std::string label;               // the list variant's name, or "key=value, ..."
  std::filesystem::path scenario;  // its scenario file
  std::vector<Override> sets;      // applied in order (a later one of a key wins)
  std::string origin;              // "FILE:LINE:COL" that defined it, for messages
};

struct Task {
  std::string id;       // "<variant>_r<first>-<last>", e.g. "v003_r0010-0019"
  std::size_t variant;  // index into Sweep::variants
  std::int64_t first_replicate = 0, replicates = 0;
};

struct Sweep {
  std::filesystem::path file;  // the sweep file
  std::string text;            // its bytes (a sweep directory keeps a copy)
  std::string name, description, design;
  std::vector<std::string> varied;  // the keys varied (the manifest's and tables' columns)
  std::vector<Variant> variants;    // the base first, when there is one
  bool has_base = false;
  std::int64_t replicates = 0;  // per variant
  std::vector<Task> tasks;      // variant by variant, replicate ranges in order
  /// A calibration posterior each replicate's parameters are drawn from (empty: none), its
  /// replicates per draw, and the keys it draws.
  std::filesystem::path posterior;
  std::int64_t per_draw = 0;
  std::vector<std::string> drawn;

  /// The keys the posterior draws that variant v sets: they keep the sweep's value.
  [[nodiscard]] std::vector<std::string> posterior_kept(const Variant& v) const;

  /// The value variant v runs for a varied key, as text ("" when it does not set it).
  [[nodiscard]] std::string value_of(const Variant& v, const std::string& key) const;
};

/// Reads, checks and expands a sweep file. Every variant's scenario is loaded and its
/// overrides applied, so that a bad value is reported before anything runs. InputError with
/// FILE:LINE:COLUMN and the key for every problem. `sets` (`sweep --set KEY=VALUE`) are
/// overrides every variant takes after the file's own `set`; they are part of the sweep's
/// identity (Sweep::text ends with a line "# cscsim sweep --set KEY=VALUE" for each).
Sweep load_sweep(const std::filesystem::path& file, const std::vector<std::string>& sets = {});

/// The `--set` lines of a sweep's text (as load_sweep wrote them), in order.
std::vector<std::string> sets_of(const std::string& text);

/// The prefix of the lines that record a sweep's command-line overrides in its text.
inline constexpr const char* kSetLine = "# cscsim sweep --set ";

/// Variant v's scenario, its overrides applied, with `replicates` replicates (the run of one
/// task, or of the whole variant).
sim::Scenario variant_scenario(const Sweep& s, const Variant& v, std::int64_t replicates);

}  // namespace csc::analysis::sweep
