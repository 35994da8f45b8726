#include "models/scenario/prices.hpp"

#include <cstdlib>
#include <map>
#include <sstream>
#include <vector>

#include "sim/core/errors.hpp"
#include "sim/core/text.hpp"

namespace csc::models {

namespace {

/// A financial year "YYYY-YY" whose second year follows the first (2016-17).
bool financial_year(const std::string& y) {
  if (y.size() != 7 || y[4] != '-') return false;
  for (const std::size_t i : {0, 1, 2, 3, 5, 6}) {
    if (y[i] < '0' || y[i] > '9') return false;
  }
  const int first = std::atoi(y.substr(0, 4).c_str()), second = std::atoi(y.substr(5, 2).c_str());
  return (first + 1) % 100 == second;
}

/// costs.price_index, "YEAR:INDEX, ...", as a map; InputError naming the key.
std::map<std::string, double> parse_index(const std::string& text, const std::string& key) {
  std::map<std::string, double> index;
  std::vector<std::string> errors;
  std::stringstream list(text);
  for (std::string item; std::getline(list, item, ',');) {
    item = sim::trimmed(item);
    if (item.empty() && index.empty() && list.eof()) break;  // no index
    const auto colon = item.find(':');
    const std::string year = colon == std::string::npos ? item : sim::trimmed(item.substr(0, colon));
    const std::string value = colon == std::string::npos ? "" : sim::trimmed(item.substr(colon + 1));
    char* end = nullptr;
    const double v = std::strtod(value.c_str(), &end);
    if (!financial_year(year) || value.empty() || *end != '\0' || !(v > 0 && v < 1e6)) {
      errors.push_back(key + "'" + item + "' is not YYYY-YY:INDEX (a financial year and a positive index)");
    } else if (!index.emplace(year, v).second) {
      errors.push_back(key + "the year " + year + " is given twice");
    }
  }
  if (!errors.empty()) throw sim::InputError(errors);
  return index;
}

}  // namespace

void apply_prices(Params& p, const std::function<std::string(const std::string&)>& origin) {
  auto& c = p.costs;
  const std::string index_key = origin("costs.price_index") + ": key 'costs.price_index': ";
  for (const char* k : {"costs.price_year", "costs.prices_of"}) {
    const std::string& y = std::string(k) == "costs.price_year" ? c.price_year : c.prices_of;
    if (!financial_year(y)) {
      throw sim::InputError(origin(k) + ": key '" + k + "': '" + y + "' is not a financial year such as 2016-17");
    }
  }
  const auto index = parse_index(c.price_index, index_key);
  c.price_factor = 1.0;
  if (c.price_year == c.prices_of) return;
  const auto to = index.find(c.price_year), from = index.find(c.prices_of);
  if (to == index.end() || from == index.end()) {
    throw sim::InputError(origin("costs.price_year") + ": key 'costs.price_year': " + c.price_year +
                          " differs from costs.prices_of " + c.prices_of + ", the prices the unit costs are in, and " +
                          "costs.price_index gives no index for " + (to == index.end() ? c.price_year : c.prices_of) +
                          " (give a price index, such as HM Treasury's GDP deflator, or leave the price year)");
  }
  c.price_factor = to->second / from->second;
  for (double& w : c.placement_per_week) w *= c.price_factor;
  c.social_worker_per_week *= c.price_factor;
  for (std::size_t i = 0; i < p.interventions.size(); ++i) p.interventions[i].unit_cost *= c.price_factor;
}

}  // namespace csc::models
