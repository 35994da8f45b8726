#pragma once
// Event calendar for things that happen on a known future day (assessment due, conference
// due, turning 18). Events are bucketed by week so that a weekly step touches only the events
// due in it; within a week they are taken in a total order (day, priority, kind, id), never in
// pointer or hash order (docs/design.md), so a run repeats exactly.
//
// Cancelling is lazy: the owner keeps a per-entity generation number and passes it with the
// event; an event whose generation no longer matches is stale and the owner skips it.
#include <algorithm>
#include <array>
#include <cstdint>
#include <memory>
#include <mutex>
#include <tuple>
#include <vector>

#include <oneapi/tbb/task_arena.h>

#include "sim/core/time.hpp"

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
  /// Covers days [first_day, first_day + 7 * weeks); events later than that are dropped (they
  /// fall after the horizon), events earlier are clamped into the first week.
  Calendar(Day first_day, int weeks) : first_day_(first_day), buckets_(static_cast<std::size_t>(weeks)) {}

  /// An event due in a week that is already closed (see close_week) goes to the first open
  /// week, so that nothing scheduled late in a step is lost.
  void schedule(const Event& e) {
    const std::size_t week = week_of(e);
    if (week >= buckets_.size()) return;
    if (!concurrent_) {
      buckets_[week].push_back(e);
      return;
    }
    // Each thread stages its events in a buffer of its own: a lock per event cost a tenth of
    // England's CPU time in lock waits, and the calendar phase did not scale (issue "England in
    // seconds"). A thread outside the arena's slots (none is expected) takes the lock.
    const int slot = tbb::this_task_arena::current_thread_index();
    if (slot >= 0 && static_cast<std::size_t>(slot) < staged_.size()) {
      staged_[static_cast<std::size_t>(slot)].push_back(e);
      return;
    }
    const std::scoped_lock lock(*mutex_);
    buckets_[week].push_back(e);
  }
  /// While on, schedule() may be called from several threads at once (a phase that runs its
  /// councils in parallel); what they schedule joins the buckets when it is turned off (the
  /// weeks still open are the same then). The order events arrive in a bucket then depends on
  /// the threads, but take_week() sorts them in the events' total order, so what is taken does
  /// not.
  void set_concurrent(bool on) {
    if (on) {
      staged_.resize(std::max(staged_.size(), static_cast<std::size_t>(tbb::this_task_arena::max_concurrency())));
    } else {
      for (auto& staged : staged_) {
        for (const Event& e : staged) buckets_[week_of(e)].push_back(e);
        staged.clear();
      }
    }
    concurrent_ = on;
  }

  /// Marks weeks up to and including `week` as processed.
  void close_week(int week) { open_from_ = static_cast<std::size_t>(week) + 1; }

  /// First day of the first week still open: an event due before it would run late.
  [[nodiscard]] Day first_open_day() const { return first_day_ + static_cast<Day>(open_from_) * kDaysPerWeek; }

  /// Moves the events of week `week` out in total order. Events scheduled into this same week
  /// while it is being processed go into the bucket and must be taken by a further call
  /// (the engine loops until the bucket is empty).
  std::vector<Event> take_week(int week) {
    auto& b = buckets_[static_cast<std::size_t>(week)];
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
    for (std::size_t w = 0; w < buckets_.size(); ++w) {
      // In total order: a bucket's order of arrival depends on the threads when councils ran
      // in parallel (set_concurrent), and take_week() sorts anyway; equal states, equal bytes.
      std::vector<Event> bucket = buckets_[w];
      std::sort(bucket.begin(), bucket.end());
      for (const Event& e : bucket) {
        rows[w].push_back(
            {static_cast<std::uint32_t>(e.day), e.priority | (std::uint32_t{e.kind} << 8), e.id, e.generation});
      }
    }
    a.field(rows);
    if constexpr (Archive::kReading) {
      buckets_.assign(rows.size(), {});
      for (std::size_t w = 0; w < rows.size(); ++w) {
        for (const Row& r : rows[w]) {
          buckets_[w].push_back({static_cast<Day>(r[0]), static_cast<std::uint8_t>(r[1] & 0xFF),
                                 static_cast<std::uint8_t>(r[1] >> 8), r[2], r[3]});
        }
      }
    }
  }
  [[nodiscard]] int weeks() const { return static_cast<int>(buckets_.size()); }
  /// What fields() counts for a StateSizer (the memory report), without the copy of every
  /// event that fields() makes: at the end of a burn-in that copy was the run's peak.
  [[nodiscard]] std::size_t bytes() const {
    std::size_t events = 0;
    for (const auto& bucket : buckets_) events += bucket.size();
    static_assert(sizeof(Event) == sizeof(std::array<std::uint32_t, 4>));
    return sizeof first_day_ + sizeof open_from_ + buckets_.size() * sizeof(std::vector<Event>) +
           events * sizeof(Event);
  }

 private:
  /// The bucket event e goes to: its week, or the first open week if that is later
  /// (buckets_.size() or more: after the horizon, dropped).
  [[nodiscard]] std::size_t week_of(const Event& e) const {
    const Day offset = e.day - first_day_;
    const auto week = offset < 0 ? 0 : static_cast<std::size_t>(offset / kDaysPerWeek);
    return std::max(week, open_from_);
  }

  Day first_day_;
  std::size_t open_from_ = 0;
  std::vector<std::vector<Event>> buckets_;
  bool concurrent_ = false;
  std::vector<std::vector<Event>> staged_;  // [thread slot]: events scheduled while concurrent
  std::unique_ptr<std::mutex> mutex_ = std::make_unique<std::mutex>();
};

}  // namespace csc::sim
