#pragma once
// Skilled administrators in social work teams (evidence PA-1, PA-2): time. They take over
// admin work, so social workers spend more of their hours with families.
#include <memory>

#include "models/interventions/intervention.hpp"

namespace csc::models {

struct AdministratorParams : InterventionParamsOf<AdministratorParams> {
  static constexpr const char* kKey = "administrators";
  double posts_per_team{};
  double admin_share_with_support{};
  double direct_share_with_support{};
  bool operator==(const AdministratorParams&) const = default;
};

std::shared_ptr<const Intervention> administrators_intervention();

}  // namespace csc::models
