// The care pathway (DESIGN.md section 3): referral, assessment, section 47 enquiry and
// conference, CIN and CP plans, the edge of care, care and its exits. Decisions read the
// family's latent severity; every random draw is keyed by (entity, day, named stream).
#include <algorithm>
#include <cmath>

#include "models/core/streams.hpp"
#include "models/world/world.hpp"

namespace csc::models {
namespace {

/// A duration set in months (review timescales), in whole days.
sim::Day days_of(double months) { return static_cast<sim::Day>(months * sim::kDaysPerMonth); }

ChildState child_state_of(CaseStatus s) {
  switch (s) {
    case CaseStatus::assessment: return ChildState::assessment;
    case CaseStatus::cin: return ChildState::cin;
    case CaseStatus::s47: return ChildState::s47;
    case CaseStatus::cp: return ChildState::cp;
    default: return ChildState::closed;
  }
}

double weekly_probability(double rate_per_week) { return 1.0 - std::exp(-rate_per_week); }

/// Integral of exp(k u) over [0, t]; exact for k = 0.
double integral_exp(double k, double t) { return k == 0.0 ? t : std::expm1(k * t) / k; }

/// Smooth step from 0 (severity well below the threshold) to 1 (well above): practice
/// decisions respond to need gradually, not at a sharp cut-off.
double above(double severity, double threshold, double softness) {
  return 1.0 / (1.0 + std::exp(-(severity - threshold) / softness));
}

}  // namespace

void World::process_calendar(int week) {
  // Handling an event may schedule another in the same week (a short assessment); keep taking
  // the week's bucket until it is empty. Each batch is in total order.
  for (auto batch = calendar_.take_week(week); !batch.empty(); batch = calendar_.take_week(week)) {
    for (const sim::Event& e : batch) handle(e);
  }
  // Decisions later in the step may still schedule events due this week (a case closing at
  // week end); they run at the start of the next week.
  calendar_.close_week(week);
}

void World::handle(const sim::Event& e) {
  auto& fam = pop_.families;
  const auto kind = static_cast<EventKind>(e.kind);
  if (kind == EventKind::adoption_order) {
    const auto& ch = pop_.children;
    if (ch.state[e.id] == ChildState::looked_after && ch.placement[e.id] == Placement::placed_for_adoption &&
        ch.adoption_order_due[e.id] == e.day) {
      leave_care(e.id, e.day, Reason::adopted);
    }
    return;
  }
  const std::uint32_t f = e.id;
  if (kind == EventKind::intervention) {  // belongs to the family's case, not its status
    if (runs_[e.generation]) runs_[e.generation]->on_event(f, e.day);
    return;
  }
  if (fam.generation[f] != e.generation) return;  // superseded
  switch (kind) {
    case EventKind::dormant_crisis: {
      if (fam.status[f] != CaseStatus::dormant) return;
      bring_up_to_date(fam, f, e.day, p_.severity);
      auto d = draws(f, e.day, stream_id(Stream::crisis_size));
      fam.acute[f] += static_cast<float>(d.exponential(1.0 / p_.severity.crisis_size_mean));
      record_family_note(f, e.day, Reason::crisis);
      schedule_dormant(f, e.day + 1);  // a later day: its draws are keyed afresh
      return;
    }
    case EventKind::dormant_episode:
      if (fam.status[f] != CaseStatus::dormant) return;
      bring_up_to_date(fam, f, e.day, p_.severity);
      advance_episodes(fam, key_, f, e.day, p_.population_model());
      schedule_dormant(f, e.day + 1);
      return;
    case EventKind::dormant_review:
      if (fam.status[f] == CaseStatus::dormant) schedule_dormant(f, e.day);
      return;
    case EventKind::dormant_referral:
      if (fam.status[f] == CaseStatus::dormant) refer(f, e.day);
      return;
    case EventKind::assessment_due:
      if (fam.status[f] != CaseStatus::assessment) return;
      if (fam.worker[f] == kNone) {  // no worker yet: the assessment waits for allocation
        calendar_.schedule({e.day + sim::kDaysPerWeek, 0, e.kind, f, e.generation});
        return;
      }
      complete_assessment(f, e.day);
      return;
    case EventKind::conference_due:
      if (fam.status[f] == CaseStatus::s47) hold_conference(f, e.day);
      return;
    case EventKind::cp_review:
      if (fam.status[f] == CaseStatus::cp) review_cp_plan(f, e.day);
      return;
    default: return;
  }
}

void World::schedule_dormant(std::uint32_t f, sim::Day from) {
  // A family not known to services is not visited each week: its next referral and next
  // crisis are sampled exactly from their hazards and put on the calendar (DESIGN.md s2).
  // Between events severity relaxes deterministically towards its resting level, so the
  // referral hazard h(t) = r0 + r1 * S(t) has a closed-form integral; the referral time solves
  // H(t) = E with E ~ Exp(1) (inversion), by bisection.
  auto& fam = pop_.families;
  const std::uint32_t gen = ++fam.generation[f];
  const sim::Day end = first_day_ + total_weeks_ * sim::kDaysPerWeek;
  // Sampling starts no earlier than the first week not yet processed: a case that closes in
  // the decisions at the end of a week is not referred again within that week.
  const sim::Day t0 = std::max({from, fam.alive_from[f], calendar_.first_open_day()});
  sim::Day limit_day = std::min(end, fam.alive_to[f]);
  if (t0 >= limit_day) return;
  // For a while after a case ends the family is more visible to the professionals who refer
  // (re-referral within 12 months is concentrated: Forrester 2007, evidence.md s1). The
  // hazard is piecewise: sample within the visible window, and review at its end.
  const bool visible = t0 < fam.visible_until[f];
  bool review = false;
  auto review_at = [&](sim::Day day) {
    if (day > t0 && day < limit_day) {
      limit_day = day;
      review = true;
    }
  };
  if (visible) review_at(fam.visible_until[f]);
  // Demand trend (referral.trend_*): the hazards grow exponentially inside the trend window
  // and are held outside it; sampling stops at the window's edges and resumes from there.
  // It acts on families not recently known: England's referrals rose 11% in 2013-14 while the
  // share that were re-referrals fell (24.9% to 23.4%, evidence.md s1), so the new demand came
  // from families services had not just seen. (Growing the visible families' hazards too
  // pushed the model's re-referral share to ~28% within two years.)
  const bool trended = !visible && p_.referral.trend_per_year != 0.0;
  const bool growing = trended && t0 >= trend_from_ && t0 < trend_to_;
  if (trended) {
    review_at(trend_from_);
    review_at(trend_to_);
  }
  const double growth = growing ? p_.referral.trend_per_year / 365.0 : 0.0;  // per day
  bring_up_to_date(fam, f, t0, p_.severity);
  advance_episodes(fam, key_, f, t0, p_.population_model());  // changes since the open case's last casework

  const auto& sp = p_.severity;
  double a = 0.0, b = 0.0;
  for (std::size_t r = 0; r < kRiskCount; ++r) {
    a += sp.weight[r] * fam.resting[f][r];
    b += sp.weight[r] * (fam.level[f][r] - fam.resting[f][r]);
  }
  const double c = fam.acute[f];
  const double theta = std::log(2.0) / (sp.recovery_half_life_weeks * 7.0);
  const double theta_a = std::log(2.0) / (sp.crisis_half_life_weeks * 7.0);
  const double visibility = visible ? p_.referral.known_family_multiplier : 1.0;
  const double scale = visibility * (trended ? referral_trend(t0) : 1.0);
  const double r0 = scale * p_.referral.base_rate_per_year / 365.0;
  const double r1 = scale * p_.referral.severity_rate_per_year / 365.0;
  // h(u) = exp(growth u) (r0 + r1 (a + b exp(-theta u) + c exp(-theta_a u))), integrated.
  auto cumulative = [&](double t) {
    return (r0 + r1 * a) * integral_exp(growth, t) + r1 * b * integral_exp(growth - theta, t) +
           r1 * c * integral_exp(growth - theta_a, t);
  };
  const double span = limit_day - t0;
  auto dr = draws(f, t0, stream_id(Stream::dormant_referral));
  const double target = dr.exponential(1.0);
  double t_referral = span;
  if (cumulative(span) > target) {
    // The referral falls on day t0 + k - 1, k the first whole day with H(k) >= E. Bisecting on
    // whole days finds the same k whatever the window's length, so cutting a window short
    // (a review) never moves a referral inside it.
    auto lo = 0, hi = static_cast<int>(std::ceil(span));
    while (hi - lo > 1) {
      const int mid = lo + (hi - lo) / 2;
      (cumulative(mid) < target ? lo : hi) = mid;
    }
    t_referral = hi - 1;
  }
  auto dc = draws(f, t0, stream_id(Stream::dormant_crisis));
  const double t_crisis = fam.crisis_rate[f] > 0 ? dc.exponential(fam.crisis_rate[f]) : span;
  // A parental factor's episode may start or end (severity.episode_years): a third clock, set
  // in advance and the same in every scenario.
  const sim::Day change = next_episode_change(fam, f);
  const double t_episode = change < limit_day ? static_cast<double>(change - t0) : span;
  const double next = std::min({t_referral, t_crisis, t_episode});
  if (next >= span) {
    if (review) {
      calendar_.schedule({limit_day, 0, static_cast<std::uint8_t>(EventKind::dormant_review), f, gen});
    }
    return;
  }
  const auto kind = next == t_referral ? EventKind::dormant_referral
                    : next == t_crisis ? EventKind::dormant_crisis
                                       : EventKind::dormant_episode;
  calendar_.schedule({t0 + static_cast<sim::Day>(next), 0, static_cast<std::uint8_t>(kind), f, gen});
}

double World::referral_trend(sim::Day d) const {
  const double trend = p_.referral.trend_per_year;
  if (trend == 0.0) return 1.0;
  const sim::Day into = std::clamp(d, trend_from_, trend_to_) - trend_from_;
  return std::exp(trend * into / 365.0);
}

void World::open_case(std::uint32_t f) {
  if (listed_[f]) return;
  listed_[f] = 1;
  open_[pop_.families.la[f]].push_back(f);
}

void World::refer(std::uint32_t f, sim::Day d) {
  auto& fam = pop_.families;
  auto& ch = pop_.children;
  bring_up_to_date(fam, f, d, p_.severity);
  std::uint32_t referred = 0;
  for (auto c = fam.first_child[f]; c < fam.first_child[f + 1]; ++c) {
    // Children in care are already known; everyone else alive is referred with the family.
    if (!alive(c, d) || ch.state[c] == ChildState::left || ch.state[c] == ChildState::looked_after) continue;
    const bool again = ch.last_referral[c] != kNever && d - ch.last_referral[c] <= 365;
    ch.last_referral[c] = d;
    set_state(c, ChildState::assessment, again ? Reason::re_referral : Reason::referral, d);
    ++referred;
  }
  if (referred == 0) {  // every child has left (adopted, special guardianship)
    schedule_dormant(f, d + 1);
    return;
  }
  fam.status[f] = CaseStatus::assessment;
  const std::uint32_t gen = ++fam.generation[f];
  fam.waiting_since[f] = d;
  fam.edge[f] = 0;
  open_case(f);

  // Engagement: families with more parental risk factors engage less (evidence FIT-1).
  int parental = 0;
  for (std::size_t r = 0; r < kRiskCount; ++r) {
    parental += (is_parental(r) && (fam.risk_mask[f] >> r & 1u)) ? 1 : 0;
  }
  const auto& wp = p_.workforce;
  const double p_engage = std::clamp(wp.engagement_base - wp.engagement_per_parental_risk * parental, 0.0, 1.0);
  fam.engaged[f] = draws(f, d, stream_id(Stream::engagement)).bernoulli(p_engage) ? 1 : 0;
  if (fam.engaged[f]) record_family_note(f, d, Reason::engaged);

  // Assessment length: lognormal in working days (evidence.md s1: mean ~28, limit 45).
  const auto& ap = p_.assessment;
  auto dl = draws(f, d, stream_id(Stream::assessment_length));
  const double sd = ap.length_sd_log;
  const double length = ap.mean_working_days * std::exp(sd * dl.normal() - 0.5 * sd * sd);
  const int working_days = std::max(1, static_cast<int>(std::lround(length)));
  calendar_.schedule(
      {clock_.add_working_days(d, working_days), 0, static_cast<std::uint8_t>(EventKind::assessment_due), f, gen});
}

void World::set_family_status(std::uint32_t f, CaseStatus s, Reason reason, sim::Day d) {
  auto& fam = pop_.families;
  fam.status[f] = s;
  ++fam.generation[f];
  for (auto c = fam.first_child[f]; c < fam.first_child[f + 1]; ++c) {
    if (at_home_in_case(c)) set_state(c, child_state_of(s), reason, d);
  }
}

void World::close_case(std::uint32_t f, sim::Day d, Reason reason) {
  auto& fam = pop_.families;
  bool in_care = false;
  for (auto c = fam.first_child[f]; c < fam.first_child[f + 1]; ++c) {
    if (at_home_in_case(c)) set_state(c, ChildState::closed, reason, d);
    in_care = in_care || pop_.children.state[c] == ChildState::looked_after;
  }
  fam.edge[f] = 0;
  if (in_care) {
    fam.status[f] = CaseStatus::care_only;
    ++fam.generation[f];
    return;
  }
  end_case(f, d);
}

void World::end_case(std::uint32_t f, sim::Day d) {
  auto& fam = pop_.families;
  fam.status[f] = CaseStatus::dormant;
  release_worker(f);
  fam.visible_until[f] = d + static_cast<sim::Day>(p_.referral.visibility_weeks * 7);
  schedule_dormant(f, d);
}

void World::complete_assessment(std::uint32_t f, sim::Day d) {
  auto& fam = pop_.families;
  bring_up_to_date(fam, f, d, p_.severity);
  const auto& ap = p_.assessment;
  auto dr = draws(f, d, stream_id(Stream::assessment_outcome));
  const double assessed = severity(fam, f, p_.severity) + ap.noise_sd * dr.normal();
  if (assessed > ap.s47_threshold) {
    set_family_status(f, CaseStatus::s47, Reason::strategy_s47, d);
    calendar_.schedule({clock_.add_working_days(d, ap.s47_working_days_to_conference), 0,
                        static_cast<std::uint8_t>(EventKind::conference_due), f, fam.generation[f]});
  } else if (assessed > ap.cin_threshold) {
    set_family_status(f, CaseStatus::cin, Reason::assessed_in_need, d);
  } else {
    close_case(f, d, Reason::no_further_action);
  }
}

void World::hold_conference(std::uint32_t f, sim::Day d) {
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
    for (auto* run : on_) run->on_cp_plan(f, d);
    calendar_.schedule({d + days_of(p_.cp.first_review_months), 0, static_cast<std::uint8_t>(EventKind::cp_review), f,
                        fam.generation[f]});
  } else if (assessed > ap.conference_threshold) {
    set_family_status(f, CaseStatus::cin, Reason::conference_no_plan, d);
  } else {
    set_family_status(f, CaseStatus::cin, Reason::s47_unsubstantiated, d);
  }
}

void World::update_council_records(std::uint32_t f, sim::Day d) {
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

void World::review_cp_plan(std::uint32_t f, sim::Day d) {
  // Review conferences at 3 months and then every 6 months (Working Together 2013) are the
  // points where plans end, which shapes the distribution of plan lengths (evidence.md s1).
  auto& fam = pop_.families;
  bring_up_to_date(fam, f, d, p_.severity);
  auto dr = draws(f, d, stream_id(Stream::cp_review));
  double p_continue = above(severity(fam, f, p_.severity), p_.cp.end_threshold, p_.cp.softness);
  // The first review has seen three months of change; it ends plans less readily than a later
  // one at the same severity (cp.first_review_end_factor; evidence.md s1's lengths of plans
  // ended put 18.7% within 3 months, the model at 1 about 40%).
  if (p_.cp.first_review_end_factor != 1.0 && d - fam.last_plan_day[f] <= days_of(p_.cp.first_review_months)) {
    p_continue = 1.0 - (1.0 - p_continue) * p_.cp.first_review_end_factor;
  }
  if (!dr.bernoulli(p_continue)) {
    if (dr.bernoulli(p_.cp.step_down_share)) {
      set_family_status(f, CaseStatus::cin, Reason::cp_step_down, d);
    } else {
      close_case(f, d, Reason::cp_closed);
    }
    return;
  }
  calendar_.schedule({d + days_of(p_.cp.review_interval_months), 0, static_cast<std::uint8_t>(EventKind::cp_review), f,
                      fam.generation[f]});
}

void World::weekly_decisions(sim::Day d) {
  for (auto& list : open_) {
    for (std::size_t i = 0; i < list.size(); ++i) {
      if (pop_.families.status[list[i]] != CaseStatus::dormant) family_decisions(list[i], d);
    }
  }
}

void World::family_decisions(std::uint32_t f, sim::Day d) {
  auto& fam = pop_.families;
  if (fam.crisis_pending[f]) {
    fam.crisis_pending[f] = 0;
    record_family_note(f, d, Reason::crisis);
  }
  const double s = severity(fam, f, p_.severity);  // casework brought it up to d
  const CaseStatus status = fam.status[f];
  if (status != CaseStatus::care_only) {
    // Edge of care / pre-proceedings: above a threshold a family is at risk of care entry;
    // leaving the edge without an entry is a diversion (children kept at home).
    const auto& ep = p_.edge;
    std::uint32_t at_home = 0;
    for (auto c = fam.first_child[f]; c < fam.first_child[f + 1]; ++c) at_home += at_home_in_case(c);
    if (!fam.edge[f] && s > ep.threshold) {
      fam.edge[f] = 1;
      for (auto* run : on_) run->on_edge_of_care(f, d);
      count(Metric::edge_of_care_entries, f, static_cast<float>(at_home));
    } else if (fam.edge[f] && s < ep.exit_threshold) {
      fam.edge[f] = 0;
      count(Metric::edge_of_care_diverted, f, static_cast<float>(at_home));
    }
    // Interventions can lower the hazard (a volunteer host family instead of accommodation).
    const double care_rate = ep.care_rate_per_week * fam.care_entry_factor[f];
    if (fam.edge[f] && draws(f, d, stream_id(Stream::edge_care_entry)).bernoulli(weekly_probability(care_rate))) {
      enter_care(f, d);
    }
    if (fam.status[f] == CaseStatus::cin) {
      const auto& cp = p_.cin;
      // CIN cases close as need falls (not only when it is gone: many close with need left,
      // which drives re-referral) and escalate as it rises.
      const double close = cp.close_rate_per_week * (1.0 - above(s, cp.close_threshold, cp.softness));
      const double escalate = cp.escalation_rate_per_week * above(s, cp.escalation_threshold, cp.softness);
      if (draws(f, d, stream_id(Stream::cin_closure)).bernoulli(weekly_probability(close))) {
        close_case(f, d, Reason::cin_closed);
      } else if (draws(f, d, stream_id(Stream::cin_escalation)).bernoulli(weekly_probability(escalate))) {
        set_family_status(f, CaseStatus::s47, Reason::strategy_s47, d);
        calendar_.schedule({clock_.add_working_days(d, p_.assessment.s47_working_days_to_conference), 0,
                            static_cast<std::uint8_t>(EventKind::conference_due), f, fam.generation[f]});
      }
    }
  }
  for (auto c = fam.first_child[f]; c < fam.first_child[f + 1]; ++c) {
    if (pop_.children.state[c] == ChildState::looked_after) care_decisions(c, d);
  }
}

Placement World::draw_placement(std::uint32_t c, sim::Day d) const {
  const auto& cp = p_.care;
  const int age = age_years(c, d);
  PlacementWeights w = age < 5 ? cp.under_5 : (age < 12 ? cp.age_5_to_11 : cp.age_12_plus);
  // Kinship care needs a willing relative or friend within reach in the kin network; an
  // intervention can make that route more likely (a family group conference's plan:
  // evidence.md s2, FGC).
  const std::uint32_t f = pop_.children.family[c];
  if (!has_willing_carer(f)) {
    w[0] = 0.0;
  } else {
    w[0] *= pop_.families.kinship_factor[f];
  }
  auto dr = draws(c, d, stream_id(Stream::placement_type));
  return static_cast<Placement>(1 + dr.categorical(w));  // weights start at kinship_foster
}

void World::enter_care(std::uint32_t f, sim::Day d) {
  auto& fam = pop_.families;
  auto& ch = pop_.children;
  std::uint32_t candidates[8];
  std::uint32_t n = 0;
  for (auto c = fam.first_child[f]; c < fam.first_child[f + 1] && n < 8; ++c) {
    if (at_home_in_case(c)) candidates[n++] = c;
  }
  if (n == 0) return;
  auto dr = draws(f, d, stream_id(Stream::care_siblings));
  const std::uint32_t index_child = candidates[dr.below(n)];
  // Siblings who enter care together share a placement when it can take them all (up to
  // care.siblings_together children); a larger group is split, each child placed on its own.
  bool entering[8] = {};
  std::uint32_t group = 0;
  for (std::uint32_t i = 0; i < n; ++i) {
    const bool sibling_too = dr.bernoulli(p_.edge.sibling_share);
    entering[i] = candidates[i] == index_child || sibling_too;
    group += entering[i] ? 1u : 0u;
  }
  const bool together = group <= static_cast<std::uint32_t>(p_.care.siblings_together);
  Placement shared = Placement::none;
  for (std::uint32_t i = 0; i < n; ++i) {
    if (!entering[i]) continue;
    const std::uint32_t c = candidates[i];
    const Placement placement = together && shared != Placement::none ? shared : draw_placement(c, d);
    shared = placement;
    set_placement(c, placement, d, false);  // first, so the entry row carries it
    set_state(c, ChildState::looked_after, Reason::care_entry, d);
    ch.care_since[c] = d;
  }
  bool home_in_case = false;
  for (auto c = fam.first_child[f]; c < fam.first_child[f + 1]; ++c) {
    home_in_case = home_in_case || at_home_in_case(c);
  }
  if (!home_in_case) {
    fam.status[f] = CaseStatus::care_only;
    ++fam.generation[f];
    fam.edge[f] = 0;
  }
}

void World::care_decisions(std::uint32_t c, sim::Day d) {
  auto& ch = pop_.children;
  const auto& cp = p_.care;
  if (ch.placement[c] == Placement::placed_for_adoption) return;  // the order event ends it
  const std::uint32_t f = ch.family[c];
  const double weeks_in = (d - ch.care_since[c]) / 7.0;
  // Duration dependence: a high exit hazard in the first weeks that decays (the 28-day rule,
  // evidence.md s1), plus a return-home hazard once the family's severity is low enough.
  const double s = severity(pop_.families, f, p_.severity);
  const double hazard = cp.early_exit_rate_per_week * std::exp(-weeks_in / cp.early_exit_decay_weeks) +
                        cp.return_home_rate_per_week * (1.0 - above(s, cp.return_home_threshold, p_.cin.softness));
  auto dr = draws(c, d, stream_id(Stream::care_exit));
  if (dr.bernoulli(weekly_probability(hazard))) {
    leave_care(c, d, Reason::returned_home);
    return;
  }
  const double sgo = cp.sgo_rate_per_week * pop_.families.sgo_factor[f];  // a family plan raises it
  if (ch.placement[c] == Placement::kinship_foster && dr.bernoulli(weekly_probability(sgo))) {
    leave_care(c, d, Reason::special_guardianship);
    return;
  }
  auto da = draws(c, d, stream_id(Stream::adoption_plan));
  if (age_years(c, d) < cp.adoption_max_age && weeks_in >= 26 &&
      da.bernoulli(weekly_probability(cp.adoption_plan_rate_per_week))) {
    const auto wait = static_cast<sim::Day>(7.0 * da.exponential(1.0 / cp.adoption_order_weeks));
    set_placement(c, Placement::placed_for_adoption, d, true);
    ch.adoption_order_due[c] = d + std::max<sim::Day>(1, wait);
    calendar_.schedule({ch.adoption_order_due[c], 0, static_cast<std::uint8_t>(EventKind::adoption_order), c, 0});
  }
}

void World::leave_care(std::uint32_t c, sim::Day d, Reason reason) {
  auto& fam = pop_.families;
  auto& ch = pop_.children;
  const std::uint32_t f = ch.family[c];
  if (reason == Reason::returned_home) {
    // A child who goes home is supported as a child in need, in the family's current case.
    ch.returned_home[c] = 1;
    if (fam.status[f] == CaseStatus::care_only || fam.status[f] == CaseStatus::dormant) {
      fam.status[f] = CaseStatus::cin;
      ++fam.generation[f];
    }
    set_state(c, child_state_of(fam.status[f]), reason, d);
  } else {
    set_state(c, ChildState::left, reason, d);
  }
  set_placement(c, Placement::none, d, false);
  ch.adoption_order_due[c] = kNever;
  if (fam.status[f] == CaseStatus::care_only && case_children(f) == 0) end_case(f, d);
}

}  // namespace csc::models
