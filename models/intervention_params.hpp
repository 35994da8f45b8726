#pragma once
// Parameters of the interventions a scenario can switch on and fund (DESIGN.md section 3,
// issue "Interventions and the kin network"). Each acts only through a model mechanism:
// severity (adult specialists), capacity (caseload cap, family practitioners), time
// (administrators). Each carries its unit cost for the costs issue.
#include <algorithm>
#include <limits>
#include <string>
#include <vector>

#include "sim/core/time.hpp"

namespace csc::models {

/// What every intervention has: switch, start, scope, unit cost.
struct InterventionCommon {
  // Values of the keys (enabled .. unit_cost here, the mechanism's in each struct below):
  // the binding table (models/intervention_params.cpp), which holds the only defaults, ranges
  // and sources; `{}` only value-initialises. The rest is resolved by params_from_scenario.
  bool enabled{};
  sim::Date start_date{};
  std::string las{};  // "all" or LA names separated by commas
  std::string teams{};  // "all" or team numbers (1-based) separated by commas
  std::string rollout{};  // "" (every team on start_date) or stages "N@YYYY-MM-DD, ..."
  double unit_cost{};  // GBP per unit (post, place, family) in the prices of costs.price_year
  // Resolved by params_from_scenario:
  sim::Day start_day = 0;           // day of start_date relative to run.start_date
  std::vector<char> in_scope;       // per LA
  std::vector<sim::Day> team_start; // per team (0-based): day it starts (teams out of scope:
                                    // never; from `teams` and `rollout`); empty: every team
  [[nodiscard]] bool active(std::size_t la, sim::Day d) const {
    return enabled && d >= start_day && la < in_scope.size() && in_scope[la];
  }
  [[nodiscard]] bool active(std::size_t la, std::size_t team, sim::Day d) const {
    return active(la, d) && d >= team_start_day(team);
  }
  /// The day `team` starts (at the earliest start_day); kNoStart for a team out of scope.
  [[nodiscard]] sim::Day team_start_day(std::size_t team) const {
    if (team_start.empty()) return start_day;
    return team < team_start.size() ? std::max(start_day, team_start[team]) : kNoStart;
  }
  static constexpr sim::Day kNoStart = std::numeric_limits<sim::Day>::max();
  bool operator==(const InterventionCommon&) const = default;
};

struct AdultSpecialistParams : InterventionCommon {
  double workers_per_team{};
  int families_per_worker{};
  double effect_per_week{};  // weekly fall of the matching parental factors
  double engagement{};
  double crisis_reduction{};
  double social_workers_per_team{};
  bool operator==(const AdultSpecialistParams&) const = default;
};

struct CaseloadCapParams : InterventionCommon {
  int max_caseload{};
  std::string policy{};  // hire | agency | wait
  double hire_weeks{};
  bool operator==(const CaseloadCapParams&) const = default;
};

struct AdministratorParams : InterventionCommon {
  double posts_per_team{};
  double admin_share_with_support{};
  double direct_share_with_support{};
  bool operator==(const AdministratorParams&) const = default;
};

struct FamilyPractitionerParams : InterventionCommon {
  double practitioners_per_team{};
  int families_per_practitioner{};
  double hours_per_week{};
  double direct_share{};
  bool operator==(const FamilyPractitionerParams&) const = default;
};

struct VolunteerParams : InterventionCommon {
  double volunteers{};
  double families_per_volunteer{};
  double matching_weeks{};
  double acute_relief_per_week{};
  double crisis_reduction{};
  double hosting_share{};
  double max_child_age{};
  bool operator==(const VolunteerParams&) const = default;
};

struct FgcParams : InterventionCommon {
  double coordinators{};
  double conferences_per_coordinator_month{};
  double weeks_to_conference{};
  double success_per_household{};
  double plan_relief{};
  double kinship_weight{};
  double sgo_multiplier{};
  bool operator==(const FgcParams&) const = default;
};

struct Interventions {
  AdultSpecialistParams adult_specialists;
  CaseloadCapParams caseload_cap;
  AdministratorParams administrators;
  FamilyPractitionerParams family_practitioners;
  VolunteerParams volunteers;
  FgcParams family_group_conference;
  bool operator==(const Interventions&) const = default;
};

}  // namespace csc::models
