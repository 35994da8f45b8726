// The binding table of the legal route's keys (docs/design.md, "The care decision and the
// law"; figures and gaps: docs/evidence.md section 4). See model_bindings.cpp for how sources
// are cited; an ASSUMPTION names its GAP id, where a sensitivity range is given.
#include <array>
#include <string>

#include "models/scenario/model_bindings.hpp"

namespace csc::models::bindings {

using detail::Binding;
using detail::real;
using detail::text;

namespace {

/// How care decisions are made and the route they take.
void add_decision_keys(std::vector<Binding<Params>>& b) {
  using P = Params;
  b.push_back(real<P>("legal.act_severity_slope", [](P & p) -> auto& { return p.legal.act_severity_slope; }, 0.5, 0, 5,
                      {"per severity unit",
                       "Log rise of the hazard that the council acts on a family at the edge of care (accommodation, "
                       "pre-proceedings or proceedings) per unit of severity above edge.threshold: the hazard is "
                       "edge.care_rate_per_week x exp(slope x (severity - edge.threshold)).",
                       "ASSUMPTION GAP-10 (a proportional-hazards form; decisions rise with risk), sensitivity 0-1"}));
  b.push_back(real<P>("legal.urgent_share", [](P & p) -> auto& { return p.legal.urgent_share; }, 0.25, 0, 1,
                      {"probability",
                       "Share of care decisions that issue proceedings at once (no time for pre-proceedings), "
                       "removing the children at home under an interim care order.",
                       "PP-2: pre-proceedings ran in about half of the cases that reached court; calibrated with "
                       "legal.section20_share to the compulsory share of starts (LS-9, about 36%)"}));
  b.push_back(real<P>("legal.section20_share", [](P & p) -> auto& { return p.legal.section20_share; }, 0.6, 0, 1,
                      {"probability",
                       "Share of the other care decisions that accommodate a child by agreement (section 20); the "
                       "rest start pre-proceedings. In pre-proceedings every decision is an accommodation.",
                       "LS-9 (about 64% of starts voluntary, 2013-14), PP-3"}));
  b.push_back(real<P>("legal.pre_proceedings_weeks", [](P & p) -> auto& { return p.legal.pre_proceedings_weeks; }, 12,
                      1, 52,
                      {"weeks",
                       "Mean length of pre-proceedings (exponential); at its end proceedings are issued if need is "
                       "still high, otherwise the family is diverted.",
                       "ASSUMPTION GAP-4 (12 weeks), sensitivity 6-20"}));
  b.push_back(real<P>("legal.interim_removal_share", [](P & p) -> auto& { return p.legal.interim_removal_share; }, 0.5,
                      0, 1,
                      {"probability",
                       "Chance that a child at home is removed under an interim care order when proceedings are "
                       "issued after pre-proceedings (the others stay home while proceedings run).",
                       "ASSUMPTION GAP-9, sensitivity 0.3-0.8"}));
  b.push_back(real<P>("legal.section20_proceedings_rate_per_week",
                      [](P & p) -> auto& { return p.legal.section20_proceedings_rate_per_week; }, 0.01, 0, 1,
                      {"per week",
                       "Hazard that proceedings are issued for a family with a child accommodated under section 20, "
                       "at severity edge.threshold (scaled like the care decision by legal.act_severity_slope).",
                       "calibrated to the section 20 share of the looked-after stock (LS-1, LS-2, GAP-1: 28%)"}));
}

/// Care proceedings and their orders.
void add_proceedings_keys(std::vector<Binding<Params>>& b) {
  using P = Params;
  b.push_back(real<P>("legal.proceedings_mean_weeks", [](P & p) -> auto& { return p.legal.proceedings_mean_weeks; }, 30,
                      4, 104,
                      {"weeks", "Mean length of care proceedings, issue to final hearing (lognormal).",
                       "CRT-10 to CRT-12: about 30 weeks in 2014-15 (GAP-8)"}));
  b.push_back(real<P>("legal.proceedings_median_weeks", [](P & p) -> auto& { return p.legal.proceedings_median_weeks; },
                      26, 4, 104,
                      {"weeks", "Median length of care proceedings (with the mean, the lognormal's spread).",
                       "CRT-11, CRT-12: median about 25 weeks (GAP-8)"}));
  b.push_back(text<P>(
      "legal.proceedings_length_policy", [](P & p) -> auto& { return p.proceedings_length_policy.text; }, std::string(),
      {"DATE:FACTOR, ...",
       "Length of care proceedings over time, as a series of steps: proceedings issued from each date (in order) "
       "last FACTOR times legal.proceedings_mean_weeks and legal.proceedings_median_weeks, until the next date; 1 "
       "before the first. Empty (the default): the same length throughout.",
       "CRT-6 to CRT-15: care proceedings took about 49 weeks in 2006, 55.5 early in 2011, 45 late in 2012 and "
       "29-30 from 2014 (the Public Law Outline's 26-week limit, 2013-14); the level before 2010 is an ASSUMPTION "
       "(docs/evidence.md GAP-16)"}));
  const std::array<const char*, 6> kOrders = {"care_order",  "placement_order",          "special_guardianship",
                                              "supervision", "child_arrangements_order", "no_order"};
  const std::array<double, 6> kDefaults = {50, 15, 14, 14, 5, 2};
  for (std::size_t i = 0; i < kOrders.size(); ++i) {
    b.push_back(real<P>(
        std::string("legal.order_weight.") + kOrders[i], [i](P & p) -> auto& { return p.legal.order_weights[i]; },
        kDefaults[i], 0, 100,
        {"weight",
         "Relative chance that care proceedings end in this order, at severity edge.threshold "
         "(placement orders only for children under care.adoption_max_age, special guardianship "
         "only with a willing carer in the kin network; otherwise a care order).",
         "ORD-1 (supervision 14%), ORD-2 (special guardianship 14%); the rest ASSUMPTION GAP-3"}));
  }
  b.push_back(real<P>("legal.order_severity_slope", [](P & p) -> auto& { return p.legal.order_severity_slope; }, 0.5, 0,
                      5,
                      {"per severity unit",
                       "Log fall, per unit of severity above edge.threshold at the final hearing, of the weight of "
                       "the orders under which the child lives at home (supervision, no order).",
                       "ASSUMPTION GAP-10, sensitivity 0-1"}));
}

/// Leaving care under a care order, and returns home that break down.
void add_exit_keys(std::vector<Binding<Params>>& b) {
  using P = Params;
  b.push_back(real<P>("legal.discharge_rate_per_week", [](P & p) -> auto& { return p.legal.discharge_rate_per_week; },
                      0.01, 0, 1,
                      {"per week",
                       "Hazard that a care order is discharged and the child goes home, once the family's severity "
                       "is below care.return_home_threshold (a plan, not a dip: only after legal.permanence_weeks).",
                       "calibrated to returns home (EX-1 to EX-3: 34% of exits)"}));
  b.push_back(real<P>("legal.permanence_weeks", [](P & p) -> auto& { return p.legal.permanence_weeks; }, 26, 0, 260,
                      {"weeks",
                       "Weeks under a care order before a discharge is considered (the permanence plan of the "
                       "second statutory review).",
                       "ASSUMPTION GAP-11 (Care Planning Regulations 2010: reviews at 20 working days, 3 months, then "
                       "6-monthly), sensitivity 13-52"}));
  b.push_back(
      real<P>("legal.breakdown_early_rate_per_week",
              [](P & p) -> auto& { return p.legal.breakdown_early_rate_per_week; }, 0.003, 0, 1,
              {"per week", "Hazard that a return home breaks down, just after the return (falls to the late rate).",
               "RU-2, RU-3, RU-5 end points (about 15% within 1 year, 30% within 5, all routes); the "
               "shape ASSUMPTION GAP-7"}));
  b.push_back(real<P>("legal.breakdown_decay_weeks", [](P & p) -> auto& { return p.legal.breakdown_decay_weeks; }, 26,
                      1, 520, {"weeks", "Time constant of the fall of the breakdown hazard.", "ASSUMPTION GAP-7"}));
  b.push_back(real<P>("legal.breakdown_late_rate_per_week",
                      [](P & p) -> auto& { return p.legal.breakdown_late_rate_per_week; }, 0.0004, 0, 1,
                      {"per week", "Breakdown hazard of a return home long after it.", "ASSUMPTION GAP-7"}));
  b.push_back(real<P>(
      "legal.breakdown_supported_factor", [](P & p) -> auto& { return p.legal.breakdown_supported_factor; }, 0.6, 0, 1,
      {"factor", "The breakdown hazard's factor while the family's case is open with an allocated worker.",
       "RU-1 (Farmer 2014: support and planning after return were associated with stable returns); "
       "the size ASSUMPTION GAP-7, sensitivity 0.4-1"}));
}

}  // namespace

void add_legal_keys(std::vector<Binding<Params>>& b) {
  add_decision_keys(b);
  add_proceedings_keys(b);
  add_exit_keys(b);
}

}  // namespace csc::models::bindings
