#pragma once
// Volunteers (Safe Families for Children; evidence SF-1, SF-2): capacity, severity and
// decisions. A pool of trained volunteers per LA supports families on the edge of care or in
// need with a young child: respite lowers acute severity and crises, and a host family can
// take the children for a short stay instead of accommodation.
#include <memory>

#include "models/interventions/intervention.hpp"

namespace csc::models {

struct VolunteerParams : InterventionParamsOf<VolunteerParams> {
  static constexpr const char* kKey = "volunteers";
  double volunteers{};
  double families_per_volunteer{};
  double matching_weeks{};
  double acute_relief_per_week{};
  double crisis_reduction{};
  double hosting_share{};
  double max_child_age{};
  bool operator==(const VolunteerParams&) const = default;
};

std::shared_ptr<const Intervention> volunteers_intervention();

}  // namespace csc::models
