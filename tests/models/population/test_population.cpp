// The synthetic population (docs/design.md): deterministic per (seed, replicate),
// sized from the LA's child population, independent of workforce settings (s2 item 3), with
// risk factors at their parameter prevalence.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include <oneapi/tbb/global_control.h>

#include "models/population/population.hpp"
#include "models/scenario/parameters.hpp"
#include "models/world/world.hpp"
#include "sim/core/errors.hpp"
#include "tests/models/compare_rows.hpp"

using namespace csc::models;
namespace sim = csc::sim;

namespace {

using csc::test::key;
using csc::test::mismatch;

Params fixture(const std::string& file) {
  return params_from_scenario(load_scenario(std::string(CSC_FIXTURES_DIR) + "/" + file));
}

/// The population exactly as World builds it for (seed, replicate).
Population population(const Params& p, std::uint64_t seed, std::uint32_t replicate) {
  return generate_population(p.population_model(), sim::RunKey{seed, replicate}, -p.burn_in_weeks() * sim::kDaysPerWeek,
                             p.horizon_weeks() * sim::kDaysPerWeek);
}

bool alive_on(const Population& pop, std::uint32_t c, sim::Day d) {
  const sim::Day b = pop.children.rows[c].birth;
  return b <= d && d < b + kDaysPer18Years;
}

/// Children aged 0-17 on day d in LA l.
std::int64_t alive_in_la(const Population& pop, std::size_t l, sim::Day d) {
  std::int64_t n = 0;
  for (std::uint32_t c = 0; c < pop.children.size(); ++c) {
    if (pop.families.la[pop.children.rows[c].family] == l && alive_on(pop, c, d)) ++n;
  }
  return n;
}

#define CHECK_SAME(a, b) CHECK(mismatch(a, b) == "")

/// The columns fixed at generation, other than the team (which is drawn within the LA's
/// number of teams, so it may legitimately change with `teams`).
void require_same_people(const Population& a, const Population& b) {
  REQUIRE(a.families.size() == b.families.size());
  REQUIRE(a.children.size() == b.children.size());
  CHECK_SAME(a.la_first_family, b.la_first_family);
  CHECK_SAME(a.families.la, b.families.la);
  CHECK_SAME(a.families.first_child, b.families.first_child);
  CHECK_SAME(a.families.risk_mask, b.families.risk_mask);
  const auto column = [](const Population& p, auto field) {
    std::vector<std::decay_t<decltype(p.families.sev[0].*field)>> out;
    for (const auto& s : p.families.sev) out.push_back(s.*field);
    return out;
  };
  CHECK_SAME(column(a, &FamilySeverity::resting), column(b, &FamilySeverity::resting));
  CHECK_SAME(column(a, &FamilySeverity::crisis_rate), column(b, &FamilySeverity::crisis_rate));
  CHECK_SAME(a.families.alive_from, b.families.alive_from);
  CHECK_SAME(a.families.alive_to, b.families.alive_to);
  CHECK_SAME(a.children.rows, b.children.rows);
  CHECK_SAME(a.by_birth, b.by_birth);
}

}  // namespace

TEST_CASE("population is a function of seed and replicate only", "[model][population]") {
  const Params p = fixture("small.toml");
  const auto a = population(p, p.run.seed, 0);
  const auto b = population(p, p.run.seed, 0);
  require_same_people(a, b);
  CHECK_SAME(a.families.team, b.families.team);

  // Another replicate, or another seed, is another population.
  const auto other_rep = population(p, p.run.seed, 1);
  const auto other_seed = population(p, p.run.seed + 1, 0);
  for (const auto* o : {&other_rep, &other_seed}) {
    const std::size_t n = std::min(a.children.size(), o->children.size());
    const bool same_births =
        a.children.size() == o->children.size() &&
        std::equal(a.children.rows.begin(), a.children.rows.begin() + static_cast<std::ptrdiff_t>(n),
                   o->children.rows.begin(), [](const ChildCore& x, const ChildCore& y) { return x.birth == y.birth; });
    CHECK_FALSE(same_births);
    CHECK(mismatch(a.families.risk_mask, o->families.risk_mask) != "");
  }
}

TEST_CASE("a population drawn council by council in parallel is the same at 1 and 8 threads",
          "[model][population][determinism][parallel]") {
  // Each LA's families are drawn in a part of their own, in parallel, from a first serial found
  // beforehand, and the parts are joined in LA order: the same families, ids and draws at any
  // thread count, with and without a projection (whose first births are found by bisection).
  for (const char* projection : {"", "projection = '2013-04-01:0.02, 2014-06-01:-0.01'\n"}) {
    const std::string text = std::string("base = 'small.toml'\n[population]\n") + projection +
                             "[[la]]\nname = 'A'\nchildren = 3000\nteams = 1\n"
                             "[[la]]\nname = 'B'\nchildren = 500\nteams = 1\n"
                             "[[la]]\nname = 'C'\nchildren = 6000\nteams = 2\n";
    const Params p = params_from_scenario(sim::Scenario::parse(text, "three.toml", model_schema(), CSC_FIXTURES_DIR));
    const auto drawn = [&p](int threads) {
      tbb::global_control limit(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads));
      return population(p, p.run.seed, 0);
    };
    const Population one = drawn(1), eight = drawn(8);
    CAPTURE(projection);
    require_same_people(one, eight);
    CHECK_SAME(one.families.team, eight.families.team);
    CHECK_SAME(one.families.potential, eight.families.potential);
    CHECK_SAME(one.families.vulnerability, eight.families.vulnerability);
    std::vector<std::array<sim::Day, kParentalFactors>> clocks_one, clocks_eight;
    for (const auto& s : one.families.sev) clocks_one.push_back(s.next_switch);
    for (const auto& s : eight.families.sev) clocks_eight.push_back(s.next_switch);
    CHECK_SAME(clocks_one, clocks_eight);
    REQUIRE(one.la_first_family.size() == 4);
    for (std::size_t l = 0; l < 3; ++l) {  // every LA has families, in its own id range
      CHECK(one.la_first_family[l] < one.la_first_family[l + 1]);
      for (auto f = one.la_first_family[l]; f < one.la_first_family[l + 1]; ++f) REQUIRE(one.families.la[f] == l);
    }
  }
}

TEST_CASE("population layout: LAs in order and children of a family contiguous", "[model][population]") {
  const Params p = fixture("two_las.toml");
  REQUIRE(p.las.size() == 2);
  const auto pop = population(p, p.run.seed, 0);
  const auto& fam = pop.families;
  REQUIRE(pop.la_first_family.size() == 3);
  CHECK(pop.la_first_family.front() == 0);
  CHECK(pop.la_first_family.back() == fam.size());
  REQUIRE(fam.first_child.size() == fam.size() + 1);
  CHECK(fam.first_child.back() == pop.children.size());
  for (std::size_t l = 0; l < 2; ++l) {
    for (auto f = pop.la_first_family[l]; f < pop.la_first_family[l + 1]; ++f) {
      REQUIRE(fam.la[f] == l);
      REQUIRE(fam.team[f] < p.las[l].teams);
      REQUIRE(fam.first_child[f] <= fam.first_child[f + 1]);
      for (auto c = fam.first_child[f]; c < fam.first_child[f + 1]; ++c) {
        REQUIRE(pop.children.rows[c].family == f);
        // Children of a family are born in order, at least the minimum gap apart.
        if (c > fam.first_child[f]) REQUIRE(pop.children.rows[c].birth > pop.children.rows[c - 1].birth);
      }
    }
  }
  // by_birth is a permutation sorted by birth day.
  REQUIRE(pop.by_birth.size() == pop.children.size());
  std::vector<std::uint8_t> seen(pop.children.size(), 0);
  for (std::size_t i = 0; i < pop.by_birth.size(); ++i) {
    REQUIRE(seen[pop.by_birth[i]] == 0);
    seen[pop.by_birth[i]] = 1;
    if (i > 0) REQUIRE(pop.children.rows[pop.by_birth[i - 1]].birth <= pop.children.rows[pop.by_birth[i]].birth);
  }
}

TEST_CASE("children at the start are within a few percent of each LA's child population", "[model][population]") {
  for (const char* file : {"small.toml", "two_las.toml"}) {
    CAPTURE(file);
    const Params p = fixture(file);
    for (std::uint32_t rep = 0; rep < 3; ++rep) {
      const auto pop = population(p, p.run.seed, rep);
      std::int64_t total = 0;
      for (std::size_t l = 0; l < p.las.size(); ++l) {
        const std::int64_t n = alive_in_la(pop, l, 0);
        const auto target = static_cast<double>(p.las[l].children);
        CAPTURE(rep, l, n, target);
        CHECK(std::abs(static_cast<double>(n) - target) < 0.03 * target);
        total += n;
      }
      if (rep == 0) {
        // World reports the same count (the /meta `children` attribute comes from it).
        World world(p, p.run.seed, rep);
        CHECK(world.run([] {}).children_at_start == total);
      }
    }
  }
}

TEST_CASE("workforce settings do not change the population", "[model][population][crn]") {
  // docs/design.md: the same child exists in both scenarios of a comparison.
  const Params base = fixture("small.toml");
  const Params workforce = fixture("small_workforce.toml");
  REQUIRE(workforce.las[0].teams != base.las[0].teams);
  REQUIRE(workforce.las[0].social_workers_per_team != base.las[0].social_workers_per_team);
  REQUIRE(workforce.workforce.max_caseload != base.workforce.max_caseload);
  for (std::uint32_t rep = 0; rep < 2; ++rep) {
    const auto a = population(base, base.run.seed, rep);
    const auto b = population(workforce, workforce.run.seed, rep);
    require_same_people(a, b);
    for (std::size_t f = 0; f < b.families.size(); ++f) {
      REQUIRE(b.families.team[f] < workforce.las[0].teams);
    }
  }
  // Varying one setting at a time through Params as well.
  for (int variant = 0; variant < 3; ++variant) {
    Params q = base;
    if (variant == 0) q.las[0].teams = 11;
    if (variant == 1) q.las[0].social_workers_per_team = 3;
    if (variant == 2) q.workforce.max_caseload = 5;
    CAPTURE(variant);
    require_same_people(population(base, base.run.seed, 0), population(q, q.run.seed, 0));
  }
}

TEST_CASE("risk factor prevalence matches the parameters within sampling error", "[model][population]") {
  // A family has factor r with probability min(0.95, prevalence[r] * deprivation * v), v
  // lognormal with mean 1 and log-sd vulnerability_sd. Its expectation is computed here by
  // quadrature over v; the observed share of families must lie within 4 standard errors.
  const Params p = fixture("two_las.toml");
  const auto pop = population(p, p.run.seed, 0);
  const double sd = p.population.vulnerability_sd;
  auto expected_share = [&](double base) {
    double sum = 0.0, weight = 0.0;
    for (double z = -8.0; z <= 8.0; z += 0.001) {
      const double w = std::exp(-0.5 * z * z);
      const double v = std::exp(sd * z - 0.5 * sd * sd);
      sum += w * std::min(0.95, base * v);
      weight += w;
    }
    return sum / weight;
  };
  for (std::size_t l = 0; l < p.las.size(); ++l) {
    const auto first = pop.la_first_family[l];
    const auto last = pop.la_first_family[l + 1];
    const auto n = static_cast<double>(last - first);
    REQUIRE(n > 1000);
    for (std::size_t r = 0; r < kRiskCount; ++r) {
      double have = 0;
      for (auto f = first; f < last; ++f) {
        const bool bit = (pop.families.risk_mask[f] >> r) & 1u;
        // The mask and the resting severities agree.
        REQUIRE(bit == (pop.families.sev[f].resting[r] > 0.0f));
        have += bit ? 1.0 : 0.0;
      }
      const double expected = expected_share(p.population.prevalence[r] * p.las[l].deprivation);
      const double se = std::sqrt(expected * (1.0 - expected) / n);
      CAPTURE(l, kRiskLabels[r], have / n, expected, se);
      CHECK(std::abs(have / n - expected) < 4.0 * se);
    }
  }
  // Deprivation scales prevalence: the more deprived LA has more families with any factor.
  auto any_share = [&](std::size_t l) {
    double any = 0;
    for (auto f = pop.la_first_family[l]; f < pop.la_first_family[l + 1]; ++f) {
      any += pop.families.risk_mask[f] != 0 ? 1.0 : 0.0;
    }
    return any / (pop.la_first_family[l + 1] - pop.la_first_family[l]);
  };
  REQUIRE(p.las[1].deprivation > p.las[0].deprivation);
  CHECK(any_share(1) > any_share(0));
}

TEST_CASE("max_families bounds the families and children a population has", "[model][population]") {
  Params p = fixture("small.toml");
  p.population.mean_children_per_family = 3.5;  // many large families: the cap of 6 is reached
  const sim::Day first = -p.burn_in_weeks() * sim::kDaysPerWeek;
  const sim::Day last = p.horizon_weeks() * sim::kDaysPerWeek;
  const Population pop = population(p, 7, 0);
  const std::uint64_t bound = max_families(p.las[0], p.population, first, last);
  CHECK(pop.families.size() <= bound);
  // Families whose children all came of age before the run are drawn but get no row, nor do
  // such children: every row has a child aged 0-17 at some time in [first, last).
  CHECK(pop.families.size() > bound / 2);
  for (std::uint32_t f = 0; f < pop.families.size(); ++f) REQUIRE(pop.families.child_count(f) >= 1);
  for (std::uint32_t c = 0; c < pop.children.size(); ++c) {
    REQUIRE(pop.children.rows[c].birth + kDaysPer18Years > first);
    REQUIRE(pop.children.rows[c].birth < last);
  }
  std::uint32_t largest = 0;
  for (std::uint32_t f = 0; f < pop.families.size(); ++f) {
    largest = std::max(largest, pop.families.child_count(f));
  }
  CHECK(largest == kMaxChildrenPerFamily);
  CHECK(pop.children.size() <= bound * kMaxChildrenPerFamily);
}

TEST_CASE("a population that could overflow 32-bit child ids is refused", "[model][population]") {
  std::string text = "base = 'small.toml'\n[run]\nyears = 50\nburn_in_years = 30\n";
  for (int l = 0; l < 45; ++l) {
    text += "[[la]]\nname = 'LA " + std::to_string(l) + "'\nchildren = 5000000\n";
  }
  try {
    (void)params_from_scenario(sim::Scenario::parse(text, "big.toml", model_schema(), CSC_FIXTURES_DIR));
    FAIL("expected an InputError");
  } catch (const sim::InputError& e) {
    REQUIRE(e.messages().size() == 1);
    // la[42] is the first LA that takes the bound (~101.6m ids an LA) past 2^32 - 1.
    CHECK_THAT(e.messages()[0], Catch::Matchers::StartsWith("big.toml:133:1: key 'la[42].children': ") &&
                                    Catch::Matchers::Contains("more than the limit of 4294967295"));
  }
  // England's size at the longest run is far inside the bound.
  const Params england = params_from_scenario(
      sim::Scenario::parse("base = '../../scenarios/england.toml'\n[run]\nyears = 50\nburn_in_years = 30\n",
                           "long.toml", model_schema(), CSC_FIXTURES_DIR));
  CHECK(england.las.size() == 152);
}

TEST_CASE("the child population follows population.projection", "[model][population]") {
  // 2% a year from the start, then 1% from the third year (a projection's rates change
  // slowly; at a sharp turn the births lag by up to the mean delay of a child's birth after its
  // family forms): children alive at each date are the projection's, within 2%.
  const std::string text =
      "base = 'small.toml'\n[run]\nyears = 6\n[population]\n"
      "projection = '2013-04-01:0.02, 2016-04-01:0.01'\n";
  const Params p = params_from_scenario(sim::Scenario::parse(text, "grow.toml", model_schema(), CSC_FIXTURES_DIR));
  REQUIRE(p.run.start_date == sim::Date{2013, 4, 1});
  REQUIRE(p.population.growth.size() == 2);
  CHECK(p.population.growth[1].from == 1096);  // 2016-04-01 is day 1096
  const auto pop = population(p, p.run.seed, 0);
  const auto target = static_cast<double>(p.las[0].children);
  for (const int year : {0, 1, 3, 6}) {
    const auto day = static_cast<sim::Day>(year * 365.25);
    const double expected = target * std::exp(0.02 * std::min(year, 3) + 0.01 * std::max(year - 3, 0));
    const auto n = static_cast<double>(alive_in_la(pop, 0, day));
    CAPTURE(year, n, expected);
    CHECK(std::abs(n - expected) < 0.02 * expected);
  }
}

TEST_CASE("a malformed population.projection is refused naming the key", "[model][population][bad_input]") {
  for (const char* bad :
       {"2013-04-01", "2013-04-01:fast", "2013-04-01:0.5", "2014-04-01:0.01, 2013-04-01:0.01", "01/04/2013:0.01"}) {
    const std::string text = std::string("base = 'small.toml'\n[population]\nprojection = '") + bad + "'\n";
    CAPTURE(bad);
    try {
      (void)params_from_scenario(sim::Scenario::parse(text, "bad.toml", model_schema(), CSC_FIXTURES_DIR));
      FAIL("expected an InputError");
    } catch (const sim::InputError& e) {
      CHECK_THAT(e.messages()[0], Catch::Matchers::StartsWith("bad.toml:3:1: key 'population.projection': "));
    }
  }
}
