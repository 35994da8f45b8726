#pragma once
// Helpers the model tests share to compare outputs exactly and report where they differ.
#include <string>
#include <tuple>
#include <vector>

#include "models/output/replicate_result.hpp"
#include "tests/temp_path.hpp"

namespace csc::test {

/// Every field of a cohort row, for exact comparison.
inline auto key(const models::EventRow& e) {
  return std::tie(e.replicate, e.child, e.family, e.la, e.day, e.from_state, e.to_state, e.reason, e.placement);
}
inline auto key(const models::ChildRow& c) {
  return std::tuple_cat(std::tie(c.replicate, c.child, c.family, c.la, c.birth_day, c.first_referral_day, c.referrals,
                                 c.cp_plans, c.days_assessment, c.days_cin, c.days_s47, c.days_cp, c.days_looked_after,
                                 c.final_state, c.final_placement),
                        std::make_tuple(c.risk[0], c.risk[1], c.risk[2], c.risk[3], c.risk[4]));
}
static_assert(models::kRiskCount == 5, "update key(ChildRow)");

/// "" when equal, else where the vectors first differ (Catch would print them whole).
template <class T>
std::string mismatch(const std::vector<T>& a, const std::vector<T>& b) {
  if (a.size() != b.size()) return "sizes " + std::to_string(a.size()) + " vs " + std::to_string(b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (!(a[i] == b[i])) return "first difference at index " + std::to_string(i);
  }
  return "";
}

}  // namespace csc::test
