#pragma once
// The ledger of one replicate: the one place where a child's state or placement changes, so
// that the stocks, this week's flows and the cohort's event rows always agree (docs/design.md,
// Output), and the open-case lists the weekly phases walk. Every part that moves a child
// (pathway/, the world's warm start) writes through it; recording reads it.
#include <cstdint>
#include <vector>

#include "models/core/metrics.hpp"
#include "models/core/states.hpp"
#include "models/output/replicate_result.hpp"
#include "models/population/population.hpp"
#include "sim/core/time.hpp"

namespace csc::models {

/// home_host of a child in no LA's home: not in a home, or in a private home outside every LA.
inline constexpr std::size_t kNoHost = 0xFFFF;

/// States whose days a child's cohort row counts, and whose children a case holds.
constexpr bool is_tracked(ChildState s) {
  return s == ChildState::assessment || s == ChildState::cin || s == ChildState::s47 || s == ChildState::cp ||
         s == ChildState::looked_after;
}

/// Day d falls in the recorded horizon (day 0 is its first day; the burn-in is before).
constexpr bool recording(sim::Day d) { return d >= 0; }

/// The families with an open case, per LA: in family id order as each week starts (so that the
/// weekly loops walk the family tables in memory order: a large council's open families are a
/// sparse few of its rows), then those opened during the week, in opening order.
struct OpenCases {
  std::vector<std::vector<std::uint32_t>> lists;  // per LA
  std::vector<std::uint8_t> listed;               // per family: in its LA's list

  OpenCases(std::size_t las, std::size_t families) : lists(las), listed(families, 0) {}
  /// Lists family f (once) when its case opens.
  void open(const Families& fam, std::uint32_t f) {
    if (listed[f]) return;
    listed[f] = 1;
    lists[fam.la[f]].push_back(f);
  }
  /// Council l's families whose case closed since the last call leave its list, and those
  /// opened since join the rest in family id order; a closed family is listed again when its
  /// case reopens.
  void drop_closed(std::size_t l, const Families& fam);
  template <class Archive>
  void fields(Archive& a) {
    a.field(lists), a.field(listed);
  }
};

struct Ledger {
  Ledger(Population& population, const std::vector<LaParams>& las, bool record_events, ReplicateResult& result);

  /// Moves child c to state s on day d for `reason`: stocks, flows and (in the horizon) the
  /// child's cohort counters and an event row.
  void set_state(std::uint32_t c, ChildState s, Reason reason, sim::Day d);
  /// Places child c (Placement::none: leaves its placement); a /cohort/events row when
  /// `record_change` and in the horizon.
  void set_placement(std::uint32_t c, Placement p, sim::Day d, bool record_change);
  /// Child c is born into its LA's population on day `from` (its first day in the run).
  void born(std::uint32_t c, sim::Day from);
  /// Adds n to this week's flow m of family f's LA.
  void count(Metric m, std::uint32_t f, float n = 1.0f) { count_in(m, pop.families.la[f], n); }
  /// Adds n to this week's flow m of an LA.
  void count_in(Metric m, std::size_t la, float n = 1.0f) { flows[la * kMetricCount + midx(m)] += n; }
  /// Something about family f on day d (a crisis, its engagement): one /cohort/events row,
  /// state unchanged, on the family's first child known to services, so that cohorts can count
  /// it (see is_family_note).
  void note(std::uint32_t f, sim::Day d, Reason what);
  /// A step of the legal route for child c on day d that leaves its state as it is (see
  /// is_child_note): one /cohort/events row.
  void child_note(std::uint32_t c, sim::Day d, Reason what);
  /// One /cohort/events row (compressed with the rows before it every EventChunks::kRows rows,
  /// when the run asked for it).
  void add_event(const EventRow& e) {
    if (councils_in_parallel_) {
      by_council_[e.la].events.push_back({by_council_[e.la].tag, e});
      return;
    }
    out.events.push_back(e);
    out.event_chunks.seal_full(out.events);
  }
  /// Councils run their weeks in parallel from here to end_councils_in_parallel(): each
  /// council's event rows and children's home moves (the one step that reaches other councils:
  /// out-of-area places) wait in its own buffer, marked with the council's current tag. A
  /// council may change only its own rows and counts otherwise.
  void begin_councils_in_parallel();
  /// The steps of a week, in the order a serial walk takes them (each over every council
  /// before the next): what orders the councils' buffers when each council runs its whole week.
  enum class Step : std::int32_t { births, birthdays, calendar, workforce, allocation_hooks, casework_and_decisions };
  /// A step's place in a serial walk of the week: the step; within it a round of the calendar
  /// or an intervention's index; then a child's place in birth order, a council's index, or an
  /// event's place in the total order of a week's events (day, priority and kind, then id).
  struct SerialTag {
    Step step = Step::births;
    std::int32_t sub = 0;
    std::int64_t major = 0;
    std::uint64_t minor = 0;
    friend auto operator<=>(const SerialTag&, const SerialTag&) = default;
  };
  /// What council `la` buffers from now on is marked `tag`: the place in a serial walk of the
  /// step that makes it. Tags do not fall within a council, and two councils' tags differ.
  void set_council_tag(std::size_t la, SerialTag tag) { by_council_[la].tag = tag; }
  /// The buffers are applied in the order of their tags, a council's own in the order it made
  /// them: the order a serial walk would have made them in, so the output does not depend on
  /// the threads.
  void end_councils_in_parallel();
  /// Restarts this week's flow counters (after recording).
  void clear_week();

  /// Child c is at home in its family's case.
  [[nodiscard]] bool at_home_in_case(std::uint32_t c) const;
  /// Children of family f in its case (at home in the case, or looked after).
  [[nodiscard]] std::uint32_t case_children(std::uint32_t f) const;
  [[nodiscard]] std::int32_t stock(std::size_t la, ChildState s) const {
    return state_count[la * kStateCount + idx(s)];
  }
  [[nodiscard]] std::int32_t placed(std::size_t la, Placement p) const {
    return placement_count[la * kPlacementCount + idx(p)];
  }
  [[nodiscard]] float flow(std::size_t la, Metric m) const { return flows[la * kMetricCount + midx(m)]; }
  /// The counts, for burn-in snapshots (sim/io/state_archive.hpp).
  template <class Archive>
  void fields(Archive& a) {
    a.field(home_capacity), a.field(state_count), a.field(placement_count), a.field(home_host);
    a.field(home_places_used), a.field(out_of_area), a.field(alive), a.field(flows), a.field(entries), a.field(exits);
  }

  Population& pop;
  ReplicateResult& out;
  bool record_events;
  std::vector<std::int64_t> home_capacity;     // [la] children's home places (< 0: unlimited)
  std::vector<std::int32_t> state_count;       // [la][state]
  std::vector<std::int32_t> placement_count;   // [la][placement]
  std::vector<std::uint16_t> home_host;        // per child in a children's home: the LA hosting it
  std::vector<std::int32_t> home_places_used;  // [la] places of the LA's homes taken (any LA's children)
  std::vector<std::int32_t> out_of_area;       // [la] its children in homes outside it
  std::vector<std::int32_t> alive;             // [la] children aged 0-17
  std::vector<float> flows;                    // [la][metric] for the current week
  std::vector<std::int32_t> entries, exits;    // [la][state] for the current week

 private:
  void count_state_change(std::uint32_t c, ChildState old, ChildState s, Reason reason, sim::Day d);
  /// A child's first referral and first time in need, ever (Children::ever).
  void count_first_contacts(std::uint32_t c, ChildState s, Reason reason);
  void take_home_place(std::uint32_t c, std::size_t la);
  void release_home_place(std::uint32_t c, std::size_t la);
  /// What a council's phase left for end_councils_in_parallel().
  struct HomeMove {
    std::uint32_t child;
    bool takes;  // takes a place, else leaves it
  };
  template <class T>
  struct Tagged {
    SerialTag tag;
    T item;
  };
  struct CouncilBuffer {
    SerialTag tag;
    std::vector<Tagged<EventRow>> events;
    std::vector<Tagged<HomeMove>> home_moves;
  };
  bool councils_in_parallel_ = false;
  std::vector<CouncilBuffer> by_council_;
};

}  // namespace csc::models
