// Statistics of the comparison against hand-computed values.
#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "analysis/compare.hpp"
#include "analysis/stats.hpp"
#include "analysis/summary.hpp"

using namespace csc::analysis;

TEST_CASE("t quantiles match tables", "[unit][stats]") {
  CHECK(t975(1) == Approx(12.7062).epsilon(1e-4));
  CHECK(t975(4) == Approx(2.7764).epsilon(1e-4));
  CHECK(t975(19) == Approx(2.0930).epsilon(1e-4));
  CHECK(t975(30) == Approx(2.0423).epsilon(2e-4));
  CHECK(t975(60) == Approx(2.0003).epsilon(2e-4));
  CHECK(t975(1e6) == Approx(1.95996).epsilon(1e-4));
  CHECK(t975(4.5) < t975(4));  // fractional df (Welch) lie between the whole ones
  CHECK(t975(4.5) > t975(5));
  // Fractional df below 3, where interpolating a table went wrong (7.10 at 1.5); reference
  // values from SciPy, scipy.stats.t.ppf(0.975, df): 6.016663 at 1.5, 3.574655 at 2.5.
  CHECK(t975(1.5) == Approx(6.016663).epsilon(1e-6));
  CHECK(t975(2.5) == Approx(3.574655).epsilon(1e-6));
}

TEST_CASE("mean and variance and quantiles", "[unit][stats]") {
  const std::vector<double> x{2, 4, 4, 4, 5, 5, 7, 9};
  CHECK(mean(x) == Approx(5.0));
  CHECK(variance(x) == Approx(32.0 / 7.0));
  CHECK(quantile(x, 0.5) == Approx(4.5));
  CHECK(quantile(x, 0.0) == Approx(2.0));
  CHECK(quantile(x, 1.0) == Approx(9.0));
}

TEST_CASE("paired and unpaired intervals by hand", "[unit][stats]") {
  // Differences 1, 2, 3, 4, 5: mean 3, sd sqrt(2.5), se sqrt(0.5), t(4) = 2.7764.
  const std::vector<double> a{10, 20, 30, 40, 50};
  const std::vector<double> b{11, 22, 33, 44, 55};
  const Interval p = paired_difference(a, b);
  CHECK(p.mean == Approx(3.0));
  CHECK(p.df == 4.0);
  CHECK(p.high - p.mean == Approx(2.7764 * std::sqrt(0.5)).epsilon(1e-4));
  // Unpaired: the same numbers as independent samples give a far wider (Welch) interval.
  const Interval u = unpaired_difference(a, b);
  CHECK(u.mean == Approx(3.0));
  const double va = variance(a) / 5, vb = variance(b) / 5;
  const double df = (va + vb) * (va + vb) / (va * va / 4 + vb * vb / 4);
  CHECK(u.df == Approx(df));
  CHECK(u.high - u.mean == Approx(t975(df) * std::sqrt(va + vb)).epsilon(1e-6));
  CHECK(u.high - u.low > 10 * (p.high - p.low));  // pairing pays
}

TEST_CASE("comparison periods are financial years then the horizon", "[unit][stats]") {
  // From 2013-04-01, 104 weeks: FY2013-14 is weeks 0-52 (week 52 starts on 2014-03-31),
  // FY2014-15 weeks 53-103, then the horizon.
  const auto p = financial_periods("2013-04-01", 104);
  REQUIRE(p.size() == 3);
  CHECK(p[0].label == "FY2013-14");
  CHECK(p[0].first_week == 0);
  CHECK(p[0].last_week == 52);
  CHECK(p[1].label == "FY2014-15");
  CHECK(p[1].first_week == 53);
  CHECK(p[1].last_week == 103);
  CHECK(p[2].label == "horizon");
  CHECK(p[2].last_week == 103);
  // A start in January: the first financial year is the tail of FY2012-13.
  const auto q = financial_periods("2013-01-07", 20);
  CHECK(q[0].label == "FY2012-13");
  CHECK(q[0].last_week == 11);  // week 11 starts on 2013-03-25
  CHECK(q[1].label == "FY2013-14");
}
