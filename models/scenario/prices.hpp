#pragma once
// Prices (docs/design.md, Costs): every unit cost in a scenario is stated in the prices of
// costs.prices_of; costs.price_year is the year the run reports money in. When the two differ,
// a price index (costs.price_index, for example HM Treasury's GDP deflator by financial year)
// scales every unit cost by index[price_year] / index[prices_of]; without an index for both
// years, changing the year is an error (it would only relabel the money).
#include <functional>
#include <string>

#include "models/params/params.hpp"

namespace csc::models {

/// Applies costs.price_index to every unit cost of `p` (placements, social workers, each
/// intervention's unit cost). InputError naming the key (its FILE:LINE:COLUMN from `origin`)
/// for a malformed index, or a price year the index does not cover.
void apply_prices(Params& p, const std::function<std::string(const std::string&)>& origin);

}  // namespace csc::models
