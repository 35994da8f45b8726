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
  bool enabled = false;
  sim::Date start_date{2013, 4, 1};
  std::string las = "all";          // "all" or LA names separated by commas
  std::string teams = "all";        // "all" or team numbers (1-based) separated by commas
  std::string rollout;              // "" (every team on start_date) or stages "N@YYYY-MM-DD, ..."
  double unit_cost = 0.0;           // GBP per post (or place) per year, price base 2016-17
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
};

struct AdultSpecialistParams : InterventionCommon {
  double workers_per_team = 3.0;      // FSH-4: 22 teams, each a DA worker and a substance
                                      // misuse / mental health worker (and psychologists)
  int families_per_worker = 10;
  double effect_per_week = 0.04;      // weekly fall of the matching parental factors
  double engagement = 0.75;           // FIT-1: engagement 29% -> 70-87%
  double crisis_reduction = 0.3;      // DAN-1: repeat incidents (MARAC referrals) down 15%
  double social_workers_per_team = 0; // FSH-4: 15 new social workers for 22 teams
};

struct CaseloadCapParams : InterventionCommon {
  int max_caseload = 12;              // FSH-2: caseloads 16 -> 12
  std::string policy = "hire";        // hire | agency | wait
  double hire_weeks = 12;
};

struct AdministratorParams : InterventionCommon {
  double posts_per_team = 1.0;        // PA-1: a skilled administrator attached to each team
  double admin_share_with_support = 0.14;   // PA-1: admin time 36% -> 14%
  double direct_share_with_support = 0.58;  // PA-1: time with families 34% -> 58%
};

struct FamilyPractitionerParams : InterventionCommon {
  double practitioners_per_team = 1.0;
  int families_per_practitioner = 8;
  double hours_per_week = 37;
  double direct_share = 0.6;          // FP-1: three times the time with families
};

struct VolunteerParams : InterventionCommon {
  double volunteers = 150;            // SF-2: 3,063 volunteers in 20 LAs, ~150 an LA
  double families_per_volunteer = 0.35;  // SF-2: 3,063 volunteers supported 1,055 families
  double matching_weeks = 4;
  double acute_relief_per_week = 0.25;
  double crisis_reduction = 0.5;
  double hosting_share = 0.23;
  double max_child_age = 10;          // respite for children aged 10 or under (Dartington SRU)
};

struct FgcParams : InterventionCommon {
  double coordinators = 4;
  double conferences_per_coordinator_month = 3;
  double weeks_to_conference = 6;
  double success_per_household = 0.21;
  double plan_relief = 0.3;
  double kinship_weight = 9.7;
  double sgo_multiplier = 19.0;
};

struct Interventions {
  AdultSpecialistParams adult_specialists;
  CaseloadCapParams caseload_cap;
  AdministratorParams administrators;
  FamilyPractitionerParams family_practitioners;
  VolunteerParams volunteers;
  FgcParams family_group_conference;
};

}  // namespace csc::models
