#pragma once
// Family group conferencing (evidence FGC-1, FGC-2; evidence.md s2, How FGC works): network
// and decisions. Offered at a CP plan or the edge of care; coordinators book conferences as
// their time allows; a plan depends on the family's kin network and opens the kinship and
// special guardianship routes.
#include <memory>
#include <string>

#include "models/interventions/intervention.hpp"

namespace csc::models {

struct FgcParams : InterventionParamsOf<FgcParams> {
  static constexpr const char* kKey = "family_group_conference";
  double coordinators{};
  double conferences_per_coordinator_month{};
  double weeks_to_conference{};
  double success_per_household{};
  double plan_relief{};
  double kinship_weight{};
  double sgo_multiplier{};
  std::string offered_at;  // where in the pathway a family is offered a conference
  bool operator==(const FgcParams&) const = default;
};

std::shared_ptr<const Intervention> family_group_conference_intervention();

}  // namespace csc::models
