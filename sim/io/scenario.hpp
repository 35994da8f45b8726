#pragma once
// Generic scenario loader. A scenario is a TOML file (optionally inheriting from a base file via
// `base = "other.toml"`) validated against a Schema that the model supplies; the engine itself
// knows nothing of the domain. Every user-input problem is reported as a csc::sim::InputError
// carrying one "file:line:column: key 'x': message" line per problem. Hostile files (FIFOs,
// devices, huge files, deep keys, long base chains) are refused within the limits of
// sim/io/toml_limits.hpp.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace csc::sim {

enum class ParamType { integer, real, boolean, string, date };

/// Date values are ISO "YYYY-MM-DD" strings.
using ParamValue = std::variant<std::int64_t, double, bool, std::string>;

struct ParamSpec {
  /// Dotted path, e.g. "name", "run.years", "referral.base_rate"; inside a table array,
  /// relative to an element ("children").
  std::string key;
  ParamType type;
  std::optional<ParamValue> default_value;                ///< nullopt = required
  double min = -std::numeric_limits<double>::infinity();  ///< inclusive bounds (integer/real)
  double max = std::numeric_limits<double>::infinity();
  std::vector<std::string> choices;       ///< for strings: allowed values (empty = any)
  std::string unit, description, source;  ///< documentation only
};

/// An array of tables such as [[la]].
struct TableArraySpec {
  std::string key;  ///< "la" (may be dotted)
  std::vector<ParamSpec> params;
  std::size_t min_count = 1, max_count = 100000;
  std::string description;
};

struct Schema {
  std::vector<ParamSpec> params;
  std::vector<TableArraySpec> arrays;
};

/// Resolved values: every spec key present (defaults filled). Getters throw std::logic_error
/// for a key not in the schema or the wrong getter type: that is a programming error in the
/// model, not a user-input problem.
class ParamTable {
 public:
  [[nodiscard]] std::int64_t integer(std::string_view key) const;
  /// Also accepts integer-typed params (converted).
  [[nodiscard]] double real(std::string_view key) const;
  [[nodiscard]] bool boolean(std::string_view key) const;
  /// For string and date params.
  [[nodiscard]] const std::string& string(std::string_view key) const;
  [[nodiscard]] bool has(std::string_view key) const;
  /// Where the value of `key` was set: "file:line:column" of its line in the scenario or a
  /// base file, the origin given to Scenario::set(), or "" for a schema default (globals and
  /// each [[table]] of an array alike). For the checks a model makes after loading (values
  /// that depend on each other).
  [[nodiscard]] std::string origin(std::string_view key) const;

 private:
  friend class Scenario;
  struct Entry {
    ParamType type;
    ParamValue value;
  };
  /// The entry for `key`, whose type must be `a` or `b` (`what` names them for the error).
  [[nodiscard]] const Entry& entry(std::string_view key, ParamType a, ParamType b, const char* what) const;
  std::map<std::string, Entry, std::less<>> entries_;
  std::map<std::string, std::string, std::less<>> origins_;
};

class Scenario {
 public:
  /// Reads, merges (base chain) and validates `file`. Throws InputError.
  static Scenario load(const std::filesystem::path& file, const Schema& schema);
  /// As load(), from text; `base` keys resolve relative to `base_dir`. Throws InputError.
  static Scenario parse(std::string_view toml_text, const std::string& source_name, const Schema& schema,
                        const std::filesystem::path& base_dir = ".");

  [[nodiscard]] const ParamTable& globals() const { return globals_; }
  /// Throws std::logic_error for an array key not in the schema.
  [[nodiscard]] const std::vector<ParamTable>& elements(std::string_view array_key) const;

  /// Validated override of a global parameter; throws InputError such as
  /// "origin: key 'run.years': must be >= 1 (got 0)".
  void set(std::string_view key, const ParamValue& v, const std::string& origin = "command line");
  /// set() from text, as `--set key=value` gives it: the value is read as a TOML value
  /// (0.04, 12, true, 2015-04-01, "text"); for a string or date parameter, bare text is taken
  /// as it is. Throws InputError naming `origin` and the key.
  void set_text(std::string_view key, std::string_view text, const std::string& origin = "command line");

  /// The complete resolved scenario (base merged, defaults filled, overrides applied) as TOML
  /// text, with `schema = 1` and no `base`. Parsing it back with the same schema gives equal
  /// values.
  [[nodiscard]] std::string resolved_toml() const;

  /// The file given to load(); empty when parsed from text.
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }
  /// Every file the scenario was read from: the file given to load() and each base file.
  [[nodiscard]] const std::vector<std::filesystem::path>& sources() const { return sources_; }

 private:
  Scenario() = default;
  /// The global parameter `key`; InputError "origin: key 'k': unknown key; did you mean ..."
  const ParamSpec& global_spec(const std::string& key, const std::string& origin) const;
  static Scenario from_text(std::string_view text, const std::string& source_name, const Schema& schema,
                            const std::filesystem::path& base_dir, std::optional<std::filesystem::path> real_path);

  Schema schema_;  // kept for set() validation and resolved_toml()
  ParamTable globals_;
  std::map<std::string, std::vector<ParamTable>, std::less<>> elements_;
  std::filesystem::path path_;
  std::vector<std::filesystem::path> sources_;
};

}  // namespace csc::sim
