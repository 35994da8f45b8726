#pragma once
// Model parameters: plain values, resolved from a scenario (TOML) through one binding table
// (params.cpp) that also documents every parameter: meaning, unit, default, range and source.
// scenarios/PARAMETERS.md is generated from that table (`cscsim params`).
#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "models/intervention_params.hpp"
#include "models/kin_network.hpp"
#include "models/states.hpp"
#include "sim/core/time.hpp"
#include "sim/io/scenario.hpp"

namespace csc::models {

struct RunParams {
  std::string name;
  std::string description;
  sim::Date start_date{2013, 4, 1};
  int years = 5;
  int burn_in_years = 3;
  int replicates = 20;
  std::uint64_t seed = 1;
  bool record_events = true;
};

struct PopulationParams {
  double mean_children_per_family = 1.8;
  double birth_spacing_years = 2.5;
  double vulnerability_sd = 0.8;
  std::array<double, kRiskCount> prevalence{};
  std::array<double, kRiskCount> resting_severity{};
};

struct SeverityParams {
  std::array<double, kRiskCount> weight{};
  double recovery_half_life_weeks = 52;
  double crisis_rate_per_year = 0.1;
  double crisis_rate_per_risk = 1.0;
  double crisis_size_mean = 1.0;
  double crisis_half_life_weeks = 8;
  double waiting_increase_per_week = 0.02;
  double episode_years = 0.0;  // mean length of a parental factor's episode; 0: lifelong
};

struct ReferralParams {
  double base_rate_per_year = 0.01;
  double severity_rate_per_year = 0.1;
  double known_family_multiplier = 2.0;
  double visibility_weeks = 52;
  double trend_per_year = 0.0;         // log growth of the referral hazards a year
  sim::Date trend_from{2012, 4, 1};    // growth runs from this day ...
  sim::Date trend_to{2014, 4, 1};      // ... to this one; the level is held outside
};

struct AssessmentParams {
  double mean_working_days = 28;
  double length_sd_log = 0.5;
  double noise_sd = 0.5;
  double cin_threshold = 1.0;
  double s47_threshold = 2.5;
  int s47_working_days_to_conference = 15;
  double conference_noise_sd = 0.5;
  double conference_threshold = 2.0;
  double cp_threshold = 2.5;
};

struct CinParams {
  double close_threshold = 1.0;
  double close_rate_per_week = 0.08;
  double escalation_threshold = 3.0;
  double escalation_rate_per_week = 0.05;
  double softness = 0.5;
};

struct CpParams {
  double first_review_months = 3;
  double review_interval_months = 6;
  double end_threshold = 2.0;
  double first_review_end_factor = 1.0;
  double step_down_share = 0.7;
  double softness = 0.5;
  double move_rate_per_year = 0.05;
};

struct EdgeParams {
  double threshold = 3.5;
  double exit_threshold = 3.0;
  double care_rate_per_week = 0.05;
  double sibling_share = 0.6;
};

/// Weights of the placement types (kinship, LA foster, agency foster, children's home,
/// placed with parents) for one age band.
using PlacementWeights = std::array<double, 5>;

struct CareParams {
  double early_exit_rate_per_week = 0.15;
  double early_exit_decay_weeks = 4;
  double return_home_rate_per_week = 0.01;
  double return_home_threshold = 1.5;
  double adoption_max_age = 5;
  double adoption_plan_rate_per_week = 0.01;
  double adoption_order_weeks = 30;
  double sgo_rate_per_week = 0.004;
  int siblings_together = 3;
  PlacementWeights under_5{};
  PlacementWeights age_5_to_11{};
  PlacementWeights age_12_plus{};
};

struct WorkforceParams {
  double hours_per_week = 37;
  double admin_share = 0.36;
  double direct_share = 0.34;
  int max_caseload = 24;
  double casework_effect_per_week = 0.06;
  double parental_effect_ratio = 0.2;
  double casework_half_hours = 2.0;
  double engagement_base = 0.8;
  double engagement_per_parental_risk = 0.2;
  double disengaged_effect = 0.3;
  double turnover_per_year = 0.15;
  double turnover_caseload_slope = 0.05;
  double reference_caseload = 17;
  double agency_turnover_per_year = 0.4;
  double agency_delay_weeks = 4;
  double recruitment_weeks = 26;
  double recruitment_success = 0.26;
  double worker_change_weeks = 2;
  double intensity_cp = 2.0;
  double intensity_looked_after = 0.5;
};

/// How the kin network acts in the model (the graph's own parameters are KinNetworkParams).
struct KinParams {
  KinNetworkParams graph;
  double support_per_helper = 0.1;   // log fall of the crisis rate per helper household
  int carer_steps = 2;               // how far placement and FGC look for a willing carer
};

/// Unit costs (evidence.md section 3), in the prices of `price_year`.
struct CostParams {
  std::string price_year = "2016-17";
  std::array<double, kPlacementCount> placement_per_week{};  // by Placement (none = 0)
  double social_worker_per_week = 1480;   // 37 hours at GBP 40 (2013-14 prices)
  double agency_premium = 0.5;            // agency cost = (1 + premium) x permanent
};

struct LaParams {
  std::string name;
  std::int64_t children = 80000;
  double deprivation = 1.0;
  int teams = 16;
  double social_workers_per_team = 10;
  double initial_looked_after_per_10k = 60;
  std::int64_t childrens_home_places = -1;  // places in homes inside the LA; -1: as many as needed
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
  Interventions interventions;
  std::vector<LaParams> las;

  [[nodiscard]] int horizon_weeks() const { return run.years * 52; }
  [[nodiscard]] int burn_in_weeks() const { return run.burn_in_years * 52; }
};

/// The schema (keys, types, defaults, ranges, documentation) of every model parameter.
const sim::Schema& model_schema();
/// Resolves typed parameters from a validated scenario.
Params params_from_scenario(const sim::Scenario& scenario);
/// Where a scenario key was set ("file:line:column"), for messages; "scenario" when it was set
/// in no file (a default).
using KeyOrigin = std::function<std::string(const std::string& key)>;
/// Resolves intervention scopes (LA names, teams, rollout stages) and start days; InputError
/// on a scope or a stage that does not fit the LAs, each message led by `origin` of its key.
void resolve_interventions(Params& params, const KeyOrigin& origin = {});
/// Loads, validates and resolves a scenario file (throws sim::InputError on bad input).
sim::Scenario load_scenario(const std::string& path);

}  // namespace csc::models
