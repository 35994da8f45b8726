#pragma once
// The synthetic population of one replicate: families and their children in columnar tables
// with dense ids (docs/design.md). It depends only on the seed, the replicate and
// the population parameters (never on workforce or intervention settings), so the same child
// exists in every scenario of a comparison.
#include <array>
#include <cstdint>
#include <vector>

#include "models/core/states.hpp"
#include "models/population/family_factor.hpp"
#include "models/population/population_params.hpp"
#include "sim/core/time.hpp"
#include "sim/rng/random.hpp"

namespace csc::models {

inline constexpr std::uint32_t kNone = 0xFFFFFFFFu;
inline constexpr sim::Day kDaysPer18Years = 6575;  // 18 * 365.25

/// The case status of a family: where its children at home who are in the case stand.
/// `care_only` means every child in the case is looked after.
enum class CaseStatus : std::uint8_t { dormant, assessment, cin, s47, cp, care_only };

/// What bringing a family's severity up to date, its severity, its crisis rate and its episode
/// clock read together, in one 64-byte cache line. A large council visits its open families in
/// an order that is not memory order, so a column read apart costs a cache miss of its own
/// (issue "England in seconds": per child, the largest councils cost most for that reason).
struct alignas(64) FamilySeverity {
  std::array<float, kRiskCount> level{};                 // current severity per factor
  std::array<float, kRiskCount> resting{};               // resting severity per factor (0 = absent)
  float acute = 0.0f;                                    // acute severity after crises
  float crisis_rate = 0.0f;                              // crises per day
  sim::Day updated_on = 0;                               // day level/acute were brought up to date
  std::array<sim::Day, kParentalFactors> next_switch{};  // next episode change of each parental factor
};
static_assert(sizeof(FamilySeverity) == 64, "one cache line, and no padding bytes (burn-in snapshots)");

/// What every phase of the week reads and writes of an open family besides its severity, in one
/// 32-byte row (two to a cache line, aligned so that none straddles two), not thirteen columns:
/// each column read apart is a cache miss of its own in a large council (issue "England in
/// seconds"). The calendar's events, the casework, the caseload counts and the allocation all
/// read several of these for each family they visit.
struct alignas(32) CaseRow {
  float contact_hours;          // direct hours received last week
  sim::Day change_until;        // relationship with the worker interrupted until this day
  sim::Day waiting_since;       // waiting for a worker since then (kNever: has one, or no case)
  sim::Day visible_until;       // more visible to referrers until then
  std::uint32_t worker;         // the social worker holding the case (kNone: none)
  std::uint32_t generation;     // invalidates stale calendar events
  std::uint8_t engaged;         // engages with the work (FIT-1)
  std::uint8_t edge;            // on the edge of care
  std::uint8_t crisis_pending;  // a crisis in this week's casework, not yet recorded
  /// Children of the family in the case or looked after (is_tracked), kept by Ledger::set_state
  /// so that counting a case's children reads no child's row; of those, the children on a CP
  /// plan or in a section 47 enquiry, and the looked-after children (kept there too): a case's
  /// weight on its worker's time reads these counts (Staffing::case_weight, three times a week).
  std::uint8_t tracked_children;
  std::uint8_t children_cp;
  std::uint8_t children_looked_after;
  CaseStatus status;       // where its children at home in the case stand (read by every phase)
  LegalStage legal_stage;  // the stage of the legal route it is in (models/pathway/legal.hpp)
};
static_assert(sizeof(CaseRow) == 32, "two to a cache line, and no padding bytes (burn-in snapshots)");

struct Families {
  // Fixed at generation.
  std::vector<std::uint16_t> la;
  std::vector<std::uint16_t> team;
  std::vector<std::uint32_t> first_child;                      // children of f: [first_child[f], first_child[f+1])
  std::vector<std::array<float, kParentalFactors>> potential;  // resting level of a parental factor while present
  std::vector<float> vulnerability;                            // general vulnerability (mean 1)
  // Dynamic when factors come and go (severity.episode_years > 0).
  std::vector<std::uint8_t> risk_mask;         // bit r set when factor r is present
  std::vector<sim::Day> alive_from, alive_to;  // days with a child aged 0-17
  // Dynamic: severity (resting levels and crisis rate set at generation, changed by episodes).
  std::vector<FamilySeverity> sev;
  std::vector<CaseRow> cases;
  // Decision factors an intervention sets (1: none; models/interventions/): they multiply
  // the care-entry hazard at the edge of care, the kinship weight at a placement, and the
  // special guardianship hazard of a kin placement.
  FamilyFactor care_entry_factor;
  FamilyFactor kinship_factor;
  FamilyFactor sgo_factor;
  std::vector<std::uint16_t> cp_plans_made;  // CP plans made for the family so far
  std::vector<sim::Day> last_plan_day;       // day its latest CP plan was made (kNever: none)

  [[nodiscard]] std::size_t size() const { return la.size(); }
  /// Every column, for burn-in snapshots (sim/io/state_archive.hpp).
  template <class Archive>
  void fields(Archive& a) {
    a.field(la), a.field(team), a.field(first_child), a.field(potential), a.field(vulnerability);
    a.field(risk_mask), a.field(alive_from), a.field(alive_to);
    a.field(sev), a.field(cases);
    care_entry_factor.fields(a), kinship_factor.fields(a), sgo_factor.fields(a);
    a.field(cp_plans_made), a.field(last_plan_day);
  }
  [[nodiscard]] std::uint32_t child_count(std::uint32_t f) const { return first_child[f + 1] - first_child[f]; }
};

/// The states whose days the cohort table counts, assessment to looked after, in enum order.
inline constexpr std::size_t kDaySlots = 5;
constexpr std::size_t day_slot(ChildState s) {
  static_assert(static_cast<int>(ChildState::assessment) == 1 && static_cast<int>(ChildState::looked_after) == 5);
  return static_cast<std::size_t>(s) - 1;
}
/// Adds n days to a child's count of days in a state (n >= 0; the count stays within a horizon).
inline void add_days(std::uint16_t& count, sim::Day n) { count = static_cast<std::uint16_t>(count + n); }

/// What the weekly phases read of a child, in one 16-byte row (four to a cache line; a
/// family's children are contiguous, so its children's rows share a line or two), not six
/// columns: each column read apart is a cache miss of its own in a large council (issue
/// "England in seconds", as CaseRow for the family).
struct alignas(16) ChildCore {
  std::uint32_t family;
  sim::Day birth;
  sim::Day care_since;  // start of the current stay in care
  ChildState state;
  Placement placement;
  LegalStatus legal_status;  // the legal basis of its stay in care, or of the order it left under
  std::uint8_t unused;       // zero: a snapshot holds no padding bytes
  friend bool operator==(const ChildCore&, const ChildCore&) = default;
};
static_assert(sizeof(ChildCore) == 16, "four to a cache line, and no padding bytes (burn-in snapshots)");

struct Children {
  std::vector<ChildCore> rows;
  std::vector<sim::Day> state_since;
  std::vector<sim::Day> last_referral;   // kNever when none
  std::vector<sim::Day> adoption_due;    // day of the next adoption step (match, then order); kNever: none
  std::vector<sim::Day> first_referral;  // first referral within the horizon, kNever if none
  std::vector<std::uint16_t> referrals;  // referrals within the horizon
  std::vector<std::uint16_t> cp_plans;   // CP plans ever
  std::vector<std::uint8_t>
      cp_plans_known;  // CP plans the current council holds on record (second-or-later plans count)
  std::vector<std::uint8_t> returned_home;  // has been returned home from care before
  std::vector<std::uint8_t> own_account;    // in care on its own account (the adolescent route), this stay
  std::vector<std::uint16_t> cp_plan_left;  // the family's plan (cp_plans_made) the child left for care; 0: none
  std::vector<std::uint8_t> recorded;       // known to services within the horizon
  std::vector<std::uint8_t> ever;           // kEverReferred | kEverInNeed, from birth (burn-in included)
  /// Days in each state a case tracks (assessment, CIN, s47, CP, looked after: day_slot),
  /// within the horizon. 16 bits: a horizon is at most 50 years (run.years), 18,300 days.
  std::vector<std::array<std::uint16_t, kDaySlots>> days_in_state;

  [[nodiscard]] std::size_t size() const { return rows.size(); }
  /// Every column, for burn-in snapshots (sim/io/state_archive.hpp).
  template <class Archive>
  void fields(Archive& a) {
    a.field(rows), a.field(state_since);
    a.field(last_referral), a.field(adoption_due), a.field(first_referral), a.field(referrals), a.field(cp_plans);
    a.field(cp_plans_known), a.field(returned_home), a.field(own_account), a.field(cp_plan_left), a.field(recorded),
        a.field(ever);
    a.field(days_in_state);
  }
  /// Child c is aged 0-17 on day d.
  [[nodiscard]] bool alive(std::uint32_t c, sim::Day d) const {
    return rows[c].birth <= d && d < rows[c].birth + kDaysPer18Years;
  }
  /// Child c's age in whole years on day d.
  [[nodiscard]] int age_years(std::uint32_t c, sim::Day d) const {
    return static_cast<int>((d - rows[c].birth) / 365.25);
  }
};

inline constexpr sim::Day kNever = std::numeric_limits<sim::Day>::min();
/// Bits of Children::ever: the child has been referred; has been a child in need (CIN, CP or
/// looked after). First-ever events are the numerators of the cumulative incidence before 18.
inline constexpr std::uint8_t kEverReferred = 1, kEverInNeed = 2;

struct Population {
  Families families;
  Children children;
  /// Children sorted by birth day: births and 18th birthdays are walked in this order.
  std::vector<std::uint32_t> by_birth;
  /// Family id range of each LA: [la_first_family[l], la_first_family[l+1]).
  std::vector<std::uint32_t> la_first_family;

  template <class Archive>
  void fields(Archive& a) {
    families.fields(a);
    children.fields(a);
    a.field(by_birth), a.field(la_first_family);
  }
};

/// Most children a family has (1 + Poisson, capped).
inline constexpr std::uint32_t kMaxChildrenPerFamily = 6;

/// How many families generate_population() draws at most for one LA over [first_day,
/// last_day): a family for each first birth from 18 + 12 years before first_day (so that its
/// youngest can still be a child then) to last_day, births during the run included. Each has
/// at most kMaxChildrenPerFamily children, which bounds the child ids a run uses.
std::uint64_t max_families(const LaParams& la, const PopulationParams& pp, sim::Day first_day, sim::Day last_day);

/// Generates the families whose children are aged 0-17 at some time in [first_day, last_day).
Population generate_population(const PopulationModel& params, const sim::RunKey& key, sim::Day first_day,
                               sim::Day last_day);

/// Chance that a family of vulnerability v in an LA of this deprivation has factor r at a
/// given time (the factor's prevalence, raised by vulnerability).
double presence_probability(const PopulationParams& pp, double deprivation, double v, std::size_t r);
/// Rate per day at which factor r of family f changes: its episode ends when present, starts
/// when absent. Parental factors come and go (severity.episode_years); the child's own do not.
double episode_rate(const Families& fam, std::uint32_t f, std::size_t r, const PopulationModel& params);
/// Starts or ends an episode of parental factor r. Callers have brought the family up to date.
void switch_factor(Families& fam, std::uint32_t f, std::size_t r, const SeverityParams& sp);
/// Day of the first episode change of parental factor r after day `from` (an episode clock
/// keyed by family, factor and `from` only, so it is the same in every scenario).
sim::Day draw_next_switch(const Families& fam, const sim::RunKey& key, std::uint32_t f, std::size_t r, sim::Day from,
                          const PopulationModel& params);
/// Applies, in order of day, every episode change of family f due on or before day d.
void advance_episodes(Families& fam, const sim::RunKey& key, std::uint32_t f, sim::Day d,
                      const PopulationModel& params);
/// The family's next episode change (kNoSwitch when none).
sim::Day next_episode_change(const Families& fam, std::uint32_t f);

inline constexpr sim::Day kNoSwitch = std::numeric_limits<sim::Day>::max();

/// Asks the memory system for the rows of family f that a week's casework reads (its severity
/// line and its case row), without waiting for them. A large council's open
/// families are a few in every hundred, spread over tables far larger than the cache, so each
/// of these rows is a cache miss of its own; a loop over a council's open list names the family
/// some places ahead, and finds its rows loaded when it gets there (issue "England in seconds",
/// item 1: the cost per child of a large council). A hint: it changes no value, only when the
/// loads happen. Each phase asks only for what it reads: the misses in flight are few, and a
/// row asked for and not read takes the place of one that is. Always inlined: GCC 12 judges a
/// function made only of prefetches free of side effects and deletes the calls to it.
[[gnu::always_inline]] inline void prefetch_casework_rows(const Families& fam, std::uint32_t f) {
  __builtin_prefetch(&fam.sev[f]);
  __builtin_prefetch(&fam.cases[f]);
}
/// The same for the weekly decisions on an open case.
[[gnu::always_inline]] inline void prefetch_decision_rows(const Families& fam, std::uint32_t f) {
  __builtin_prefetch(&fam.sev[f]);
  __builtin_prefetch(&fam.cases[f]);
  __builtin_prefetch(&fam.first_child[f]);
  fam.care_entry_factor.prefetch(f);
  fam.sgo_factor.prefetch(f);
}
/// The same for a calendar event of the family (a dormant family's event also samples its next).
[[gnu::always_inline]] inline void prefetch_event_rows(const Families& fam, std::uint32_t f) {
  __builtin_prefetch(&fam.sev[f]);
  __builtin_prefetch(&fam.cases[f]);
  __builtin_prefetch(&fam.la[f]);  // a change of a child's state counts in its council's stocks
  __builtin_prefetch(&fam.first_child[f]);
  __builtin_prefetch(&fam.alive_from[f]);
  __builtin_prefetch(&fam.alive_to[f]);
}
/// The same for what counting a family's case on its worker's caseload reads (the caseload
/// recounts walk every open family).
[[gnu::always_inline]] inline void prefetch_case_counts(const Families& fam, std::uint32_t f) {
  __builtin_prefetch(&fam.cases[f]);
}
/// The same for the columns of children [first, last) (a family's children are contiguous).
[[gnu::always_inline]] inline void prefetch_child_rows(const Children& ch, std::uint32_t first, std::uint32_t last) {
  if (first == last) return;
  __builtin_prefetch(&ch.rows[first]);
  __builtin_prefetch(&ch.rows[last - 1]);
}

/// Severity of family f brought up to day d (deterministic relaxation between events).
void bring_up_to_date(Families& fam, std::uint32_t f, sim::Day d, const SeverityParams& sp);
/// The family's total severity (weighted factors plus acute severity), as of updated_on.
double severity(const Families& fam, std::uint32_t f, const SeverityParams& sp);

}  // namespace csc::models
