#pragma once
// Model parameters: plain values, resolved from a scenario (TOML) through one binding table
// (params.cpp) that also documents every parameter: meaning, unit, default, range and source.
// scenarios/PARAMETERS.md is generated from that table (`cscsim params`).
//
// The table holds the only default and the only range of each parameter: the fields below
// are value-initialised (`{}`: zero, empty) and hold no default of their own. Params come from
// params_from_scenario() or, without a scenario file, default_params() (the table's defaults).
#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "models/intervention_params.hpp"
#include "models/kin_network.hpp"
#include "models/states.hpp"
#include "sim/core/time.hpp"
#include "sim/io/scenario.hpp"

namespace csc::models {

struct RunParams {
  // Values: the binding table, models/params.cpp (no defaults here).
  std::string name{};
  std::string description{};
  sim::Date start_date{};
  int years{};
  int burn_in_years{};
  int replicates{};
  std::uint64_t seed{};
  bool record_events{};
  bool operator==(const RunParams&) const = default;
};

struct PopulationParams {
  // Values: the binding table, models/params.cpp (no defaults here).
  double mean_children_per_family{};
  double birth_spacing_years{};
  double vulnerability_sd{};
  std::array<double, kRiskCount> prevalence{};
  std::array<double, kRiskCount> resting_severity{};
  bool operator==(const PopulationParams&) const = default;
};

struct SeverityParams {
  // Values: the binding table, models/params.cpp (no defaults here).
  std::array<double, kRiskCount> weight{};
  double recovery_half_life_weeks{};
  double crisis_rate_per_year{};
  double crisis_rate_per_risk{};
  double crisis_size_mean{};
  double crisis_half_life_weeks{};
  double waiting_increase_per_week{};
  double episode_years{};  // mean length of a parental factor's episode; 0: lifelong
  bool operator==(const SeverityParams&) const = default;
};

struct ReferralParams {
  // Values: the binding table, models/params.cpp (no defaults here).
  double base_rate_per_year{};
  double severity_rate_per_year{};
  double known_family_multiplier{};
  double visibility_weeks{};
  double trend_per_year{};  // log growth of the referral hazards a year
  sim::Date trend_from{};  // growth runs from this day ...
  sim::Date trend_to{};  // ... to this one; the level is held outside
  bool operator==(const ReferralParams&) const = default;
};

struct AssessmentParams {
  // Values: the binding table, models/params.cpp (no defaults here).
  double mean_working_days{};
  double length_sd_log{};
  double noise_sd{};
  double cin_threshold{};
  double s47_threshold{};
  int s47_working_days_to_conference{};
  double conference_noise_sd{};
  double conference_threshold{};
  double cp_threshold{};
  bool operator==(const AssessmentParams&) const = default;
};

struct CinParams {
  // Values: the binding table, models/params.cpp (no defaults here).
  double close_threshold{};
  double close_rate_per_week{};
  double escalation_threshold{};
  double escalation_rate_per_week{};
  double softness{};
  bool operator==(const CinParams&) const = default;
};

struct CpParams {
  // Values: the binding table, models/params.cpp (no defaults here).
  double first_review_months{};
  double review_interval_months{};
  double end_threshold{};
  double first_review_end_factor{};
  double step_down_share{};
  double softness{};
  double move_rate_per_year{};
  bool operator==(const CpParams&) const = default;
};

struct EdgeParams {
  // Values: the binding table, models/params.cpp (no defaults here).
  double threshold{};
  double exit_threshold{};
  double care_rate_per_week{};
  double sibling_share{};
  bool operator==(const EdgeParams&) const = default;
};

/// Weights of the placement types (kinship, LA foster, agency foster, children's home,
/// placed with parents) for one age band.
using PlacementWeights = std::array<double, 5>;

struct CareParams {
  // Values: the binding table, models/params.cpp (no defaults here).
  double early_exit_rate_per_week{};
  double early_exit_decay_weeks{};
  double return_home_rate_per_week{};
  double return_home_threshold{};
  double adoption_max_age{};
  double adoption_plan_rate_per_week{};
  double adoption_order_weeks{};
  double sgo_rate_per_week{};
  int siblings_together{};
  PlacementWeights under_5{};
  PlacementWeights age_5_to_11{};
  PlacementWeights age_12_plus{};
  bool operator==(const CareParams&) const = default;
};

struct WorkforceParams {
  // Values: the binding table, models/params.cpp (no defaults here).
  double hours_per_week{};
  double admin_share{};
  double direct_share{};
  int max_caseload{};
  double casework_effect_per_week{};
  double parental_effect_ratio{};
  double casework_half_hours{};
  double engagement_base{};
  double engagement_per_parental_risk{};
  double disengaged_effect{};
  double turnover_per_year{};
  double turnover_caseload_slope{};
  double reference_caseload{};
  double agency_turnover_per_year{};
  double agency_delay_weeks{};
  double recruitment_weeks{};
  double recruitment_success{};
  double worker_change_weeks{};
  double intensity_cp{};
  double intensity_looked_after{};
  bool operator==(const WorkforceParams&) const = default;
};

/// How the kin network acts in the model (the graph's own parameters are KinNetworkParams).
struct KinParams {
  // Values: the binding table, models/params.cpp (no defaults here).
  KinNetworkParams graph;
  double support_per_helper{};  // log fall of the crisis rate per helper household
  int carer_steps{};  // how far placement and FGC look for a willing carer
  bool operator==(const KinParams&) const = default;
};

/// Unit costs (evidence.md section 3), in the prices of `price_year`.
struct CostParams {
  // Values: the binding table, models/params.cpp (no defaults here).
  std::string price_year{};
  std::array<double, kPlacementCount> placement_per_week{};  // by Placement (none = 0)
  double social_worker_per_week{};
  double agency_premium{};  // agency cost = (1 + premium) x permanent
  bool operator==(const CostParams&) const = default;
};

struct LaParams {
  // Values: the binding table, models/params.cpp (no defaults here).
  std::string name{};
  std::int64_t children{};
  double deprivation{};
  int teams{};
  double social_workers_per_team{};
  double initial_looked_after_per_10k{};
  std::int64_t childrens_home_places{};  // places in homes inside the LA; -1: as many as needed
  bool operator==(const LaParams&) const = default;
};

struct Params {
  RunParams run;
  PopulationParams population;
  SeverityParams severity;
  ReferralParams referral;
  AssessmentParams assessment;
  CinParams cin;
  CpParams cp;
  EdgeParams edge;
  CareParams care;
  WorkforceParams workforce;
  KinParams kin;
  CostParams costs;
  InterventionSet interventions;  // in the order of interventions.registry
  std::vector<LaParams> las;

  [[nodiscard]] int horizon_weeks() const { return run.years * 52; }
  [[nodiscard]] int burn_in_weeks() const { return run.burn_in_years * 52; }
  bool operator==(const Params&) const = default;
};

class InterventionRegistry;
/// The interventions cscsim ships (models/interventions/registry.hpp).
const InterventionRegistry& builtin_interventions();

/// The schema (keys, types, defaults, ranges, documentation) of every model parameter, with
/// the keys of the registry's interventions.
const sim::Schema& model_schema(const InterventionRegistry& registry = builtin_interventions());
/// Resolves typed parameters from a scenario validated with model_schema(registry).
Params params_from_scenario(const sim::Scenario& scenario,
                            const InterventionRegistry& registry = builtin_interventions());
/// Where a scenario key was set ("file:line:column"), for messages; "scenario" when it was set
/// in no file (a default).
using KeyOrigin = std::function<std::string(const std::string& key)>;
/// Resolves intervention scopes (LA names, teams, rollout stages) and start days; InputError
/// on a scope or a stage that does not fit the LAs, each message led by `origin` of its key.
void resolve_interventions(Params& params, const KeyOrigin& origin = {});
/// The scenario that sets only what the schema requires (a name and one [[la]] with a name):
/// parsed with the schema, it gives every other key its table default.
inline constexpr const char* kDefaultsScenario = "name = \"defaults\"\n[[la]]\nname = \"LA\"\n";
/// The table's defaults as Params: kDefaultsScenario resolved through the schema (one LA,
/// named "LA", at the [[la]] defaults). The only way to get Params without a scenario file;
/// the structs themselves hold no defaults.
Params default_params();
/// The value the field bound to `key` holds in `p` (a global key, an intervention's included;
/// for `la` an [[la]] key), read
/// through the binding table: real keys as double, integer keys as std::int64_t, dates as ISO
/// strings. std::logic_error for a key the table does not bind.
sim::ParamValue param_value(const Params& p, std::string_view key);
sim::ParamValue param_value(const LaParams& la, std::string_view key);
/// Loads, validates and resolves a scenario file (throws sim::InputError on bad input).
sim::Scenario load_scenario(const std::string& path,
                            const InterventionRegistry& registry = builtin_interventions());

}  // namespace csc::models
