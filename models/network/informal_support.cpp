#include "models/network/informal_support.hpp"

#include <cmath>

namespace csc::models {

std::vector<KinNetwork> kin_networks(const KinParams& kp, const sim::RunKey& key, const Population& pop) {
  std::vector<KinNetwork> kin;
  for (std::size_t l = 0; l + 1 < pop.la_first_family.size(); ++l) {
    kin.push_back(KinNetwork::build(kp.graph, key, pop.la_first_family[l], pop.la_first_family[l + 1]));
  }
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
