#pragma once
// Parameters of the care pathway: referral, assessment, CIN and CP plans, the edge of care and
// care. Values: the binding table (models/scenario/), which holds the only defaults and
// ranges; `{}` only value-initialises.
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "sim/core/time.hpp"

namespace csc::models {

/// A step of a piecewise-constant factor on a decision or a length (care.adoption_policy,
/// legal.proceedings_length_policy): from day `from` (days from the run's start) the hazard,
/// weight or length is multiplied by `factor`, until the next step; 1 before the first.
struct FactorStep {
  std::int32_t from{};
  double factor{};
  bool operator==(const FactorStep&) const = default;
};

/// A factor that changes over time, as a scenario writes it ("DATE:FACTOR, ...") and parsed:
/// the adoption policy (care.adoption_policy) and the length of care proceedings
/// (legal.proceedings_length_policy). Apart from CareParams and LegalParams, which hold plain
/// numbers only.
struct FactorSeries {
  std::string text{};               // "DATE:FACTOR, ...", as written in the scenario
  std::vector<FactorStep> steps{};  // text, parsed (models/scenario/parameters.cpp)
  bool operator==(const FactorSeries&) const = default;
};

/// The factor of the step in force on day d (1 before the first step).
inline double factor_on(const std::vector<FactorStep>& steps, std::int32_t d) {
  double factor = 1.0;
  for (const auto& s : steps) {
    if (s.from > d) break;
    factor = s.factor;
  }
  return factor;
}

struct ReferralParams {
  // Values: the binding table, models/scenario/model_bindings.cpp (no defaults here).
  double base_rate_per_year{};
  double severity_rate_per_year{};
  double known_family_multiplier{};
  double visibility_weeks{};
  double trend_per_year{};  // log growth of the referral hazards a year
  sim::Date trend_from{};   // growth runs from this day ...
  sim::Date trend_to{};     // ... to this one; the level is held outside
  bool operator==(const ReferralParams&) const = default;
};

struct AssessmentParams {
  // Values: the binding table, models/scenario/model_bindings.cpp (no defaults here).
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
  // Values: the binding table, models/scenario/model_bindings.cpp (no defaults here).
  double close_threshold{};
  double close_rate_per_week{};
  double escalation_threshold{};
  double escalation_rate_per_week{};
  double softness{};
  bool operator==(const CinParams&) const = default;
};

struct CpParams {
  // Values: the binding table, models/scenario/model_bindings.cpp (no defaults here).
  double first_review_months{};
  double review_interval_months{};
  double end_threshold{};
  double first_review_end_factor{};
  double early_review_rate_per_week{};
  double long_plan_months{};
  double long_plan_continue_factor{};
  double step_down_share{};
  double softness{};
  double move_rate_per_year{};
  bool operator==(const CpParams&) const = default;
};

struct EdgeParams {
  // Values: the binding table, models/scenario/model_bindings.cpp (no defaults here).
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
  // Values: the binding table, models/scenario/model_bindings.cpp (no defaults here).
  double early_exit_rate_per_week{};
  double early_exit_decay_weeks{};
  double return_home_rate_per_week{};
  double return_home_threshold{};
  double adoption_max_age{};
  double adoption_plan_rate_per_week{};
  double adoption_plan_window_weeks{};  // no adoption plan after this long in care
  double adoption_order_weeks{};
  double adoption_match_weeks{};
  double sgo_rate_per_week{};
  double reunification_decay_weeks{};  // time constant of the fall of the chance of going home
  double adolescent_rate_per_week{};   // an adolescent's own route into care, at adolescent_min_age ...
  double adolescent_min_age{};
  double adolescent_age_slope{};             // ... rising by this log factor a year of age
  double adolescent_return_rate_per_week{};  // the later return home of a child in care on its own account
  double leave_at_16_rate_per_week{};        // a young person of 16 or 17 leaves care before 18
  int siblings_together{};
  PlacementWeights under_5{};
  PlacementWeights age_5_to_11{};
  PlacementWeights age_12_plus{};
  bool operator==(const CareParams&) const = default;
};

/// Weights of the orders care proceedings end in: care order, placement order, special
/// guardianship order, supervision order, child arrangements order, no order.
using OrderWeights = std::array<double, 6>;

struct LegalParams {
  // Values: the binding table, models/scenario/legal_bindings.cpp (no defaults here).
  double act_severity_slope{};                   // log rise of the care-decision hazard per unit of severity
  double urgent_share{};                         // share of care decisions that issue proceedings at once
  double section20_share{};                      // share of the other decisions that accommodate by agreement
  double pre_proceedings_weeks{};                // mean length of pre-proceedings
  double interim_removal_share{};                // chance a child at home is removed when proceedings are issued
  double section20_proceedings_rate_per_week{};  // proceedings for a family with a child under section 20
  double proceedings_mean_weeks{};
  double proceedings_median_weeks{};
  OrderWeights order_weights{};
  double order_severity_slope{};           // log fall of the home orders' weight per unit of severity
  double discharge_rate_per_week{};        // a care order's discharge (return home) once need is low
  double permanence_weeks{};               // weeks under a care order before discharge or adoption is planned
  double breakdown_early_rate_per_week{};  // breakdown hazard of a return home, at return ...
  double breakdown_decay_weeks{};          // ... falling with this time constant ...
  double breakdown_late_rate_per_week{};   // ... to this rate
  double breakdown_supported_factor{};     // the hazard's factor while the family has a worker
  bool operator==(const LegalParams&) const = default;
};

}  // namespace csc::models
