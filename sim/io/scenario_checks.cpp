// Checking one value against its ParamSpec (type, range, choices, dates) and wording what is
// wrong, for scenario files and Scenario::set() alike; Diagnostics, which collects the problems.
#include <toml++/toml.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <tuple>

#include "sim/core/errors.hpp"
#include "sim/io/scenario_detail.hpp"

namespace csc::sim::scenario_detail {

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

namespace {

// ---------------------------------------------------------------- formatting helpers

std::string format_number(double v) {
  if (std::isfinite(v) && v == std::floor(v) && std::fabs(v) < 1e15) {
    return std::to_string(static_cast<long long>(v));
  }
  char buf[64];
  const auto res = std::to_chars(buf, buf + sizeof buf, v);  // shortest round-trip form
  return std::string(buf, res.ptr);
}

std::string describe_value(const ParamValue& v) {
  static constexpr const char* names[] = {"an integer", "a real number", "a boolean", "a string"};
  return names[v.index()];
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

/// "file:line:column", as every message writes it.
std::string place(const Diag& d) { return d.file + ':' + std::to_string(d.line) + ':' + std::to_string(d.column); }

}  // namespace

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

// ---------------------------------------------------------------- diagnostics

std::string Diagnostics::locate(const toml::source_region& where) const { return place(at(where, "")); }

void Diagnostics::raise() {
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

Diag Diagnostics::at(const toml::source_region& where, std::string text) const {
  Diag d{where.path && !where.path->empty() ? *where.path : fallback_, where.begin.line, where.begin.column,
         std::move(text)};
  if (d.line == 0) d.line = d.column = 1;
  return d;
}

// ---------------------------------------------------------------- value checks

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

}  // namespace csc::sim::scenario_detail
