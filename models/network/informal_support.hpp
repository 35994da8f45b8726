#pragma once
// Informal support from the kin network (docs/design.md, The model, "Kin network"): a family
// with more helper households than the mean has fewer crises, one with fewer has more, so the
// network acts on need, not on outcomes.
#include <vector>

#include "models/network/kin_network.hpp"
#include "models/network/kin_params.hpp"
#include "models/population/population.hpp"
#include "sim/rng/random.hpp"

namespace csc::models {

/// One network per LA, from the seed, the replicate and the family ids only (the same whenever
/// it is built again, as a world restored from a burn-in snapshot does).
std::vector<KinNetwork> kin_networks(const KinParams& kp, const sim::RunKey& key, const Population& pop);
/// kin_networks(), and each family's crisis rate scaled by its helpers (kin.support_per_helper).
std::vector<KinNetwork> build_kin_networks(const KinParams& kp, const sim::RunKey& key, Population& pop);

}  // namespace csc::models
