#pragma once
// One replicate's world: population, workforce, calendar and the recorder, advanced week by
// week through named phases (docs/design.md). World::step lists them; they live in the
// files of this folder: week.cpp (the loop, births and birthdays, state bookkeeping,
// recording), dormant.cpp (families not known to services), pathway.cpp (referral to the
// edge of care), care.cpp (care entry, placement and exits), workforce.cpp (turnover,
// recruitment, allocation, casework) and interventions.cpp (the registry's interventions:
// what their hooks see, and where they run).
#include <cstdint>
#include <memory>
#include <vector>

#include "models/interventions/intervention.hpp"
#include "models/network/kin_network.hpp"
#include "models/output/replicate_result.hpp"
#include "models/params/params.hpp"
#include "models/population/population.hpp"
#include "models/workforce/workforce.hpp"
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
  dormant_review,  // the family's extra visibility after a case ends runs out
  intervention,    // an intervention's own event (generation: its index in the registry)
  dormant_episode  // a parental factor of a family not known to services starts or ends
};

/// home_host_ of a child in no LA's home: not in a home, or in a private home outside every LA.
inline constexpr std::size_t kNoHost = 0xFFFF;

class World {
 public:
  World(const Params& params, std::uint64_t seed, std::uint32_t replicate);
  ~World();
  World(const World&) = delete;
  World& operator=(const World&) = delete;

  /// Runs burn-in and horizon; `on_week` is called after every simulated week.
  template <class OnWeek>
  ReplicateResult run(OnWeek&& on_week) {
    for (int w = 0; w < total_weeks_; ++w) {
      step(w);
      on_week();
    }
    return finish();
  }

  [[nodiscard]] int total_weeks() const { return total_weeks_; }

 private:
  // --- week.cpp ---
  void step(int week);
  void drop_closed_cases();
  void births_and_birthdays(sim::Day from, sim::Day to);
  void record_week(int week_in_horizon);
  ReplicateResult finish();
  void place_initial_looked_after();
  void build_kin_networks();
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
  /// Days from w.t0 to the family's next referral (w.limit - w.t0 when none falls before).
  [[nodiscard]] double dormant_referral_time(std::uint32_t f, const DormantWindow& w) const;
  [[nodiscard]] double referral_trend(sim::Day d) const;
  // --- pathway.cpp ---
  void process_calendar(int week);
  void handle(const sim::Event& e);
  void end_case(std::uint32_t f, sim::Day d);  // the family becomes dormant
  void refer(std::uint32_t f, sim::Day d);
  void complete_assessment(std::uint32_t f, sim::Day d);
  void hold_conference(std::uint32_t f, sim::Day d);
  void review_cp_plan(std::uint32_t f, sim::Day d);
  /// A new CP plan for family f on day d: whether the family moved to another LA since its
  /// previous plan, which clears what the council holds on record (cp.move_rate_per_year).
  void update_council_records(std::uint32_t f, sim::Day d);
  /// Something about family f on day d (a crisis, its engagement): one /cohort/events row,
  /// state unchanged, on the family's first child known to services, so that cohorts can
  /// count it (see is_family_note).
  void record_family_note(std::uint32_t f, sim::Day d, Reason what);
  void weekly_decisions(sim::Day d);
  void family_decisions(std::uint32_t f, sim::Day d);
  void set_family_status(std::uint32_t f, CaseStatus s, Reason reason, sim::Day d);
  void close_case(std::uint32_t f, sim::Day d, Reason reason);
  void open_case(std::uint32_t f);
  // --- care.cpp ---
  void enter_care(std::uint32_t f, sim::Day d);
  void care_decisions(std::uint32_t c, sim::Day d);
  void leave_care(std::uint32_t c, sim::Day d, Reason reason);
  [[nodiscard]] Placement draw_placement(std::uint32_t c, sim::Day d) const;
  // --- workforce.cpp ---
  void build_workforce();
  /// Returns the posts whose worker left, in post order.
  std::vector<std::uint32_t> turnover(sim::Day d);
  void allocate(sim::Day d);
  void casework(sim::Day week_end);
  /// Casework for one batch of an LA's open families (its steps, in order).
  void casework_batch(CaseworkBatch& batch);
  // casework's per-family steps (each writes only family f's row)
  void wait_for_worker(std::uint32_t f);
  void casework_effect(std::uint32_t f, double extra, sim::Day week_end);
  void open_case_crisis(std::uint32_t f, sim::Day week_end, double crisis_rate);
  void recount_caseloads();
  void release_worker(std::uint32_t f);
  void record_workforce(int week_in_horizon, int la);
  void record_spend(int week_in_horizon, int la);
  std::uint32_t add_post(std::size_t la, std::uint16_t team, PostStatus status);
  // --- interventions.cpp (the hooks of the registry's interventions) ---
  void start_interventions();
  void create_due_posts(sim::Day d);
  void interventions_after_allocation(sim::Day d);
  /// Each team's share of social workers' hours with families this week (administrators).
  void set_direct_shares(sim::Day d);
  [[nodiscard]] int caseload_limit(std::size_t la, sim::Day d) const;
  // --- state bookkeeping (week.cpp) ---
  void set_state(std::uint32_t c, ChildState s, Reason reason, sim::Day d);
  void set_placement(std::uint32_t c, Placement p, sim::Day d, bool record_change);
  void take_home_place(std::uint32_t c, std::size_t la);
  void release_home_place(std::uint32_t c, std::size_t la);
  void count(Metric m, std::uint32_t f, float n = 1.0f);
  [[nodiscard]] bool at_home_in_case(std::uint32_t c) const;
  [[nodiscard]] std::uint32_t case_children(std::uint32_t f) const;
  [[nodiscard]] double case_weight(std::uint32_t f) const;
  [[nodiscard]] bool alive(std::uint32_t c, sim::Day d) const;
  [[nodiscard]] int age_years(std::uint32_t c, sim::Day d) const;
  [[nodiscard]] bool has_willing_carer(std::uint32_t f) const;
  [[nodiscard]] sim::Draws draws(std::uint64_t entity, sim::Day d, std::uint32_t stream) const {
    return sim::Draws(key_, entity, d, stream);
  }
  [[nodiscard]] bool recording(sim::Day d) const { return d >= 0; }

  const Params& p_;
  sim::RunKey key_;
  sim::Clock clock_;
  sim::Day first_day_;              // first day of the burn-in
  sim::Day trend_from_, trend_to_;  // the referral trend's window (referral.trend_*), as days
  int burn_in_weeks_;
  int horizon_weeks_;
  int total_weeks_;
  Population pop_;
  Workforce wf_;
  sim::Calendar calendar_;
  std::vector<std::vector<std::uint32_t>> open_;  // open families per LA, in opening order
  std::vector<KinNetwork> kin_;                   // per LA
  std::vector<double> direct_share_;              // per team (Workforce team index), this week
  std::vector<std::uint8_t> listed_;              // family is in open_
  std::size_t next_birth_ = 0;                    // index into pop_.by_birth
  std::size_t next_adult_ = 0;
  std::vector<std::int32_t> state_count_;       // [la][state]
  std::vector<std::int32_t> placement_count_;   // [la][placement]
  std::vector<std::uint16_t> home_host_;        // per child in a children's home: the LA hosting it
  std::vector<std::int32_t> home_places_used_;  // [la] places of the LA's homes taken (any LA's children)
  std::vector<std::int32_t> out_of_area_;       // [la] its children in homes outside it
  std::vector<std::int32_t> alive_;             // [la] children aged 0-17
  std::vector<float> flows_;                    // [la][metric] for the current week
  std::vector<std::int32_t> entries_, exits_;   // [la][state] for the current week
  ReplicateResult out_;
  // The registry's interventions: what their hooks see, and their runs (null when disabled).
  class Access;  // the world's WorldAccess (interventions.cpp)
  std::unique_ptr<WorldAccess> access_;
  std::vector<std::unique_ptr<InterventionRun>> runs_;  // in registry order
  std::vector<InterventionRun*> on_;                    // the enabled ones, in registry order
};

}  // namespace csc::models
