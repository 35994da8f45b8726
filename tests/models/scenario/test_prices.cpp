// Prices (models/scenario/prices.hpp): a price year other than the prices the unit costs are
// stated in needs a price index for both years, and then scales every unit cost by their
// ratio; without one it is an error naming the key, as is a malformed index.
#include <catch2/catch.hpp>

#include <string>

#include "models/scenario/parameters.hpp"
#include "sim/core/errors.hpp"
#include "sim/io/scenario.hpp"

using namespace csc::models;
namespace sim = csc::sim;

namespace {

Params with_costs(const std::string& lines) {
  const std::string text = "base = \"small.toml\"\n[costs]\n" + lines;
  return params_from_scenario(sim::Scenario::parse(text, "prices.toml", model_schema(), CSC_FIXTURES_DIR));
}

std::string error_of(const std::string& lines) {
  try {
    (void)with_costs(lines);
  } catch (const sim::InputError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("prices: an index scales every unit cost to the price year", "[unit][params]") {
  const Params same = with_costs("");
  const Params later = with_costs("price_year = \"2019-20\"\nprice_index = \"2016-17:100, 2019-20:106\"\n");
  CHECK(later.costs.price_factor == Approx(1.06));
  CHECK(later.costs.social_worker_per_week == Approx(1.06 * same.costs.social_worker_per_week));
  for (std::size_t i = 0; i < same.costs.placement_per_week.size(); ++i) {
    CHECK(later.costs.placement_per_week[i] == Approx(1.06 * same.costs.placement_per_week[i]));
  }
  for (std::size_t i = 0; i < same.interventions.size(); ++i) {
    CHECK(later.interventions[i].unit_cost == Approx(1.06 * same.interventions[i].unit_cost));
  }
  // The same year, with or without an index, changes nothing.
  const Params indexed = with_costs("price_index = \"2016-17:100, 2019-20:106\"\n");
  CHECK(indexed.costs.social_worker_per_week == same.costs.social_worker_per_week);
}

TEST_CASE("prices: another price year without an index, or a bad index, is an error naming the key", "[unit][params]") {
  CHECK_THAT(error_of("price_year = \"2019-20\"\n"),
             Catch::Contains("prices.toml:3:1: key 'costs.price_year': 2019-20 differs from costs.prices_of 2016-17") &&
                 Catch::Contains("gives no index for 2019-20"));
  CHECK_THAT(error_of("price_year = \"2019-20\"\nprice_index = \"2019-20:106\"\n"),
             Catch::Contains("gives no index for 2016-17"));
  CHECK_THAT(error_of("price_index = \"2016-17:100, 2019:106\"\n"),
             Catch::Contains("key 'costs.price_index': '2019:106' is not YYYY-YY:INDEX"));
  CHECK_THAT(error_of("price_index = \"2016-17:-1\"\n"), Catch::Contains("'2016-17:-1' is not YYYY-YY:INDEX"));
  CHECK_THAT(error_of("price_index = \"2016-17:100, 2016-17:101\"\n"), Catch::Contains("2016-17 is given twice"));
  CHECK_THAT(error_of("price_year = \"2019\"\n"),
             Catch::Contains("key 'costs.price_year': '2019' is not a financial year such as 2016-17"));
}
