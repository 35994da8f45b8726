// How long care proceedings last over time (legal.proceedings_length_policy; docs/evidence.md
// GAP-16, CRT-6 to CRT-12): proceedings issued from each date of the series last the factor of
// that date times the lognormal length of legal.proceedings_mean_weeks and
// legal.proceedings_median_weeks. Measured from each family's proceedings_issued row to its
// final hearing; with every final order a care order, each hearing is a care_order row. The mean
// of n lognormal lengths is checked within 3 standard errors (sd / sqrt(n), the lognormal's sd).
#include <catch2/catch.hpp>

#include <cmath>
#include <map>
#include <string>
#include <utility>

#include "models/scenario/parameters.hpp"
#include "models/world/world.hpp"
#include "sim/core/errors.hpp"
#include "sim/io/scenario.hpp"

using namespace csc::models;
namespace sim = csc::sim;

namespace {

/// Mean length in weeks, and the number of proceedings measured, of the proceedings issued in
/// days [from, to) of the fixture's large LA under this policy; each family's proceedings once.
std::pair<double, int> mean_length_weeks(const std::string& policy, sim::Day from, sim::Day to) {
  const std::string text =
      "base = \"small.toml\"\n[[la]]\nname = \"Big\"\nchildren = 80000\nteams = 8\n[run]\nyears = 9\n[legal]\n"
      "proceedings_mean_weeks = 30\nproceedings_median_weeks = 26\norder_weight.care_order = 1\n"
      "order_weight.placement_order = 0\norder_weight.special_guardianship = 0\norder_weight.supervision = 0\n"
      "order_weight.child_arrangements_order = 0\norder_weight.no_order = 0\nproceedings_length_policy = '" +
      policy + "'\n";
  const Params p = params_from_scenario(sim::Scenario::parse(text, "overlay.toml", model_schema(), CSC_FIXTURES_DIR));
  World world(p, p.run.seed, 0);
  std::map<std::uint32_t, sim::Day> issued;  // family -> day its proceedings were issued, until the hearing
  double weeks = 0;
  int n = 0;
  for (const EventRow& e : world.run([] {}).events) {
    const auto reason = static_cast<Reason>(e.reason);
    // Siblings' rows share the day; a later day is new proceedings (the last ended with no child
    // to order for, so with no care_order row).
    if (reason == Reason::proceedings_issued) issued[e.family] = e.day;
    if (reason != Reason::care_order) continue;
    const auto it = issued.find(e.family);
    if (it == issued.end()) continue;  // issued in the burn-in, or this family's hearing already counted
    if (it->second >= from && it->second < to) {
      weeks += (e.day - it->second) / 7.0;
      ++n;
    }
    issued.erase(it);
  }
  return {n == 0 ? 0.0 : weeks / n, n};
}

}  // namespace

TEST_CASE("proceedings issued from a date of legal.proceedings_length_policy last its factor times longer",
          "[model][legal]") {
  // The fixture starts on 2013-04-01; the factor 2 runs from 2015-04-01 (day 731). Proceedings
  // issued in the year after it end 6 years before the run does, so a 60-week mean is not cut
  // short (a length over 6 years is 3.3 sd of the log above the median).
  const double sd_factor = std::sqrt(30.0 * 30.0 / (26.0 * 26.0) - 1.0);  // lognormal sd / mean
  const auto [before, n_before] = mean_length_weeks("2015-04-01:2", 0, 731);
  const auto [after, n_after] = mean_length_weeks("2015-04-01:2", 731, 1096);
  const auto [unchanged, n_unchanged] = mean_length_weeks("", 731, 1096);
  CAPTURE(before, n_before, after, n_after, unchanged, n_unchanged);
  REQUIRE(n_before >= 100);
  REQUIRE(n_after >= 50);
  REQUIRE(n_unchanged >= 50);
  // Hearings fall on the day they are due or at the next round of the calendar: within a week.
  CHECK(std::abs(before - 30.0) < 3.0 * 30.0 * sd_factor / std::sqrt(n_before) + 1.0);
  CHECK(std::abs(after - 60.0) < 3.0 * 60.0 * sd_factor / std::sqrt(n_after) + 1.0);
  CHECK(std::abs(unchanged - 30.0) < 3.0 * 30.0 * sd_factor / std::sqrt(n_unchanged) + 1.0);
}

TEST_CASE("a malformed legal.proceedings_length_policy is refused naming the key", "[model][legal][bad_input]") {
  for (const char* bad : {"2013-04-01", "2013-04-01:long", "2013-04-01:0", "2013-04-01:5",
                          "2014-04-01:1.5, 2013-04-01:1", "2013-13-01:1.5"}) {
    const std::string text = std::string("base = 'small.toml'\n[legal]\nproceedings_length_policy = '") + bad + "'\n";
    CAPTURE(bad);
    try {
      (void)params_from_scenario(sim::Scenario::parse(text, "bad.toml", model_schema(), CSC_FIXTURES_DIR));
      FAIL("expected an InputError");
    } catch (const sim::InputError& e) {
      CHECK_THAT(e.messages()[0], Catch::Matchers::StartsWith("bad.toml:3:1: key 'legal.proceedings_length_policy': "));
    }
  }
}
