#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "sim/rng/random.hpp"

using csc::sim::Draws;
using csc::sim::RunKey;

TEST_CASE("draws are a pure function of key and counter", "[unit][random]") {
  const RunKey key{42, 3};
  Draws a(key, 1001, 17, 5);
  Draws b(key, 1001, 17, 5);
  for (int i = 0; i < 10; ++i) REQUIRE(a.uniform() == b.uniform());
  // Any change of key or counter gives different numbers.
  const double base = Draws(key, 1001, 17, 5).uniform();
  REQUIRE(Draws(RunKey{43, 3}, 1001, 17, 5).uniform() != base);
  REQUIRE(Draws(RunKey{42, 4}, 1001, 17, 5).uniform() != base);
  REQUIRE(Draws(key, 1002, 17, 5).uniform() != base);
  REQUIRE(Draws(key, 1001, -17, 5).uniform() != base);
  REQUIRE(Draws(key, 1001, 17, 6).uniform() != base);
}

TEST_CASE("uniform draws have the right moments", "[unit][random]") {
  const RunKey key{7, 0};
  const int n = 200000;
  double sum = 0, sum2 = 0;
  double lo = 1, hi = 0;
  for (int i = 0; i < n; ++i) {
    Draws d(key, static_cast<std::uint64_t>(i), 0, 1);
    const double u = d.uniform();
    sum += u;
    sum2 += u * u;
    lo = std::min(lo, u);
    hi = std::max(hi, u);
  }
  const double mean = sum / n;
  const double var = sum2 / n - mean * mean;
  // Standard error of the mean of U(0,1) is sqrt(1/12/n); allow 4 standard errors.
  REQUIRE(std::abs(mean - 0.5) < 4 * std::sqrt(1.0 / 12 / n));
  REQUIRE(std::abs(var - 1.0 / 12) < 0.002);
  REQUIRE(lo > 0.0);
  REQUIRE(hi < 1.0);
}

TEST_CASE("normal and exponential and categorical draws", "[unit][random]") {
  const RunKey key{11, 2};
  const int n = 100000;
  double sn = 0, sn2 = 0, se = 0;
  std::vector<int> counts(3, 0);
  const std::vector<double> w{1.0, 0.0, 3.0};
  for (int i = 0; i < n; ++i) {
    Draws d(key, static_cast<std::uint64_t>(i), 3, 9);
    const double z = d.normal();
    sn += z;
    sn2 += z * z;
    se += d.exponential(2.0);
    ++counts[d.categorical(w)];
  }
  REQUIRE(std::abs(sn / n) < 4 / std::sqrt(n));
  REQUIRE(std::abs(sn2 / n - 1.0) < 0.02);
  REQUIRE(std::abs(se / n - 0.5) < 4 * 0.5 / std::sqrt(n));  // sd of Exp(2) is 0.5
  REQUIRE(counts[1] == 0);
  const double p = counts[2] / static_cast<double>(n);
  REQUIRE(std::abs(p - 0.75) < 4 * std::sqrt(0.75 * 0.25 / n));
}

TEST_CASE("occurs(rate) is bernoulli(1 - exp(-rate)) with the same draw, bit for bit", "[unit][random]") {
  // The shortcut skips the exponential when the uniform is above the rate; it must never
  // change a decision, whatever the rate: zero, tiny (where 1 - exp(-rate) rounds to more
  // than the rate), around the uniforms' own values, and large.
  const RunKey key{7, 3};
  const std::vector<double> rates{0.0,    1e-300, 1e-17, 1e-16,  2e-16, 3e-16, 1e-12, 1e-6, 1e-3,
                                  0.0123, 0.1,    0.5,   0.6931, 0.7,   1.0,   3.0,   50.0, 1e300};
  int hits = 0, decided = 0;
  for (std::uint64_t entity = 0; entity < 20000; ++entity) {
    for (const double rate : rates) {
      Draws a(key, entity, 5, 1), b(key, entity, 5, 1);
      const bool slow = a.bernoulli(1.0 - std::exp(-rate));
      REQUIRE(b.occurs(rate) == slow);
      REQUIRE(a.uniform() == b.uniform());  // the same draws consumed
      hits += slow;
      ++decided;
    }
  }
  // Near the rate, decisions come from the exact comparison: uniforms just above and below.
  for (std::uint64_t entity = 0; entity < 20000; ++entity) {
    Draws probe(key, entity, 9, 2);
    const double u = probe.uniform();
    for (const double rate : {u, std::nextafter(u, 0.0), std::nextafter(u, 1.0), -std::log1p(-u)}) {
      Draws a(key, entity, 9, 2), b(key, entity, 9, 2);
      REQUIRE(b.occurs(rate) == a.bernoulli(1.0 - std::exp(-rate)));
    }
  }
  // A bounded rate is computed only when the uniform is below its bound.
  int computed = 0;
  for (std::uint64_t entity = 0; entity < 20000; ++entity) {
    Draws a(key, entity, 11, 3), b(key, entity, 11, 3);
    const double rate = 0.01 * static_cast<double>(entity % 7) / 6.0;
    REQUIRE(b.occurs_bounded(0.01, [&] { return ++computed, rate; }) == a.bernoulli(1.0 - std::exp(-rate)));
  }
  INFO(hits << " events in " << decided << " decisions; " << computed << " rates computed");
  CHECK(hits > 0);
  CHECK(computed > 0);
  CHECK(computed < 20000 / 10);  // a weekly rate of at most 0.01 needs its value about 1% of the time
}
