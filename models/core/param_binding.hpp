#pragma once
// Helpers that bind one scenario key to one field of a parameter struct, with its
// documentation. Used by the binding table (models/scenario/) and by each intervention
// (models/interventions/bindings.hpp).
#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "sim/core/time.hpp"
#include "sim/io/scenario.hpp"

namespace csc::models {
namespace detail {

using sim::ParamSpec;
using sim::ParamTable;
using sim::ParamType;

/// One scenario key bound to one field: `apply` writes the value the table holds for a key
/// (spec.key, or that key under a prefix: an intervention's keys are bound before they are
/// placed under [interventions.KEY]) into the field, `read` gives the field's value back (for tests and documentation:
/// a binding is complete when what `apply` wrote is what `read` finds, key by key).
template <class Target>
struct Binding {
  ParamSpec spec;
  std::function<void(Target&, const ParamTable&, const std::string& key)> apply;
  std::function<sim::ParamValue(const Target&)> read;
};

/// The field `ref` selects, read from a const target (the refs are written for writing).
template <class Target, class Ref>
auto& field(const Target& p, const Ref& ref) {
  return ref(const_cast<Target&>(p));
}

inline constexpr double kInf = std::numeric_limits<double>::infinity();

struct Doc {
  const char* unit;
  const char* meaning;
  const char* source;
};

template <class Target, class Ref>
Binding<Target> real(std::string key, Ref ref, double def, double lo, double hi, Doc doc) {
  ParamSpec s{key, ParamType::real, def, lo, hi, {}, doc.unit, doc.meaning, doc.source};
  return {std::move(s), [ref](Target& p, const ParamTable& t, const std::string& as) { ref(p) = t.real(as); },
          [ref](const Target& p) { return sim::ParamValue{static_cast<double>(field(p, ref))}; }};
}

template <class Target, class Ref>
Binding<Target> integer(std::string key, Ref ref, std::int64_t def, double lo, double hi, Doc doc) {
  ParamSpec s{key, ParamType::integer, def, lo, hi, {}, doc.unit, doc.meaning, doc.source};
  return {std::move(s),
          [ref](Target& p, const ParamTable& t, const std::string& as) {
            using V = std::remove_reference_t<decltype(ref(p))>;
            ref(p) = static_cast<V>(t.integer(as));
          },
          [ref](const Target& p) { return sim::ParamValue{static_cast<std::int64_t>(field(p, ref))}; }};
}

template <class Target, class Ref>
Binding<Target> text(std::string key, Ref ref, std::optional<std::string> def, Doc doc) {
  ParamSpec s{key, ParamType::string, {}, -kInf, kInf, {}, doc.unit, doc.meaning, doc.source};
  if (def) s.default_value = *def;
  return {std::move(s), [ref](Target& p, const ParamTable& t, const std::string& as) { ref(p) = t.string(as); },
          [ref](const Target& p) { return sim::ParamValue{std::string(field(p, ref))}; }};
}

template <class Target, class Ref>
Binding<Target> boolean(std::string key, Ref ref, bool def, Doc doc) {
  ParamSpec s{key, ParamType::boolean, def, -kInf, kInf, {}, doc.unit, doc.meaning, doc.source};
  return {std::move(s), [ref](Target& p, const ParamTable& t, const std::string& as) { ref(p) = t.boolean(as); },
          [ref](const Target& p) { return sim::ParamValue{static_cast<bool>(field(p, ref))}; }};
}

template <class Target, class Ref>
Binding<Target> choice(std::string key, Ref ref, std::string def, std::vector<std::string> choices, Doc doc) {
  ParamSpec s{key, ParamType::string, def, -kInf, kInf, std::move(choices), doc.unit, doc.meaning, doc.source};
  return {std::move(s), [ref](Target& p, const ParamTable& t, const std::string& as) { ref(p) = t.string(as); },
          [ref](const Target& p) { return sim::ParamValue{std::string(field(p, ref))}; }};
}

template <class Target, class Ref>
Binding<Target> date(std::string key, Ref ref, std::string def, Doc doc) {
  ParamSpec s{key, ParamType::date, def, -kInf, kInf, {}, doc.unit, doc.meaning, doc.source};
  return {std::move(s),
          [ref](Target& p, const ParamTable& t, const std::string& as) { sim::Date::parse(t.string(as), ref(p)); },
          [ref](const Target& p) { return sim::ParamValue{field(p, ref).iso()}; }};
}

}  // namespace detail

}  // namespace csc::models
