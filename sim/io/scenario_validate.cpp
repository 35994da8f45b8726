// Validation of a merged scenario table against the model's Schema: unknown keys (with "did you
// mean"), wrong types and ranges, missing required keys, table arrays and their elements.
#include <toml++/toml.h>

#include <algorithm>
#include <stdexcept>

#include "sim/io/scenario_detail.hpp"

namespace csc::sim::scenario_detail {

// ---------------------------------------------------------------- lookup tables

Level::Level(const std::vector<ParamSpec>& ps, const std::vector<TableArraySpec>& as) {
  for (const auto& p : ps) params.emplace(p.key, &p), add(p.key);
  for (const auto& a : as) arrays.emplace(a.key, &a), add(a.key);
}

void Level::add(const std::string& key) {
  known.push_back(key);
  for (auto dot = key.find('.'); dot != std::string::npos; dot = key.find('.', dot + 1)) {
    if (sections.insert(key.substr(0, dot)).second) known.push_back(key.substr(0, dot));
  }
}

// ---------------------------------------------------------------- validation

LevelResult Validator::validate(const toml::table& root, const Level& level, const std::string& shown_prefix,
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
      diags_.add(
          nearest_table(root, a.key).source(), shown_prefix + a.key,
          "required key is missing (at least " + std::to_string(a.min_count) + " [[" + a.key + "]] table(s) expected)");
    }
    out.arrays[a.key];  // an optional array that is absent is empty
  }
  return out;
}

void Validator::walk(const toml::table& tbl, const std::string& prefix, const Level& level,
                     const std::string& shown_prefix, LevelResult& out) {
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

void Validator::check_array(const TableArraySpec& spec, const toml::node& node, const toml::source_region& where,
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

bool Validator::covered(const std::set<std::string>& failed, const std::string& key) {
  for (auto dot = key.find('.'); dot != std::string::npos; dot = key.find('.', dot + 1)) {
    if (failed.count(key.substr(0, dot)) != 0) return true;
  }
  return failed.count(key) != 0;
}

const toml::table& Validator::nearest_table(const toml::table& root, const std::string& key) {
  const toml::table* t = &root;
  std::size_t start = 0;
  for (auto dot = key.find('.'); dot != std::string::npos; dot = key.find('.', start)) {
    const auto* sub = t->get_as<toml::table>(std::string_view(key).substr(start, dot - start));
    if (sub == nullptr) break;
    t = sub, start = dot + 1;
  }
  return *t;
}

}  // namespace csc::sim::scenario_detail
