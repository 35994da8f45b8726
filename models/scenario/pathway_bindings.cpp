// The binding table of the care pathway's keys: assessment and conferences, CIN and CP plans,
// the edge of care and care (see model_bindings.cpp for how sources are cited).
#include "models/scenario/model_bindings.hpp"

#include <optional>
#include <string>

namespace csc::models::bindings {

using detail::Binding;
using detail::Doc;
using detail::integer;
using detail::real;
using detail::text;

/// The assessment and conferences keys.
void add_assessment_keys(std::vector<Binding<Params>>& b) {
  using P = Params;
  b.push_back(real<P>(
      "assessment.mean_working_days", [](P & p) -> auto& { return p.assessment.mean_working_days; }, 28, 1, 200,
      {"working days", "Mean length of an assessment (lognormal).", "evidence.md s1: ~28 working days, 2014-15"}));
  b.push_back(real<P>("assessment.length_sd_log", [](P & p) -> auto& { return p.assessment.length_sd_log; }, 0.5, 0, 3,
                      {"log units",
                       "Spread of assessment lengths; 0.5 puts ~12% past the "
                       "45-day limit.",
                       "DfE CIN census: ~83% within 45 days"}));
  b.push_back(real<P>("assessment.noise_sd", [](P & p) -> auto& { return p.assessment.noise_sd; }, 0.6, 0, 10,
                      {"severity", "Error of the assessment's reading of severity.", "assumption"}));
  b.push_back(
      real<P>("assessment.cin_threshold", [](P & p) -> auto& { return p.assessment.cin_threshold; }, 1.2, 0, 50,
              {"severity", "Assessed severity above which a child is in need.", "calibrated to the CIN stock"}));
  b.push_back(real<P>("assessment.s47_threshold", [](P & p) -> auto& { return p.assessment.s47_threshold; }, 2.9, 0, 50,
                      {"severity", "Assessed severity above which a s47 enquiry starts.",
                       "calibrated to s47 enquiries (evidence.md s1)"}));
  b.push_back(integer<P>("assessment.s47_working_days_to_conference",
                         [](P & p) -> auto& { return p.assessment.s47_working_days_to_conference; }, 15, 1, 100,
                         {"working days",
                          "From strategy discussion to the initial "
                          "child protection conference.",
                          "Working Together 2013: within 15 working days"}));
  b.push_back(real<P>("assessment.conference_noise_sd", [](P & p) -> auto& { return p.assessment.conference_noise_sd; },
                      0.6, 0, 10, {"severity", "Error of the conference's reading of severity.", "assumption"}));
  b.push_back(real<P>("assessment.conference_threshold",
                      [](P & p) -> auto& { return p.assessment.conference_threshold; }, 2.9, 0, 50,
                      {"severity",
                       "Severity above which a s47 enquiry leads to an initial "
                       "conference (below: not substantiated, child stays in need).",
                       "calibrated: ~55% of enquiries reach a conference (evidence.md s1)"}));
  b.push_back(real<P>(
      "assessment.cp_threshold", [](P & p) -> auto& { return p.assessment.cp_threshold; }, 3.0, 0, 50,
      {"severity", "Severity above which a conference makes a CP plan.", "calibrated to CP starts (evidence.md s1)"}));
}

/// The CIN keys.
void add_cin_keys(std::vector<Binding<Params>>& b) {
  using P = Params;
  b.push_back(real<P>("cin.close_threshold", [](P & p) -> auto& { return p.cin.close_threshold; }, 1.5, 0, 50,
                      {"severity", "Below it a CIN case may close.", "calibrated"}));
  b.push_back(
      real<P>("cin.close_rate_per_week", [](P & p) -> auto& { return p.cin.close_rate_per_week; }, 0.13, 0, 1,
              {"per week", "Closure hazard of a CIN case below the threshold.", "calibrated to the CIN stock"}));
  b.push_back(real<P>("cin.escalation_threshold", [](P & p) -> auto& { return p.cin.escalation_threshold; }, 3.8, 0, 50,
                      {"severity", "Above it a CIN case may escalate to a s47 enquiry.", "calibrated"}));
  b.push_back(real<P>("cin.escalation_rate_per_week", [](P & p) -> auto& { return p.cin.escalation_rate_per_week; },
                      0.05, 0, 1, {"per week", "Escalation hazard above the threshold.", "calibrated"}));
  b.push_back(real<P>("cin.softness", [](P & p) -> auto& { return p.cin.softness; }, 0.5, 0.01, 10,
                      {"severity",
                       "Width of the smooth step of CIN closure, escalation and "
                       "return-home decisions around their thresholds.",
                       "assumption"}));
}

/// The CP keys.
void add_cp_keys(std::vector<Binding<Params>>& b) {
  using P = Params;
  b.push_back(
      real<P>("cp.first_review_months", [](P & p) -> auto& { return p.cp.first_review_months; }, 3, 0.5, 24,
              {"months", "First review conference after the plan starts.", "Working Together 2013: within 3 months"}));
  b.push_back(
      real<P>("cp.review_interval_months", [](P & p) -> auto& { return p.cp.review_interval_months; }, 6, 0.5, 24,
              {"months", "Interval between later review conferences.", "Working Together 2013: at most 6 months"}));
  b.push_back(real<P>("cp.end_threshold", [](P & p) -> auto& { return p.cp.end_threshold; }, 2.9, 0, 50,
                      {"severity", "A review ends the plan when severity is below it.",
                       "calibrated to CP stock and plan lengths (evidence.md s1)"}));
  b.push_back(real<P>(
      "cp.first_review_end_factor", [](P & p) -> auto& { return p.cp.first_review_end_factor; }, 1, 0, 1,
      {"factor",
       "Chance that the first review conference ends a plan, relative to a later review at the same severity (the first review has seen only three months of change).",
       "1 here (the first review decides as every other); the baseline takes 0.25 from scenarios/calibrated/plan_ending.toml, fitted to the lengths of plans ended (evidence.md s1: 18.7% within 3 months, 42.3% at 6-12 months, 2019-20) and the national figures (docs/calibration.md)"}));
  b.push_back(real<P>(
      "cp.early_review_rate_per_week", [](P & p) -> auto& { return p.cp.early_review_rate_per_week; }, 0, 0, 1,
      {"per family-week",
       "Rate at which a review conference is brought forward between the scheduled ones, after the first; it ends the plan as a later review would.",
       "0 here (reviews only at their limits); the baseline takes a value from scenarios/calibrated/care_ages.toml set to the lengths of plans ended (evidence.md s1, CP-REV-1 and CP-REV-4: reviews are brought forward when circumstances change; docs/calibration.md)"}));
  b.push_back(real<P>(
      "cp.long_plan_months", [](P & p) -> auto& { return p.cp.long_plan_months; }, 18, 0, 120,
      {"months", "Length from which a plan counts as long at a review (cp.long_plan_continue_factor).",
       "assumption: the review before a plan would pass 2 years (reviews at 3, 9, 15, 21 months), the length the DfE's key indicator counts (evidence.md CP-REV-3)"}));
  b.push_back(real<P>(
      "cp.long_plan_continue_factor", [](P & p) -> auto& { return p.cp.long_plan_continue_factor; }, 1, 0, 1,
      {"factor", "Chance that a review keeps a long plan, relative to a younger plan at the same severity.",
       "1 here (no difference); the baseline takes a value from scenarios/calibrated/care_ages.toml set to the lengths of plans ended (evidence.md s1, CP-REV-3 and CP-REV-4: plans of 2 years or more are a key indicator the DfE reports to each council; docs/calibration.md)"}));
  b.push_back(real<P>(
      "cp.softness", [](P & p) -> auto& { return p.cp.softness; }, 0.5, 0.01, 10,
      {"severity", "Width of the smooth step of the review decision to end a plan.",
       "assumption here; the baseline takes 0.91 from scenarios/calibrated/plan_ending.toml (fitted to the lengths of plans ended, evidence.md s1; docs/calibration.md)"}));
  b.push_back(real<P>("cp.step_down_share", [](P & p) -> auto& { return p.cp.step_down_share; }, 0.7, 0, 1,
                      {"share",
                       "Share of ended plans stepped down to CIN (the rest "
                       "close).",
                       "assumption"}));
  b.push_back(real<P>("cp.move_rate_per_year", [](P & p) -> auto& { return p.cp.move_rate_per_year; }, 0.05, 0, 10,
                      {"per family-year",
                       "Rate at which a family moves to another LA. The model's "
                       "LAs are closed populations: a move only clears the "
                       "council's record of the children's earlier CP plans, "
                       "so that a later plan counts as a first plan, as in the "
                       "DfE's count of second-or-later plans (earlier plans in "
                       "the same council). 0: no family moves.",
                       "ONS internal migration, year to June 2014: 2.85 million of about 57 million "
                       "residents of England and Wales moved between LAs (5%); families known to "
                       "services move more often (cross-boundary procedure of the North of England "
                       "LSCBs), so 0.05 is a lower bound"}));
}

/// The edge of care keys.
void add_edge_keys(std::vector<Binding<Params>>& b) {
  using P = Params;
  b.push_back(real<P>("edge.threshold", [](P & p) -> auto& { return p.edge.threshold; }, 4.0, 0, 50,
                      {"severity",
                       "An open case above it is on the edge of care "
                       "(pre-proceedings).",
                       "calibrated to care entries"}));
  b.push_back(real<P>("edge.exit_threshold", [](P & p) -> auto& { return p.edge.exit_threshold; }, 3.4, 0, 50,
                      {"severity",
                       "Below it a family leaves the edge of care "
                       "(diverted).",
                       "assumption"}));
  b.push_back(real<P>("edge.care_rate_per_week", [](P & p) -> auto& { return p.edge.care_rate_per_week; }, 0.022, 0, 1,
                      {"per week", "Care-entry hazard of a family on the edge of care.",
                       "calibrated to care entries ~26 per 10,000 (evidence.md s1)"}));
  b.push_back(real<P>("edge.sibling_share", [](P & p) -> auto& { return p.edge.sibling_share; }, 0.5, 0, 1,
                      {"probability",
                       "Chance that each sibling of the child entering "
                       "care enters with it.",
                       "assumption"}));
}

/// The care keys of who comes into care at what age and how long they stay (docs/design.md,
/// "The care decision and the law": the adolescent route, leaving at 16-17, the reunification
/// window).
static void add_care_route_keys(std::vector<Binding<Params>>& b) {
  using P = Params;
  b.push_back(real<P>("care.reunification_decay_weeks", [](P & p) -> auto& { return p.care.reunification_decay_weeks; },
                      39, 1, 5200,
                      {"weeks",
                       "Time constant of the fall, with time in care, of the later return-home hazards (section 20 "
                       "returns once need is low, care order discharges): children go home early in a stay or "
                       "stay on.",
                       "RH-1, RH-2 (returns home within about 6 months of entry, mean 53 days, one large council "
                       "2009-2015) and the 28-day rule (evidence.md s1); fitted to returns home as a share of exits "
                       "(EX-1..EX-3) and the age of the stock (AGE-1, AGE-2); GAP-13"}));
  b.push_back(real<P>("care.adolescent_rate_per_week", [](P & p) -> auto& { return p.care.adolescent_rate_per_week; },
                      0.0004, 0, 1,
                      {"per week",
                       "Hazard that a child of care.adolescent_min_age at home in an open case is accommodated "
                       "by agreement on its own account (family breakdown, behaviour, harm outside the home, "
                       "homelessness at 16-17); multiplied by the care decision's risk factor "
                       "(legal.act_severity_slope).",
                       "fitted to the age of the looked-after stock and of leavers (AGE-1..AGE-3, EX-8, EX-9); "
                       "GAP-13"}));
  b.push_back(real<P>("care.adolescent_min_age", [](P & p) -> auto& { return p.care.adolescent_min_age; }, 12, 0, 17,
                      {"years", "Youngest age of the adolescent route into care.",
                       "the DfE's age bands (10-15, 16 and over) for starts and the stock; assumption (GAP-13)"}));
  b.push_back(real<P>("care.adolescent_age_slope", [](P & p) -> auto& { return p.care.adolescent_age_slope; }, 0.3, -2,
                      2,
                      {"per year", "Log rise of the adolescent route's hazard per year of age.",
                       "assumption (GAP-13): a year of age at 16-17 is about twice as many of the stock as a year "
                       "at 10-15 (AGE-1, AGE-2: about 23% aged 16-17 against 36% aged 10-15)"}));
  b.push_back(real<P>("care.adolescent_return_rate_per_week",
                      [](P & p) -> auto& { return p.care.adolescent_return_rate_per_week; }, 0.0836, 0, 1,
                      {"per week",
                       "Return-home hazard of a young person in care on its own account (the adolescent route) "
                       "once the family's need is low, in place of care.return_home_rate_per_week; it falls with "
                       "time in care as the other later returns do (care.reunification_decay_weeks).",
                       "RH-1: in one large council 42% of entrants aged 12-17 went home, against 32-35% of "
                       "younger children; fitted to returns home as a share of exits (EX-1..EX-3) and the age of "
                       "the stock (AGE-1); GAP-13. The default is the family route's rate (national.toml)"}));
  b.push_back(real<P>("care.leave_at_16_rate_per_week", [](P & p) -> auto& { return p.care.leave_at_16_rate_per_week; },
                      0.004, 0, 1,
                      {"per week",
                       "Hazard that a looked-after young person of 16 or 17 leaves care before 18 (independent or "
                       "supported living; reason independent_living).",
                       "EX-8: of 9,950 leavers aged 16 or over in 2012-13, 1,640 left at 16 and 1,510 at 17 (some "
                       "of them home); fitted with the 18th birthdays to the age-related exits (GAP-2: about 27%)"}));
}

namespace {

/// The care keys of adoption: who can be planned for it, how often, and its waits.
void add_adoption_keys(std::vector<Binding<Params>>& b) {
  using P = Params;
  b.push_back(real<P>("care.adoption_max_age", [](P & p) -> auto& { return p.care.adoption_max_age; }, 5, 0, 17,
                      {"years", "Oldest age at which an adoption plan is made.",
                       "DfE: 3/4 of children adopted in 2014 were aged 1-4"}));
  b.push_back(real<P>("care.adoption_plan_rate_per_week",
                      [](P & p) -> auto& { return p.care.adoption_plan_rate_per_week; }, 0.006, 0, 1,
                      {"per week",
                       "Hazard of a placement for adoption for a young child in "
                       "care who has not gone home.",
                       "calibrated to adoptions ~5,000 a year (evidence.md s1)"}));
  b.push_back(real<P>("care.adoption_plan_window_weeks",
                      [](P & p) -> auto& { return p.care.adoption_plan_window_weeks; }, 5000, 26, 5000,
                      {"weeks",
                       "Weeks in care after which a child under a care order is no longer planned for adoption "
                       "(its plan is then long-term care); the hazard of an adoption plan runs from 26 weeks in "
                       "care to this. 5000 (the default): no limit.",
                       "ADP-3: children adopted had entered care 594-656 days before they moved in with "
                       "adopters, 216 of them after the placement order (ADP-1); the window's length is an "
                       "ASSUMPTION (docs/evidence.md GAP-15)"}));
  b.push_back(
      text<P>("care.adoption_policy", [](P & p) -> auto& { return p.adoption_policy.text; }, std::string(),
              {"DATE:FACTOR, ...",
               "Adoption policy over time, as a series of steps: from each date (in order) the weight of placement "
               "orders at a final hearing and the hazard of an adoption plan are multiplied by FACTOR, until the next "
               "date; 1 before the first. Empty (the default): no change over time.",
               "ADP-4, ADP-5: England's adoptions rose by half between 2011-12 and 2014-15 after An Action Plan for "
               "Adoption (March 2012), and placement orders fell by half after Re B-S (September 2013)"}));
  b.push_back(real<P>("care.adoption_order_weeks", [](P & p) -> auto& { return p.care.adoption_order_weeks; }, 30, 1,
                      260,
                      {"weeks", "Mean time from placement for adoption to the adoption order.",
                       "assumption (DfE adoption scorecards: ~6-8 months)"}));
  b.push_back(real<P>("care.adoption_match_weeks", [](P & p) -> auto& { return p.care.adoption_match_weeks; }, 31, 1,
                      260,
                      {"weeks",
                       "Mean time from a placement order to a match with adopters (exponential); the child waits "
                       "in its placement until then, and is then placed for adoption.",
                       "ADP-1: 216 days from placement order to the match decision on average, 2013-14 (Adoption "
                       "Leadership Board); ADP-2 by Little's law: about 44 weeks to placement; the baseline's 55 is "
                       "an ASSUMPTION (docs/evidence.md GAP-15)"}));
}

}  // namespace

/// The care keys.
void add_care_keys(std::vector<Binding<Params>>& b) {
  using P = Params;
  b.push_back(real<P>("care.early_exit_rate_per_week", [](P & p) -> auto& { return p.care.early_exit_rate_per_week; },
                      0.1, 0, 5,
                      {"per week", "Exit hazard at entry, falling with time in care.",
                       "Research in Practice 2014: most exits in the first days; past 28 days a "
                       "child is likely still in care a year later (evidence.md s1)"}));
  b.push_back(
      real<P>("care.early_exit_decay_weeks", [](P & p) -> auto& { return p.care.early_exit_decay_weeks; }, 3, 0.1, 52,
              {"weeks", "Time constant of the fall of the early exit hazard.", "evidence.md s1 (28-day rule)"}));
  b.push_back(real<P>("care.return_home_rate_per_week", [](P & p) -> auto& { return p.care.return_home_rate_per_week; },
                      0.2, 0, 1,
                      {"per week",
                       "Later return-home hazard when family severity is below "
                       "the threshold.",
                       "calibrated to the looked-after stock"}));
  b.push_back(real<P>("care.return_home_threshold", [](P & p) -> auto& { return p.care.return_home_threshold; }, 2.6, 0,
                      50, {"severity", "Family severity below which return home is considered.", "assumption"}));
  add_adoption_keys(b);
  b.push_back(real<P>("care.sgo_rate_per_week", [](P & p) -> auto& { return p.care.sgo_rate_per_week; }, 0.006, 0, 1,
                      {"per week",
                       "Hazard of a special guardianship order for a child placed "
                       "with kin.",
                       "assumption"}));
  add_care_route_keys(b);
  b.push_back(integer<P>(
      "care.siblings_together", [](P & p) -> auto& { return p.care.siblings_together; }, 3, 1, 8,
      {"children",
       "Largest group of siblings entering care together that one placement takes (they share the first child's placement type); a larger group is placed child by child.",
       "assumption (DfE: most siblings in care are placed together when the group is small)"}));
  const std::array<const char*, 5> kTypes = {"kinship_foster", "la_foster", "agency_foster", "childrens_home",
                                             "placed_with_parents"};
  struct Band {
    const char* key;
    PlacementWeights CareParams::*member;
    PlacementWeights defaults;
  };
  const std::array<Band, 3> bands = {{{"under_5", &CareParams::under_5, {0.65, 0.50, 0.15, 0.01, 0.07}},
                                      {"age_5_to_11", &CareParams::age_5_to_11, {0.55, 0.45, 0.20, 0.06, 0.06}},
                                      {"age_12_plus", &CareParams::age_12_plus, {0.30, 0.28, 0.20, 0.40, 0.05}}}};
  for (const auto& band : bands) {
    for (std::size_t t = 0; t < kTypes.size(); ++t) {
      const auto member = band.member;
      b.push_back(real<P>(std::string("placement.") + band.key + "." + kTypes[t],
                          [ member, t ](P & p) -> auto& { return (p.care.*member)[t]; }, band.defaults[t], 0, 100,
                          {"weight",
                           "Relative chance of this first placement type in this age "
                           "band (kinship only when a willing carer is within "
                           "reach in the kin network).",
                           "calibrated to the placement mix (evidence.md s1: foster ~75%, of "
                           "which 14-18% kin; homes 9-12%; with parents 5-7%)"}));
    }
  }
}

}  // namespace csc::models::bindings
