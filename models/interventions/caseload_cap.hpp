#pragma once
// Caseload cap (evidence FSH-2, CAS-1): capacity. A lower limit on the children a social
// worker holds, met by new posts (hire: permanent after a lag; agency: at once) or by a queue
// (wait); under a hiring policy staffing follows demand both ways.
#include <memory>
#include <string>

#include "models/interventions/intervention.hpp"

namespace csc::models {

struct CaseloadCapParams : InterventionParamsOf<CaseloadCapParams> {
  static constexpr const char* kKey = "caseload_cap";
  int max_caseload{};
  std::string policy{};  // hire | agency | wait
  double hire_weeks{};
  bool operator==(const CaseloadCapParams&) const = default;
};

std::shared_ptr<const Intervention> caseload_cap_intervention();

}  // namespace csc::models
