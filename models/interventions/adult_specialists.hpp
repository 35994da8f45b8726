#pragma once
// Adult specialists in social work teams (Family Safeguarding; evidence FSH-1 to FSH-5,
// FIT-1, DAN-1): capacity, severity and workforce. Domestic abuse, substance misuse and
// mental health workers work with the parents, lowering the parental factors social work
// alone barely moves, bringing in families that did not engage, and cutting crises; the
// programme may fund social work posts as well.
#include <memory>

#include "models/interventions/intervention.hpp"

namespace csc::models {

struct AdultSpecialistParams : InterventionParamsOf<AdultSpecialistParams> {
  static constexpr const char* kKey = "adult_specialists";
  double workers_per_team{};
  int families_per_worker{};
  double effect_per_week{};  // weekly fall of the matching parental factors, towards their floor
  double max_reduction{};    // the floor: how far below its resting level a factor can fall
  double max_weeks{};        // how long a specialist works with a family in one case
  double engagement{};
  double crisis_reduction{};
  double social_workers_per_team{};
  bool operator==(const AdultSpecialistParams&) const = default;
};

std::shared_ptr<const Intervention> adult_specialists_intervention();

}  // namespace csc::models
