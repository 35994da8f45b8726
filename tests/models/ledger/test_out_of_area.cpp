// Children's home places and placements across LA boundaries (issue "Calibration", item 1):
// a child placed in a children's home when its LA's homes are full goes to the LA with the
// most free places, or to a private home outside every LA. Capacity decides where a child
// lives, not what happens to it: every count but stock_out_of_area is unchanged.
#include <catch2/catch.hpp>

#include <string>

#include "models/scenario/parameters.hpp"
#include "models/world/world.hpp"

using namespace csc::models;

namespace {

Params two_las() { return params_from_scenario(load_scenario(std::string(CSC_FIXTURES_DIR) + "/two_las.toml")); }

ReplicateResult run(const Params& p) {
  World world(p, p.run.seed, 0);
  return world.run([] {});
}

double series(ReplicateResult& r, Metric m, int week, int la) { return r.at(m, week, la); }

}  // namespace

TEST_CASE("an LA with no children's home places places every home child out of area", "[placement]") {
  Params unlimited = two_las();
  Params none = unlimited;
  none.las[0].childrens_home_places = 0;  // North has no homes; South has as many as needed
  ReplicateResult a = run(unlimited);
  ReplicateResult b = run(none);
  double north_homes = 0;
  for (int w = 0; w < b.weeks; ++w) {
    CHECK(series(b, Metric::stock_out_of_area, w, 0) == series(b, Metric::stock_childrens_home, w, 0));
    CHECK(series(b, Metric::stock_out_of_area, w, 1) == 0);
    CHECK(series(a, Metric::stock_out_of_area, w, 0) == 0);
    north_homes += series(b, Metric::stock_childrens_home, w, 0);
  }
  CHECK(north_homes > 0);  // the check above is not vacuous
  // Everything else is identical.
  for (std::size_t m = 0; m < kMetricCount; ++m) {
    if (static_cast<Metric>(m) == Metric::stock_out_of_area) continue;
    for (int w = 0; w < a.weeks; ++w) {
      for (int la = 0; la < 2; ++la) {
        INFO(kMetrics[m].name << " week " << w << " LA " << la);
        REQUIRE(a.at(static_cast<Metric>(m), w, la) == b.at(static_cast<Metric>(m), w, la));
      }
    }
  }
  CHECK(a.events.size() == b.events.size());
}

TEST_CASE("no LA's homes take more children than their places", "[placement]") {
  Params p = two_las();
  p.las[0].childrens_home_places = 3;
  p.las[1].childrens_home_places = 2;
  ReplicateResult r = run(p);
  double out_of_area = 0;
  for (int w = 0; w < r.weeks; ++w) {
    // A child out of area of one LA is in the other's homes or in a private home, so each LA's
    // own homes hold at most its home children not out of area plus the other LA's children
    // out of area; both together hold at most the five places.
    const double own0 = series(r, Metric::stock_childrens_home, w, 0) - series(r, Metric::stock_out_of_area, w, 0);
    const double own1 = series(r, Metric::stock_childrens_home, w, 1) - series(r, Metric::stock_out_of_area, w, 1);
    CHECK(own0 <= 3);
    CHECK(own1 <= 2);
    out_of_area += series(r, Metric::stock_out_of_area, w, 0) + series(r, Metric::stock_out_of_area, w, 1);
  }
  CHECK(out_of_area > 0);  // the fixture needs more than the five places
}
