// The legal route into and out of care (docs/design.md, "The care decision and the law";
// figures: docs/evidence.md section 4). A family at the edge of care is acted on at a rate
// that rises with its risk: a child is accommodated by agreement (section 20), or the council
// starts pre-proceedings under the Public Law Outline, or (urgent) issues care proceedings at
// once. Pre-proceedings end in diversion or proceedings; proceedings run for weeks under
// interim orders and end at a final hearing in an order that decides whether the child lives
// at home, in care, with a special guardian or relative, or is placed for adoption. A return
// home can break down.
#include <algorithm>
#include <cmath>

#include "models/core/streams.hpp"
#include "models/pathway/hazards.hpp"
#include "models/pathway/pathway.hpp"

namespace csc::models {

using hazards::above;

namespace {

/// A lognormal length in days with the given mean and median (weeks); median >= mean is
/// read as no spread.
sim::Day lognormal_days(sim::Draws& dr, double mean_weeks, double median_weeks) {
  const double sigma = std::sqrt(2.0 * std::max(0.0, std::log(mean_weeks / median_weeks)));
  const double weeks = median_weeks * std::exp(sigma * dr.normal());
  return std::max<sim::Day>(1, static_cast<sim::Day>(std::lround(weeks * sim::kDaysPerWeek)));
}

}  // namespace

double Pathway::risk_factor(double s) const { return std::exp(p_.legal.act_severity_slope * (s - p_.edge.threshold)); }

void Pathway::set_legal_status(std::uint32_t c, LegalStatus s) {
  const std::size_t la = pop_.families.la[pop_.children.rows[c].family];
  auto& old = pop_.children.rows[c].legal_status;
  if (old != LegalStatus::none) --legal_.looked_after[la * kLegalStatusCount + idx(old)];
  if (s != LegalStatus::none) ++legal_.looked_after[la * kLegalStatusCount + idx(s)];
  old = s;
}

void Pathway::act_on_edge(std::uint32_t f, sim::Day d) {
  // PP-2: pre-proceedings where there is time; about half of the cases that reach court came
  // without it. LS-9: about two thirds of starts are by agreement.
  const auto& lp = p_.legal;
  auto dr = draws(f, d, stream_id(Stream::legal_route));
  if (dr.bernoulli(lp.urgent_share)) {
    issue_proceedings(f, d, true);
    return;
  }
  if (pop_.families.cases[f].legal_stage == LegalStage::pre_proceedings || dr.bernoulli(lp.section20_share)) {
    enter_care(f, d, LegalStatus::section20, Reason::care_entry);
    return;
  }
  pop_.families.cases[f].legal_stage = LegalStage::pre_proceedings;
  auto dl = draws(f, d, stream_id(Stream::proceedings_length));
  legal_.due[f] =
      d + std::max<sim::Day>(1, static_cast<sim::Day>(7.0 * dl.exponential(1.0 / lp.pre_proceedings_weeks)));
  schedule({legal_.due[f], 0, static_cast<std::uint8_t>(EventKind::pre_proceedings_end), f, 0});
  ledger_.note(f, d, Reason::pre_proceedings);
  ledger_.count(Metric::pre_proceedings_starts, f);
  for (auto* run : hooks_.enabled) run->on_pre_proceedings(f, d);
}

void Pathway::end_pre_proceedings(std::uint32_t f, sim::Day d) {
  // Proceedings if need is still high, as at the decision to start them; otherwise the family
  // is diverted (PP-3: about a quarter of pre-proceedings cases stayed out of court).
  auto& fam = pop_.families;
  fam.cases[f].legal_stage = LegalStage::none;
  legal_.due[f] = kNever;
  if (fam.cases[f].status == CaseStatus::dormant) return;
  bring_up_to_date(fam, f, d, p_.severity);
  const double s = severity(fam, f, p_.severity);
  auto dr = draws(f, d, stream_id(Stream::pre_proceedings_outcome));
  if (dr.bernoulli(above(s, p_.edge.threshold, p_.cin.softness))) issue_proceedings(f, d, false);
}

void Pathway::issue_proceedings(std::uint32_t f, sim::Day d, bool urgent) {
  const auto& fam = pop_.families;
  std::vector<std::uint32_t> removed;
  bool any = false;
  auto dr = draws(f, d, stream_id(Stream::interim_removal));
  for (auto c = fam.first_child[f]; c < fam.first_child[f + 1]; ++c) {
    const bool home = ledger_.at_home_in_case(c);
    const bool accommodated = pop_.children.rows[c].legal_status == LegalStatus::section20;
    if (!home && !accommodated) continue;
    any = true;
    ledger_.child_note(c, d, Reason::proceedings_issued);
    ledger_.count(Metric::proceedings_issued, f);
    if (accommodated) set_legal_status(c, LegalStatus::interim_order);
    if (home && !urgent && dr.bernoulli(p_.legal.interim_removal_share)) removed.push_back(c);
  }
  if (!any) return;
  pop_.families.cases[f].legal_stage = LegalStage::proceedings;
  auto dl = draws(f, d, stream_id(Stream::proceedings_length));
  // The length's factor of the day the proceedings are issued scales mean and median alike
  // (legal.proceedings_length_policy; CRT-6 to CRT-15: from about 55 weeks in 2011 to 30 in 2014).
  const double length = factor_on(p_.proceedings_length_policy.steps, d);
  legal_.due[f] =
      d + lognormal_days(dl, length * p_.legal.proceedings_mean_weeks, length * p_.legal.proceedings_median_weeks);
  schedule({legal_.due[f], 0, static_cast<std::uint8_t>(EventKind::final_hearing), f, 0});
  if (urgent) {  // the child at risk (and siblings with it) is removed at once
    enter_care(f, d, LegalStatus::interim_order, Reason::care_entry);
  } else if (!removed.empty()) {
    place_group(f, removed, d, LegalStatus::interim_order, Reason::care_entry);
  }
}

void Pathway::final_hearing(std::uint32_t f, sim::Day d) {
  // One order for the family's children in the proceedings (GAP-3, ORD-1, ORD-2); the orders
  // under which a child lives at home grow less likely as the family's risk rises.
  auto& fam = pop_.families;
  const auto& lp = p_.legal;
  fam.cases[f].legal_stage = LegalStage::none;
  legal_.due[f] = kNever;
  bring_up_to_date(fam, f, d, p_.severity);
  OrderWeights w = lp.order_weights;
  const double home = std::exp(-lp.order_severity_slope * (severity(fam, f, p_.severity) - p_.edge.threshold));
  w[idx(FinalOrder::supervision)] *= home;
  w[idx(FinalOrder::none)] *= home;
  w[idx(FinalOrder::placement)] *= factor_on(p_.adoption_policy.steps, d);  // ADP-4, ADP-5
  if (!has_willing_carer(f)) {
    w[idx(FinalOrder::care)] += w[idx(FinalOrder::guardianship)];
    w[idx(FinalOrder::guardianship)] = 0.0;
  }
  auto dr = draws(f, d, stream_id(Stream::final_order));
  const auto order = static_cast<FinalOrder>(dr.categorical(w));
  for (auto c = fam.first_child[f]; c < fam.first_child[f + 1]; ++c) {
    if (pop_.children.rows[c].legal_status == LegalStatus::interim_order || ledger_.at_home_in_case(c))
      apply_order(c, order, d);
  }
  // Children who left with a special guardian or a relative leave the case; a case with no
  // child left in it ends.
  if (fam.cases[f].status != CaseStatus::dormant && ledger_.case_children(f) == 0) end_case(f, d);
}

void Pathway::apply_order(std::uint32_t c, FinalOrder order, sim::Day d) {
  using enum FinalOrder;
  auto& ch = pop_.children;
  const std::uint32_t f = ch.rows[c].family;
  const bool in_care = ch.rows[c].state == ChildState::looked_after;
  if (order == placement && ch.age_years(c, d) >= p_.care.adoption_max_age) order = care;
  switch (order) {
    case care:
    case placement:
      if (!in_care) {
        place_group(f, {c}, d, LegalStatus::care_order, Reason::care_order);
      } else if (order == care) {
        set_legal_status(c, LegalStatus::care_order);
        ledger_.child_note(c, d, Reason::care_order);
      }
      if (order == placement) {
        // The child waits in its placement for a match with adopters (ADP-1), then is placed
        // for adoption until the adoption order (adoption_placed()).
        set_legal_status(c, LegalStatus::placement_order);
        ledger_.child_note(c, d, Reason::placement_order);
        auto da = draws(c, d, stream_id(Stream::adoption_wait));
        schedule_adoption_step(c, d, da.exponential(1.0 / p_.care.adoption_match_weeks), EventKind::adoption_match);
      }
      return;
    case guardianship:
    case arrangements: {
      const Reason why = order == guardianship ? Reason::special_guardianship : Reason::child_arrangements_order;
      if (in_care) {
        leave_care(c, d, why);
      } else {
        ledger_.set_state(c, ChildState::left, why, d);
      }
      return;
    }
    default:  // supervision, or no order: the child lives at home
      if (in_care) {
        leave_care(c, d, order == supervision ? Reason::supervision_order : Reason::returned_home);
      } else if (order == supervision) {
        ledger_.child_note(c, d, Reason::supervision_order);
      }
      return;
  }
}

void Pathway::schedule_adoption_step(std::uint32_t c, sim::Day d, double weeks, EventKind step) {
  // One due day per child serves both waits, which follow each other: the match, then the order.
  auto& due = pop_.children.adoption_due[c];
  due = d + std::max<sim::Day>(1, static_cast<sim::Day>(7.0 * weeks));
  schedule({due, 0, static_cast<std::uint8_t>(step), c, 0});
}

void Pathway::adoption_placed(std::uint32_t c, sim::Day d) {
  ledger_.set_placement(c, Placement::placed_for_adoption, d, true);
  auto da = draws(c, d, stream_id(Stream::adoption_wait));
  schedule_adoption_step(c, d, da.exponential(1.0 / p_.care.adoption_order_weeks), EventKind::adoption_order);
}

void Pathway::schedule_breakdown(std::uint32_t c, sim::Day from, sim::Day returned) {
  // Breakdown hazard h(t) = a exp(-t / tau) + b, t in days since the return (GAP-7); its
  // integral is closed-form, and the breakdown day solves H(t) - H(t0) = E, E ~ Exp(1), by
  // bisection on whole days within ten years.
  const auto& lp = p_.legal;
  const double a = lp.breakdown_early_rate_per_week / 7.0, b = lp.breakdown_late_rate_per_week / 7.0;
  const double tau = lp.breakdown_decay_weeks * 7.0;
  auto cumulative = [&](double t) { return a * tau * -std::expm1(-t / tau) + b * t; };
  const double t0 = from - returned;
  auto dr = draws(c, from, stream_id(Stream::reunification));
  const double target = cumulative(t0) + dr.exponential(1.0);
  int lo = static_cast<int>(t0), hi = 3653;
  legal_.breakdown_due[c] = kNever;
  legal_.returned_on[c] = returned;
  if (!(cumulative(hi) > target)) return;
  while (hi - lo > 1) {
    const int mid = lo + (hi - lo) / 2;
    (cumulative(mid) < target ? lo : hi) = mid;
  }
  legal_.breakdown_due[c] = returned + hi;
  schedule({legal_.breakdown_due[c], 0, static_cast<std::uint8_t>(EventKind::reunification_breakdown), c, 0});
}

void Pathway::reunification_breakdown(std::uint32_t c, sim::Day d) {
  // The child is still at home after its return. Support while the family's case is open
  // with a worker lowers the hazard (thinning: a breakdown is kept with that factor's chance,
  // otherwise the next is drawn).
  auto& fam = pop_.families;
  const std::uint32_t f = pop_.children.rows[c].family;
  const bool supported = fam.cases[f].status != CaseStatus::dormant && fam.cases[f].worker != kNone;
  auto dr = draws(c, d, stream_id(Stream::reunification));
  if (supported && !dr.bernoulli(p_.legal.breakdown_supported_factor)) {
    schedule_breakdown(c, d + 1, legal_.returned_on[c]);
    return;
  }
  if (fam.cases[f].status == CaseStatus::dormant) open_care_case(f, d);  // for the child's return to care
  place_group(f, {c}, d, LegalStatus::section20, Reason::reunification_breakdown);
}

}  // namespace csc::models
