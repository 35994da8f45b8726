#include "sim/io/scenario.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <toml++/toml.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <memory>
#include <set>
#include <sstream>
#include <stdexcept>
#include <system_error>
#include <tuple>

#include "sim/core/errors.hpp"
#include "sim/io/toml_limits.hpp"

namespace csc::sim {
namespace {

namespace fs = std::filesystem;

// ---------------------------------------------------------------- formatting helpers

std::string format_number(double v) {
  if (std::isfinite(v) && v == std::floor(v) && std::fabs(v) < 1e15) {
    return std::to_string(static_cast<long long>(v));
  }
  char buf[64];
  const auto res = std::to_chars(buf, buf + sizeof buf, v);  // shortest round-trip form
  return std::string(buf, res.ptr);
}

std::string describe_node(const toml::node& n) {
  switch (n.type()) {
    case toml::node_type::table: return "a table";
    case toml::node_type::array: return "an array";
    case toml::node_type::string: return "a string";
    case toml::node_type::integer: return "an integer";
    case toml::node_type::floating_point: return "a real number";
    case toml::node_type::boolean: return "a boolean";
    case toml::node_type::date: return "a date";
    case toml::node_type::time: return "a time";
    case toml::node_type::date_time: return "a date-time";
    default: return "nothing";
  }
}

std::string describe_value(const ParamValue& v) {
  static constexpr const char* names[] = {"an integer", "a real number", "a boolean", "a string"};
  return names[v.index()];
}

std::string expected_name(ParamType t) {
  switch (t) {
    case ParamType::integer: return "an integer";
    case ParamType::real: return "a real number";
    case ParamType::boolean: return "a boolean (true or false)";
    case ParamType::string: return "a string";
    case ParamType::date: return "a date (YYYY-MM-DD)";
  }
  return "a value";
}

std::string iso_date(const toml::date& d) {
  std::string out(10, '-');
  const auto put = [&out](std::size_t at, unsigned v, std::size_t width) {
    for (std::size_t i = width; i-- > 0; v /= 10) out[at + i] = static_cast<char>('0' + v % 10);
  };
  put(0, d.year, 4);
  put(5, d.month, 2);
  put(8, d.day, 2);
  return out;
}

/// Parses a strict "YYYY-MM-DD" calendar date (leap years honoured).
std::optional<toml::date> parse_iso_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  const auto num = [s](std::size_t at, std::size_t width) -> int {
    int v = 0;
    for (std::size_t i = at; i < at + width; ++i) {
      if (s[i] < '0' || s[i] > '9') return -1;
      v = v * 10 + (s[i] - '0');
    }
    return v;
  };
  const int y = num(0, 4), m = num(5, 2), d = num(8, 2);
  if (y < 1 || m < 1 || m > 12 || d < 1) return std::nullopt;
  static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (d > days[m - 1] + ((m == 2 && leap) ? 1 : 0)) return std::nullopt;
  return toml::date{y, m, d};
}

/// Optimal-string-alignment edit distance (a transposition counts as one edit).
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.size()][b.size()];
}

std::string suggestion(std::string_view key, const std::vector<std::string>& known, const std::string& display_prefix) {
  if (key.size() > 200) return {};  // keeps the quadratic distance cheap on absurd input
  const std::string* best = nullptr;
  std::size_t best_d = 0;
  for (const auto& k : known) {
    const std::size_t dist = edit_distance(key, k);
    if (best == nullptr || dist < best_d) best = &k, best_d = dist;
  }
  // Close means at most about a third of the longer spelling differs.
  if (best == nullptr || best_d > std::max<std::size_t>(1, (std::max(key.size(), best->size()) + 2) / 3)) {
    return {};
  }
  return "; did you mean '" + display_prefix + *best + "'?";
}

std::string os_error(int err) { return std::error_code(err, std::generic_category()).message(); }

/// What kind of file `mode` is, for "not a regular file: a FIFO".
std::string file_kind(mode_t mode) {
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  return "an unusual kind of file";
}

/// Reads a scenario file: only a regular file (a FIFO would block and a device such as
/// /dev/zero never end) of at most kMaxScenarioFileBytes. The type is checked on the open
/// descriptor, so nothing can be swapped in between the check and the read, and the open
/// itself does not block (O_NONBLOCK, cleared once the file is known to be regular).
std::optional<std::string> read_file(const fs::path& p, std::string& error) {
  const int fd = ::open(p.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) {
    error = os_error(errno);
    return std::nullopt;
  }
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    error = os_error(errno);
    return std::nullopt;
  }
  if (S_ISDIR(st.st_mode)) {
    error = os_error(EISDIR);
    return std::nullopt;
  }
  if (!S_ISREG(st.st_mode)) {
    error = "not a regular file: " + file_kind(st.st_mode);
    return std::nullopt;
  }
  const auto too_big = [&error](const std::string& size) {
    error = size + " bytes; a scenario file may have at most " + std::to_string(kMaxScenarioFileBytes >> 20) + " MiB";
    return std::nullopt;
  };
  if (st.st_size < 0 || static_cast<unsigned long long>(st.st_size) > kMaxScenarioFileBytes) {
    return too_big(std::to_string(st.st_size));
  }
  const int flags = ::fcntl(fd, F_GETFL);
  if (flags < 0 || ::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) != 0) {
    error = os_error(errno);
    return std::nullopt;
  }
  // Read to the end, but never past the limit (the file may grow after fstat).
  std::string text(static_cast<std::size_t>(st.st_size), '\0');
  std::size_t got = 0;
  for (;;) {
    if (got == text.size()) {
      if (text.size() > kMaxScenarioFileBytes) {
        return too_big("more than " + std::to_string(kMaxScenarioFileBytes));
      }
      text.resize(std::min(kMaxScenarioFileBytes + 1, text.size() + (std::size_t{1} << 16)));
    }
    const ssize_t n = ::read(fd, text.data() + got, text.size() - got);
    if (n < 0) {
      if (errno == EINTR) continue;
      error = os_error(errno);
      return std::nullopt;
    }
    if (n == 0) break;
    got += static_cast<std::size_t>(n);
  }
  text.resize(got);
  return text;
}

// ---------------------------------------------------------------- diagnostics

struct Diag {
  std::string file;
  std::uint32_t line = 0, column = 0;
  std::string text;
};

/// "file:line:column", as every message writes it.
std::string place(const Diag& d) { return d.file + ':' + std::to_string(d.line) + ':' + std::to_string(d.column); }

/// Collects every problem so that the user sees all of them in one run.
class Diagnostics {
 public:
  explicit Diagnostics(std::string fallback_file) : fallback_(std::move(fallback_file)) {}
  void add(const toml::source_region& where, const std::string& key, const std::string& msg) {
    add_raw(where, "key '" + key + "': " + msg);
  }
  void add_raw(const toml::source_region& where, std::string text) { diags_.push_back(at(where, std::move(text))); }
  /// "file:line:column" of a source region, as the messages write it.
  [[nodiscard]] std::string locate(const toml::source_region& where) const { return place(at(where, "")); }
  [[nodiscard]] bool empty() const { return diags_.empty(); }
  /// A file with this many problems is not a scenario (a generated file of thousands of
  /// unknown keys): only the first kMaxShown are shown, and no more "did you mean" is worked
  /// out (each costs an edit distance to every known key).
  static constexpr std::size_t kMaxShown = 100;
  [[nodiscard]] bool many() const { return diags_.size() >= kMaxShown; }
  [[noreturn]] void raise() {
    std::stable_sort(diags_.begin(), diags_.end(), [](const Diag& a, const Diag& b) {
      return std::tie(a.file, a.line, a.column) < std::tie(b.file, b.line, b.column);
    });
    std::vector<std::string> lines;
    for (std::size_t i = 0; i < diags_.size() && i < kMaxShown; ++i) {
      lines.push_back(place(diags_[i]) + ": " + diags_[i].text);
    }
    if (diags_.size() > kMaxShown) {
      lines.push_back(fallback_ + ": " + std::to_string(diags_.size() - kMaxShown) +
                      " more problems not shown (the first " + std::to_string(kMaxShown) + " are above)");
    }
    throw InputError(std::move(lines));
  }

 private:
  /// The place a region names (the fallback file when it names none; line 1 when it has none,
  /// e.g. an empty document), with `text`.
  [[nodiscard]] Diag at(const toml::source_region& where, std::string text) const {
    Diag d{where.path && !where.path->empty() ? *where.path : fallback_, where.begin.line, where.begin.column,
           std::move(text)};
    if (d.line == 0) d.line = d.column = 1;
    return d;
  }
  std::string fallback_;
  std::vector<Diag> diags_;
};

// ---------------------------------------------------------------- value checks

/// Type, range, choice and date checks shared by files and set(). Normalises an integer given
/// for a real. Returns an error message, or "" when the value is acceptable.
std::string check_value(const ParamSpec& spec, ParamValue& v) {
  if (spec.type == ParamType::real && std::holds_alternative<std::int64_t>(v)) {
    v = static_cast<double>(std::get<std::int64_t>(v));
  }
  const std::size_t want = spec.type == ParamType::integer   ? 0
                           : spec.type == ParamType::real    ? 1
                           : spec.type == ParamType::boolean ? 2
                                                             : 3;
  if (v.index() != want) return "expected " + expected_name(spec.type) + ", got " + describe_value(v);
  if (spec.type == ParamType::integer || spec.type == ParamType::real) {
    const bool is_int = spec.type == ParamType::integer;
    const double x = is_int ? static_cast<double>(std::get<std::int64_t>(v)) : std::get<double>(v);
    const std::string got = is_int ? std::to_string(std::get<std::int64_t>(v)) : format_number(x);
    if (!std::isfinite(x)) return "must be a finite number (got " + got + ")";
    if (x < spec.min || x > spec.max) {
      if (std::isfinite(spec.min) && std::isfinite(spec.max)) {
        return "must be between " + format_number(spec.min) + " and " + format_number(spec.max) + " (got " + got + ")";
      }
      return std::isfinite(spec.min) ? "must be >= " + format_number(spec.min) + " (got " + got + ")"
                                     : "must be <= " + format_number(spec.max) + " (got " + got + ")";
    }
  }
  if (spec.type == ParamType::string && !spec.choices.empty()) {
    const auto& s = std::get<std::string>(v);
    if (std::find(spec.choices.begin(), spec.choices.end(), s) == spec.choices.end()) {
      if (spec.choices.size() > 12) {  // a long list (such as parameter names) helps nobody
        return "'" + s + "' is not one of the " + std::to_string(spec.choices.size()) + " allowed values" +
               suggestion(s, spec.choices, "");
      }
      std::string list;
      for (const auto& c : spec.choices) list += (list.empty() ? "" : ", ") + c;
      return "must be one of: " + list + " (got '" + s + "')";
    }
  }
  if (spec.type == ParamType::date && !parse_iso_date(std::get<std::string>(v))) {
    return "expected a valid date (YYYY-MM-DD), got '" + std::get<std::string>(v) + "'";
  }
  return {};
}

/// Converts a TOML node for `spec`; returns an error message, or "" with `out` set.
std::string node_value(const ParamSpec& spec, const toml::node& n, ParamValue& out) {
  if (const auto* i = n.as_integer()) {
    out = i->get();
  } else if (const auto* f = n.as_floating_point()) {
    out = f->get();
  } else if (const auto* b = n.as_boolean()) {
    out = b->get();
  } else if (const auto* s = n.as_string()) {
    out = s->get();
  } else if (const auto* d = n.as_date(); d != nullptr && spec.type == ParamType::date) {
    out = iso_date(d->get());
  } else {
    return "expected " + expected_name(spec.type) + ", got " + describe_node(n);
  }
  return check_value(spec, out);
}

// ---------------------------------------------------------------- loading and merging

/// Lets the derived file win: keys missing from it are moved in from the base (moving, unlike
/// copying, keeps each node's source region, so errors still name the base file). Tables merge
/// key by key; anything else, arrays of tables included, is replaced whole.
void merge_base_into(toml::table& derived, toml::table&& base) {
  for (auto&& [k, v] : base) {
    const toml::key& key = k;
    toml::node* mine = derived.get(key.str());
    if (mine == nullptr) {
      derived.insert(toml::key(key), std::move(v));
    } else if (mine->is_table() && v.is_table()) {
      merge_base_into(*mine->as_table(), std::move(*v.as_table()));
    }
  }
}

std::string file_identity(const fs::path& p) {
  std::error_code ec;
  fs::path c = fs::weakly_canonical(p, ec);
  if (ec) c = fs::absolute(p, ec).lexically_normal();
  return c.string();
}

class Loader {
 public:
  explicit Loader(Diagnostics& diags) : diags_(diags) {}

  /// Every base file read, in the order read.
  [[nodiscard]] const std::vector<fs::path>& base_files() const { return files_; }

  /// Parses one file's text and, recursively, its base chain; nullopt when it cannot go on.
  std::optional<toml::table> load(std::string_view text, const std::string& name, const fs::path& dir,
                                  const std::string& identity) {
    // Keys and nesting are checked on the text first: toml++ builds a table per dotted part
    // and the tree is destroyed, merged and validated recursively (toml_limits.hpp).
    if (const TomlShape shape = scan_toml_shape(text); shape.result == TomlShape::Result::over_limit) {
      toml::source_region where;
      where.begin = {shape.line, shape.column};
      where.end = where.begin;
      where.path = std::make_shared<const std::string>(name);
      diags_.add_raw(where, shape.message);
      return std::nullopt;
    }
    toml::table tbl;
    try {
      tbl = toml::parse(text, std::string_view{name});
    } catch (const toml::parse_error& e) {
      diags_.add_raw(e.source(), "TOML syntax error: " + std::string(e.description()));
      return std::nullopt;
    }
    chain_.emplace_back(identity, name);
    auto result = resolve_reserved(std::move(tbl), dir);
    chain_.pop_back();
    return result;
  }

 private:
  std::optional<toml::table> resolve_reserved(toml::table tbl, const fs::path& dir) {
    if (auto it = tbl.find("schema"); it != tbl.end()) {
      const auto* v = it->second.as_integer();
      if (v == nullptr) {
        diags_.add(it->first.source(), "schema", "expected an integer, got " + describe_node(it->second));
      } else if (v->get() != 1) {
        diags_.add(it->first.source(), "schema",
                   "unsupported schema version " + std::to_string(v->get()) + " (this program reads 1)");
      }
      tbl.erase(it);
    }
    auto it = tbl.find("base");
    if (it == tbl.end()) return tbl;
    const toml::source_region where = it->first.source();
    const auto* s = it->second.as_string();
    if (s == nullptr || s->get().empty()) {
      diags_.add(
          where, "base",
          "expected a file name (a string), got " + (s == nullptr ? describe_node(it->second) : "an empty string"));
      return std::nullopt;
    }
    const std::string written = s->get();
    tbl.erase(it);
    // chain_ holds this file and the files that inherit from it: `written` would be base
    // number chain_.size() of the scenario.
    if (chain_.size() > kMaxBaseChain) {
      diags_.add(where, "base",
                 "'" + written + "' would be base file " + std::to_string(chain_.size()) + " of " +
                     chain_.front().second + "; a scenario may inherit through at most " +
                     std::to_string(kMaxBaseChain) + " base files");
      return std::nullopt;
    }
    const fs::path file = dir / fs::path(written);
    const std::string name = file.lexically_normal().string();
    const std::string identity = file_identity(file);
    for (std::size_t i = 0; i < chain_.size(); ++i) {
      if (chain_[i].first != identity) continue;
      std::string cycle;
      for (std::size_t j = i; j < chain_.size(); ++j) cycle += chain_[j].second + " -> ";
      diags_.add(where, "base", "inheritance cycle: " + cycle + name);
      return std::nullopt;
    }
    std::string error;
    const auto text = read_file(file, error);
    if (!text) {
      diags_.add(where, "base", "cannot open '" + written + "' (" + error + ")");
      return std::nullopt;
    }
    files_.push_back(file);
    auto base = load(*text, name, file.parent_path(), identity);
    if (!base) return std::nullopt;
    merge_base_into(tbl, std::move(*base));
    return tbl;
  }

  Diagnostics& diags_;
  std::vector<std::pair<std::string, std::string>> chain_;  // (identity, display name) per file
  std::vector<fs::path> files_;
};

// ---------------------------------------------------------------- validation

/// Lookup tables for one level: the globals, or the elements of one table array.
struct Level {
  std::map<std::string, const ParamSpec*, std::less<>> params;
  std::map<std::string, const TableArraySpec*, std::less<>> arrays;
  std::set<std::string, std::less<>> sections;  // proper dotted prefixes of the keys above
  std::vector<std::string> known;               // candidates for "did you mean"

  Level(const std::vector<ParamSpec>& ps, const std::vector<TableArraySpec>& as) {
    for (const auto& p : ps) params.emplace(p.key, &p), add(p.key);
    for (const auto& a : as) arrays.emplace(a.key, &a), add(a.key);
  }

 private:
  void add(const std::string& key) {
    known.push_back(key);
    for (auto dot = key.find('.'); dot != std::string::npos; dot = key.find('.', dot + 1)) {
      if (sections.insert(key.substr(0, dot)).second) known.push_back(key.substr(0, dot));
    }
  }
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
                       const std::vector<ParamSpec>& specs, const std::vector<TableArraySpec>& arrays) {
    LevelResult out;
    walk(root, "", level, shown_prefix, out);
    for (const auto& spec : specs) {
      if (out.values.count(spec.key) != 0 || covered(out.failed, spec.key)) continue;
      if (spec.default_value) {
        ParamValue v = *spec.default_value;  // normalised like user input (an integer for a real)
        if (auto err = check_value(spec, v); !err.empty()) {
          throw std::logic_error("schema default of '" + spec.key + "' is invalid: " + err);
        }
        out.values.emplace(spec.key, std::move(v));
      } else {
        diags_.add(nearest_table(root, spec.key).source(), shown_prefix + spec.key, "required key is missing");
      }
    }
    for (const auto& a : arrays) {
      if (out.arrays.count(a.key) != 0 || covered(out.failed, a.key)) continue;
      if (a.min_count > 0) {
        diags_.add(nearest_table(root, a.key).source(), shown_prefix + a.key,
                   "required key is missing (at least " + std::to_string(a.min_count) + " [[" + a.key +
                       "]] table(s) expected)");
      }
      out.arrays[a.key];  // an optional array that is absent is empty
    }
    return out;
  }

 private:
  void walk(const toml::table& tbl, const std::string& prefix, const Level& level, const std::string& shown_prefix,
            LevelResult& out) {
    for (auto&& [k, node] : tbl) {
      const toml::key& tk = k;
      const std::string key = prefix.empty() ? std::string(tk.str()) : prefix + "." + std::string(tk.str());
      const std::string shown = shown_prefix + key;
      // Tables point at their [header] line; values at their key.
      const toml::source_region& where = node.is_table() ? node.source() : tk.source();
      if (tk.str().find('.') != std::string_view::npos) {  // a quoted "a.b" key is not a path
        diags_.add(where, shown, "unknown key");
      } else if (auto p = level.params.find(key); p != level.params.end()) {
        ParamValue v;
        if (auto err = node_value(*p->second, node, v); err.empty()) {
          out.values[key] = std::move(v);
          out.origins[key] = diags_.locate(where);
        } else {
          diags_.add(where, shown, err), out.failed.insert(key);
        }
      } else if (auto a = level.arrays.find(key); a != level.arrays.end()) {
        check_array(*a->second, node, where, shown, out);
      } else if (level.sections.count(key) != 0) {
        if (const auto* sub = node.as_table()) {
          walk(*sub, key, level, shown_prefix, out);
        } else {
          diags_.add(where, shown, "expected a table, got " + describe_node(node));
          out.failed.insert(key);
        }
      } else {
        const auto* arr = node.as_array();
        const char* what = node.is_table()                               ? "unknown table"
                           : arr != nullptr && arr->is_array_of_tables() ? "unknown table array"
                                                                         : "unknown key";
        diags_.add(where, shown, what + (diags_.many() ? "" : suggestion(key, level.known, shown_prefix)));
      }
    }
  }

  void check_array(const TableArraySpec& spec, const toml::node& node, const toml::source_region& where,
                   const std::string& shown, LevelResult& out) {
    const auto* arr = node.as_array();
    const bool tables =
        arr != nullptr && std::all_of(arr->begin(), arr->end(), [](const toml::node& e) { return e.is_table(); });
    if (!tables) {
      diags_.add(where, shown,
                 "expected an array of tables ([[" + spec.key + "]]), got " + describe_node(node) +
                     (arr ? " of other values" : ""));
      out.failed.insert(spec.key);
      return;
    }
    if (arr->size() < spec.min_count || arr->size() > spec.max_count) {
      diags_.add(where, shown,
                 "needs between " + std::to_string(spec.min_count) + " and " + std::to_string(spec.max_count) + " [[" +
                     spec.key + "]] tables (got " + std::to_string(arr->size()) + ")");
      out.failed.insert(spec.key);
    }
    const Level level(spec.params, {});
    auto& elements = out.arrays[spec.key];
    for (std::size_t i = 0; i < arr->size(); ++i) {
      const std::string prefix = shown + "[" + std::to_string(i) + "].";
      LevelResult element = validate(*(*arr)[i].as_table(), level, prefix, spec.params, {});
      elements.push_back({std::move(element.values), std::move(element.origins)});
    }
  }

  /// True when `key` or one of its dotted prefixes was already reported.
  static bool covered(const std::set<std::string>& failed, const std::string& key) {
    for (auto dot = key.find('.'); dot != std::string::npos; dot = key.find('.', dot + 1)) {
      if (failed.count(key.substr(0, dot)) != 0) return true;
    }
    return failed.count(key) != 0;
  }

  /// The deepest existing table on the way to `key`: where a missing key should have been.
  static const toml::table& nearest_table(const toml::table& root, const std::string& key) {
    const toml::table* t = &root;
    std::size_t start = 0;
    for (auto dot = key.find('.'); dot != std::string::npos; dot = key.find('.', start)) {
      const auto* sub = t->get_as<toml::table>(std::string_view(key).substr(start, dot - start));
      if (sub == nullptr) break;
      t = sub, start = dot + 1;
    }
    return *t;
  }

  Diagnostics& diags_;
};

// ---------------------------------------------------------------- resolved TOML output

void put_dotted(toml::table& root, std::string_view key, toml::node&& value) {
  toml::table* t = &root;
  for (auto dot = key.find('.'); dot != std::string_view::npos && t != nullptr; dot = key.find('.')) {
    t = t->emplace<toml::table>(key.substr(0, dot)).first->second.as_table();
    key.remove_prefix(dot + 1);
  }
  if (t != nullptr) t->insert_or_assign(key, std::move(value));
}

void put_value(toml::table& root, const std::string& key, ParamType type, const ParamValue& v) {
  std::visit(
      [&](const auto& x) {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, std::string>) {
          if (type == ParamType::date) {
            put_dotted(root, key, toml::value<toml::date>(parse_iso_date(x).value_or(toml::date{})));
            return;
          }
        }
        put_dotted(root, key, toml::value<T>(x));
      },
      v);
}

}  // namespace

// ---------------------------------------------------------------- ParamTable

// Both failures are bugs in the model (it asked for something its own schema does not declare
// that way), not user input, hence std::logic_error.
const ParamTable::Entry& ParamTable::entry(std::string_view key, ParamType a, ParamType b, const char* what) const {
  const auto it = entries_.find(key);
  if (it == entries_.end()) {
    throw std::logic_error("scenario parameter '" + std::string(key) + "' is not in the schema");
  }
  if (it->second.type != a && it->second.type != b) {
    throw std::logic_error("scenario parameter '" + std::string(key) + "' is not " + what);
  }
  return it->second;
}

std::int64_t ParamTable::integer(std::string_view key) const {
  return std::get<std::int64_t>(entry(key, ParamType::integer, ParamType::integer, "an integer").value);
}

double ParamTable::real(std::string_view key) const {
  const auto& e = entry(key, ParamType::real, ParamType::integer, "a number");
  return e.type == ParamType::integer ? static_cast<double>(std::get<std::int64_t>(e.value))
                                      : std::get<double>(e.value);
}

bool ParamTable::boolean(std::string_view key) const {
  return std::get<bool>(entry(key, ParamType::boolean, ParamType::boolean, "a boolean").value);
}

const std::string& ParamTable::string(std::string_view key) const {
  return std::get<std::string>(entry(key, ParamType::string, ParamType::date, "a string or date").value);
}

bool ParamTable::has(std::string_view key) const { return entries_.find(key) != entries_.end(); }

std::string ParamTable::origin(std::string_view key) const {
  const auto it = origins_.find(key);
  return it == origins_.end() ? std::string() : it->second;
}

// ---------------------------------------------------------------- Scenario

Scenario Scenario::load(const std::filesystem::path& file, const Schema& schema) {
  std::string error;
  const auto text = read_file(file, error);
  if (!text) throw InputError(file.string() + ": cannot open scenario (" + error + ")");
  const fs::path dir = file.has_parent_path() ? file.parent_path() : fs::path(".");
  Scenario s = from_text(*text, file.string(), schema, dir, file);
  s.path_ = file;
  return s;
}

Scenario Scenario::parse(std::string_view toml_text, const std::string& source_name, const Schema& schema,
                         const std::filesystem::path& base_dir) {
  return from_text(toml_text, source_name, schema, base_dir, std::nullopt);
}

Scenario Scenario::from_text(std::string_view text, const std::string& source_name, const Schema& schema,
                             const std::filesystem::path& base_dir, std::optional<std::filesystem::path> real_path) {
  Diagnostics diags(source_name);
  Loader loader(diags);
  // Text has no file identity of its own, so it can only be part of a cycle through real files.
  const std::string identity = real_path ? file_identity(*real_path) : std::string("\n<text>");
  const auto merged = loader.load(text, source_name, base_dir, identity);
  if (!merged || !diags.empty()) diags.raise();

  Validator validator(diags);
  LevelResult result =
      validator.validate(*merged, Level(schema.params, schema.arrays), "", schema.params, schema.arrays);
  if (!diags.empty()) diags.raise();

  Scenario s;
  s.schema_ = schema;
  if (real_path) s.sources_.push_back(*real_path);
  s.sources_.insert(s.sources_.end(), loader.base_files().begin(), loader.base_files().end());
  for (const auto& p : schema.params) {
    s.globals_.entries_.insert_or_assign(p.key, ParamTable::Entry{p.type, result.values.at(p.key)});
  }
  s.globals_.origins_.insert(result.origins.begin(), result.origins.end());
  for (const auto& a : schema.arrays) {
    auto& tables = s.elements_[a.key];
    for (auto& element : result.arrays.at(a.key)) {
      ParamTable& t = tables.emplace_back();
      for (const auto& p : a.params) {
        t.entries_.insert_or_assign(p.key, ParamTable::Entry{p.type, element.values.at(p.key)});
      }
      t.origins_.insert(element.origins.begin(), element.origins.end());
    }
  }
  return s;
}

const std::vector<ParamTable>& Scenario::elements(std::string_view array_key) const {
  const auto it = elements_.find(array_key);
  if (it == elements_.end()) {
    throw std::logic_error("scenario table array '" + std::string(array_key) + "' is not in the schema");
  }
  return it->second;
}

void Scenario::set(std::string_view key, const ParamValue& v, const std::string& origin) {
  const std::string k(key);
  const auto spec =
      std::find_if(schema_.params.begin(), schema_.params.end(), [&](const ParamSpec& p) { return p.key == k; });
  if (spec == schema_.params.end()) {
    const Level level(schema_.params, {});
    throw InputError(origin + ": key '" + k + "': unknown key" + suggestion(k, level.known, ""));
  }
  ParamValue checked = v;
  if (auto err = check_value(*spec, checked); !err.empty()) {
    throw InputError(origin + ": key '" + k + "': " + err);
  }
  globals_.entries_.at(k).value = std::move(checked);
  globals_.origins_.insert_or_assign(k, origin);
}

std::string Scenario::resolved_toml() const {
  toml::table root;
  root.insert("schema", 1);
  for (const auto& [key, e] : globals_.entries_) put_value(root, key, e.type, e.value);
  for (const auto& a : schema_.arrays) {
    toml::array arr;
    for (const auto& element : elements(a.key)) {
      toml::table t;
      for (const auto& [key, e] : element.entries_) put_value(t, key, e.type, e.value);
      arr.push_back(std::move(t));
    }
    put_dotted(root, a.key, std::move(arr));
  }
  std::ostringstream out;
  out << root << '\n';
  return out.str();
}

}  // namespace csc::sim
