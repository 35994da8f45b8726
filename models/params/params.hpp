#pragma once
// Model parameters: plain values, the aggregate of each part's own struct (population/,
// pathway/, workforce/, network/, costs/, and the interventions' in their set). They are
// resolved from a scenario (TOML) through one binding table (models/scenario/) that also
// documents every parameter: meaning, unit, default, range and source.
// scenarios/PARAMETERS.md is generated from that table (`cscsim params`).
//
// The table holds the only default and the only range of each parameter: the fields are
// value-initialised (`{}`: zero, empty) and hold no default of their own. Params come from
// params_from_scenario() or, without a scenario file, default_params() (models/scenario/).
#include <cstdint>
#include <string>
#include <vector>

#include "models/costs/cost_params.hpp"
#include "models/network/kin_params.hpp"
#include "models/params/intervention_params.hpp"
#include "models/pathway/pathway_params.hpp"
#include "models/population/population_params.hpp"
#include "models/workforce/workforce_params.hpp"
#include "sim/core/time.hpp"

namespace csc::models {

struct RunParams {
  // Values: the binding table, models/scenario/model_bindings.cpp (no defaults here).
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
  FactorSeries adoption_policy;
  LegalParams legal;
  FactorSeries proceedings_length_policy;
  WorkforceParams workforce;
  KinParams kin;
  CostParams costs;
  InterventionSet interventions;  // in the order of interventions.registry
  std::vector<LaParams> las;

  [[nodiscard]] int horizon_weeks() const { return run.years * 52; }
  [[nodiscard]] PopulationModel population_model() const { return {population, severity, las}; }
  [[nodiscard]] int burn_in_weeks() const { return run.burn_in_years * 52; }
  bool operator==(const Params&) const = default;
};

}  // namespace csc::models
