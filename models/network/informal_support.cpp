#include "models/network/informal_support.hpp"

#include <cmath>

#include "sim/run/parallel.hpp"

namespace csc::models {

std::vector<KinNetwork> kin_networks(const KinParams& kp, const sim::RunKey& key, const Population& pop) {
  // Councils in parallel: each network's draws are keyed by its own families' ids.
  std::vector<KinNetwork> kin(pop.la_first_family.empty() ? 0 : pop.la_first_family.size() - 1);
  sim::parallel_for(std::size_t{0}, kin.size(), [&](std::size_t l) {
    kin[l] = KinNetwork::build(kp.graph, key, pop.la_first_family[l], pop.la_first_family[l + 1]);
  });
  return kin;
}

std::vector<KinNetwork> build_kin_networks(const KinParams& kp, const sim::RunKey& key, Population& pop) {
  std::vector<KinNetwork> kin = kin_networks(kp, key, pop);
  auto& fam = pop.families;
  for (std::size_t l = 0; l < kin.size(); ++l) {
    for (auto f = pop.la_first_family[l]; f < pop.la_first_family[l + 1]; ++f) {
      const double relative = kin[l].helpers(f) - kp.graph.mean_helpers;
      fam.sev[f].crisis_rate *= static_cast<float>(std::exp(-kp.support_per_helper * relative));
    }
  }
  return kin;
}

}  // namespace csc::models
