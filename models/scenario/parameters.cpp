// From a scenario to Params: the schema a registry's scenarios follow (the model's binding
// table, model_bindings.cpp, and each intervention's keys), applying it, and the checks that
// span keys (LA names, the id space, the referral trend, intervention scopes).
#include "models/scenario/parameters.hpp"

#include "models/interventions/registry.hpp"
#include "models/population/population.hpp"
#include "models/scenario/model_bindings.hpp"
#include "models/scenario/prices.hpp"
#include "sim/core/errors.hpp"
#include "sim/core/text.hpp"

#include <cstdlib>
#include <map>
#include <memory>
#include <mutex>
#include <sstream>
#include <stdexcept>
#include <string_view>
#include <utility>

namespace csc::models {
namespace {

using detail::Binding;
using sim::ParamSpec;
using sim::ParamTable;

/// The [interventions.KEY.*] keys of every intervention of the registry, bound to its
/// parameters in Params::interventions (at the intervention's index).
void add_intervention_bindings(std::vector<Binding<Params>>& b, const InterventionRegistry& registry) {
  for (std::size_t i = 0; i < registry.size(); ++i) {
    const std::string prefix = "interventions." + registry[i].key() + ".";
    for (auto& ib : registry[i].bindings()) {
      ParamSpec spec = ib.spec;
      spec.key = prefix + spec.key;
      b.push_back({std::move(spec),
                   [i, apply = ib.apply](Params& p, const ParamTable& t, const std::string& key) {
                     apply(p.interventions[i], t, key);
                   },
                   [i, read = ib.read](const Params& p) { return read(p.interventions[i]); }});
    }
  }
}

/// The global keys of a registry's scenarios: the model's, then its interventions'; and the
/// schema they make. Built once per registry.
struct Tables {
  std::vector<Binding<Params>> globals;
  sim::Schema schema;
};

const std::vector<Binding<LaParams>>& la_table();

const Tables& tables(const InterventionRegistry& registry) {
  static std::mutex mutex;
  static std::map<const InterventionRegistry*, std::unique_ptr<const Tables>> built;
  const std::lock_guard lock(mutex);
  auto& slot = built[&registry];
  if (!slot) {
    auto t = std::make_unique<Tables>();
    t->globals = model_bindings();
    add_intervention_bindings(t->globals, registry);
    for (const auto& b : t->globals) t->schema.params.push_back(b.spec);
    sim::TableArraySpec la{"la", {}, 1, 1000, "Local authorities: one [[la]] table each."};
    for (const auto& b : la_table()) la.params.push_back(b.spec);
    t->schema.arrays.push_back(std::move(la));
    slot = std::move(t);
  }
  return *slot;
}

const InterventionRegistry& registry_of(const Params& p) {
  return p.interventions.registry != nullptr ? *p.interventions.registry : builtin_interventions();
}
const std::vector<Binding<LaParams>>& la_table() {
  static const auto table = la_bindings();
  return table;
}

/// Children and families have 32-bit ids with kNone (0xFFFFFFFF) meaning none, so a run may
/// make at most kNone children. The population is generated once per replicate, births over
/// the burn-in and the horizon included: max_families() families per LA, each with at most
/// kMaxChildrenPerFamily children. That bound is certain (not an expectation) and about
/// 6 / mean_children_per_family times the children a run really makes. England (11.6m
/// children) is bounded by 107m ids as it runs (15 years of burn-in, 5 of horizon) and by 236m
/// at the longest burn-in and horizon (30 + 50 years): the limit binds only near 200m children.
void check_id_space(const Params& p, const std::vector<ParamTable>& la_tables) {
  // The days Simulation runs: the burn-in before day 0, then the horizon.
  const sim::Day first_day = -p.burn_in_weeks() * sim::kDaysPerWeek;
  const sim::Day last_day = p.horizon_weeks() * sim::kDaysPerWeek;
  std::uint64_t families = 0;
  for (std::size_t l = 0; l < p.las.size(); ++l) {
    families += max_families(p.las[l], p.population, first_day, last_day);
    const std::uint64_t ids = families * kMaxChildrenPerFamily;
    if (ids <= kNone) continue;
    std::string where = la_tables[l].origin("children");
    if (where.empty()) where = la_tables[l].origin("name");  // a default: name the [[la]] table
    throw sim::InputError(where + ": key 'la[" + std::to_string(l) + "].children': the population is too large for " +
                          "32-bit child ids: up to " + std::to_string(ids) + " children (" + std::to_string(families) +
                          " families of up to " + std::to_string(kMaxChildrenPerFamily) + " in la[0] to la[" +
                          std::to_string(l) + "], born over " + std::to_string(p.run.burn_in_years) +
                          " years of burn-in, " + std::to_string(p.run.years) +
                          " of horizon and the 30 years before them), more than the limit of " + std::to_string(kNone) +
                          "; use fewer children or LAs, or fewer years");
  }
}

/// A series of steps "DATE:VALUE, ..." (population.projection and the factor series): each
/// step's day from the run's start and its value, dates in increasing order, each value within
/// [lo, hi].
std::vector<std::pair<std::int32_t, double>> parse_steps(const Params& p, const KeyOrigin& origin,
                                                         const std::string& name, const std::string& text, double lo,
                                                         double hi, const std::string& what) {
  const std::string key = origin(name) + ": key '" + name + "': ";
  std::vector<std::pair<std::int32_t, double>> steps;
  std::vector<std::string> errors;
  std::stringstream list(text);
  for (std::string item; std::getline(list, item, ',');) {
    item = sim::trimmed(item);
    if (item.empty() && steps.empty() && list.eof()) break;  // an empty series
    const auto colon = item.find(':');
    sim::Date date;
    char* end = nullptr;
    const std::string value_text = colon == std::string::npos ? "" : sim::trimmed(item.substr(colon + 1));
    const double value = std::strtod(value_text.c_str(), &end);
    if (colon == std::string::npos || !sim::Date::parse(sim::trimmed(item.substr(0, colon)), date) ||
        value_text.empty() || *end != '\0' || !(value >= lo && value <= hi)) {
      errors.push_back(key + "'" + item + "' is not a step " + what);
      continue;
    }
    const auto day = static_cast<std::int32_t>(date.serial() - p.run.start_date.serial());
    if (!steps.empty() && day <= steps.back().first) {
      errors.push_back(key + "step '" + item + "' is not after the step before it");
      continue;
    }
    steps.emplace_back(day, value);
  }
  if (!errors.empty()) throw sim::InputError(errors);
  return steps;
}

/// population.projection, "DATE:RATE, ...", as growth steps in days from the run's start.
/// Rates within [-0.05, 0.1] a year (a faster fall would need negative births).
std::vector<GrowthStep> parse_projection(const Params& p, const KeyOrigin& origin) {
  std::vector<GrowthStep> growth;
  for (const auto& [day, rate] : parse_steps(p, origin, "population.projection", p.population.projection, -0.05, 0.1,
                                             "YYYY-MM-DD:RATE (RATE a log growth a year in [-0.05, 0.1])"))
    growth.push_back({day, rate});
  return growth;
}

/// A factor series "DATE:FACTOR, ..." (care.adoption_policy, legal.proceedings_length_policy)
/// as factor steps in days from the run's start, each factor within [lo, hi].
std::vector<FactorStep> parse_factor_series(const Params& p, const KeyOrigin& origin, const std::string& name,
                                            const std::string& text, double lo, double hi) {
  std::ostringstream what;
  what << "YYYY-MM-DD:FACTOR (FACTOR in [" << lo << ", " << hi << "])";
  std::vector<FactorStep> steps;
  for (const auto& [day, factor] : parse_steps(p, origin, name, text, lo, hi, what.str()))
    steps.push_back({day, factor});
  return steps;
}

}  // namespace

const sim::Schema& model_schema(const InterventionRegistry& registry) { return tables(registry).schema; }

const sim::ParamSpec& model_spec(const std::string& key) {
  for (const auto& p : model_schema().params) {
    if (p.key == key) return p;
  }
  throw std::logic_error("no model parameter " + key);
}

void apply_table(Params& p, const sim::Scenario& scenario, const InterventionRegistry& registry) {
  p.interventions = InterventionSet();
  p.interventions.registry = &registry;
  for (const auto& intervention : registry) p.interventions.push_back(intervention->make_params());
  for (const auto& b : tables(registry).globals) b.apply(p, scenario.globals(), b.spec.key);
  for (const auto& element : scenario.elements("la")) {
    LaParams la;
    for (const auto& b : la_table()) b.apply(la, element, b.spec.key);
    p.las.push_back(std::move(la));
  }
}

Params params_from_scenario(const sim::Scenario& scenario, const InterventionRegistry& registry) {
  Params p;
  apply_table(p, scenario, registry);
  const KeyOrigin origin = [&scenario](const std::string& key) {
    const std::string where = scenario.globals().origin(key);
    return where.empty() ? std::string("scenario") : where;  // a default: set in no file
  };
  // LAs are named in outputs and in interventions' `las` scopes, so a name must be one LA's
  // and free of the comma that separates names in a scope. `name` is required, so it always
  // has a line.
  std::vector<std::string> errors;
  const auto& la_tables = scenario.elements("la");
  for (std::size_t l = 0; l < p.las.size(); ++l) {
    const std::string key =
        la_tables[l].origin("name") + ": key 'la[" + std::to_string(l) + "].name': '" + p.las[l].name + "' ";
    if (p.las[l].name.find(',') != std::string::npos)
      errors.push_back(key + "has a comma, which separates LA names in 'las'");
    for (std::size_t k = 0; k < l; ++k) {
      if (p.las[k].name == p.las[l].name) {
        errors.push_back(key + "is also the name of la[" + std::to_string(k) + "]; each LA needs its own name");
        break;
      }
    }
  }
  if (!errors.empty()) throw sim::InputError(errors);
  p.population.growth = parse_projection(p, origin);
  p.adoption_policy.steps = parse_factor_series(p, origin, "care.adoption_policy", p.adoption_policy.text, 0.0, 10.0);
  // A length's factor: not 0 (proceedings take at least a day), at most 4 (104 weeks x 4).
  p.proceedings_length_policy.steps =
      parse_factor_series(p, origin, "legal.proceedings_length_policy", p.proceedings_length_policy.text, 0.1, 4.0);
  check_id_space(p, la_tables);
  if (p.referral.trend_to.serial() < p.referral.trend_from.serial()) {
    throw sim::InputError({origin("referral.trend_to") + ": key 'referral.trend_to': " + p.referral.trend_to.iso() +
                           " is before referral.trend_from " + p.referral.trend_from.iso()});
  }
  resolve_interventions(p, origin);
  apply_prices(p, origin);
  return p;
}

Params default_params() {
  static const Params defaults =
      params_from_scenario(sim::Scenario::parse(kDefaultsScenario, "default_params", model_schema()));
  return defaults;
}

namespace {
template <class Target>
sim::ParamValue value_of(const std::vector<detail::Binding<Target>>& table, const Target& p, std::string_view key) {
  for (const auto& b : table) {
    if (b.spec.key == key) return b.read(p);
  }
  throw std::logic_error("param_value: no parameter '" + std::string(key) + "'");
}
}  // namespace

sim::ParamValue param_value(const Params& p, std::string_view key) {
  return value_of(tables(registry_of(p)).globals, p, key);
}
sim::ParamValue param_value(const LaParams& la, std::string_view key) { return value_of(la_table(), la, key); }

sim::Scenario load_scenario(const std::string& path, const InterventionRegistry& registry) {
  return sim::Scenario::load(path, model_schema(registry));
}

}  // namespace csc::models
