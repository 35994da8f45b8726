#pragma once
// Small functions the pathway's decisions share (pathway.cpp, care.cpp, dormant.cpp).
#include <cmath>

#include "models/core/states.hpp"
#include "models/population/population.hpp"

namespace csc::models::hazards {

/// The child state of a child at home in a family's case of status s.
inline ChildState child_state_of(CaseStatus s) {
  switch (s) {
    case CaseStatus::assessment: return ChildState::assessment;
    case CaseStatus::cin: return ChildState::cin;
    case CaseStatus::s47: return ChildState::s47;
    case CaseStatus::cp: return ChildState::cp;
    default: return ChildState::closed;
  }
}

/// Integral of exp(k u) over [0, t]; exact for k = 0.
inline double integral_exp(double k, double t) { return k == 0.0 ? t : std::expm1(k * t) / k; }

/// Smooth step from 0 (severity well below the threshold) to 1 (well above): practice
/// decisions respond to need gradually, not at a sharp cut-off.
inline double above(double severity, double threshold, double softness) {
  return 1.0 / (1.0 + std::exp(-(severity - threshold) / softness));
}

}  // namespace csc::models::hazards
