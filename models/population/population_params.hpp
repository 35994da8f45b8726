#pragma once
// Parameters of the population: families, their risk factors and how severity moves, and the
// local authorities they live in. Values: the binding table (models/scenario/), which holds
// the only defaults and ranges; `{}` only value-initialises.
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "models/core/states.hpp"

namespace csc::models {

/// A step of the child population's projection (population.projection): from day `from`
/// (days from the run's start) the LA's child population grows at `per_year` (log growth a
/// year), until the next step.
struct GrowthStep {
  std::int32_t from{};
  double per_year{};
  bool operator==(const GrowthStep&) const = default;
};

struct PopulationParams {
  // Values: the binding table, models/scenario/model_bindings.cpp (no defaults here).
  std::string projection{};          // "DATE:RATE, ...", as written in the scenario
  std::vector<GrowthStep> growth{};  // projection, parsed (models/scenario/parameters.cpp)
  double mean_children_per_family{};
  double birth_spacing_years{};
  double vulnerability_sd{};
  std::array<double, kRiskCount> prevalence{};
  std::array<double, kRiskCount> resting_severity{};
  bool operator==(const PopulationParams&) const = default;
};

struct SeverityParams {
  // Values: the binding table, models/scenario/model_bindings.cpp (no defaults here).
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

struct LaParams {
  // Values: the binding table, models/scenario/model_bindings.cpp (no defaults here).
  std::string name{};
  std::int64_t children{};
  double deprivation{};
  int teams{};
  double social_workers_per_team{};
  double initial_looked_after_per_10k{};
  std::int64_t childrens_home_places{};  // places in homes inside the LA; -1: as many as needed
  bool operator==(const LaParams&) const = default;
};

/// The parameters the population's functions read (Params::population_model()).
struct PopulationModel {
  const PopulationParams& population;
  const SeverityParams& severity;
  const std::vector<LaParams>& las;
};

}  // namespace csc::models
