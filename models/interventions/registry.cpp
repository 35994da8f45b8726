// The registry lines: one per intervention. Order matters where two act on the same quantity
// in one phase (volunteers before adult specialists: each scales the crisis rate in casework),
// so a new intervention goes at the end.
#include "models/interventions/registry.hpp"

#include "models/interventions/administrators.hpp"
#include "models/interventions/adult_specialists.hpp"
#include "models/interventions/caseload_cap.hpp"
#include "models/interventions/family_group_conference.hpp"
#include "models/interventions/family_practitioners.hpp"
#include "models/interventions/volunteers.hpp"

namespace csc::models {

const InterventionRegistry& builtin_interventions() {
  static const InterventionRegistry registry = [] {
    InterventionRegistry r;
    r.add(caseload_cap_intervention());
    r.add(administrators_intervention());
    r.add(family_practitioners_intervention());
    r.add(volunteers_intervention());
    r.add(adult_specialists_intervention());
    r.add(family_group_conference_intervention());
    return r;
  }();
  return registry;
}

}  // namespace csc::models
