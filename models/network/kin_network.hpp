#pragma once
// The kin network of one LA (docs/design.md, The model, "Kin network"; issue 3): families linked to
// the households of relatives and friends who can help them. It decides who can attend a family
// group conference, who could offer kinship care or special guardianship (evidence.md, "How FGC
// works": kin are the usual route out of care) and how much informal support a family has.
//
// Like the population, the network depends only on the seed, the replicate, the family ids and
// these parameters (never on workforce or interventions), so the same network exists in every
// scenario of a comparison. It is stored in a Boost.Graph compressed sparse row graph and
// queried with BGL algorithms (boost::breadth_first_visit), not hand-written traversal.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

#include "sim/rng/random.hpp"

namespace csc::models {

/// Parameters of the kin network, the [kin_network] keys of the scenario (KinParams::graph).
/// Values, ranges, units and sources: the binding table (models/scenario/model_bindings.cpp); the fields hold
/// no defaults of their own (take them from default_params().kin.graph).
struct KinNetworkParams {
  double mean_helpers{};            // mean households linked to a family (its degree)
  double degree_dispersion{};       // shape k of the negative binomial degree distribution
  double willing_share{};           // chance a helper-only household would care for a child
  double share_between_families{};  // chance a link joins two families of the LA
  bool operator==(const KinNetworkParams&) const = default;
};

/// The Boost.Graph graph a network is stored in (models/network/kin_graph.hpp). It stays out
/// of this header, which every file that sees the parameters includes: Boost.Graph's headers
/// cost each such file about 1.8 s of compile time.
struct KinGraph;

class KinNetwork {
 public:
  using Vertex = std::uint32_t;

  /// An empty network (no families).
  KinNetwork();

  /// Builds the network of the LA whose families are ids [first_family, last_family) of the
  /// replicate's population. Vertices 0..n-1 are those families (vertex = family id -
  /// first_family); further vertices are helper-only households. Each family f draws its
  /// degree D_f ~ NegBin(mean_helpers, degree_dispersion) and, per link, whether it goes to
  /// another family (paired at random among all such links of the LA) or to a new helper-only
  /// household, and whether that household is willing. All draws come from
  /// sim::Draws(key, f, 0, Stream::kin_network), so helpers(f) == D_f depends on nothing but
  /// (key, f, params). Links that cannot be paired (odd one out, a family paired with itself
  /// or twice with the same family) go to helper-only households instead, so the graph has
  /// no self-loops or parallel edges. `p` is taken as resolved through the scenario schema,
  /// whose ranges it does not check again (a degree stays below 1000 whatever `p` is).
  static KinNetwork build(const KinNetworkParams& p, const sim::RunKey& key, std::uint32_t first_family,
                          std::uint32_t last_family);

  /// A network from an explicit undirected edge list (for tests and hand-built cases).
  /// Vertices [0, n_families) are families first_family..; [n_families, n_vertices) are
  /// helper-only households whose willing flags are `willing_helpers` (size n_vertices -
  /// n_families). Throws std::invalid_argument on self-loops, parallel edges or bad ids.
  static KinNetwork from_edges(std::uint32_t first_family, std::uint32_t n_families, std::uint32_t n_vertices,
                               const std::vector<std::pair<Vertex, Vertex>>& edges,
                               const std::vector<std::uint8_t>& willing_helpers);

  /// Households linked directly to the family (its degree); `family` is a population family id.
  [[nodiscard]] std::uint32_t helpers(std::uint32_t family) const;
  /// Willing carers (helper-only households with willing = true) within `steps` links of the
  /// family, the family itself excluded. 0 when steps <= 0.
  [[nodiscard]] std::uint32_t willing_carers_within(std::uint32_t family, int steps) const;
  /// All households (families and helper-only) within `steps` links, the family excluded:
  /// the network an FGC coordinator can draw on.
  [[nodiscard]] std::uint32_t households_within(std::uint32_t family, int steps) const;

  [[nodiscard]] std::size_t vertices() const { return willing_.size(); }
  /// Undirected edges (the CSR graph stores twice as many directed ones).
  [[nodiscard]] std::size_t edges() const;
  /// Bytes held: the CSR rows and columns (both directions of each edge) and the willing flags.
  [[nodiscard]] std::size_t bytes() const;
  [[nodiscard]] std::uint32_t families() const { return n_families_; }
  [[nodiscard]] std::uint32_t first_family() const { return first_family_; }
  /// Vertex of a population family id.
  [[nodiscard]] Vertex vertex_of(std::uint32_t family) const;
  [[nodiscard]] bool is_family(Vertex v) const { return v < n_families_; }
  [[nodiscard]] bool willing(Vertex v) const { return willing_[v] != 0; }
  [[nodiscard]] const KinGraph& graph() const { return *graph_; }

 private:
  KinNetwork(std::uint32_t first_family, std::uint32_t n_families,
             std::vector<std::pair<Vertex, Vertex>> directed_edges, std::vector<std::uint8_t> willing);

  template <class Count>
  std::uint32_t count_within(std::uint32_t family, int steps, Count count) const;

  std::uint32_t first_family_ = 0;
  std::uint32_t n_families_ = 0;
  std::shared_ptr<const KinGraph> graph_;  // never null; built once, so copies share it
  std::vector<std::uint8_t> willing_;      // per vertex; always 0 for family vertices
};

}  // namespace csc::models
