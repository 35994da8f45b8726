#pragma once
// The legal route's state (docs/design.md, "The care decision and the law"): per family, the
// day its next step is due; per child, when a return home would break down and when it last
// went home; per LA, the looked-after children under each status (kept as the statuses
// change, for the /series stocks). The family's stage of the route and the child's legal
// status are read with the rest of its row in every weekly phase, so they live there
// (CaseRow::legal_stage, ChildCore::legal_status in models/population/population.hpp).
#include <cstdint>
#include <vector>

#include "models/core/states.hpp"
#include "models/population/population.hpp"
#include "sim/core/time.hpp"

namespace csc::models {

struct LegalRecord {
  std::vector<sim::Day> due;               // per family: pre-proceedings' end or the final hearing
  std::vector<sim::Day> breakdown_due;     // per child: day its return home breaks down (kNever: none)
  std::vector<sim::Day> returned_on;       // per child: day of its latest return home
  std::vector<std::int32_t> looked_after;  // [la][status]

  LegalRecord(std::size_t families, std::size_t children, std::size_t las)
      : due(families, kNever),
        breakdown_due(children, kNever),
        returned_on(children, kNever),
        looked_after(las * kLegalStatusCount, 0) {}
  template <class Archive>
  void fields(Archive& a) {
    a.field(due), a.field(breakdown_due), a.field(returned_on), a.field(looked_after);
  }
  [[nodiscard]] std::int32_t count(std::size_t la, LegalStatus s) const {
    return looked_after[la * kLegalStatusCount + idx(s)];
  }
};

}  // namespace csc::models
