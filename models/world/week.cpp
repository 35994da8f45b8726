// The week: one replicate's world is built once, then advanced week by week (World::step),
// each council through the named phases of World::council_week, each a call into the part
// that owns it.
#include <chrono>
#include <numeric>
#include <utility>
#include <vector>

#include "models/network/informal_support.hpp"
#include "models/world/world.hpp"
#include "sim/io/state_archive.hpp"
#include "sim/run/parallel.hpp"

namespace csc::models {
namespace {

/// Day of a date relative to the run's start (day 0).
sim::Day day_of(const sim::Date& date, const Params& p) {
  return static_cast<sim::Day>(date.serial() - p.run.start_date.serial());
}

PathwayModel pathway_model(const Params& p) {
  return {p.referral,
          p.assessment,
          p.cin,
          p.cp,
          p.edge,
          p.care,
          p.adoption_policy,
          p.legal,
          p.proceedings_length_policy,
          p.population,
          p.severity,
          p.las,
          p.workforce,
          p.kin};
}

}  // namespace

World::World(const Params& params, std::uint64_t seed, std::uint32_t replicate)
    : World(params, seed, replicate,
            generate_population(params.population_model(), sim::RunKey{seed, replicate},
                                -params.burn_in_weeks() * sim::kDaysPerWeek,
                                params.horizon_weeks() * sim::kDaysPerWeek)) {
  count_children_at_start();
  staffing_.build();
  start_interventions();
  kin_ = build_kin_networks(p_.kin, key_, pop_);
  pathway_.index_births();
  pathway_.births_and_birthdays(kNever, first_day_);
  pathway_.place_initial_looked_after();
  pathway_.schedule_all_dormant();
}

World::World(const Params& params, std::uint64_t seed, std::uint32_t replicate, std::span<const char> burn_in_state)
    : World(params, seed, replicate, Population{}) {
  sim::StateReader in(burn_in_state);
  int weeks[2] = {0, 0};
  in.field(weeks);
  if (weeks[0] != burn_in_weeks_ || weeks[1] != total_weeks_) throw sim::StateMismatch("state of another run length");
  fields(in);
  in.finish();
  pathway_.index_births();
  count_children_at_start();
  // As the fresh world does it (the interventions see the population, then the networks are
  // built), but the networks only: the crisis rates they scale were read with the state.
  start_interventions();
  kin_ = kin_networks(p_.kin, key_, pop_);
  first_week_ = burn_in_weeks_;
}

std::vector<char> World::burn_in_state() {
  sim::StateWriter out;
  const int weeks[2] = {burn_in_weeks_, total_weeks_};
  out.field(weeks);
  fields(out);
  return out.take();
}

void World::count_children_at_start() {
  for (std::uint32_t c = 0; c < pop_.children.size(); ++c) {
    if (pop_.children.alive(c, 0)) ++out_.children_at_start;
  }
}

World::World(const Params& params, std::uint64_t seed, std::uint32_t replicate, Population pop)
    : p_(params),
      key_{seed, replicate},
      clock_(params.run.start_date),
      first_day_(-params.burn_in_weeks() * sim::kDaysPerWeek),
      burn_in_weeks_(params.burn_in_weeks()),
      horizon_weeks_(params.horizon_weeks()),
      total_weeks_(params.burn_in_weeks() + params.horizon_weeks()),
      pop_(std::move(pop)),
      calendar_(first_day_, total_weeks_, params.las.size()),
      open_(params.las.size(), pop_.families.size()),
      ledger_(pop_, params.las, params.run.record_events, out_),
      staffing_(params.workforce, params.population_model(), key_, pop_, wf_, ledger_, open_, hooks_),
      pathway_(pathway_model(params), key_,
               RunDays{clock_, first_day_, first_day_ + total_weeks_ * sim::kDaysPerWeek,
                       day_of(params.referral.trend_from, params), day_of(params.referral.trend_to, params)},
               PathwayTables{pop_, ledger_, open_, staffing_, calendar_, kin_, hooks_}) {
  const std::size_t las = p_.las.size();
  out_.replicate = replicate;
  out_.weeks = horizon_weeks_;
  out_.las = static_cast<int>(las);
  const auto cells = static_cast<std::size_t>(horizon_weeks_) * las;
  out_.series.assign(kMetricCount * cells, 0.0f);
  out_.state_count.assign(cells * kStateCount, 0);
  out_.state_entries.assign(cells * kStateCount, 0);
  out_.state_exits.assign(cells * kStateCount, 0);
}

void World::step(int week) {
  const sim::Day d0 = first_day_ + week * sim::kDaysPerWeek;
  const sim::Day week_end = d0 + sim::kDaysPerWeek - 1;
  // The phases' wall-clock times go to the profile (`cscsim run --profile`), never to output.
  using Clock = std::chrono::steady_clock;
  const auto start = Clock::now();
  // Each council's whole week, its phases back to back, councils in parallel: a council's
  // open families are still in cache from one phase to the next, where walking every council
  // through a phase before the next phase had evicted them (issue "England in seconds":
  // England's phases cost about a quarter less per active child-week this way). A council's
  // phases read and write its own families, children, workers, counts and calendar buckets
  // only; what reaches further waits in the ledger's buffers (event rows, children's home
  // moves) or in the workforce's (posts asked for), and is applied after all councils, in
  // the order a serial walk of the week phase by phase makes it (the ledger's tags). Every
  // draw is keyed, so the output is that walk's at any thread count.
  const std::size_t las = p_.las.size();
  std::vector<std::array<double, kPhaseCount>> seconds(las);
  staffing_.reserve_due_posts(week_end);  // numbered before the councils start, as the walk numbers them
  if (las == 1) {                         // one council: nothing to buffer
    council_week(0, week, false, seconds[0]);
  } else {
    ledger_.begin_councils_in_parallel();
    sim::parallel_for(std::size_t{0}, las, [&](std::size_t l) { council_week(l, week, true, seconds[l]); });
    ledger_.end_councils_in_parallel();
  }
  staffing_.make_posts_asked_for();  // the posts interventions asked for, council by council
  // The step's wall time, split between the phases by their summed time over the councils.
  {
    std::array<double, kPhaseCount> sum{};
    for (const auto& council : seconds) {
      for (std::size_t ph = 0; ph < kPhaseCount; ++ph) sum[ph] += council[ph];
    }
    const double total = std::accumulate(sum.begin(), sum.end(), 0.0);
    const double wall = std::chrono::duration<double>(Clock::now() - start).count();
    for (std::size_t ph = 0; ph < kPhaseCount; ++ph) {
      profile_.seconds[ph] += total > 0.0 ? wall * sum[ph] / total : 0.0;
    }
  }
  const auto before_record = Clock::now();
  if (week >= burn_in_weeks_) record_week(week - burn_in_weeks_);
  // Counters restart after recording (not before the step), so that what happens before the
  // first step (the warm start, on day 0 when there is no burn-in) counts in week 0.
  ledger_.clear_week();
  profile_.seconds[static_cast<std::size_t>(Phase::record)] +=
      std::chrono::duration<double>(Clock::now() - before_record).count();
  count_active_children();
  // Memory at the end of the burn-in, when the calendar holds the horizon's events, and again
  // at the end (finish()), when the cohort holds them: the report keeps each table's largest.
  if (week + 1 == burn_in_weeks_) profile_.memory = memory();
}

void World::council_week(std::size_t l, int week, bool tagged, std::array<double, kPhaseCount>& seconds) {
  const sim::Day d0 = first_day_ + week * sim::kDaysPerWeek;
  const sim::Day week_end = d0 + sim::kDaysPerWeek - 1;
  using Clock = std::chrono::steady_clock;
  auto since = Clock::now();
  const auto lap = [&](Phase phase) {
    const auto now = Clock::now();
    seconds[static_cast<std::size_t>(phase)] += std::chrono::duration<double>(now - since).count();
    since = now;
  };
  using Step = Ledger::Step;
  const auto tag = [&](Step step, std::int32_t sub = 0) {
    if (tagged) ledger_.set_council_tag(l, {step, sub, static_cast<std::int64_t>(l), 0});
  };
  // Named phases, in order (docs/design.md).
  open_.drop_closed(l, pop_.families);  // families whose case closed leave the open list
  lap(Phase::open_lists);
  pathway_.council_births_and_birthdays(l, d0, d0 + sim::kDaysPerWeek, tagged);
  lap(Phase::births_and_birthdays);
  pathway_.council_calendar(l, week, tagged);  // referrals, crises, assessments, conferences, reviews, adoptions
  lap(Phase::calendar);
  tag(Step::workforce);
  const auto vacated = staffing_.council_turnover(l, week_end);                // leavers, agency cover, recruitment
  for (auto* run : hooks_.enabled) run->after_turnover(l, vacated, week_end);  // caseload cap: surplus posts close
  staffing_.council_create_due_posts(l);  // posts whose hiring lag ended (caseload cap, funded programmes)
  lap(Phase::workforce);
  staffing_.council_allocate(l, week_end);  // waiting cases to workers, in priority order (caseload limit)
  for (std::size_t i = 0; i < hooks_.enabled.size(); ++i) {
    tag(Step::allocation_hooks, static_cast<std::int32_t>(i));
    hooks_.enabled[i]->after_allocation(l, week_end);  // posts for waiting cases, places, bookings
  }
  staffing_.council_direct_shares(l, week_end);  // each team's share of hours with families (administrators)
  lap(Phase::allocation);
  // Casework (severity, crises), then decisions on open cases (closures, escalations, edge of
  // care, care entries and exits).
  tag(Step::casework_and_decisions);
  staffing_.council_casework(l, week_end);
  lap(Phase::casework);
  pathway_.council_decisions(l, week_end);
  lap(Phase::decisions);
}

void World::count_active_children() {
  using enum ChildState;
  for (std::size_t l = 0; l < p_.las.size(); ++l) {
    for (const ChildState s : {assessment, cin, s47, cp, looked_after}) {
      profile_.active_child_weeks += static_cast<std::uint64_t>(ledger_.stock(l, s));
    }
  }
  ++profile_.weeks;
}

}  // namespace csc::models
