#pragma once
// The weekly running cost of posts an intervention attaches to each team in scope.
#include <cstddef>

#include "models/params/intervention_params.hpp"

namespace csc::models {

/// per_team posts in each of the LA's `teams` teams that has started by day d, at the
/// intervention's unit cost a year, for one week.
inline float team_posts_spend(const InterventionCommon& iv, int teams, std::size_t la, sim::Day d, double per_team) {
  double posts = 0.0;
  for (std::size_t t = 0; t < static_cast<std::size_t>(teams); ++t) posts += iv.active(la, t, d) ? per_team : 0.0;
  return static_cast<float>(posts * iv.unit_cost / 52.0);
}

}  // namespace csc::models
