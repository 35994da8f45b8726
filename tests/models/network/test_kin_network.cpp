// The kin network (docs/design.md, The model, "Kin network"; issue 3): deterministic per (seed,
// replicate, family ids, parameters), degree distribution and willing share at their
// parameters, bounded queries agree with a full BGL breadth-first search.
#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/visitors.hpp>
#include <catch2/catch.hpp>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <iostream>
#include <limits>
#include <stdexcept>
#include <vector>

#include "models/network/kin_graph.hpp"
#include "models/network/kin_network.hpp"
#include "models/scenario/parameters.hpp"
#include "sim/core/errors.hpp"
#include "sim/io/scenario.hpp"

using namespace csc::models;
namespace sim = csc::sim;

namespace {

constexpr std::uint32_t kLargeLa = 85000;  // families of an LA of ~80,000 children

/// The [kin_network] defaults of the binding table (the struct holds none).
KinNetworkParams table_defaults() { return default_params().kin.graph; }

/// Distances from the family's vertex over the whole graph (unbounded BGL BFS): the reference
/// for the bounded queries.
std::vector<std::uint32_t> distances(const KinNetwork& net, std::uint32_t family) {
  const auto& g = net.graph().csr;
  std::vector<std::uint32_t> dist(net.vertices(), std::numeric_limits<std::uint32_t>::max());
  const KinNetwork::Vertex s = net.vertex_of(family);
  dist[s] = 0;
  boost::breadth_first_search(
      g, s, boost::visitor(boost::make_bfs_visitor(boost::record_distances(dist.data(), boost::on_tree_edge()))));
  return dist;
}

/// Helper-only households (all, or only willing ones) within `steps` by the reference BFS.
std::uint32_t reference_count(const KinNetwork& net, std::uint32_t family, std::uint32_t steps, bool willing_only) {
  const auto dist = distances(net, family);
  std::uint32_t n = 0;
  for (KinNetwork::Vertex v = 0; v < net.vertices(); ++v) {
    if (net.is_family(v) || dist[v] == 0 || dist[v] > steps) continue;
    if (!willing_only || net.willing(v)) ++n;
  }
  return n;
}

bool same_graph(const KinNetwork& a, const KinNetwork& b) {
  if (a.vertices() != b.vertices() || a.edges() != b.edges()) return false;
  for (KinNetwork::Vertex v = 0; v < a.vertices(); ++v) {
    if (a.willing(v) != b.willing(v)) return false;
    auto [ai, ae] = boost::adjacent_vertices(v, a.graph().csr);
    auto [bi, be] = boost::adjacent_vertices(v, b.graph().csr);
    std::vector<KinNetwork::Vertex> na(ai, ae), nb(bi, be);
    if (na != nb) return false;
  }
  return true;
}

}  // namespace

TEST_CASE("kin network: same key gives the same graph and another replicate another", "[unit][kin]") {
  const KinNetworkParams p = table_defaults();
  const auto a = KinNetwork::build(p, sim::RunKey{7, 0}, 1000, 6000);
  const auto b = KinNetwork::build(p, sim::RunKey{7, 0}, 1000, 6000);
  CHECK(a.families() == 5000);
  CHECK(a.vertices() > a.families());
  CHECK(same_graph(a, b));

  const auto c = KinNetwork::build(p, sim::RunKey{7, 1}, 1000, 6000);
  const auto d = KinNetwork::build(p, sim::RunKey{8, 0}, 1000, 6000);
  CHECK_FALSE(same_graph(a, c));
  CHECK_FALSE(same_graph(a, d));
  int differing = 0;
  for (std::uint32_t f = 1000; f < 6000; ++f) differing += a.helpers(f) != c.helpers(f);
  CHECK(differing > 2500);  // independent degrees differ for most families
}

TEST_CASE("kin network: a family's degree depends only on its own id (common random numbers)", "[unit][kin]") {
  const KinNetworkParams p = table_defaults();
  const sim::RunKey key{3, 2};
  const auto whole = KinNetwork::build(p, key, 0, 4000);
  const auto part = KinNetwork::build(p, key, 2000, 6000);
  for (std::uint32_t f = 2000; f < 4000; ++f) REQUIRE(whole.helpers(f) == part.helpers(f));
  // Changing the willing share does not change who is linked to whom.
  KinNetworkParams q = p;
  q.willing_share = 0.8;
  const auto other = KinNetwork::build(q, key, 0, 4000);
  CHECK(other.vertices() == whole.vertices());
  CHECK(other.edges() == whole.edges());
  for (std::uint32_t f = 0; f < 4000; ++f) REQUIRE(whole.helpers(f) == other.helpers(f));
}

TEST_CASE("kin network: degree and zero-helper share and willing and between-family shares", "[unit][kin]") {
  struct Case {
    double mean, k, willing, between;
  };
  for (const Case cs : {Case{2.5, 1.5, 0.3, 0.1}, Case{1.0, 0.5, 0.6, 0.3}, Case{4.0, 50.0, 0.1, 0.0}}) {
    CAPTURE(cs.mean, cs.k, cs.willing, cs.between);
    KinNetworkParams p = table_defaults();
    p.mean_helpers = cs.mean;
    p.degree_dispersion = cs.k;
    p.willing_share = cs.willing;
    p.share_between_families = cs.between;
    const auto net = KinNetwork::build(p, sim::RunKey{11, 4}, 500, 500 + kLargeLa);
    const double n = kLargeLa;

    double sum = 0.0;
    double zero = 0.0;
    std::uint64_t family_links = 0;
    for (std::uint32_t f = 500; f < 500 + kLargeLa; ++f) {
      const std::uint32_t h = net.helpers(f);
      sum += h;
      zero += h == 0;
      auto [i, e] = boost::adjacent_vertices(net.vertex_of(f), net.graph().csr);
      for (; i != e; ++i) family_links += net.is_family(*i);
    }
    // Mean degree: NB variance m + m^2 / k.
    const double se_mean = std::sqrt((cs.mean + cs.mean * cs.mean / cs.k) / n);
    CHECK(std::abs(sum / n - cs.mean) < 4.0 * se_mean);
    // Share with nobody: P(0) = (k / (k + m))^k.
    const double p0 = std::pow(cs.k / (cs.k + cs.mean), cs.k);
    CHECK(std::abs(zero / n - p0) < 4.0 * std::sqrt(p0 * (1.0 - p0) / n) + 1e-9);
    // Every edge has a family end: edges = (sum of family degrees + family-family links) / 2.
    CHECK(2 * net.edges() == static_cast<std::size_t>(sum) + net.vertices() - net.families());
    // Willing share among helper-only households.
    double helpers = 0.0;
    double willing = 0.0;
    for (KinNetwork::Vertex v = net.families(); v < net.vertices(); ++v) {
      helpers += 1.0;
      willing += net.willing(v);
      REQUIRE(boost::out_degree(v, net.graph().csr) == 1);  // a helper-only household is a leaf
    }
    for (KinNetwork::Vertex v = 0; v < net.families(); ++v) REQUIRE_FALSE(net.willing(v));
    CHECK(std::abs(willing / helpers - cs.willing) < 4.0 * std::sqrt(cs.willing * (1.0 - cs.willing) / helpers) + 1e-9);
    // Share of link ends that go to another family (a little below the parameter: the odd one
    // out and the rare self or repeat pairings go to helper-only households).
    const double between = static_cast<double>(family_links) / sum;
    const double se_between = std::sqrt(cs.between * (1.0 - cs.between) / sum);
    CHECK(between <= cs.between + 4.0 * se_between + 1e-9);
    CHECK(between >= cs.between - 4.0 * se_between - 0.002);
  }
}

TEST_CASE("kin network: bounded queries agree with a full breadth-first search", "[unit][kin]") {
  KinNetworkParams p = table_defaults();
  p.share_between_families = 0.4;  // many family-family links, so two steps reach further
  const auto net = KinNetwork::build(p, sim::RunKey{5, 1}, 0, 3000);
  KinNetworkParams none = p;
  none.willing_share = 0.0;
  KinNetworkParams all = p;
  all.willing_share = 1.0;
  const auto net_none = KinNetwork::build(none, sim::RunKey{5, 1}, 0, 3000);
  const auto net_all = KinNetwork::build(all, sim::RunKey{5, 1}, 0, 3000);

  std::uint32_t grew = 0;
  for (std::uint32_t f = 0; f < 3000; f += 7) {
    const std::uint32_t w1 = net.willing_carers_within(f, 1);
    const std::uint32_t w2 = net.willing_carers_within(f, 2);
    const std::uint32_t w3 = net.willing_carers_within(f, 3);
    REQUIRE(w1 <= w2);
    REQUIRE(w2 <= w3);
    grew += w2 > w1;
    REQUIRE(w1 == reference_count(net, f, 1, true));
    REQUIRE(w2 == reference_count(net, f, 2, true));
    REQUIRE(w3 == reference_count(net, f, 3, true));
    REQUIRE(net.willing_carers_within(f, 0) == 0);
    REQUIRE(net.households_within(f, 1) == net.helpers(f));
    const auto dist = distances(net, f);
    std::uint32_t within2 = 0;
    for (const auto dv : dist) within2 += dv >= 1 && dv <= 2;
    REQUIRE(net.households_within(f, 2) == within2);

    REQUIRE(net_none.willing_carers_within(f, 2) == 0);
    REQUIRE(net_all.willing_carers_within(f, 1) == reference_count(net_all, f, 1, false));
    REQUIRE(net_all.willing_carers_within(f, 2) == reference_count(net_all, f, 2, false));
  }
  CHECK(grew > 20);  // the second step does add carers for some families
}

TEST_CASE("kin network: a hand-built network", "[unit][kin]") {
  // Families 100..103 are vertices 0..3; helper-only households are vertices 4..8.
  //
  //   h4(w) - F0 - F1 - h6(w)      F2 - h8(w)      F3 (nobody)
  //           |    |
  //         h5(-)  h7(-)
  const std::vector<std::pair<KinNetwork::Vertex, KinNetwork::Vertex>> edges{{0, 4}, {0, 5}, {1, 0},
                                                                             {1, 6}, {7, 1}, {2, 8}};
  const auto net = KinNetwork::from_edges(100, 4, 9, edges, {1, 0, 1, 0, 1});
  CHECK(net.vertices() == 9);
  CHECK(net.edges() == 6);
  CHECK(net.helpers(100) == 3);
  CHECK(net.helpers(101) == 3);
  CHECK(net.helpers(102) == 1);
  CHECK(net.helpers(103) == 0);
  CHECK(net.willing_carers_within(100, 1) == 1);  // h4
  CHECK(net.willing_carers_within(100, 2) == 2);  // h4, h6 through F1
  CHECK(net.willing_carers_within(100, 5) == 2);
  CHECK(net.willing_carers_within(101, 1) == 1);  // h6
  CHECK(net.willing_carers_within(101, 2) == 2);
  CHECK(net.willing_carers_within(102, 1) == 1);
  CHECK(net.willing_carers_within(102, 2) == 1);
  CHECK(net.willing_carers_within(103, 2) == 0);
  CHECK(net.households_within(100, 1) == 3);
  CHECK(net.households_within(100, 2) == 5);
  CHECK(net.households_within(102, 3) == 1);
  CHECK(net.willing_carers_within(100, -1) == 0);
  CHECK_THROWS_AS(net.helpers(99), std::out_of_range);
  CHECK_THROWS_AS(net.helpers(104), std::out_of_range);
  CHECK_THROWS_AS(KinNetwork::from_edges(0, 1, 2, {{0, 1}, {1, 0}}, {1}), std::invalid_argument);
  CHECK_THROWS_AS(KinNetwork::from_edges(0, 1, 2, {{1, 1}}, {1}), std::invalid_argument);
  CHECK_THROWS_AS(KinNetwork::from_edges(0, 1, 2, {{0, 2}}, {1}), std::invalid_argument);

  const KinNetwork empty;
  CHECK(empty.vertices() == 0);
  CHECK(empty.edges() == 0);
  const auto none = KinNetwork::build(table_defaults(), sim::RunKey{1, 0}, 10, 10);
  CHECK(none.vertices() == 0);
}

TEST_CASE("kin network: parameters out of range are refused by the scenario schema", "[unit][kin]") {
  // The table holds the only ranges (KinNetwork::build does not check them again): a value
  // outside one is refused when the scenario loads, naming the file, line and key.
  const std::string head = std::string(kDefaultsScenario) + "[kin_network]\n";
  for (const char* line : {"degree_dispersion = 0.0", "mean_helpers = -1.0", "willing_share = 1.5",
                           "share_between_families = nan", "degree_dispersion = 1000.0"}) {
    CAPTURE(line);
    try {
      (void)sim::Scenario::parse(head + line + "\n", "kin.toml", model_schema());
      FAIL("accepted");
    } catch (const sim::InputError& e) {
      const std::string key = std::string(line).substr(0, std::string(line).find(' '));
      CHECK_THAT(e.what(), Catch::Matchers::Contains("kin.toml:5:") && Catch::Matchers::Contains("kin_network." + key));
    }
  }
  KinNetworkParams p = table_defaults();
  p.mean_helpers = 0.0;
  const auto net = KinNetwork::build(p, sim::RunKey{1, 0}, 0, 100);
  CHECK(net.edges() == 0);
  CHECK(net.vertices() == 100);
}

TEST_CASE("kin network: build and query time for a large LA (printout only)", "[unit][kin]") {
  using Clock = std::chrono::steady_clock;
  const KinNetworkParams p = table_defaults();
  const int builds = 5;
  double build_ms = std::numeric_limits<double>::max();
  std::size_t vertices = 0;
  std::size_t edge_count = 0;
  KinNetwork net;
  for (int i = 0; i < builds; ++i) {
    const auto t0 = Clock::now();
    net = KinNetwork::build(p, sim::RunKey{42, static_cast<std::uint64_t>(i)}, 0, kLargeLa);
    const auto t1 = Clock::now();
    build_ms = std::min(build_ms, std::chrono::duration<double, std::milli>(t1 - t0).count());
    vertices = net.vertices();
    edge_count = net.edges();
  }
  const std::uint32_t queries = 400000;
  std::uint64_t total = 0;
  const auto t0 = Clock::now();
  for (std::uint32_t q = 0; q < queries; ++q) {
    total += net.willing_carers_within((q * 2654435761u) % kLargeLa, 2);
  }
  const auto t1 = Clock::now();
  const double query_us = std::chrono::duration<double, std::micro>(t1 - t0).count() / queries;
  std::cout << "kin network, " << kLargeLa << " families: " << vertices << " vertices, " << edge_count
            << " edges; build " << build_ms << " ms (best of " << builds << "); willing_carers_within(f, 2) "
            << query_us * 1000.0 << " ns per query (mean " << static_cast<double>(total) / queries << " carers)\n";
  CHECK(total > 0);
}
