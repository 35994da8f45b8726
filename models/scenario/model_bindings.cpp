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

namespace {

/// The run keys.
void add_run_keys(std::vector<Binding<Params>>& b) {
  using P = Params;
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
}

/// The population keys.
void add_population_keys(std::vector<Binding<Params>>& b) {
  using P = Params;
  b.push_back(text<P>(
      "population.projection", [](P & p) -> auto& { return p.population.projection; }, std::string(),
      {"DATE:RATE, ...",
       "Projection of each LA's child population, as a series of steps: from each date (in order) the number of "
       "children aged 0-17 grows at RATE a year (log growth; negative: falls), until the next date. Births follow "
       "it (births = the stationary births + the projected change), so the child population tracks the "
       "projection for 18 years from its first date. Empty (the default): a stationary population.",
       "ONS mid-year estimates, the denominators of DfE's rates per 10,000: England's children aged 0-17 rose "
       "from about 11.5 to 11.7 million over 2013-2016 (docs/evidence.md s1), about 0.006 a year; an ONS "
       "subnational projection for the council gives its own series"}));
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
}

/// The severity keys.
void add_severity_keys(std::vector<Binding<Params>>& b) {
  using P = Params;
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
                       "worker (waiting raises risk, docs/design.md, The model).",
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
}

/// The referral keys.
void add_referral_keys(std::vector<Binding<Params>>& b) {
  using P = Params;
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
                               "Day the referral trend stops: by default no growth is projected past the years "
                               "it was fitted on; a forecast in which demand keeps growing sets it to the "
                               "horizon's end or later (the trend then runs through the whole horizon).",
                               "evidence.md s1: end of the fitted years; 2014-15 is a forecast. Referrals in "
                               "England rose about 11% in 2013-14 and fell back in 2014-15 (evidence.md s1), so "
                               "holding the level is the default"}));
}

}  // namespace

std::vector<Binding<Params>> model_bindings() {
  std::vector<Binding<Params>> b;
  add_run_keys(b);
  add_population_keys(b);
  add_severity_keys(b);
  add_referral_keys(b);
  bindings::add_assessment_keys(b);
  bindings::add_cin_keys(b);
  bindings::add_cp_keys(b);
  bindings::add_edge_keys(b);
  bindings::add_care_keys(b);
  bindings::add_legal_keys(b);
  bindings::add_workforce_keys(b);
  bindings::add_costs_keys(b);
  bindings::add_kin_network_keys(b);
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
