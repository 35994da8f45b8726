#pragma once
// What one replicate hands to the single HDF5 writer: its series, its cohort rows.
#include <array>
#include <cstdint>
#include <vector>

#include "models/core/metrics.hpp"
#include "models/core/states.hpp"
#include "models/output/cohort_rows.hpp"
#include "models/output/event_chunks.hpp"
#include "models/output/profile.hpp"

namespace csc::models {

struct ReplicateResult {
  std::uint32_t replicate = 0;
  int weeks = 0;
  int las = 0;
  std::vector<float> series;              // [metric][week][la]
  std::vector<std::int32_t> state_count;  // [week][la][state], end of week
  std::vector<std::int32_t> state_entries;
  std::vector<std::int32_t> state_exits;
  /// The cohort's event rows: all of them, or (event_chunks.enabled(), a run into a file) the
  /// rows after those already in event_chunks, which come first.
  std::vector<EventRow> events;
  EventChunks event_chunks;
  std::vector<ChildRow> children;
  std::int64_t children_at_start = 0;
  WorldProfile profile;  // what it cost: never written to the run file

  /// Every event row, the compressed ones first (a copy).
  [[nodiscard]] std::vector<EventRow> all_events() const {
    std::vector<EventRow> rows;
    rows.reserve(event_chunks.rows() + events.size());
    event_chunks.for_each(
        [&](std::span<const EventRow> chunk) { rows.insert(rows.end(), chunk.begin(), chunk.end()); });
    rows.insert(rows.end(), events.begin(), events.end());
    return rows;
  }
  [[nodiscard]] std::size_t index(Metric m, int week, int la) const {
    return (midx(m) * static_cast<std::size_t>(weeks) + static_cast<std::size_t>(week)) *
               static_cast<std::size_t>(las) +
           static_cast<std::size_t>(la);
  }
  float& at(Metric m, int week, int la) { return series[index(m, week, la)]; }
  [[nodiscard]] float at(Metric m, int week, int la) const { return series[index(m, week, la)]; }
};

}  // namespace csc::models
