#pragma once
// Internal to the scenario loader (sim/io/scenario*.cpp), not part of the engine's API: what its
// files share. Value checks and the collected diagnostics (scenario_checks.cpp), reading files and
// merging the base chain (scenario_load.cpp), validation against the schema (scenario_validate.cpp).
#include <toml++/toml.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/io/scenario.hpp"

namespace csc::sim::scenario_detail {

// ---------------------------------------------------------------- value checks (scenario_checks.cpp)

std::string describe_node(const toml::node& n);
/// "an integer", "a real number", ... for messages.
std::string expected_name(ParamType t);
/// Parses a strict "YYYY-MM-DD" calendar date (leap years honoured).
std::optional<toml::date> parse_iso_date(std::string_view s);
/// "; did you mean 'PREFIX KEY'?" for the closest of `known`, or "" when none is close.
std::string suggestion(std::string_view key, const std::vector<std::string>& known, const std::string& display_prefix);
/// Type, range, choice and date checks shared by files and set(). Normalises an integer given
/// for a real. Returns an error message, or "" when the value is acceptable.
std::string check_value(const ParamSpec& spec, ParamValue& v);
/// Converts a TOML node for `spec`; returns an error message, or "" with `out` set.
std::string node_value(const ParamSpec& spec, const toml::node& n, ParamValue& out);

// ---------------------------------------------------------------- diagnostics (scenario_checks.cpp)

struct Diag {
  std::string file;
  std::uint32_t line = 0, column = 0;
  std::string text;
};

/// Collects every problem so that the user sees all of them in one run.
class Diagnostics {
 public:
  explicit Diagnostics(std::string fallback_file) : fallback_(std::move(fallback_file)) {}
  void add(const toml::source_region& where, const std::string& key, const std::string& msg) {
    add_raw(where, "key '" + key + "': " + msg);
  }
  void add_raw(const toml::source_region& where, std::string text) { diags_.push_back(at(where, std::move(text))); }
  /// "file:line:column" of a source region, as the messages write it.
  [[nodiscard]] std::string locate(const toml::source_region& where) const;
  [[nodiscard]] bool empty() const { return diags_.empty(); }
  /// A file with this many problems is not a scenario (a generated file of thousands of
  /// unknown keys): only the first kMaxShown are shown, and no more "did you mean" is worked
  /// out (each costs an edit distance to every known key).
  static constexpr std::size_t kMaxShown = 100;
  [[nodiscard]] bool many() const { return diags_.size() >= kMaxShown; }
  [[noreturn]] void raise();

 private:
  /// The place a region names (the fallback file when it names none; line 1 when it has none,
  /// e.g. an empty document), with `text`.
  [[nodiscard]] Diag at(const toml::source_region& where, std::string text) const;
  std::string fallback_;
  std::vector<Diag> diags_;
};

// ---------------------------------------------------------------- loading and merging (scenario_load.cpp)

/// Reads a scenario file (a regular file of at most kMaxScenarioFileBytes); nullopt with
/// `error` set when it cannot.
std::optional<std::string> read_file(const std::filesystem::path& p, std::string& error);
/// The canonical path of a file, so that a base chain can spot a cycle.
std::string file_identity(const std::filesystem::path& p);

class Loader {
 public:
  explicit Loader(Diagnostics& diags) : diags_(diags) {}

  /// Every base file read, in the order read.
  [[nodiscard]] const std::vector<std::filesystem::path>& base_files() const { return files_; }

  /// Parses one file's text and, recursively, its base chain; nullopt when it cannot go on.
  std::optional<toml::table> load(std::string_view text, const std::string& name, const std::filesystem::path& dir,
                                  const std::string& identity);

 private:
  std::optional<toml::table> resolve_reserved(toml::table tbl, const std::filesystem::path& dir);

  Diagnostics& diags_;
  std::vector<std::pair<std::string, std::string>> chain_;  // (identity, display name) per file
  std::vector<std::filesystem::path> files_;
};

// ---------------------------------------------------------------- validation (scenario_validate.cpp)

/// Lookup tables for one level: the globals, or the elements of one table array.
struct Level {
  std::map<std::string, const ParamSpec*, std::less<>> params;
  std::map<std::string, const TableArraySpec*, std::less<>> arrays;
  std::set<std::string, std::less<>> sections;  // proper dotted prefixes of the keys above
  std::vector<std::string> known;               // candidates for "did you mean"

  Level(const std::vector<ParamSpec>& ps, const std::vector<TableArraySpec>& as);

 private:
  void add(const std::string& key);
};

using ValueMap = std::map<std::string, ParamValue>;
using OriginMap = std::map<std::string, std::string>;
/// One [[table]] of an array: its values and where each was set.
struct ElementResult {
  ValueMap values;
  OriginMap origins;
};
struct LevelResult {
  ValueMap values;
  OriginMap origins;  // where each value given in a file was set
  std::map<std::string, std::vector<ElementResult>> arrays;
  std::set<std::string> failed;  // keys already reported: no "missing" error for them
};

class Validator {
 public:
  explicit Validator(Diagnostics& diags) : diags_(diags) {}

  LevelResult validate(const toml::table& root, const Level& level, const std::string& shown_prefix,
                       const std::vector<ParamSpec>& specs, const std::vector<TableArraySpec>& arrays);

 private:
  void walk(const toml::table& tbl, const std::string& prefix, const Level& level, const std::string& shown_prefix,
            LevelResult& out);
  void check_array(const TableArraySpec& spec, const toml::node& node, const toml::source_region& where,
                   const std::string& shown, LevelResult& out);
  /// True when `key` or one of its dotted prefixes was already reported.
  static bool covered(const std::set<std::string>& failed, const std::string& key);
  /// The deepest existing table on the way to `key`: where a missing key should have been.
  static const toml::table& nearest_table(const toml::table& root, const std::string& key);

  Diagnostics& diags_;
};

}  // namespace csc::sim::scenario_detail
