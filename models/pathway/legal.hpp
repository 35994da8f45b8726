#pragma once
// The legal route's state (docs/design.md, "The care decision and the law"): per family, the
// stage of the route it is in and the day its next step is due; per child, its legal status
// while looked after and when a return home would break down; per LA, the looked-after
// children under each status (kept as the statuses change, for the /series stocks).
#include <cstdint>
#include <vector>

#include "models/core/states.hpp"
#include "models/population/population.hpp"
#include "sim/core/time.hpp"

namespace csc::models {

enum class LegalStage : std::uint8_t { none, pre_proceedings, proceedings };

struct LegalRecord {
  std::vector<LegalStage> stage;           // per family
  std::vector<sim::Day> due;               // per family: pre-proceedings' end or the final hearing
  std::vector<LegalStatus> status;         // per child
  std::vector<sim::Day> breakdown_due;     // per child: day its return home breaks down (kNever: none)
  std::vector<sim::Day> returned_on;       // per child: day of its latest return home
  std::vector<std::int32_t> looked_after;  // [la][status]

  LegalRecord(std::size_t families, std::size_t children, std::size_t las)
      : stage(families, LegalStage::none),
        due(families, kNever),
        status(children, LegalStatus::none),
        breakdown_due(children, kNever),
        returned_on(children, kNever),
        looked_after(las * kLegalStatusCount, 0) {}
  template <class Archive>
  void fields(Archive& a) {
    a.field(stage), a.field(due), a.field(status), a.field(breakdown_due), a.field(returned_on), a.field(looked_after);
  }
  [[nodiscard]] std::int32_t count(std::size_t la, LegalStatus s) const {
    return looked_after[la * kLegalStatusCount + idx(s)];
  }
};

}  // namespace csc::models
