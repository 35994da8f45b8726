#pragma once
// How the kin network acts in the model (the graph's own parameters are KinNetworkParams).
// Values: the binding table (models/scenario/), which holds the only defaults and ranges.
#include "models/network/kin_network.hpp"

namespace csc::models {

struct KinParams {
  // Values: the binding table, models/scenario/model_bindings.cpp (no defaults here).
  KinNetworkParams graph;
  double support_per_helper{};  // log fall of the crisis rate per helper household
  int carer_steps{};            // how far placement and FGC look for a willing carer
  bool operator==(const KinParams&) const = default;
};

}  // namespace csc::models
