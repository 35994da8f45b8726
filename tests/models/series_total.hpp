#pragma once
// The model tests' sum of a series over a replicate's weeks.
#include "models/output/replicate_result.hpp"

namespace csc::test {

/// Sum of metric m over every recorded week of council la.
inline double series_total(const models::ReplicateResult& r, models::Metric m, int la = 0) {
  double sum = 0;
  for (int w = 0; w < r.weeks; ++w) sum += r.at(m, w, la);
  return sum;
}

}  // namespace csc::test
