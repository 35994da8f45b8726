// The binding table of the workforce, unit costs and the kin network's keys (see
// model_bindings.cpp for how sources are cited).
#include "models/scenario/model_bindings.hpp"

#include <optional>
#include <string>

namespace csc::models::bindings {

using detail::Binding;
using detail::Doc;
using detail::integer;
using detail::real;
using detail::text;

/// The workforce keys.
void add_workforce_keys(std::vector<Binding<Params>>& b) {
  using P = Params;
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
}

/// The costs keys.
void add_costs_keys(std::vector<Binding<Params>>& b) {
  using P = Params;
  b.push_back(text<P>("costs.price_year", [](P & p) -> auto& { return p.costs.price_year; }, std::string("2016-17"),
                      {"financial year",
                       "Prices the run reports money in (recorded in the output and the report). When it differs "
                       "from costs.prices_of, costs.price_index must give both years: every unit cost is scaled by "
                       "their ratio; otherwise it is an error.",
                       "user"}));
  b.push_back(text<P>("costs.prices_of", [](P & p) -> auto& { return p.costs.prices_of; }, std::string("2016-17"),
                      {"financial year", "Prices the scenario's unit costs are stated in.",
                       "evidence.md s3 (price bases differ; costs here are taken as 2016-17 prices)"}));
  b.push_back(text<P>("costs.price_index", [](P & p) -> auto& { return p.costs.price_index; }, std::string(""),
                      {"YEAR:INDEX, ...",
                       "A price index by financial year, e.g. \"2016-17:100, 2019-20:105.9\" (HM Treasury's GDP "
                       "deflators at market prices are the usual choice for public spending); empty: none.",
                       "user (the values are not shipped: take them from the current HM Treasury release)"}));
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
}

/// The kin network keys.
void add_kin_network_keys(std::vector<Binding<Params>>& b) {
  using P = Params;
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
       "assumption (docs/design.md, The model: network decides how much informal support a family has)"}));
  b.push_back(integer<P>("kin_network.carer_steps", [](P & p) -> auto& { return p.kin.carer_steps; }, 2, 1, 4,
                         {"links", "How far placement and family group conferences look for a willing carer.",
                          "assumption (relatives of relatives)"}));
}

}  // namespace csc::models::bindings
