#include "sim/io/schema_doc.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <variant>
#include <vector>

namespace csc::sim {
namespace {

std::string number(double v) {
  if (v == std::floor(v) && std::fabs(v) < 1e15) return std::to_string(static_cast<long long>(v));
  char buf[64];
  const auto res = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, res.ptr);
}

/// Keeps a cell inside its column: '|' would end it and a newline would end the row.
std::string cell(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (c == '|') {
      out += "\\|";
    } else if (c == '\n' || c == '\r') {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

std::string type_name(ParamType t) {
  switch (t) {
    case ParamType::integer: return "integer";
    case ParamType::real: return "real";
    case ParamType::boolean: return "boolean";
    case ParamType::string: return "string";
    case ParamType::date: return "date";
  }
  return "?";
}

std::string default_text(const ParamSpec& p) {
  if (!p.default_value) return "*required*";
  return std::visit(
      [&](const auto& v) -> std::string {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, bool>) {
          return v ? "true" : "false";
        } else if constexpr (std::is_same_v<T, std::string>) {
          return p.type == ParamType::date ? v : "\"" + v + "\"";
        } else if constexpr (std::is_same_v<T, double>) {
          return number(v);
        } else {
          return std::to_string(v);
        }
      },
      *p.default_value);
}

/// The value of `p` in `t`, written as default_text() writes a default.
std::string value_text(const ParamSpec& p, const ParamTable& t) {
  switch (p.type) {
    case ParamType::integer: return std::to_string(t.integer(p.key));
    case ParamType::real: return number(t.real(p.key));
    case ParamType::boolean: return t.boolean(p.key) ? "true" : "false";
    case ParamType::string: return "\"" + t.string(p.key) + "\"";
    case ParamType::date: return t.string(p.key);
  }
  return "?";
}

/// The file (its name) of an origin "file:line:column"; the origin itself when it has no line.
std::string origin_file(const std::string& origin) {
  std::string file = origin;
  for (int part = 0; part < 2; ++part) {
    const auto colon = file.rfind(':');
    if (colon == std::string::npos) return origin;
    file.resize(colon);
  }
  return std::filesystem::path(file).filename().string();
}

/// The resolved cell of `p` over `tables` (one for a global key, one per element of an array).
std::string resolved_text(const ParamSpec& p, const std::vector<const ParamTable*>& tables) {
  std::string out;
  for (const auto* t : tables) {
    std::string v = value_text(p, *t);
    if (p.default_value && v != default_text(p)) {
      const std::string origin = t->origin(p.key);
      v = "**" + v + "**" + (origin.empty() ? "" : " (" + origin_file(origin) + ")");
    }
    out += (out.empty() ? "" : "; ") + v;
  }
  return out;
}

std::string range_text(const ParamSpec& p) {
  if (p.type == ParamType::string) {
    std::string out;
    for (const auto& c : p.choices) out += (out.empty() ? "" : ", ") + ("`" + c + "`");
    return out;
  }
  if (p.type != ParamType::integer && p.type != ParamType::real) return "";
  const bool lo = std::isfinite(p.min), hi = std::isfinite(p.max);
  if (lo && hi) return number(p.min) + " to " + number(p.max);
  if (lo) return ">= " + number(p.min);
  if (hi) return "<= " + number(p.max);
  return "";
}

/// `tables`: where the resolved values come from (empty: no resolved column).
void write_table(std::string& out, const std::vector<const ParamSpec*>& params, const std::string& label,
                 const std::vector<const ParamTable*>& tables) {
  const bool resolved = !label.empty();
  out += "| Key | Type | Default | " + (resolved ? cell(label) + " | " : "") +
         "Range / choices | Unit | Meaning | Source |\n";
  out += resolved ? "|---|---|---|---|---|---|---|---|\n" : "|---|---|---|---|---|---|---|\n";
  for (const auto* p : params) {
    out += "| `" + cell(p->key) + "` | " + type_name(p->type) + " | " + cell(default_text(*p)) + " | " +
           (resolved ? cell(resolved_text(*p, tables)) + " | " : "") + cell(range_text(*p)) + " | " + cell(p->unit) +
           " | " + cell(p->description) + " | " + cell(p->source) + " |\n";
  }
  out += '\n';
}

}  // namespace

std::string schema_reference_markdown(const Schema& schema, std::string_view title, std::string_view intro,
                                      const ResolvedColumn& resolved) {
  const std::string label = !resolved.scenario       ? std::string()
                            : resolved.label.empty() ? std::string("Resolved")
                                                     : resolved.label;
  std::vector<const ParamTable*> globals;
  if (resolved.scenario) globals.push_back(&resolved.scenario->globals());
  std::string out = "# " + std::string(title) + "\n\n";
  if (!intro.empty()) out += std::string(intro) + "\n\n";

  // Sections in order of first appearance in the schema.
  std::vector<std::pair<std::string, std::vector<const ParamSpec*>>> sections;
  for (const auto& p : schema.params) {
    const auto dot = p.key.find('.');
    const std::string name = dot == std::string::npos ? "General" : p.key.substr(0, dot);
    auto it = std::find_if(sections.begin(), sections.end(), [&](const auto& s) { return s.first == name; });
    if (it == sections.end()) it = sections.insert(sections.end(), {name, {}});
    it->second.push_back(&p);
  }
  for (const auto& [name, params] : sections) {
    out += "## " + (name == "General" ? name : "`[" + name + "]`") + "\n\n";
    write_table(out, params, label, globals);
  }
  for (const auto& a : schema.arrays) {
    out += "## `[[" + a.key + "]]`\n\n";
    if (!a.description.empty()) out += a.description + "\n\n";
    out += "Between " + std::to_string(a.min_count) + " and " + std::to_string(a.max_count) +
           " tables. Keys inside each table:\n\n";
    std::vector<const ParamSpec*> params;
    for (const auto& p : a.params) params.push_back(&p);
    std::vector<const ParamTable*> elements;
    if (resolved.scenario) {
      for (const auto& e : resolved.scenario->elements(a.key)) elements.push_back(&e);
    }
    write_table(out, params, label, elements);
  }
  return out;
}

}  // namespace csc::sim
