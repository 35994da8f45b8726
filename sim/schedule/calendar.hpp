#pragma once
// Event calendar for things that happen on a known future day (assessment due, conference
// due, turning 18). Events are bucketed by week and by council, so that a weekly step touches
// only the events due in it and councils take theirs in parallel; within a council's week they
// are taken in a total order (day, priority, kind, id), never in pointer or hash order
// (docs/design.md), so a run repeats exactly.
//
// Cancelling is lazy: the owner keeps a per-entity generation number and passes it with the
// event; an event whose generation no longer matches is stale and the owner skips it.
#include <algorithm>
#include <array>
#include <cstdint>
#include <tuple>
#include <vector>

#include "sim/core/time.hpp"
#include "sim/io/state_archive.hpp"

namespace csc::sim {

struct Event {
  Day day = 0;
  std::uint8_t priority = 0;  // lower runs first on the same day
  std::uint8_t kind = 0;      // model-defined
  std::uint32_t id = 0;       // entity id
  std::uint32_t generation = 0;

  friend bool operator==(const Event&, const Event&) = default;
  friend bool operator<(const Event& a, const Event& b) {
    return std::tie(a.day, a.priority, a.kind, a.id, a.generation) <
           std::tie(b.day, b.priority, b.kind, b.id, b.generation);
  }
};

class Calendar {
 public:
  /// Covers days [first_day, first_day + 7 * weeks) for `councils` councils, each with buckets
  /// of its own; events later than that are dropped (they fall after the horizon), events
  /// earlier are clamped into the first week.
  Calendar(Day first_day, int weeks, std::size_t councils = 1)
      : first_day_(first_day),
        weeks_(static_cast<std::size_t>(weeks)),
        councils_(councils),
        open_from_(councils, 0),
        buckets_(weeks_ * councils) {}

  /// Puts event e in council `council`'s bucket for its week. An event due in a week that is
  /// already closed (see close_week) goes to the first open week, so that nothing scheduled
  /// late in a step is lost.
  ///
  /// Several threads may schedule at once as long as each council's events come from one
  /// thread at a time (a phase that runs its councils in parallel, each scheduling only for its
  /// own families): the buckets are the councils' own, so no lock is taken and the order
  /// events arrive in a bucket is the council's own order, whatever the threads. (A lock per
  /// event, and later staging per thread, left the calendar phase serial in large part: issue
  /// "England in seconds".)
  void schedule(std::size_t council, const Event& e) {
    const std::size_t week = week_of(e, council);
    if (week >= weeks_) return;
    buckets_[week * councils_ + council].push_back(e);
  }

  /// Marks council `council`'s weeks up to and including `week` as processed. Each council
  /// closes its own: councils run their weeks side by side, each at its own pace within the step.
  void close_week(int week, std::size_t council) { open_from_[council] = static_cast<std::size_t>(week) + 1; }
  /// Marks every council's weeks up to and including `week` as processed.
  void close_week(int week) { std::fill(open_from_.begin(), open_from_.end(), static_cast<std::size_t>(week) + 1); }

  /// First day of council `council`'s first week still open: an event due before it would run late.
  [[nodiscard]] Day first_open_day(std::size_t council) const {
    return first_day_ + static_cast<Day>(open_from_[council]) * kDaysPerWeek;
  }

  /// Moves council `council`'s events of week `week` out in total order. Events scheduled
  /// into this same week while it is being processed go into the bucket and must be taken by a
  /// further call (the engine loops until the bucket is empty). Councils' buckets may be taken
  /// from several threads at once, one thread per council.
  std::vector<Event> take_week(int week, std::size_t council) {
    auto& b = buckets_[static_cast<std::size_t>(week) * councils_ + council];
    std::vector<Event> out;
    out.swap(b);
    std::sort(out.begin(), out.end());
    return out;
  }

  [[nodiscard]] Day first_day() const { return first_day_; }
  /// The events and open weeks, for burn-in snapshots (sim/io/state_archive.hpp). An Event has
  /// padding bytes, so events go as rows of four words: equal calendars give equal bytes.
  template <class Archive>
  void fields(Archive& a) {
    a.field(first_day_), a.field(open_from_);
    using Row = std::array<std::uint32_t, 4>;
    std::vector<std::vector<Row>> rows(buckets_.size());
    for (std::size_t b = 0; b < buckets_.size(); ++b) {
      // In total order, as take_week() takes them: equal states, equal bytes, whatever order
      // the events arrived in.
      std::vector<Event> bucket = buckets_[b];
      std::sort(bucket.begin(), bucket.end());
      for (const Event& e : bucket) {
        rows[b].push_back(
            {static_cast<std::uint32_t>(e.day), e.priority | (std::uint32_t{e.kind} << 8), e.id, e.generation});
      }
    }
    a.field(rows);
    if constexpr (Archive::kReading) {
      if (rows.size() != buckets_.size()) throw StateMismatch("calendar state of another length or council count");
      for (std::size_t b = 0; b < rows.size(); ++b) {
        buckets_[b].clear();
        for (const Row& r : rows[b]) {
          buckets_[b].push_back({static_cast<Day>(r[0]), static_cast<std::uint8_t>(r[1] & 0xFF),
                                 static_cast<std::uint8_t>(r[1] >> 8), r[2], r[3]});
        }
      }
    }
  }
  [[nodiscard]] int weeks() const { return static_cast<int>(weeks_); }
  /// What fields() counts for a StateSizer (the memory report), without the copy of every
  /// event that fields() makes: at the end of a burn-in that copy was the run's peak.
  [[nodiscard]] std::size_t bytes() const {
    std::size_t events = 0;
    for (const auto& bucket : buckets_) events += bucket.size();
    static_assert(sizeof(Event) == sizeof(std::array<std::uint32_t, 4>));
    return sizeof first_day_ + open_from_.size() * sizeof(std::size_t) + buckets_.size() * sizeof(std::vector<Event>) +
           events * sizeof(Event);
  }

 private:
  /// The week event e goes to: its own, or the council's first open week if that is later
  /// (weeks_ or more: after the horizon, dropped).
  [[nodiscard]] std::size_t week_of(const Event& e, std::size_t council) const {
    const Day offset = e.day - first_day_;
    const auto week = offset < 0 ? 0 : static_cast<std::size_t>(offset / kDaysPerWeek);
    return std::max(week, open_from_[council]);
  }

  Day first_day_;
  std::size_t weeks_;
  std::size_t councils_;
  std::vector<std::size_t> open_from_;       // per council: its first week not yet processed
  std::vector<std::vector<Event>> buckets_;  // [week * councils_ + council]
};

}  // namespace csc::sim
