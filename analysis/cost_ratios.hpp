#pragma once
// The two ratios of a comparison, defined as a health economist would (issue "A what-if
// answer with all its uncertainty", item 4). Spend falls into two kinds:
//   - inputs: what the council pays to deliver services, the interventions' own components
//     and social workers (permanent and agency), so the extra staff an intervention triggers
//     (a caseload cap's new posts, a programme's funded social workers) count as its cost;
//   - placements: the cost of children in care, which interventions aim to avoid.
// Net cost = variant total - base total = extra inputs - placement savings.
//   savings per GBP 1    = placement savings / extra inputs (defined when inputs rise);
//   cost per care entry avoided = net cost / care entries avoided (defined when some are).
// Both are ratios of means over replicates, without an interval.
#include <optional>
#include <string>

namespace csc::analysis {

/// One run's mean spend over a period, by kind (GBP).
struct SpendByKind {
  double interventions = 0.0;  // the interventions' own spend components
  double workforce = 0.0;      // social workers, permanent and agency
  double placements = 0.0;     // children in care
  [[nodiscard]] double inputs() const { return interventions + workforce; }
  [[nodiscard]] double total() const { return inputs() + placements; }
};

/// A ratio, or why it has none.
struct Ratio {
  std::optional<double> value;
  std::string why_undefined;  // empty when value holds one
};

struct CostRatios {
  double net_cost = 0.0;      // variant - base, all spend
  double extra_inputs = 0.0;  // variant - base, interventions and social workers
  double savings = 0.0;       // base - variant, placements
  Ratio savings_per_pound;
  Ratio cost_per_entry_avoided;
};

/// The ratios of a variant against its base from their mean spend and care entries.
CostRatios cost_ratios(const SpendByKind& base, const SpendByKind& variant, double base_entries,
                       double variant_entries);

}  // namespace csc::analysis
