#pragma once
// Spend follows what the model did (docs/design.md, The model, "Costs"): children in each
// placement, posts filled, and each intervention's own (its record hook), each at its unit
// cost (docs/evidence.md section 3).
#include "models/core/intervention_hooks.hpp"
#include "models/costs/cost_params.hpp"
#include "models/ledger/ledger.hpp"
#include "models/output/replicate_result.hpp"

namespace csc::models {

/// Writes the LA's spend rows of /series for week w of the horizon, their total last. Reads the
/// workforce rows of the same week, so those are recorded first.
void record_spend(const CostParams& costs, const Ledger& ledger, const InterventionHooks& hooks, ReplicateResult& out,
                  int w, int la);

}  // namespace csc::models
