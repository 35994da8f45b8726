#pragma once
// Unit costs of placements and social workers (each intervention's unit cost is its own key).
// Values: the binding table (models/scenario/), which holds the only defaults and ranges.
#include <array>
#include <string>

#include "models/core/states.hpp"

namespace csc::models {

/// Unit costs (evidence.md section 3), in the prices of `price_year` once the scenario is read
/// (models/scenario/prices.hpp: stated in `prices_of`, scaled by the price index).
struct CostParams {
  // Values: the binding table, models/scenario/model_bindings.cpp (no defaults here).
  std::string price_year{};
  std::string prices_of{};    // the prices the scenario's unit costs are stated in
  std::string price_index{};  // "YEAR:INDEX, ..." (costs.price_index)
  double price_factor = 1.0;  // index[price_year] / index[prices_of], applied to every unit cost
  std::array<double, kPlacementCount> placement_per_week{};  // by Placement (none = 0)
  double social_worker_per_week{};
  double agency_premium{};  // agency cost = (1 + premium) x permanent
  bool operator==(const CostParams&) const = default;
};

}  // namespace csc::models
