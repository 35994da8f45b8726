#include "analysis/cost_ratios.hpp"

namespace csc::analysis {

CostRatios cost_ratios(const SpendByKind& base, const SpendByKind& variant, double base_entries,
                       double variant_entries) {
  CostRatios r;
  r.net_cost = variant.total() - base.total();
  r.extra_inputs = variant.inputs() - base.inputs();
  r.savings = base.placements - variant.placements;
  if (r.extra_inputs > 0.0) {
    r.savings_per_pound.value = r.savings / r.extra_inputs;
  } else {
    r.savings_per_pound.why_undefined = "the variant spends no more than the base on interventions and social workers";
  }
  const double avoided = base_entries - variant_entries;
  if (avoided > 0.0) {
    r.cost_per_entry_avoided.value = r.net_cost / avoided;
  } else {
    r.cost_per_entry_avoided.why_undefined = "no care entries avoided";
  }
  return r;
}

}  // namespace csc::analysis
