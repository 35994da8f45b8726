#pragma once
// The care pathway's phases of a week (docs/design.md, The model): births and 18th
// birthdays, the calendar's events (referral, assessment, section 47 enquiry and conference,
// CP reviews, adoption orders), the weekly decisions on open cases (closure, escalation, the
// edge of care) and care itself (entry, placement, exits). Its files: events.cpp (the
// calendar), decisions.cpp (weekly decisions and case status), care.cpp, dormant.cpp
// (families not known to services), ageing.cpp (births, birthdays and the warm start).
// Decisions read the family's latent severity; every random draw is keyed by (entity, day,
// named stream).
#include <cstdint>
#include <vector>

#include "models/core/intervention_hooks.hpp"
#include "models/ledger/ledger.hpp"
#include "models/network/kin_network.hpp"
#include "models/network/kin_params.hpp"
#include "models/pathway/legal.hpp"
#include "models/pathway/pathway_params.hpp"
#include "models/population/population.hpp"
#include "models/workforce/staffing.hpp"
#include "models/workforce/workforce_params.hpp"
#include "sim/rng/random.hpp"
#include "sim/schedule/calendar.hpp"

namespace csc::models {

enum class EventKind : std::uint8_t {
  dormant_crisis,
  dormant_referral,
  assessment_due,
  conference_due,
  cp_review,
  adoption_order,
  dormant_review,   // the family's extra visibility after a case ends runs out
  intervention,     // an intervention's own event (generation: its index in the registry)
  dormant_episode,  // a parental factor of a family not known to services starts or ends
  pre_proceedings_end,
  final_hearing,
  reunification_breakdown,  // a child's return home breaks down (id: the child)
  adoption_match            // a child under a placement order is placed with adopters (id: the child)
};

/// The orders care proceedings end in, in the order of legal.order_weight.* (OrderWeights).
enum class FinalOrder : std::uint8_t { care, placement, guardianship, supervision, arrangements, none };

/// The parameters the pathway reads: its own, and those of the parts below it that its
/// decisions use (severity, engagement with a worker, the kin network's reach).
struct PathwayModel {
  const ReferralParams& referral;
  const AssessmentParams& assessment;
  const CinParams& cin;
  const CpParams& cp;
  const EdgeParams& edge;
  const CareParams& care;
  const FactorSeries& adoption_policy;
  const LegalParams& legal;
  const FactorSeries& proceedings_length_policy;
  const PopulationParams& population;
  const SeverityParams& severity;
  const std::vector<LaParams>& las;
  const WorkforceParams& workforce;  // engagement
  const KinParams& kin;              // how far a willing carer may be
  [[nodiscard]] PopulationModel population_model() const { return {population, severity, las}; }
};

/// The run's days as the pathway sees them: day 0 is the horizon's first day.
struct RunDays {
  const sim::Clock& clock;
  sim::Day first_day;             // first day of the burn-in
  sim::Day end;                   // the day after the run's last day
  sim::Day trend_from, trend_to;  // the referral trend's window (referral.trend_*), as days
};

/// The tables the pathway's phases read and write; the world owns them.
struct PathwayTables {
  Population& pop;
  Ledger& ledger;
  OpenCases& open;
  Staffing& staffing;
  sim::Calendar& calendar;
  const std::vector<KinNetwork>& kin;  // per LA
  const InterventionHooks& hooks;
};

class Pathway {
 public:
  Pathway(const PathwayModel& model, const sim::RunKey& key, const RunDays& days, const PathwayTables& tables);

  /// Each council's children in birth order (after the population is made or read back).
  void index_births();
  /// Children born in [from, to) join the population; those turning 18 leave it (and care).
  /// Council by council, for the warm start.
  void births_and_birthdays(sim::Day from, sim::Day to);
  /// The same for council l's children. `tagged`: councils run in parallel, and what reaches
  /// beyond the council waits in the ledger's buffers marked with each child's place in birth
  /// order.
  void council_births_and_birthdays(std::size_t l, sim::Day from, sim::Day to, bool tagged);
  /// Warm start: the looked-after stock at the burn-in's start (la.initial_looked_after_per_10k).
  void place_initial_looked_after();
  /// Every family not known to services gets its first calendar event.
  void schedule_all_dormant();
  /// Council l's calendar events of `week`, in total order, round after round until none is
  /// left; then its week is closed. `tagged`: as council_births_and_birthdays.
  void council_calendar(std::size_t l, int week, bool tagged);
  /// The week's decisions on council l's open cases: closures, escalations, the edge of care,
  /// care. When councils run in parallel, the caller holds the ledger's guards
  /// (Ledger::begin_councils_in_parallel) and sets l's tag.
  void council_decisions(std::size_t l, sim::Day d);
  /// Looked-after children of an LA under a legal status.
  [[nodiscard]] std::int32_t looked_after_under(std::size_t la, LegalStatus s) const { return legal_.count(la, s); }
  /// Its own state (the tables are the world's), for burn-in snapshots.
  template <class Archive>
  void fields(Archive& a) {
    legal_.fields(a);
    a.field(next_birth_), a.field(next_adult_);
  }

 private:
  // --- events.cpp ---
  /// Takes and handles council l's events still due in `week` (round `round` of the week), in
  /// total order; false when none was left.
  bool handle_round(std::size_t l, int week, int round, bool tagged);
  /// The council an event belongs to (its family's, or its child's family's).
  [[nodiscard]] std::size_t council_of(const sim::Event& e) const;
  /// Puts e on the calendar, in its council's buckets.
  void schedule(const sim::Event& e) { calendar_.schedule(council_of(e), e); }
  void handle(const sim::Event& e);
  void refer(std::uint32_t f, sim::Day d);
  void complete_assessment(std::uint32_t f, sim::Day d);
  void hold_conference(std::uint32_t f, sim::Day d);
  void review_cp_plan(std::uint32_t f, sim::Day d);
  void early_cp_review(std::uint32_t f, double s, sim::Day d);
  void end_cp_plan(std::uint32_t f, sim::Day d, sim::Draws& dr);
  [[nodiscard]] double plan_continue_probability(std::uint32_t f, double s, sim::Day d) const;
  /// A new CP plan for family f on day d: whether the family moved to another LA since its
  /// previous plan, which clears what the council holds on record (cp.move_rate_per_year).
  void update_council_records(std::uint32_t f, sim::Day d);
  // --- decisions.cpp ---
  void family_decisions(std::uint32_t f, sim::Day d);
  /// Proceedings for a family with a child accommodated under section 20 (weekly hazard).
  void section20_proceedings(std::uint32_t f, double s, sim::Day d);
  void join_case_at_birth(std::uint32_t c, sim::Day d);
  void adolescent_entries(std::uint32_t f, double s, sim::Day d);
  void set_family_status(std::uint32_t f, CaseStatus s, Reason reason, sim::Day d);
  void close_case(std::uint32_t f, sim::Day d, Reason reason);
  void end_case(std::uint32_t f, sim::Day d);  // the family becomes dormant
  // --- legal.cpp ---
  /// The council acts on a family at the edge of care: accommodation by agreement,
  /// pre-proceedings, or (urgent) proceedings.
  void act_on_edge(std::uint32_t f, sim::Day d);
  void end_pre_proceedings(std::uint32_t f, sim::Day d);
  /// Care proceedings for the family's children at home in its case and under section 20;
  /// `urgent`: the child at risk (and siblings, edge.sibling_share) is removed at once,
  /// otherwise each child at home with legal.interim_removal_share.
  void issue_proceedings(std::uint32_t f, sim::Day d, bool urgent);
  void final_hearing(std::uint32_t f, sim::Day d);
  /// The order of a final hearing for child c (placement orders and special guardianship
  /// fall back to a care order where they cannot be made).
  void apply_order(std::uint32_t c, FinalOrder order, sim::Day d);
  void set_legal_status(std::uint32_t c, LegalStatus s);
  /// The next step of child c's adoption, `weeks` after day d: its match (adoption_match) or
  /// its adoption order (adoption_order).
  void schedule_adoption_step(std::uint32_t c, sim::Day d, double weeks, EventKind step);
  /// Child c under a placement order is matched and placed with adopters on day d.
  void adoption_placed(std::uint32_t c, sim::Day d);
  /// Child c went home on day d: when (if ever) the return breaks down, from day `from`.
  void schedule_breakdown(std::uint32_t c, sim::Day from, sim::Day returned);
  void reunification_breakdown(std::uint32_t c, sim::Day d);
  /// A stage's hazard at the family's severity s: exp(legal.act_severity_slope x (s - edge.threshold)).
  [[nodiscard]] double risk_factor(double s) const;
  // --- care.cpp ---
  /// Children of family f enter care on day d: an index child and siblings (edge.sibling_share).
  void enter_care(std::uint32_t f, sim::Day d, LegalStatus status, Reason reason);
  /// Children (at home in the case) enter care together on day d, sharing a placement when
  /// the group is small enough (care.siblings_together).
  void place_group(std::uint32_t f, const std::vector<std::uint32_t>& group, sim::Day d, LegalStatus status,
                   Reason reason);
  /// A family not known to services gets a case for a child going into care (care only).
  void open_care_case(std::uint32_t f, sim::Day d);
  /// After children left home for care: a family with no child at home in its case is care only.
  void update_status_after_removal(std::uint32_t f);
  void care_decisions(std::uint32_t c, sim::Day d);
  void leave_care(std::uint32_t c, sim::Day d, Reason reason);
  [[nodiscard]] Placement draw_placement(std::uint32_t c, sim::Day d) const;
  [[nodiscard]] bool has_willing_carer(std::uint32_t f) const;
  // --- dormant.cpp ---
  /// The days over which a dormant family's next event is sampled, and the hazard's shape.
  struct DormantWindow {
    sim::Day t0 = 0;       // first day sampled
    sim::Day limit = 0;    // sampling stops here (the run's end, the family's last child ...)
    bool review = false;   // ... or a change of hazard: sample afresh from `limit`
    bool visible = false;  // more visible to referrers after a recent case
    bool trended = false;  // the referral trend acts on the family
    double growth = 0.0;   // log growth of the hazard a day within the window
  };
  void schedule_dormant(std::uint32_t f, sim::Day from);
  [[nodiscard]] DormantWindow dormant_window(std::uint32_t f, sim::Day from) const;
  /// Days from w.t0 to the family's next referral (w.limit - w.t0 when none falls before),
  /// when it falls no later than `other` days (the family's next crisis or episode change);
  /// otherwise +infinity, found without the search for its day.
  [[nodiscard]] double dormant_referral_time(std::uint32_t f, const DormantWindow& w, double other) const;
  [[nodiscard]] double referral_trend(sim::Day d) const;

  [[nodiscard]] sim::Draws draws(std::uint64_t entity, sim::Day d, std::uint32_t stream) const {
    return sim::Draws(key_, entity, d, stream);
  }

  PathwayModel p_;
  const sim::RunKey& key_;
  RunDays days_;
  Population& pop_;
  Ledger& ledger_;
  OpenCases& open_;
  Staffing& staffing_;
  sim::Calendar& calendar_;
  const std::vector<KinNetwork>& kin_;
  const InterventionHooks& hooks_;
  LegalRecord legal_;
  std::vector<std::vector<std::uint32_t>> births_of_;  // per council: its children's places in pop_.by_birth
  std::vector<std::size_t> next_birth_;                // per council: index into births_of_[l]
  std::vector<std::size_t> next_adult_;
};

}  // namespace csc::models
