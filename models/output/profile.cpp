#include "models/output/profile.hpp"

#include <algorithm>

namespace csc::models {

void WorldProfile::add(const WorldProfile& other) {
  for (std::size_t p = 0; p < kPhaseCount; ++p) seconds[p] += other.seconds[p];
  active_child_weeks += other.active_child_weeks;
  weeks += other.weeks;
  child_rows = std::max(child_rows, other.child_rows);
  children_at_start = std::max(children_at_start, other.children_at_start);
  for (const TableBytes& t : other.memory) {
    const auto mine =
        std::find_if(memory.begin(), memory.end(), [&](const TableBytes& m) { return m.table == t.table; });
    if (mine == memory.end()) {
      memory.push_back(t);
    } else {
      mine->bytes = std::max(mine->bytes, t.bytes);
    }
  }
}

}  // namespace csc::models
