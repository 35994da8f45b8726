#pragma once
// The weekly series recorded per replicate, week and LA (docs/design.md, Outputs). The order is
// the order of /series datasets; names are part of the output schema (keep them).
#include <array>
#include <cstdint>
#include <string_view>

namespace csc::models {

enum class Metric : std::uint8_t {
  // Stocks at the end of the week (children).
  stock_cin,
  stock_assessment,
  stock_section17,
  stock_s47,
  stock_cp,
  stock_looked_after,
  stock_edge_of_care,
  stock_kinship_foster,
  stock_la_foster,
  stock_agency_foster,
  stock_childrens_home,
  stock_placed_with_parents,
  stock_placed_for_adoption,
  stock_out_of_area,
  children,
  // Flows during the week (children).
  referrals,
  re_referrals,
  assessments,
  no_further_action,
  cin_starts,
  s47,
  icpc,
  cp_starts,
  cp_second_or_later,
  cp_ends,
  cp_ends_3m,
  cp_ends_3_6m,
  cp_ends_6_12m,
  cp_ends_1_2y,
  cp_ends_2y,
  cp_resumed,
  care_entries,
  care_re_entries,
  care_exits,
  exits_returned_home,
  exits_adopted,
  exits_special_guardianship,
  exits_aged_18,
  edge_of_care_entries,
  edge_of_care_diverted,
  // Workforce at the end of the week.
  social_workers,
  agency_workers,
  vacancies,
  agency_share,
  caseload_mean,
  caseload_max,
  unallocated_cases,
  direct_time_share,
  worker_quits,
  worker_changes,
  // Interventions.
  adult_specialist_families,
  family_practitioner_families,
  cin_contact_hours,
  posts_created,
  volunteer_families,
  fgc_conferences,
  fgc_plans,
  care_entries_kinship,
  adult_specialist_starts,
  // The legal route (docs/design.md, "The care decision and the law").
  pre_proceedings_starts,
  proceedings_issued,
  care_entries_section20,
  stock_section20,
  stock_care_order,
  stock_placement_order,
  exits_child_arrangements_order,
  reunification_breakdowns,
  care_entries_adolescent,
  exits_independent_living,
  // Births and first-ever contacts, for the cumulative incidence before 18 (docs/evidence.md s1,
  // Jay et al. 2025): first-ever events a year over births a year, a period estimate.
  births,
  first_referrals,
  first_in_need,
  first_cp_plans,
  // Spend in the week (GBP, prices of costs.price_year), by component, and their sum.
  spend_placements,
  spend_social_workers,
  spend_agency_workers,
  spend_adult_specialists,
  spend_administrators,
  spend_family_practitioners,
  spend_volunteers,
  spend_family_group_conference,
  spend_caseload_cap,
  spend_total,
};

struct MetricInfo {
  std::string_view name;
  std::string_view unit;
  std::string_view meaning;
};

// One row per line, in the enum's order (docs/output.md lists them; a test reads these rows).
// clang-format off
inline constexpr MetricInfo kMetrics[] = {
    {"stock_cin", "children", "Children in need at week end: every open case (assessment, CIN, s47, CP, looked after), as the DfE CIN census counts"},
    {"stock_assessment", "children", "Children under assessment"},
    {"stock_section17", "children", "Children on a CIN (section 17) plan"},
    {"stock_s47", "children", "Children in a section 47 enquiry awaiting conference"},
    {"stock_cp", "children", "Children on a child protection plan"},
    {"stock_looked_after", "children", "Looked-after children"},
    {"stock_edge_of_care", "children", "Children at home in families on the edge of care"},
    {"stock_kinship_foster", "children", "Looked after: foster care with relatives or friends"},
    {"stock_la_foster", "children", "Looked after: LA foster care"},
    {"stock_agency_foster", "children", "Looked after: independent fostering agency"},
    {"stock_childrens_home", "children", "Looked after: children's home"},
    {"stock_placed_with_parents", "children", "Looked after: placed with parents"},
    {"stock_placed_for_adoption", "children", "Looked after: placed for adoption"},
    {"stock_out_of_area", "children", "Looked after: in a children's home outside the LA (its own homes were full; la.childrens_home_places)"},
    {"children", "children", "Children aged 0-17 in the LA"},
    {"referrals", "children", "Referrals (children referred)"},
    {"re_referrals", "children", "Referrals within 12 months of the child's previous referral"},
    {"assessments", "children", "Assessments completed"},
    {"no_further_action", "children", "Assessments ending in no further action"},
    {"cin_starts", "children", "Assessments finding a child in need (section 17)"},
    {"s47", "children", "Section 47 enquiries started"},
    {"icpc", "children", "Initial child protection conferences"},
    {"cp_starts", "children", "Child protection plans started"},
    {"cp_second_or_later", "children", "CP plans started that are a second or later plan for the child in the same council (cp.move_rate_per_year)"},
    {"cp_ends", "children", "Child protection plans ended"},
    {"cp_ends_3m", "children", "CP plans ended after 3 months or less (the DfE's bands of plan length, evidence.md s1)"},
    {"cp_ends_3_6m", "children", "CP plans ended after more than 3 months and up to 6"},
    {"cp_ends_6_12m", "children", "CP plans ended after more than 6 months and less than a year"},
    {"cp_ends_1_2y", "children", "CP plans ended after 1 year and less than 2"},
    {"cp_ends_2y", "children", "CP plans ended after 2 years or more"},
    {"cp_resumed", "children", "Children back home from care who rejoin the CP plan they left for care (the same plan, not a new one)"},
    {"care_entries", "children", "Children starting to be looked after"},
    {"care_re_entries", "children", "Care entries of children returned home before"},
    {"care_exits", "children", "Children ceasing to be looked after"},
    {"exits_returned_home", "children", "Care exits: returned home (with no order, on discharge of a care order, or under a supervision order)"},
    {"exits_adopted", "children", "Care exits: adopted"},
    {"exits_special_guardianship", "children", "Care exits: special guardianship order"},
    {"exits_aged_18", "children", "Care exits: 18th birthday"},
    {"edge_of_care_entries", "children", "Children whose family came to the edge of care"},
    {"edge_of_care_diverted", "children", "Children kept at home when their family left the edge of care without a care entry"},
    {"social_workers", "FTE", "Case-holding posts filled (permanent and agency)"},
    {"agency_workers", "FTE", "Posts filled by agency workers"},
    {"vacancies", "FTE", "Posts vacant"},
    {"agency_share", "share", "Agency workers as a share of filled posts"},
    {"caseload_mean", "children", "Mean caseload (children per filled post)"},
    {"caseload_max", "children", "Largest caseload"},
    {"unallocated_cases", "families", "Open cases waiting for a worker"},
    {"direct_time_share", "share", "Share of filled posts' hours spent in direct work with families"},
    {"worker_quits", "FTE", "Workers who left in the week"},
    {"worker_changes", "families", "Families whose allocated worker changed"},
    {"adult_specialist_families", "families", "Families an adult specialist works with (intervention adult_specialists)"},
    {"family_practitioner_families", "families", "CIN families a family practitioner works with (intervention family_practitioners)"},
    {"cin_contact_hours", "hours/week", "Mean direct hours a CIN (section 17) family received in the week, from social workers and family practitioners"},
    {"posts_created", "FTE", "Social work posts created in the week by the caseload cap (hire or agency policy)"},
    {"volunteer_families", "families", "Families supported by a volunteer at week end (intervention volunteers)"},
    {"fgc_conferences", "families", "Family group conferences held in the week"},
    {"fgc_plans", "families", "Family group conferences that agreed a plan in the week"},
    {"care_entries_kinship", "children", "Care entries into kinship foster care"},
    {"adult_specialist_starts", "families", "Families an adult specialist started working with in the week (intervention adult_specialists)"},
    {"pre_proceedings_starts", "families", "Families the council wrote to before proceedings (Public Law Outline) in the week"},
    {"proceedings_issued", "children", "Children for whom care proceedings were issued in the week"},
    {"care_entries_section20", "children", "Care entries accommodated by agreement (section 20); the rest start under an order"},
    {"stock_section20", "children", "Looked after: accommodated by agreement (section 20)"},
    {"stock_care_order", "children", "Looked after: under an interim or full care order"},
    {"stock_placement_order", "children", "Looked after: under a placement order (authority to place for adoption)"},
    {"exits_child_arrangements_order", "children", "Care exits: a child arrangements order (to live with a relative or the other parent)"},
    {"reunification_breakdowns", "children", "Children whose return home broke down and who re-entered care (part of care_re_entries)"},
    {"care_entries_adolescent", "children", "Care entries of adolescents accommodated on their own account (family breakdown, behaviour, harm outside the home); part of care_entries_section20"},
    {"exits_independent_living", "children", "Care exits: a young person of 16 or 17 left care before 18 (independent or supported living)"},
    {"births", "children", "Children born into the council's population in the week"},
    {"first_referrals", "children", "Children referred for the first time in their life (burn-in included)"},
    {"first_in_need", "children", "Children who became a child in need (CIN, CP or looked after) for the first time in their life"},
    {"first_cp_plans", "children", "Children who started their first CP plan ever (in any council)"},
    {"spend_placements", "GBP", "Spend on placements of looked-after children (weekly cost by placement type)"},
    {"spend_social_workers", "GBP", "Spend on permanent social workers in filled posts"},
    {"spend_agency_workers", "GBP", "Spend on agency social workers (with the agency premium)"},
    {"spend_adult_specialists", "GBP", "Running cost of adult specialist posts"},
    {"spend_administrators", "GBP", "Running cost of administrator (PA) posts"},
    {"spend_family_practitioners", "GBP", "Running cost of family practitioner posts"},
    {"spend_volunteers", "GBP", "Volunteer programme cost of the families whose support started"},
    {"spend_family_group_conference", "GBP", "Running cost of FGC coordinators"},
    {"spend_caseload_cap", "GBP", "Recruitment cost of posts created by the caseload cap"},
    {"spend_total", "GBP", "Sum of the spend components"},
};
// clang-format on
inline constexpr std::size_t kMetricCount = std::size(kMetrics);
static_assert(static_cast<std::size_t>(Metric::spend_total) + 1 == kMetricCount);

/// The spend components that add up to spend_total, in summing order.
inline constexpr Metric kSpendComponents[] = {
    Metric::spend_placements,        Metric::spend_social_workers,          Metric::spend_agency_workers,
    Metric::spend_adult_specialists, Metric::spend_administrators,          Metric::spend_family_practitioners,
    Metric::spend_volunteers,        Metric::spend_family_group_conference, Metric::spend_caseload_cap};
/// How many of kSpendComponents come first and are not an intervention's (placements, social
/// workers, agency workers); every later one is an intervention's own spend row.
inline constexpr std::size_t kCoreSpendComponents = 3;
/// Components that are the running cost of an intervention.
inline constexpr bool is_intervention_spend(Metric m) {
  for (std::size_t i = kCoreSpendComponents; i < std::size(kSpendComponents); ++i) {
    if (kSpendComponents[i] == m) return true;
  }
  return false;
}

inline constexpr std::size_t midx(Metric m) { return static_cast<std::size_t>(m); }

}  // namespace csc::models
