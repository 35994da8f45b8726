#include "models/costs/spend.hpp"

namespace csc::models {

void record_spend(const CostParams& c, const Ledger& ledger, const InterventionHooks& hooks, ReplicateResult& out,
                  int w, int la) {
  const auto l = static_cast<std::size_t>(la);
  double placements = 0.0;
  for (std::size_t t = 0; t < kPlacementCount; ++t) {
    placements += ledger.placed(l, static_cast<Placement>(t)) * c.placement_per_week[t];
  }
  const double agency = out.at(Metric::agency_workers, w, la);
  const double permanent = out.at(Metric::social_workers, w, la) - agency;
  out.at(Metric::spend_placements, w, la) = static_cast<float>(placements);
  out.at(Metric::spend_social_workers, w, la) = static_cast<float>(permanent * c.social_worker_per_week);
  out.at(Metric::spend_agency_workers, w, la) =
      static_cast<float>(agency * c.social_worker_per_week * (1.0 + c.agency_premium));
  const sim::Day week_end = w * sim::kDaysPerWeek + sim::kDaysPerWeek - 1;
  for (const auto* run : hooks.enabled) run->record(l, w, week_end);
  float total = 0.0f;  // the float sum of the stored components, so they add up exactly
  for (const Metric m : kSpendComponents) total += out.at(m, w, la);
  out.at(Metric::spend_total, w, la) = total;
}

}  // namespace csc::models
