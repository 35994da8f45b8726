// The week: one replicate's world is built once, then advanced through the named phases of
// World::step, each a call into the part that owns it.
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
  return {p.referral, p.assessment, p.cin,      p.cp,  p.edge,      p.care, p.adoption_policy,
          p.legal,    p.population, p.severity, p.las, p.workforce, p.kin};
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
  auto since = std::chrono::steady_clock::now();
  const auto lap = [&](Phase phase) {
    const auto now = std::chrono::steady_clock::now();
    profile_.seconds[static_cast<std::size_t>(phase)] += std::chrono::duration<double>(now - since).count();
    since = now;
  };
  // Named phases, in order (docs/design.md).
  open_.drop_closed(pop_.families);  // families whose case closed leave the open lists
  lap(Phase::open_lists);
  pathway_.births_and_birthdays(d0, d0 + sim::kDaysPerWeek);
  lap(Phase::births_and_birthdays);
  pathway_.process_calendar(week);  // referrals, crises, assessments, conferences, reviews, adoptions
  lap(Phase::calendar);
  const auto vacated = staffing_.turnover(week_end);                        // leavers, agency cover, recruitment
  for (auto* run : hooks_.enabled) run->after_turnover(vacated, week_end);  // caseload cap: surplus posts close
  staffing_.create_due_posts(week_end);  // posts whose hiring lag ended (caseload cap, funded programmes)
  lap(Phase::workforce);
  staffing_.allocate(week_end);  // waiting cases to workers, in priority order (caseload limit)
  for (auto* run : hooks_.enabled) run->after_allocation(week_end);  // posts for waiting cases, places, bookings
  staffing_.set_direct_shares(week_end);  // each team's share of hours with families (administrators)
  lap(Phase::allocation);
  // Casework, then decisions on open cases, council by council (casework: severity, crises;
  // decisions: closures, escalations, edge of care, care entries and exits).
  const double casework_share = casework_and_decisions(week_end);
  {
    const auto now = std::chrono::steady_clock::now();
    const double both = std::chrono::duration<double>(now - since).count();
    profile_.seconds[static_cast<std::size_t>(Phase::casework)] += both * casework_share;
    profile_.seconds[static_cast<std::size_t>(Phase::decisions)] += both * (1.0 - casework_share);
    since = now;
  }
  if (week >= burn_in_weeks_) record_week(week - burn_in_weeks_);
  // Counters restart after recording (not before the step), so that what happens before the
  // first step (the warm start, on day 0 when there is no burn-in) counts in week 0.
  ledger_.clear_week();
  lap(Phase::record);
  count_active_children();
  // Memory at the end of the burn-in, when the calendar holds the horizon's events, and again
  // at the end (finish()), when the cohort holds them: the report keeps each table's largest.
  if (week + 1 == burn_in_weeks_) profile_.memory = memory();
}

double World::casework_and_decisions(sim::Day week_end) {
  using Clock = std::chrono::steady_clock;
  const auto seconds = [](Clock::time_point a, Clock::time_point b) {
    return std::chrono::duration<double>(b - a).count();
  };
  const std::size_t las = p_.las.size();
  std::vector<double> casework_s(las, 0.0), decisions_s(las, 0.0);
  const auto council = [&](std::size_t l) {
    const auto t0 = Clock::now();
    staffing_.council_casework(l, week_end);
    const auto t1 = Clock::now();
    pathway_.council_decisions(l, week_end);
    casework_s[l] = seconds(t0, t1), decisions_s[l] = seconds(t1, Clock::now());
  };
  if (las == 1) {  // one council: nothing to buffer
    council(0);
  } else {
    // Each council's casework and then its decisions, one task per council, councils in
    // parallel: the council's open families are still in cache when its decisions read them,
    // where walking every council's casework first had evicted them (issue "England in
    // seconds"). A council's casework and decisions read and write its own families, workers
    // and counts only (what reaches further waits in the ledger's buffers, applied in council
    // order after all are done), and every draw is keyed, so the output is that of casework
    // for all councils and then decisions for all, at any thread count.
    ledger_.begin_councils_in_parallel();
    sim::parallel_for(std::size_t{0}, las, [&](std::size_t l) {
      ledger_.set_council_tag(l, {static_cast<std::int64_t>(l), 0});  // a serial walk goes council by council
      council(l);
    });
    ledger_.end_councils_in_parallel();
  }
  const double casework = std::accumulate(casework_s.begin(), casework_s.end(), 0.0);
  const double decisions = std::accumulate(decisions_s.begin(), decisions_s.end(), 0.0);
  return casework + decisions > 0.0 ? casework / (casework + decisions) : 0.5;
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
