#include "models/network/kin_network.hpp"

#include <algorithm>
#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/filtered_graph.hpp>
#include <boost/graph/properties.hpp>
#include <cmath>
#include <stdexcept>
#include <string>

#include "models/core/streams.hpp"
#include "models/network/kin_graph.hpp"

namespace csc::models {
namespace {

using Vertex = KinNetwork::Vertex;
using Edge = std::pair<Vertex, Vertex>;

// Hard cap on one family's degree: far beyond any plausible tail (the table keeps
// mean_helpers within 0-50), and a bound on the loop below whatever the parameters.
constexpr std::uint32_t kMaxDegree = 1000;

/// Negative binomial (mean m, shape k) by inversion of one uniform: p_0 = (k/(k+m))^k,
/// p_{j+1} = p_j (j+k)/(j+1) m/(k+m). One uniform per family whatever the outcome, so the
/// draws that follow (per link) stay aligned.
std::uint32_t draw_degree(double u, double mean, double k) {
  if (mean <= 0.0) return 0;
  const double q = mean / (k + mean);
  double pj = std::exp(-k * std::log1p(mean / k));
  double cdf = pj;
  std::uint32_t j = 0;
  while (u > cdf && j < kMaxDegree) {
    pj *= (j + k) / (j + 1.0) * q;
    ++j;
    cdf += pj;
    // The sum of the p_j can fall short of 1 by rounding; stop once the tail is exhausted.
    if (j > mean && pj < 1e-18) break;
  }
  return j;
}

/// Scratch for the bounded breadth-first search, reused across queries on a thread so that a
/// query allocates nothing once warm. `color` is sized to the largest network queried on this
/// thread and is all white between queries: a query whitens only the vertices it discovered.
struct BfsScratch {
  std::vector<boost::default_color_type> color;
  std::vector<Vertex> discovered;    // also the BFS queue (discovery order = FIFO order)
  std::vector<std::uint32_t> depth;  // depth of discovered[i]
};
thread_local BfsScratch t_scratch;

/// FIFO buffer for boost::breadth_first_visit over the scratch vector: push appends, pop
/// advances a head index, so after the search the vector lists every discovered vertex.
class DiscoveredQueue {
 public:
  explicit DiscoveredQueue(std::vector<Vertex>& v) : v_(v) {}
  void push(Vertex x) { v_.push_back(x); }
  [[nodiscard]] Vertex top() const { return v_[head_]; }
  void pop() { ++head_; }
  [[nodiscard]] bool empty() const { return head_ == v_.size(); }

 private:
  std::vector<Vertex>& v_;
  std::size_t head_ = 0;
};

/// Depth gate shared by the visitor and the edge filter.
struct DepthState {
  std::vector<std::uint32_t>* depth = nullptr;
  std::size_t examined = 0;   // vertices examined so far (index into depth)
  std::uint32_t current = 0;  // depth of the vertex being examined
  std::uint32_t limit = 0;    // steps
  bool expand = false;        // current < limit: follow its edges
};

/// Edge predicate for boost::filtered_graph: BFS follows the out-edges of the vertex being
/// examined only while that vertex is closer than `steps`, which bounds the search by depth.
/// breadth_first_visit calls examine_vertex(u) before it iterates out_edges(u), so the gate is
/// set for u when its edges are filtered.
struct ExpandGate {
  const DepthState* state = nullptr;
  template <class E>
  bool operator()(const E&) const {
    return state->expand;
  }
};

template <class Count>
class BoundedVisitor : public boost::default_bfs_visitor {
 public:
  BoundedVisitor(DepthState* state, Count count, std::uint32_t* found) : state_(state), count_(count), found_(found) {}

  template <class G>
  void discover_vertex(Vertex v, const G&) {
    if (state_->depth->empty()) {  // the source
      state_->depth->push_back(0);
      return;
    }
    state_->depth->push_back(state_->current + 1);
    if (count_(v)) ++*found_;
  }

  template <class G>
  void examine_vertex(Vertex, const G&) {
    state_->current = (*state_->depth)[state_->examined++];
    state_->expand = state_->current < state_->limit;
  }

 private:
  DepthState* state_;
  Count count_;
  std::uint32_t* found_;
};

/// One link end ("stub") of a family, in (family, link) order.
struct Stub {
  std::uint32_t family;    // local vertex of the family
  std::uint8_t to_family;  // 1: link to another family; 0: to a helper-only household
  std::uint8_t willing;    // the helper-only household would care for a child
};
/// A stub that links to another family, with its random key for pairing.
struct FamilyStub {
  double order;        // random sort key for pairing
  std::uint32_t stub;  // index into the stubs (tie-break: deterministic)
};
struct Stubs {
  std::vector<Stub> all;
  std::vector<FamilyStub> to_families;
};
/// Two families linked (a < b), with the stubs that made the link.
struct FamilyPair {
  Vertex a, b;
  std::uint32_t stub_a, stub_b;
};

/// Each family's links: a negative binomial degree, and for each link whether it joins
/// another family and whether a helper-only household would care for a child.
Stubs draw_stubs(const KinNetworkParams& p, const sim::RunKey& key, std::uint32_t first_family, std::uint32_t n) {
  Stubs stubs;
  stubs.all.reserve(static_cast<std::size_t>(n * (p.mean_helpers + 1.0)));
  stubs.to_families.reserve(static_cast<std::size_t>(n * p.mean_helpers * p.share_between_families * 1.2) + 16);
  const auto stream = stream_id(Stream::kin_network);
  for (std::uint32_t i = 0; i < n; ++i) {
    sim::Draws d(key, first_family + i, 0, stream);
    const std::uint32_t degree = draw_degree(d.uniform(), p.mean_helpers, p.degree_dispersion);
    for (std::uint32_t j = 0; j < degree; ++j) {
      // Three uniforms per link whatever the outcome, so changing one share does not shift
      // the draws of the other decisions (common random numbers across parameter values).
      const bool to_family = d.uniform() < p.share_between_families;
      const bool willing = d.uniform() < p.willing_share;
      const double order = d.uniform();
      const auto s = static_cast<std::uint32_t>(stubs.all.size());
      stubs.all.push_back({i, static_cast<std::uint8_t>(to_family), static_cast<std::uint8_t>(willing)});
      if (to_family) stubs.to_families.push_back({order, s});
    }
  }
  return stubs;
}

/// Pairs the family-to-family stubs at random (configuration model): sort by the random key,
/// pair neighbours. A stub that cannot make a simple edge (a loop, a parallel edge, the odd
/// one out) goes to a helper-only household, which keeps every family's degree equal to its
/// draw. Returns the links, sorted, without parallels.
std::vector<FamilyPair> pair_family_stubs(Stubs& stubs) {
  auto& family_stubs = stubs.to_families;
  std::sort(family_stubs.begin(), family_stubs.end(), [](const FamilyStub& a, const FamilyStub& b) {
    return a.order < b.order || (a.order == b.order && a.stub < b.stub);
  });
  std::vector<FamilyPair> pairs;
  pairs.reserve(family_stubs.size() / 2);
  std::size_t t = 0;
  for (; t + 1 < family_stubs.size(); t += 2) {
    const std::uint32_t sa = family_stubs[t].stub;
    const std::uint32_t sb = family_stubs[t + 1].stub;
    const Vertex fa = stubs.all[sa].family;
    const Vertex fb = stubs.all[sb].family;
    if (fa == fb) {
      stubs.all[sa].to_family = stubs.all[sb].to_family = 0;
    } else {
      pairs.push_back({std::min(fa, fb), std::max(fa, fb), sa, sb});
    }
  }
  if (t < family_stubs.size()) stubs.all[family_stubs[t].stub].to_family = 0;  // odd one out
  std::sort(pairs.begin(), pairs.end(), [](const FamilyPair& x, const FamilyPair& y) {
    if (x.a != y.a) return x.a < y.a;
    if (x.b != y.b) return x.b < y.b;
    return std::min(x.stub_a, x.stub_b) < std::min(y.stub_a, y.stub_b);
  });
  std::size_t kept = 0;
  for (std::size_t i = 0; i < pairs.size(); ++i) {
    if (kept > 0 && pairs[kept - 1].a == pairs[i].a && pairs[kept - 1].b == pairs[i].b) {
      stubs.all[pairs[i].stub_a].to_family = stubs.all[pairs[i].stub_b].to_family = 0;  // parallel edge
    } else {
      pairs[kept++] = pairs[i];
    }
  }
  pairs.resize(kept);
  return pairs;
}

}  // namespace

KinNetwork::KinNetwork() : graph_(std::make_shared<const KinGraph>()) {}

KinNetwork::KinNetwork(std::uint32_t first_family, std::uint32_t n_families,
                       std::vector<std::pair<Vertex, Vertex>> directed_edges, std::vector<std::uint8_t> willing)
    : first_family_(first_family),
      n_families_(n_families),
      // Counting sort by source inside BGL: O(V + E), no comparison sort.
      graph_(std::make_shared<const KinGraph>(KinGraph{{boost::edges_are_unsorted_multi_pass, directed_edges.begin(),
                                                        directed_edges.end(), static_cast<Vertex>(willing.size())}})),
      willing_(std::move(willing)) {}

std::size_t KinNetwork::edges() const { return num_edges(graph_->csr) / 2; }

std::size_t KinNetwork::bytes() const {
  return (vertices() + 1 + num_edges(graph_->csr)) * sizeof(Vertex) + willing_.size();
}

KinNetwork KinNetwork::build(const KinNetworkParams& p, const sim::RunKey& key, std::uint32_t first_family,
                             std::uint32_t last_family) {
  if (last_family < first_family) throw std::invalid_argument("KinNetwork: last < first family");
  const std::uint32_t n = last_family - first_family;
  Stubs stubs = draw_stubs(p, key, first_family, n);
  const std::vector<FamilyPair> pairs = pair_family_stubs(stubs);
  // Helper-only households take vertex ids after the families, in (family, link) order.
  std::size_t n_helpers = 0;
  for (const Stub& s : stubs.all) n_helpers += s.to_family == 0;
  const std::size_t n_vertices = n + n_helpers;
  if (n_vertices > 0xFFFFFFF0u) throw std::length_error("KinNetwork: too many vertices");
  std::vector<std::uint8_t> willing(n_vertices, 0);
  std::vector<Edge> directed;
  directed.reserve(2 * (n_helpers + pairs.size()));
  Vertex next = n;
  for (const Stub& s : stubs.all) {
    if (s.to_family) continue;
    willing[next] = s.willing;
    directed.emplace_back(s.family, next);
    directed.emplace_back(next, s.family);
    ++next;
  }
  for (const FamilyPair& fp : pairs) {
    directed.emplace_back(fp.a, fp.b);
    directed.emplace_back(fp.b, fp.a);
  }
  return KinNetwork(first_family, n, std::move(directed), std::move(willing));
}

KinNetwork KinNetwork::from_edges(std::uint32_t first_family, std::uint32_t n_families, std::uint32_t n_vertices,
                                  const std::vector<Edge>& edges, const std::vector<std::uint8_t>& willing_helpers) {
  if (n_families > n_vertices || willing_helpers.size() != n_vertices - n_families)
    throw std::invalid_argument("KinNetwork::from_edges: inconsistent vertex counts");
  std::vector<Edge> normalised;
  normalised.reserve(edges.size());
  for (const auto& [u, v] : edges) {
    if (u >= n_vertices || v >= n_vertices) throw std::invalid_argument("KinNetwork::from_edges: vertex out of range");
    if (u == v) throw std::invalid_argument("KinNetwork::from_edges: self-loop");
    normalised.emplace_back(std::min(u, v), std::max(u, v));
  }
  std::sort(normalised.begin(), normalised.end());
  if (std::adjacent_find(normalised.begin(), normalised.end()) != normalised.end())
    throw std::invalid_argument("KinNetwork::from_edges: parallel edge");
  std::vector<Edge> directed;
  directed.reserve(2 * normalised.size());
  for (const auto& [u, v] : normalised) {
    directed.emplace_back(u, v);
    directed.emplace_back(v, u);
  }
  std::vector<std::uint8_t> willing(n_vertices, 0);
  for (std::size_t i = 0; i < willing_helpers.size(); ++i) willing[n_families + i] = willing_helpers[i] != 0;
  return KinNetwork(first_family, n_families, std::move(directed), std::move(willing));
}

KinNetwork::Vertex KinNetwork::vertex_of(std::uint32_t family) const {
  if (family < first_family_ || family - first_family_ >= n_families_)
    throw std::out_of_range("KinNetwork: family " + std::to_string(family) + " is not in this LA");
  return family - first_family_;
}

std::uint32_t KinNetwork::helpers(std::uint32_t family) const {
  return static_cast<std::uint32_t>(boost::out_degree(vertex_of(family), graph_->csr));
}

// Bounded query. boost::breadth_first_visit needs a colour map over all vertices; allocating
// and whitening one per query would cost O(V) (~300k vertices in a large LA). Instead the
// colour map is a per-thread array kept all white between queries: the search whitens again
// exactly the vertices it discovered, which it lists anyway in its queue. The depth bound is a
// boost::filtered_graph whose edge filter lets the search leave a vertex only while its depth
// is below `steps`, so vertices beyond the bound are never discovered.
template <class Count>
std::uint32_t KinNetwork::count_within(std::uint32_t family, int steps, Count count) const {
  const Vertex source = vertex_of(family);
  if (steps <= 0) return 0;
  BfsScratch& s = t_scratch;
  if (s.color.size() < willing_.size()) s.color.resize(willing_.size(), boost::white_color);
  s.discovered.clear();
  s.depth.clear();

  DepthState state;
  state.depth = &s.depth;
  state.limit = static_cast<std::uint32_t>(steps);
  const boost::filtered_graph<KinGraph::Csr, ExpandGate> bounded(graph_->csr, ExpandGate{&state});
  std::uint32_t found = 0;
  DiscoveredQueue queue(s.discovered);
  boost::breadth_first_visit(bounded, source, queue, BoundedVisitor<Count>(&state, count, &found), s.color.data());
  for (const Vertex v : s.discovered) s.color[v] = boost::white_color;
  return found;
}

std::uint32_t KinNetwork::willing_carers_within(std::uint32_t family, int steps) const {
  const std::uint8_t* w = willing_.data();
  return count_within(family, steps, [w](Vertex v) { return w[v] != 0; });
}

std::uint32_t KinNetwork::households_within(std::uint32_t family, int steps) const {
  return count_within(family, steps, [](Vertex) { return true; });
}

}  // namespace csc::models
