#pragma once
// Family practitioners (evidence FP-1, Project Crewe): capacity and time. Non-social-work
// practitioners in teams add direct hours to families on CIN plans, as places allow.
#include <memory>

#include "models/interventions/intervention.hpp"

namespace csc::models {

struct FamilyPractitionerParams : InterventionParamsOf<FamilyPractitionerParams> {
  static constexpr const char* kKey = "family_practitioners";
  double practitioners_per_team{};
  int families_per_practitioner{};
  double hours_per_week{};
  double direct_share{};
  bool operator==(const FamilyPractitionerParams&) const = default;
};

std::shared_ptr<const Intervention> family_practitioners_intervention();

}  // namespace csc::models
