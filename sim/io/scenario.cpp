// ParamTable's typed getters and Scenario's public members: load and parse (read, merge, validate
// through scenario_detail.hpp), set() overrides and the resolved TOML output.
#include "sim/io/scenario.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <sstream>
#include <stdexcept>

#include "sim/core/errors.hpp"
#include "sim/io/scenario_detail.hpp"

namespace csc::sim {

using scenario_detail::check_value;
using scenario_detail::Diagnostics;
using scenario_detail::file_identity;
using scenario_detail::Level;
using scenario_detail::LevelResult;
using scenario_detail::Loader;
using scenario_detail::parse_iso_date;
using scenario_detail::read_file;
using scenario_detail::suggestion;
using scenario_detail::Validator;

namespace {

namespace fs = std::filesystem;

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

const ParamSpec& Scenario::global_spec(const std::string& key, const std::string& origin) const {
  const auto spec =
      std::find_if(schema_.params.begin(), schema_.params.end(), [&](const ParamSpec& p) { return p.key == key; });
  if (spec == schema_.params.end()) {
    std::vector<std::string> keys;
    for (const ParamSpec& p : schema_.params) keys.push_back(p.key);
    throw InputError(origin + ": key '" + key + "': unknown key" + suggestion(key, keys, ""));
  }
  return *spec;
}

void Scenario::set(std::string_view key, const ParamValue& v, const std::string& origin) {
  const std::string k(key);
  const ParamSpec& spec = global_spec(k, origin);
  ParamValue checked = v;
  if (auto err = check_value(spec, checked); !err.empty()) {
    throw InputError(origin + ": key '" + k + "': " + err);
  }
  globals_.entries_.at(k).value = std::move(checked);
  globals_.origins_.insert_or_assign(k, origin);
}

void Scenario::set_text(std::string_view key, std::string_view text, const std::string& origin) {
  const std::string k(key);
  const ParamSpec* spec = &global_spec(k, origin);
  const bool textual = spec->type == ParamType::string || spec->type == ParamType::date;
  ParamValue v;
  // One line of TOML, so nothing but a value can follow the '='.
  if (text.size() <= 4096 && text.find_first_of("\n\r") == std::string_view::npos) {
    try {
      const toml::table t = toml::parse("v = " + std::string(text));
      if (const toml::node* n = t.get("v")) {
        if (const std::string err = scenario_detail::node_value(*spec, *n, v); err.empty()) {
          set(key, v, origin);
          return;
        } else if (!textual) {
          throw InputError(origin + ": key '" + k + "': " + err);
        }
      }
    } catch (const toml::parse_error&) {
      if (!textual) {
        throw InputError(origin + ": key '" + k + "': '" + std::string(text) + "' is not a value (expected " +
                         scenario_detail::expected_name(spec->type) + ")");
      }
    }
  } else if (!textual) {
    throw InputError(origin + ": key '" + k + "': the value is not one line of at most 4096 characters");
  }
  set(key, std::string(text), origin);
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
