#pragma once
// The order in which scarce intervention places are granted in an LA: families on the edge of
// care, then CP and s47, then families with children in care, assessments, CIN; ties by
// family id, so the order repeats exactly (like social workers, docs/design.md).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "models/population/population.hpp"

namespace csc::models {

/// Places a programme has: staff x families each, rounded down (1e-9: a product meant to be
/// whole is not rounded down by floating-point error).
inline int places_of(double staff, double families_each) {
  return static_cast<int>(std::floor(staff * families_each + 1e-9));
}

inline int support_priority(const Families& fam, std::uint32_t f) {
  if (fam.cases[f].edge) return 0;
  switch (fam.cases[f].status) {
    case CaseStatus::cp:
    case CaseStatus::s47: return 1;
    case CaseStatus::care_only: return 2;
    case CaseStatus::assessment: return 3;
    default: return 4;
  }
}

/// The families of `open` with an open case, in the order places go to them. Sorted as one
/// 64-bit key per family (priority, then id): the same order as comparing the pairs.
inline std::vector<std::uint32_t> by_support_priority(const Families& fam, const std::vector<std::uint32_t>& open) {
  std::vector<std::uint64_t> keys;
  keys.reserve(open.size());
  for (const std::uint32_t f : open) {
    if (fam.cases[f].status != CaseStatus::dormant) {
      keys.push_back(static_cast<std::uint64_t>(support_priority(fam, f)) << 32 | f);
    }
  }
  std::sort(keys.begin(), keys.end());
  std::vector<std::uint32_t> order(keys.size());
  for (std::size_t i = 0; i < keys.size(); ++i) order[i] = static_cast<std::uint32_t>(keys[i]);
  return order;
}

}  // namespace csc::models
