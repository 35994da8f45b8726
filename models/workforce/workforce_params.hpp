#pragma once
// Parameters of the social work workforce: hours, caseloads, casework's effect, turnover,
// agency cover and recruitment. Values: the binding table (models/scenario/), which holds
// the only defaults and ranges; `{}` only value-initialises.

namespace csc::models {

struct WorkforceParams {
  // Values: the binding table, models/scenario/model_bindings.cpp (no defaults here).
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

}  // namespace csc::models
