#pragma once
// The rows of the run file's cohort tables, as a replicate produces them (docs/output.md).
#include <cstdint>

#include "models/core/metrics.hpp"
#include "models/core/states.hpp"

namespace csc::models {

/// One row of /cohort/events: a change of a child's state (or of placement while in care).
struct EventRow {
  std::uint32_t replicate;
  std::uint32_t child;
  std::uint32_t family;
  std::uint16_t la;
  std::int32_t day;
  std::uint8_t from_state;
  std::uint8_t to_state;
  std::uint8_t reason;
  std::uint8_t placement;
};

/// One row of /cohort/children: a child known to services within the horizon.
struct ChildRow {
  std::uint32_t replicate;
  std::uint32_t child;
  std::uint32_t family;
  std::uint16_t la;
  std::int32_t birth_day;
  std::uint8_t risk[kRiskCount];    // 1 when the family has the factor
  std::int32_t first_referral_day;  // -2147483648 when none within the horizon
  std::uint16_t referrals;
  std::uint16_t cp_plans;
  std::int32_t days_assessment;
  std::int32_t days_cin;
  std::int32_t days_s47;
  std::int32_t days_cp;
  std::int32_t days_looked_after;
  std::uint8_t final_state;
  std::uint8_t final_placement;
};

}  // namespace csc::models
