#pragma once
// From a scenario file to Params: the schema of every key (the binding table), resolving and
// checking a scenario, the table's defaults, and reading a parameter back by its key.
#include <functional>
#include <string>
#include <string_view>

#include "models/interventions/registry.hpp"
#include "models/interventions/scope.hpp"
#include "models/params/params.hpp"
#include "sim/io/scenario.hpp"

namespace csc::models {

/// The schema (keys, types, defaults, ranges, documentation) of every model parameter, with
/// the keys of the registry's interventions.
const sim::Schema& model_schema(const InterventionRegistry& registry = builtin_interventions());
/// The global parameter `key` of model_schema() (std::logic_error when there is none: callers
/// pass keys the schema has already checked).
const sim::ParamSpec& model_spec(const std::string& key);
/// Resolves typed parameters from a scenario validated with model_schema(registry).
Params params_from_scenario(const sim::Scenario& scenario,
                            const InterventionRegistry& registry = builtin_interventions());
/// The scenario that sets only what the schema requires (a name and one [[la]] with a name):
/// parsed with the schema, it gives every other key its table default.
inline constexpr const char* kDefaultsScenario = "name = \"defaults\"\n[[la]]\nname = \"LA\"\n";
/// The table's defaults as Params: kDefaultsScenario resolved through the schema (one LA,
/// named "LA", at the [[la]] defaults). The only way to get Params without a scenario file;
/// the structs themselves hold no defaults.
Params default_params();
/// The value the field bound to `key` holds in `p` (a global key, an intervention's included;
/// for `la` an [[la]] key), read through the binding table: real keys as double, integer keys as std::int64_t, dates as
/// ISO strings. std::logic_error for a key the table does not bind.
sim::ParamValue param_value(const Params& p, std::string_view key);
sim::ParamValue param_value(const LaParams& la, std::string_view key);
/// Loads, validates and resolves a scenario file (throws sim::InputError on bad input).
sim::Scenario load_scenario(const std::string& path, const InterventionRegistry& registry = builtin_interventions());

/// Writes every key of `scenario` into the field the table binds it to (its globals into `p`,
/// one LaParams per [[la]] appended to p.las), and nothing else: no check, no resolving. The
/// first step of params_from_scenario; tests apply it to Params whose fields hold garbage to
/// show that the table writes every field.
void apply_table(Params& p, const sim::Scenario& scenario, const InterventionRegistry& registry);

}  // namespace csc::models
