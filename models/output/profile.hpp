#pragma once
// What a replicate cost (issue "England in seconds"): seconds in each phase of the week, the
// active child-weeks they served, and the memory its tables held. `cscsim run --profile`
// prints it and tools/bench/performance.sh reads it into docs/performance.md. Wall-clock
// measurements: they never enter the run file or the golden digests.
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace csc::models {

/// The named phases of World::council_week, in order (docs/design.md), and the recording of the horizon.
enum class Phase : std::uint8_t {
  open_lists,
  births_and_birthdays,
  calendar,
  workforce,
  allocation,
  casework,
  decisions,
  record,
};
inline constexpr std::array<std::string_view, 8> kPhaseLabels = {
    "open lists", "births and birthdays", "calendar", "workforce", "allocation", "casework", "decisions", "record"};
inline constexpr std::size_t kPhaseCount = kPhaseLabels.size();

/// The memory one of a world's tables holds.
struct TableBytes {
  std::string table;
  std::size_t bytes = 0;
};

struct WorldProfile {
  std::array<double, kPhaseCount> seconds{};  // summed over the weeks run
  /// Children in a case or looked after at the end of each week run, summed over the weeks:
  /// the work the weekly phases do (dormant families cost nothing per week).
  std::uint64_t active_child_weeks = 0;
  std::uint64_t weeks = 0;
  std::uint64_t child_rows = 0;         // rows of the children table: all born by the end of the run
  std::uint64_t children_at_start = 0;  // children aged 0-17 on day 0 (the council's size)
  std::vector<TableBytes> memory;       // at the end of the run

  /// Adds another replicate's times and counts; memory is kept per table at its largest.
  void add(const WorldProfile& other);
};

}  // namespace csc::models
