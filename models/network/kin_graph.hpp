#pragma once
// The graph a kin network is stored in (models/network/kin_network.hpp): for the network's own
// code and its tests, which query it with BGL algorithms.
#include <boost/graph/compressed_sparse_row_graph.hpp>
#include <cstdint>

#include "models/network/kin_network.hpp"

namespace csc::models {

struct KinGraph {
  /// Undirected graph stored as a directed CSR graph holding both directions of every edge.
  using Csr = boost::compressed_sparse_row_graph<boost::directedS, boost::no_property, boost::no_property,
                                                 boost::no_property, KinNetwork::Vertex, std::uint32_t>;
  Csr csr;
};

}  // namespace csc::models
