// The calendar's events on the care pathway (docs/design.md, The model): referral,
// assessment, section 47 enquiry and conference, CP plans and their reviews, adoption orders,
// and interventions' own events. Decisions read the family's latent severity; every random
// draw is keyed by (entity, day, named stream).
#include <algorithm>
#include <cmath>
#include <cstdint>

#include "models/core/streams.hpp"
#include "models/pathway/hazards.hpp"
#include "models/pathway/pathway.hpp"

namespace csc::models {

using hazards::above;

namespace {

/// A duration set in months (review timescales), in whole days.
sim::Day days_of(double months) { return static_cast<sim::Day>(months * sim::kDaysPerMonth); }

/// The event is about a child (its id is a child's), not a family.
bool of_child(const sim::Event& e) {
  const auto kind = static_cast<EventKind>(e.kind);
  return kind == EventKind::adoption_match || kind == EventKind::adoption_order ||
         kind == EventKind::reunification_breakdown;
}

/// Asks for the rows that handling event e reads. Always inlined (prefetch_casework_rows says why).
[[gnu::always_inline]] inline void prefetch_event(const Population& pop, const sim::Event& e) {
  // The calendar's events come in order of day, not of family, so each family's rows are a
  // cache miss in a large council: ask for them ahead (prefetch_event_rows).
  const auto& fam = pop.families;
  if (of_child(e)) {
    prefetch_child_rows(pop.children, e.id, e.id + 1);
    return;
  }
  prefetch_event_rows(fam, e.id);
}

/// Event e's place in the total order of a week's events (sim::Event's order: day, priority,
/// kind, then id) as the ledger's tag, in round `round` of the calendar step. Two councils'
/// events never share one: within a kind, ids are all families' or all children's, and each
/// belongs to one council.
Ledger::SerialTag serial_tag(const sim::Event& e, int round) {
  return {Ledger::Step::calendar, round, std::int64_t{e.day} * 65536 + std::int64_t{e.priority} * 256 + e.kind, e.id};
}

}  // namespace

void Pathway::council_calendar(std::size_t l, int week, bool tagged) {
  // Handling an event may schedule another in the same week (a short assessment); keep taking
  // the week's bucket, round after round, until it is empty. The rounds of a serial walk of
  // all councils take each council's bucket in the same rounds: a council schedules only for
  // its own families, so what another council does never adds to its bucket.
  for (int round = 0; handle_round(l, week, round, tagged); ++round) {
  }
  // Decisions later in the council's week may still schedule events due this week (a case
  // closing at week end); they run at the start of the next week.
  calendar_.close_week(week, l);
}

bool Pathway::handle_round(std::size_t l, int week, int round, bool tagged) {
  // The council's own events of the week, sorted there (not in one serial sort of the whole
  // week), handled in total order: an event changes its family's or child's rows and its
  // council's counts and queues, and schedules events for its own council; when councils run
  // in parallel, event rows and children's home moves wait in the ledger, tagged with the
  // event's place in the total order of all councils' events, and are applied in that order
  // after the step (as a serial walk of the week's events, council by council in the same
  // order, makes them). Each loop asks for the rows of the event kAhead places on
  // (prefetch_event).
  constexpr std::size_t kAhead = 8;
  const std::vector<sim::Event> batch = calendar_.take_week(week, l);
  for (std::size_t k = 0; k < batch.size(); ++k) {
    if (k + kAhead < batch.size()) prefetch_event(pop_, batch[k + kAhead]);
    if (tagged) ledger_.set_council_tag(l, serial_tag(batch[k], round));
    handle(batch[k]);
  }
  return !batch.empty();
}

std::size_t Pathway::council_of(const sim::Event& e) const {
  return pop_.families.la[of_child(e) ? pop_.children.rows[e.id].family : e.id];
}

void Pathway::handle(const sim::Event& e) {
  auto& fam = pop_.families;
  const auto kind = static_cast<EventKind>(e.kind);
  if (kind == EventKind::adoption_match || kind == EventKind::adoption_order) {
    const ChildCore& child = pop_.children.rows[e.id];
    const bool placed = child.placement == Placement::placed_for_adoption;
    if (child.state != ChildState::looked_after || child.legal_status != LegalStatus::placement_order ||
        pop_.children.adoption_due[e.id] != e.day || placed != (kind == EventKind::adoption_order)) {
      return;
    }
    if (placed) {
      leave_care(e.id, e.day, Reason::adopted);
    } else {
      adoption_placed(e.id, e.day);
    }
    return;
  }
  if (kind == EventKind::reunification_breakdown) {  // the child is still at home after its return
    const ChildState s = pop_.children.rows[e.id].state;
    if (legal_.breakdown_due[e.id] == e.day && s != ChildState::looked_after && s != ChildState::left &&
        pop_.children.alive(e.id, e.day)) {
      reunification_breakdown(e.id, e.day);
    }
    return;
  }
  const std::uint32_t f = e.id;
  if (kind == EventKind::intervention) {  // belongs to the family's case, not its status
    if (hooks_.at[e.generation]) hooks_.at[e.generation]->on_event(f, e.day);
    return;
  }
  // The legal route's steps belong to the family's stage, not its case status.
  if (kind == EventKind::pre_proceedings_end || kind == EventKind::final_hearing) {
    const LegalStage stage =
        kind == EventKind::pre_proceedings_end ? LegalStage::pre_proceedings : LegalStage::proceedings;
    if (fam.cases[f].legal_stage != stage || legal_.due[f] != e.day) return;
    if (kind == EventKind::final_hearing) {
      final_hearing(f, e.day);
    } else {
      end_pre_proceedings(f, e.day);
    }
    return;
  }
  if (fam.cases[f].generation != e.generation) return;  // superseded
  switch (kind) {
    case EventKind::dormant_crisis: {
      if (fam.cases[f].status != CaseStatus::dormant) return;
      bring_up_to_date(fam, f, e.day, p_.severity);
      auto d = draws(f, e.day, stream_id(Stream::crisis_size));
      fam.sev[f].acute += static_cast<float>(d.exponential(1.0 / p_.severity.crisis_size_mean));
      ledger_.note(f, e.day, Reason::crisis);
      schedule_dormant(f, e.day + 1);  // a later day: its draws are keyed afresh
      return;
    }
    case EventKind::dormant_episode:
      if (fam.cases[f].status != CaseStatus::dormant) return;
      bring_up_to_date(fam, f, e.day, p_.severity);
      advance_episodes(fam, key_, f, e.day, p_.population_model());
      schedule_dormant(f, e.day + 1);
      return;
    case EventKind::dormant_review:
      if (fam.cases[f].status == CaseStatus::dormant) schedule_dormant(f, e.day);
      return;
    case EventKind::dormant_referral:
      if (fam.cases[f].status == CaseStatus::dormant) refer(f, e.day);
      return;
    case EventKind::assessment_due:
      if (fam.cases[f].status != CaseStatus::assessment) return;
      if (fam.cases[f].worker == kNone) {  // no worker yet: the assessment waits for allocation
        schedule({e.day + sim::kDaysPerWeek, 0, e.kind, f, e.generation});
        return;
      }
      complete_assessment(f, e.day);
      return;
    case EventKind::conference_due:
      if (fam.cases[f].status == CaseStatus::s47) hold_conference(f, e.day);
      return;
    case EventKind::cp_review:
      if (fam.cases[f].status == CaseStatus::cp) review_cp_plan(f, e.day);
      return;
    default: return;
  }
}

void Pathway::refer(std::uint32_t f, sim::Day d) {
  auto& fam = pop_.families;
  auto& ch = pop_.children;
  bring_up_to_date(fam, f, d, p_.severity);
  std::uint32_t referred = 0;
  for (auto c = fam.first_child[f]; c < fam.first_child[f + 1]; ++c) {
    // Children in care are already known; everyone else alive is referred with the family.
    if (!pop_.children.alive(c, d) || ch.rows[c].state == ChildState::left ||
        ch.rows[c].state == ChildState::looked_after)
      continue;
    const bool again = ch.last_referral[c] != kNever && d - ch.last_referral[c] <= 365;
    ch.last_referral[c] = d;
    ledger_.set_state(c, ChildState::assessment, again ? Reason::re_referral : Reason::referral, d);
    ++referred;
  }
  if (referred == 0) {  // every child has left (adopted, special guardianship)
    schedule_dormant(f, d + 1);
    return;
  }
  fam.cases[f].status = CaseStatus::assessment;
  const std::uint32_t gen = ++fam.cases[f].generation;
  fam.cases[f].waiting_since = d;
  fam.cases[f].edge = 0;
  open_.open(pop_.families, f);

  // Engagement: families with more parental risk factors engage less (evidence FIT-1).
  int parental = 0;
  for (std::size_t r = 0; r < kRiskCount; ++r) {
    parental += (is_parental(r) && (fam.risk_mask[f] >> r & 1u)) ? 1 : 0;
  }
  const auto& wp = p_.workforce;
  const double p_engage = std::clamp(wp.engagement_base - wp.engagement_per_parental_risk * parental, 0.0, 1.0);
  fam.cases[f].engaged = draws(f, d, stream_id(Stream::engagement)).bernoulli(p_engage) ? 1 : 0;
  if (fam.cases[f].engaged) ledger_.note(f, d, Reason::engaged);

  // Assessment length: lognormal in working days (evidence.md s1: mean ~28, limit 45).
  const auto& ap = p_.assessment;
  auto dl = draws(f, d, stream_id(Stream::assessment_length));
  const double sd = ap.length_sd_log;
  const double length = ap.mean_working_days * std::exp(sd * dl.normal() - 0.5 * sd * sd);
  const int working_days = std::max(1, static_cast<int>(std::lround(length)));
  schedule(
      {days_.clock.add_working_days(d, working_days), 0, static_cast<std::uint8_t>(EventKind::assessment_due), f, gen});
}

void Pathway::complete_assessment(std::uint32_t f, sim::Day d) {
  auto& fam = pop_.families;
  bring_up_to_date(fam, f, d, p_.severity);
  const auto& ap = p_.assessment;
  auto dr = draws(f, d, stream_id(Stream::assessment_outcome));
  const double assessed = severity(fam, f, p_.severity) + ap.noise_sd * dr.normal();
  if (assessed > ap.s47_threshold) {
    set_family_status(f, CaseStatus::s47, Reason::strategy_s47, d);
    schedule({days_.clock.add_working_days(d, ap.s47_working_days_to_conference), 0,
              static_cast<std::uint8_t>(EventKind::conference_due), f, fam.cases[f].generation});
  } else if (assessed > ap.cin_threshold) {
    set_family_status(f, CaseStatus::cin, Reason::assessed_in_need, d);
  } else {
    close_case(f, d, Reason::no_further_action);
  }
}

void Pathway::hold_conference(std::uint32_t f, sim::Day d) {
  // The s47 enquiry ends: concerns not substantiated (no conference, the child stays in need),
  // or an initial child protection conference, which makes a plan or not (evidence.md s1:
  // ~55% of enquiries reach a conference and ~85% of conferences make a plan).
  auto& fam = pop_.families;
  bring_up_to_date(fam, f, d, p_.severity);
  const auto& ap = p_.assessment;
  auto dr = draws(f, d, stream_id(Stream::conference_outcome));
  const double assessed = severity(fam, f, p_.severity) + ap.conference_noise_sd * dr.normal();
  if (assessed > ap.cp_threshold) {
    update_council_records(f, d);
    ++fam.cp_plans_made[f];
    set_family_status(f, CaseStatus::cp, Reason::cp_plan, d);
    for (auto* run : hooks_.enabled) run->on_cp_plan(f, d);
    schedule({d + days_of(p_.cp.first_review_months), 0, static_cast<std::uint8_t>(EventKind::cp_review), f,
              fam.cases[f].generation});
  } else if (assessed > ap.conference_threshold) {
    set_family_status(f, CaseStatus::cin, Reason::conference_no_plan, d);
  } else {
    set_family_status(f, CaseStatus::cin, Reason::s47_unsubstantiated, d);
  }
}

void Pathway::update_council_records(std::uint32_t f, sim::Day d) {
  // The DfE counts a plan as a second or later one when the child had an earlier plan in the
  // same council, however long ago (Characteristics of children in need, table D3; the former
  // NI 65). Families move between LAs, and more often than others those known to services for
  // domestic abuse or homelessness (cross-boundary procedure of the North of England LSCBs).
  // The model's LAs are closed populations, so a move is represented only where it changes a
  // figure: the new council has no record of the earlier plans. Moves are a Poisson process
  // (cp.move_rate_per_year), so the chance of at least one move since the previous plan is
  // 1 - exp(-rate x years); one draw at each new plan is exact for what the count needs.
  auto& fam = pop_.families;
  const sim::Day previous = fam.last_plan_day[f];
  fam.last_plan_day[f] = d;
  if (previous == kNever || p_.cp.move_rate_per_year <= 0.0) return;
  const double p_moved = -std::expm1(-p_.cp.move_rate_per_year * (d - previous) / 365.25);
  if (!draws(f, d, stream_id(Stream::family_move)).bernoulli(p_moved)) return;
  for (auto c = fam.first_child[f]; c < fam.first_child[f + 1]; ++c) pop_.children.cp_plans_known[c] = 0;
}

void Pathway::review_cp_plan(std::uint32_t f, sim::Day d) {
  // Review conferences at 3 months and then every 6 months (Working Together 2013) are the
  // points where plans end, which shapes the distribution of plan lengths (evidence.md s1).
  auto& fam = pop_.families;
  bring_up_to_date(fam, f, d, p_.severity);
  auto dr = draws(f, d, stream_id(Stream::cp_review));
  if (!dr.bernoulli(plan_continue_probability(f, severity(fam, f, p_.severity), d))) return end_cp_plan(f, d, dr);
  schedule({d + days_of(p_.cp.review_interval_months), 0, static_cast<std::uint8_t>(EventKind::cp_review), f,
            fam.cases[f].generation});
}

void Pathway::early_cp_review(std::uint32_t f, double s, sim::Day d) {
  // The review timescales are limits ("within three months", "at intervals of not more than
  // six months"), and a review is brought forward when a child's circumstances change
  // (evidence.md CP-REV-1): between the scheduled reviews, after the first, a review is held
  // early at cp.early_review_rate_per_week. It decides as a later review does; a plan it
  // continues keeps its scheduled review. Without it a plan can end only at 3, 9, 15, ...
  // months, and the model's plans ended at 3-6 months were 6.5% against England's 11.4%.
  const auto& cp = p_.cp;
  if (cp.early_review_rate_per_week <= 0.0) return;
  if (d - pop_.families.last_plan_day[f] <= days_of(cp.first_review_months)) return;
  auto dr = draws(f, d, stream_id(Stream::cp_early_review));
  if (!dr.occurs(cp.early_review_rate_per_week)) return;
  if (dr.bernoulli(plan_continue_probability(f, s, d))) return;
  end_cp_plan(f, d, dr);
}

double Pathway::plan_continue_probability(std::uint32_t f, double s, sim::Day d) const {
  // A review keeps the plan with a probability that rises smoothly with the family's severity.
  const auto& cp = p_.cp;
  double p_continue = above(s, cp.end_threshold, cp.softness);
  const sim::Day length = d - pop_.families.last_plan_day[f];
  // The first review has seen three months of change; it ends plans less readily than a later
  // one at the same severity (cp.first_review_end_factor; evidence.md s1's lengths of plans
  // ended put 18.7% within 3 months, the model at 1 about 40%).
  if (cp.first_review_end_factor != 1.0 && length <= days_of(cp.first_review_months)) {
    p_continue = 1.0 - (1.0 - p_continue) * cp.first_review_end_factor;
  }
  // A plan that has run for long is looked at harder: the DfE reports to each council, as a
  // key indicator, its children on a plan for 2 years or more, and publishes plans ended by
  // length (evidence.md CP-REV-3), so a long plan ends more readily than a young one at the
  // same severity (cp.long_plan_continue_factor from cp.long_plan_months; an assumption set
  // to the lengths of plans ended, CP-REV-4).
  if (cp.long_plan_continue_factor != 1.0 && length >= days_of(cp.long_plan_months)) {
    p_continue *= cp.long_plan_continue_factor;
  }
  return p_continue;
}

void Pathway::end_cp_plan(std::uint32_t f, sim::Day d, sim::Draws& dr) {
  // A review that ends a plan steps the case down to child in need or closes it.
  if (dr.bernoulli(p_.cp.step_down_share)) {
    set_family_status(f, CaseStatus::cin, Reason::cp_step_down, d);
  } else {
    close_case(f, d, Reason::cp_closed);
  }
}

}  // namespace csc::models
