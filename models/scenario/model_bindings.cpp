// The binding table of the model's keys: every parameter of the population, the pathway, the
// workforce, costs, the kin network and each [[la]], with its documentation and where its
// value comes from. Sources cite the evidence by section or id; "assumption" marks a value
// chosen where no source gives one, "calibrated" one tuned so that baseline.toml reproduces
// the national figures (see scenarios/PARAMETERS.md and the [stat] tests). Each
// intervention's keys are in its own file (models/interventions/).
#include "models/scenario/model_bindings.hpp"

#include <optional>
#include <string>

namespace csc::models {

using detail::Binding;
using detail::Doc;
using detail::integer;
using detail::real;
using detail::text;

namespace {

constexpr const char* kPrevalenceSource =
    "assumption; not yet fitted to the factors recorded at assessment (evidence.md s1: "
    "domestic violence ~48%, mental health ~33-37%, drugs ~19%); the baseline gives ~25%, "
    "~32% and ~12% among referred children (calibration issue)";

}  // namespace

std::vector<Binding<Params>> model_bindings() {
  using P = Params;
  std::vector<Binding<P>> b;
  // --- run -------------------------------------------------------------------------------
  b.push_back(text<P>("name", [](P & p) -> auto& { return p.run.name; }, std::nullopt,
                      {"", "Scenario name, recorded in every output file.", "user"}));
  b.push_back(text<P>("description", [](P & p) -> auto& { return p.run.description; }, std::string{},
                      {"", "Free text describing the scenario.", "user"}));
  b.push_back(detail::date<P>("run.start_date", [](P & p) -> auto& { return p.run.start_date; }, "2013-04-01",
                              {"date", "First day of the recorded horizon (day 0); burn-in runs before it.",
                               "default: start of the 2013-14 year of evidence.md section 1"}));
  b.push_back(integer<P>("run.years", [](P & p) -> auto& { return p.run.years; }, 5, 1, 50,
                         {"years", "Length of the recorded horizon (52 weeks a year).", "user"}));
  b.push_back(integer<P>("run.burn_in_years", [](P & p) -> auto& { return p.run.burn_in_years; }, 5, 0, 30,
                         {"years",
                          "Simulated but unrecorded years before the horizon, so that "
                          "stocks reach their steady state.",
                          "assumption; too short for the calibrated model, which takes 10-15 years "
                          "to settle from its start: baseline.toml (and every scenario built on it) "
                          "sets 15 (docs/calibration.md)"}));
  b.push_back(integer<P>("run.replicates", [](P & p) -> auto& { return p.run.replicates; }, 20, 1, 100000,
                         {"", "Number of replicates (independent random worlds).", "user"}));
  b.push_back(integer<P>("run.seed", [](P & p) -> auto& { return p.run.seed; }, 1, 0, 9.0e15,
                         {"", "Run seed; with the replicate number it keys every random draw.", "user"}));
  b.push_back(
      detail::boolean<P>("run.record_events", [](P & p) -> auto& { return p.run.record_events; }, true,
                         {"", "Write /cohort/events and /cohort/children (off saves time and space).", "user"}));
  // --- population ------------------------------------------------------------------------
  b.push_back(real<P>("population.mean_children_per_family",
                      [](P & p) -> auto& { return p.population.mean_children_per_family; }, 1.8, 1.0, 4.0,
                      {"children", "Mean number of children a family has (1 + Poisson).",
                       "ONS Families and Households 2013: 1.7-1.8 dependent children per family"}));
  b.push_back(real<P>("population.birth_spacing_years", [](P & p) -> auto& { return p.population.birth_spacing_years; },
                      2.5, 0.8, 8.0, {"years", "Mean gap between the births of siblings.", "assumption"}));
  b.push_back(real<P>("population.vulnerability_sd", [](P & p) -> auto& { return p.population.vulnerability_sd; }, 1.0,
                      0.0, 3.0,
                      {"log units",
                       "Spread of a family's general vulnerability, which makes risk "
                       "factors cluster and concentrates re-referral.",
                       "calibrated to re-referral concentration (Forrester 2007, evidence.md s1)"}));
  static constexpr std::array<double, kRiskCount> kPrevalence = {0.06, 0.03, 0.08, 0.05, 0.04};
  static constexpr std::array<double, kRiskCount> kResting = {1.4, 1.6, 1.2, 1.0, 0.8};
  static constexpr std::array<double, kRiskCount> kWeight = {1.0, 1.0, 1.0, 1.0, 0.8};
  for (std::size_t r = 0; r < kRiskCount; ++r) {
    const std::string label(kRiskLabels[r]);
    b.push_back(real<P>("population.prevalence." + label, [r](P & p) -> auto& { return p.population.prevalence[r]; },
                        kPrevalence[r], 0.0, 1.0,
                        {"share of families",
                         "Share of families with this risk factor (before "
                         "the vulnerability adjustment).",
                         kPrevalenceSource}));
    b.push_back(real<P>(
        "population.resting_severity." + label, [r](P & p) -> auto& { return p.population.resting_severity[r]; },
        kResting[r], 0.0, 10.0,
        {"severity", "Mean level this factor returns to when nothing acts on it.", "calibrated"}));
    b.push_back(real<P>("severity.weight." + label, [r](P & p) -> auto& { return p.severity.weight[r]; }, kWeight[r],
                        0.0, 10.0, {"", "Weight of this factor in the family's severity.", "assumption"}));
  }
  // --- severity --------------------------------------------------------------------------
  b.push_back(real<P>("severity.recovery_half_life_weeks",
                      [](P & p) -> auto& { return p.severity.recovery_half_life_weeks; }, 52, 1, 1000,
                      {"weeks", "Half-life of the return of a factor to its resting level.",
                       "assumption; sets how soon closed cases are re-referred"}));
  b.push_back(real<P>("severity.crisis_rate_per_year", [](P & p) -> auto& { return p.severity.crisis_rate_per_year; },
                      0.1, 0, 10, {"per family-year", "Crisis rate of a family with no risk factor.", "calibrated"}));
  b.push_back(real<P>("severity.crisis_rate_per_risk", [](P & p) -> auto& { return p.severity.crisis_rate_per_risk; },
                      1.0, 0, 20,
                      {"multiplier", "Relative increase of the crisis rate per risk factor present.", "assumption"}));
  b.push_back(real<P>("severity.crisis_size_mean", [](P & p) -> auto& { return p.severity.crisis_size_mean; }, 1.2, 0,
                      20, {"severity", "Mean size of a crisis (exponential).", "calibrated"}));
  b.push_back(real<P>("severity.crisis_half_life_weeks",
                      [](P & p) -> auto& { return p.severity.crisis_half_life_weeks; }, 8, 0.5, 520,
                      {"weeks", "Half-life of the acute part of severity after a crisis.", "assumption"}));
  b.push_back(real<P>("severity.waiting_increase_per_week",
                      [](P & p) -> auto& { return p.severity.waiting_increase_per_week; }, 0.03, 0, 5,
                      {"severity/week",
                       "Acute severity added each week a case waits for a "
                       "worker (waiting raises risk, DESIGN.md s3).",
                       "assumption"}));
  b.push_back(real<P>("severity.episode_years", [](P & p) -> auto& { return p.severity.episode_years; }, 0.0, 0, 100,
                      {"years",
                       "Mean length of an episode of a parental factor (domestic abuse, "
                       "substance misuse, mental health). Episodes end and start so that "
                       "each factor keeps its prevalence; 0: a family has its factors for "
                       "life. The child's own factors do not come and go.",
                       "assumption for the shape (parental problems are episodic: Cleaver, Unell "
                       "and Aldgate 2011); its size is calibrated to second-or-later CP plans, "
                       "16.6% of starts (evidence.md s1)"}));
  // --- referral --------------------------------------------------------------------------
  b.push_back(real<P>("referral.base_rate_per_year", [](P & p) -> auto& { return p.referral.base_rate_per_year; },
                      0.004, 0, 5,
                      {"per family-year",
                       "Referral hazard of a family at severity 0 (referrals "
                       "that are not about maltreatment).",
                       "calibrated to referrals ~550 per 10,000 children (evidence.md s1)"}));
  b.push_back(real<P>("referral.severity_rate_per_year",
                      [](P & p) -> auto& { return p.referral.severity_rate_per_year; }, 0.14, 0, 50,
                      {"per family-year per unit severity",
                       "Increase of the referral hazard per "
                       "unit of severity (linear).",
                       "calibrated to referrals and re-referrals (evidence.md s1)"}));
  b.push_back(real<P>("referral.known_family_multiplier",
                      [](P & p) -> auto& { return p.referral.known_family_multiplier; }, 3.0, 0, 20,
                      {"multiplier",
                       "Referral hazard of a family whose case closed recently "
                       "(see visibility_weeks) relative to other families.",
                       "calibrated to re-referrals ~23% of referrals and their concentration "
                       "(Forrester 2007: 8.5% of families made 52% of re-referrals)"}));
  b.push_back(real<P>("referral.visibility_weeks", [](P & p) -> auto& { return p.referral.visibility_weeks; }, 52, 0,
                      1040,
                      {"weeks", "How long after a case closes the family stays more visible.",
                       "assumption: the DfE re-referral window of 12 months"}));
  b.push_back(real<P>("referral.trend_per_year", [](P & p) -> auto& { return p.referral.trend_per_year; }, 0.0, -1, 1,
                      {"log change a year",
                       "Growth of the referral hazards of families not known "
                       "to services, and not seen within visibility_weeks, "
                       "between trend_from and trend_to (the hazards are "
                       "multiplied by exp(trend x years); held before and "
                       "after). Recently closed families keep their hazard.",
                       "evidence.md s1: referrals, s47 enquiries and CP starts rose ~11-13% from "
                       "2012-13 to 2013-14 while the re-referral share fell (24.9% to 23.4%); "
                       "calibrated to the 2012-13 and 2013-14 flows"}));
  b.push_back(detail::date<P>(
      "referral.trend_from", [](P & p) -> auto& { return p.referral.trend_from; }, "2012-04-01",
      {"date", "First day of the referral trend.", "evidence.md s1: start of the fitted years 2012-13 and 2013-14"}));
  b.push_back(detail::date<P>("referral.trend_to", [](P & p) -> auto& { return p.referral.trend_to; }, "2014-04-01",
                              {"date",
                               "Day the referral trend stops (no growth is projected past "
                               "the years it was fitted on).",
                               "evidence.md s1: end of the fitted years; 2014-15 is a forecast"}));
  // --- assessment and conferences -----------------------------------------------------------
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
  // --- CIN -------------------------------------------------------------------------------
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
  // --- CP --------------------------------------------------------------------------------
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
  // --- edge of care ------------------------------------------------------------------------
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
  // --- care ------------------------------------------------------------------------------
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
  b.push_back(real<P>("care.adoption_max_age", [](P & p) -> auto& { return p.care.adoption_max_age; }, 5, 0, 17,
                      {"years", "Oldest age at which an adoption plan is made.",
                       "DfE: 3/4 of children adopted in 2014 were aged 1-4"}));
  b.push_back(real<P>("care.adoption_plan_rate_per_week",
                      [](P & p) -> auto& { return p.care.adoption_plan_rate_per_week; }, 0.006, 0, 1,
                      {"per week",
                       "Hazard of a placement for adoption for a young child in "
                       "care who has not gone home.",
                       "calibrated to adoptions ~5,000 a year (evidence.md s1)"}));
  b.push_back(real<P>("care.adoption_order_weeks", [](P & p) -> auto& { return p.care.adoption_order_weeks; }, 30, 1,
                      260,
                      {"weeks", "Mean time from placement for adoption to the adoption order.",
                       "assumption (DfE adoption scorecards: ~6-8 months)"}));
  b.push_back(real<P>("care.sgo_rate_per_week", [](P & p) -> auto& { return p.care.sgo_rate_per_week; }, 0.006, 0, 1,
                      {"per week",
                       "Hazard of a special guardianship order for a child placed "
                       "with kin.",
                       "assumption"}));
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
  // --- workforce -----------------------------------------------------------------------------
  b.push_back(real<P>("workforce.hours_per_week", [](P & p) -> auto& { return p.workforce.hours_per_week; }, 37, 1, 80,
                      {"hours", "Contracted hours of a full-time social worker.", "NJC terms"}));
  b.push_back(
      real<P>("workforce.admin_share", [](P & p) -> auto& { return p.workforce.admin_share; }, 0.36, 0, 1,
              {"share", "Share of a social worker's time on administration.", "evidence PA-1 (36% before PAs)"}));
  b.push_back(real<P>("workforce.direct_share", [](P & p) -> auto& { return p.workforce.direct_share; }, 0.34, 0, 1,
                      {"share", "Share of time spent with families.", "evidence PA-1 (34%)"}));
  b.push_back(integer<P>("workforce.max_caseload", [](P & p) -> auto& { return p.workforce.max_caseload; }, 24, 1, 200,
                         {"children", "Most children a worker takes before new cases wait.",
                          "assumption (range between LAs 10-26, evidence.md s1)"}));
  b.push_back(real<P>("workforce.casework_effect_per_week",
                      [](P & p) -> auto& { return p.workforce.casework_effect_per_week; }, 0.08, 0, 1,
                      {"share per week",
                       "Weekly fall of child-focused severity with full "
                       "contact time.",
                       "calibrated"}));
  b.push_back(real<P>("workforce.parental_effect_ratio",
                      [](P & p) -> auto& { return p.workforce.parental_effect_ratio; }, 0.2, 0, 1,
                      {"ratio", "Effect of social work on parental factors relative to others.",
                       "evidence FSH-5: social workers alone barely move parental factors"}));
  b.push_back(real<P>("workforce.casework_half_hours", [](P & p) -> auto& { return p.workforce.casework_half_hours; },
                      1.0, 0.1, 40,
                      {"hours/week", "Direct hours a family needs for half the full effect.", "assumption"}));
  b.push_back(real<P>("workforce.engagement_base", [](P & p) -> auto& { return p.workforce.engagement_base; }, 0.85, 0,
                      1, {"probability", "Chance that a family without parental risk engages.", "assumption"}));
  b.push_back(real<P>("workforce.engagement_per_parental_risk",
                      [](P & p) -> auto& { return p.workforce.engagement_per_parental_risk; }, 0.19, 0, 1,
                      {"probability",
                       "Fall of the engagement chance per parental risk "
                       "factor (three factors give ~0.29).",
                       "evidence FIT-1: 29% of families with all three engaged"}));
  b.push_back(real<P>("workforce.disengaged_effect", [](P & p) -> auto& { return p.workforce.disengaged_effect; }, 0.3,
                      0, 1, {"ratio", "Casework effect on a family that does not engage.", "assumption"}));
  b.push_back(real<P>("workforce.turnover_per_year", [](P & p) -> auto& { return p.workforce.turnover_per_year; }, 0.15,
                      0, 5,
                      {"per year", "Leaving rate of permanent workers at the reference caseload.",
                       "evidence.md s1: ~15% a year (2017)"}));
  b.push_back(real<P>("workforce.turnover_caseload_slope",
                      [](P & p) -> auto& { return p.workforce.turnover_caseload_slope; }, 0.06, 0, 1,
                      {"per child",
                       "Log increase of the leaving rate per child of caseload "
                       "above the reference.",
                       "assumption"}));
  b.push_back(
      real<P>("workforce.reference_caseload", [](P & p) -> auto& { return p.workforce.reference_caseload; }, 17, 1, 100,
              {"children", "Caseload at which turnover equals its base rate.", "evidence.md s1: caseload ~16-18"}));
  b.push_back(real<P>("workforce.agency_turnover_per_year",
                      [](P & p) -> auto& { return p.workforce.agency_turnover_per_year; }, 0.4, 0, 10,
                      {"per year", "Leaving rate of agency workers.", "assumption"}));
  b.push_back(real<P>("workforce.agency_delay_weeks", [](P & p) -> auto& { return p.workforce.agency_delay_weeks; }, 4,
                      0, 104, {"weeks", "Mean delay before an agency worker covers a vacancy.", "assumption"}));
  b.push_back(real<P>("workforce.recruitment_weeks", [](P & p) -> auto& { return p.workforce.recruitment_weeks; }, 20,
                      1, 260, {"weeks", "Mean length of a recruitment round for a permanent post.", "assumption"}));
  b.push_back(real<P>(
      "workforce.recruitment_success", [](P & p) -> auto& { return p.workforce.recruitment_success; }, 0.26, 0.01, 1,
      {"probability", "Chance that a recruitment round fills the post.",
       "set to agency share ~16-18% of posts (evidence.md s1): a post a permanent worker leaves is covered by agency until a round succeeds, about recruitment_weeks / recruitment_success; 0.26 gives 17.4% in 2013-14 at the fitted national values (0.4 gave 11.6%; docs/calibration.md)"}));
  b.push_back(real<P>("workforce.worker_change_weeks", [](P & p) -> auto& { return p.workforce.worker_change_weeks; },
                      3, 0, 52, {"weeks", "Weeks of reduced casework effect after a change of worker.", "assumption"}));
  b.push_back(real<P>("workforce.intensity_cp", [](P & p) -> auto& { return p.workforce.intensity_cp; }, 2.0, 0.1, 10,
                      {"weight",
                       "Share of a worker's direct time a child on a CP plan or in a "
                       "s47 enquiry takes, relative to a child in need.",
                       "assumption from statutory visits: CP at least every 10 working days, CIN "
                       "plans typically every 4-6 weeks (Working Together 2013)"}));
  b.push_back(real<P>("workforce.intensity_looked_after",
                      [](P & p) -> auto& { return p.workforce.intensity_looked_after; }, 0.5, 0.0, 10,
                      {"weight",
                       "Direct-time weight of a looked-after child (the family "
                       "work that makes return home possible).",
                       "assumption: statutory visits to children in care every 6 weeks"}));
  // --- costs ---------------------------------------------------------------------------------
  b.push_back(text<P>("costs.price_year", [](P & p) -> auto& { return p.costs.price_year; }, std::string("2016-17"),
                      {"", "Price base of every cost in the scenario (recorded in the output and the report).",
                       "evidence.md s3 (price bases differ; costs here are taken as 2016-17 prices)"}));
  struct PlacementCost {
    Placement type;
    double gbp;
    const char* source;
  };
  const PlacementCost placement_costs[] = {
      {Placement::kinship_foster, 450,
       "assumption: kinship foster allowances below LA foster care (no sourced figure)"},
      {Placement::la_foster, 600,
       "evidence.md s3: DfE estimate ~GBP 600 per child per week, 2016-17 (PSSRU 2017 all-in: GBP 646)"},
      {Placement::agency_foster, 900, "assumption: independent fostering agencies ~1.5 x LA foster care"},
      {Placement::childrens_home, 3000, "evidence.md s3: LA children's home ~GBP 3,000 per week, 2016-17"},
      {Placement::placed_with_parents, 150, "assumption: support costs of a child placed with parents"},
      {Placement::placed_for_adoption, 600, "assumption: as LA foster care until the adoption order"},
  };
  for (const auto& pc : placement_costs) {
    const auto i = idx(pc.type);
    b.push_back(real<P>("costs.placement." + std::string(kPlacementLabels[i]),
                        [i](P & p) -> auto& { return p.costs.placement_per_week[i]; }, pc.gbp, 0, 1e5,
                        {"GBP per child-week", "Weekly cost of a child in this placement.", pc.source}));
  }
  b.push_back(real<P>("costs.social_worker_per_week", [](P & p) -> auto& { return p.costs.social_worker_per_week; },
                      1480, 0, 1e5,
                      {"GBP per FTE-week", "Cost of a filled permanent social work post.",
                       "evidence.md s3: GBP 40 per hour (2013-14 prices) x 37 hours; not uplifted"}));
  b.push_back(real<P>("costs.agency_premium", [](P & p) -> auto& { return p.costs.agency_premium; }, 0.5, 0, 10,
                      {"share", "Extra cost of an agency worker over a permanent one.", "assumption"}));
  // --- kin network ---------------------------------------------------------------------------
  b.push_back(real<P>(
      "kin_network.mean_helpers", [](P & p) -> auto& { return p.kin.graph.mean_helpers; }, 2.5, 0, 50,
      {"households", "Mean number of relative and friend households linked to a family (negative binomial degree).",
       "assumption (no sourced figure; evidence.md s2: kin exist for most families and are the usual route out of care)"}));
  b.push_back(real<P>(
      "kin_network.degree_dispersion", [](P & p) -> auto& { return p.kin.graph.degree_dispersion; }, 1.5, 0.01, 100,
      {"shape k", "Smaller gives more families with no one and a few with many (P(none) = (k/(k+mean))^k).",
       "assumption"}));
  b.push_back(real<P>(
      "kin_network.willing_share", [](P & p) -> auto& { return p.kin.graph.willing_share; }, 0.3, 0, 1,
      {"probability", "Chance that a helper household would care for a child (kinship care, special guardianship).",
       "assumption"}));
  b.push_back(
      real<P>("kin_network.share_between_families", [](P & p) -> auto& { return p.kin.graph.share_between_families; },
              0.1, 0, 1,
              {"probability",
               "Chance that a link joins two families of the LA rather than a family and a helper-only household.",
               "assumption"}));
  b.push_back(real<P>(
      "kin_network.support_per_helper", [](P & p) -> auto& { return p.kin.support_per_helper; }, 0.1, 0, 5,
      {"log units",
       "Fall of a family's crisis rate per helper household, relative to a family with the mean number (informal support).",
       "assumption (DESIGN.md s3: network decides how much informal support a family has)"}));
  b.push_back(integer<P>("kin_network.carer_steps", [](P & p) -> auto& { return p.kin.carer_steps; }, 2, 1, 4,
                         {"links", "How far placement and family group conferences look for a willing carer.",
                          "assumption (relatives of relatives)"}));
  return b;
}

std::vector<Binding<LaParams>> la_bindings() {
  using L = LaParams;
  std::vector<Binding<L>> b;
  b.push_back(text<L>("name", [](L & l) -> auto& { return l.name; }, std::nullopt,
                      {"", "Name of the local authority.", "user"}));
  b.push_back(integer<L>("children", [](L & l) -> auto& { return l.children; }, 80000, 100, 5.0e6,
                         {"children", "Children aged 0-17 at the start of the horizon.",
                          "ONS mid-year estimates; a medium English LA has ~80,000"}));
  b.push_back(real<L>("deprivation", [](L & l) -> auto& { return l.deprivation; }, 1.0, 0.2, 5.0,
                      {"multiplier", "Scales the prevalence of risk factors.", "assumption"}));
  b.push_back(integer<L>("teams", [](L & l) -> auto& { return l.teams; }, 16, 1, 1000,
                         {"teams", "Social work teams that hold cases.", "assumption"}));
  b.push_back(real<L>(
      "social_workers_per_team", [](L & l) -> auto& { return l.social_workers_per_team; }, 10, 1, 100,
      {"FTE", "Case-holding social work posts per team.", "evidence.md s1: ~27,700 FTE nationally; caseload ~16-18"}));
  b.push_back(real<L>("initial_looked_after_per_10k", [](L & l) -> auto& { return l.initial_looked_after_per_10k; }, 40,
                      0, 500,
                      {"per 10,000 children",
                       "Looked-after children placed at the start of the "
                       "burn-in (warm start), so that the stock settles "
                       "near its level within the burn-in.",
                       "calibrated so the stock is near 60 per 10,000 (evidence.md s1)"}));
  b.push_back(integer<L>("childrens_home_places", [](L & l) -> auto& { return l.childrens_home_places; }, -1, -1, 1.0e6,
                         {"places",
                          "Children's home places inside the LA; -1: as many as needed. A "
                          "child placed in a home when the LA's places are full goes to "
                          "the LA with the most free places (or, with none free anywhere, "
                          "to a private home outside every LA) and counts as out of area.",
                          "assumption: many LAs have few or no homes of their own and place out "
                          "of area (DfE children's homes data)"}));
  return b;
}

}  // namespace csc::models
