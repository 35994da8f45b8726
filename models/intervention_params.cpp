// The [interventions.*] keys: one table per intervention, each with enabled, start_date, las
// (scope), unit_cost and the parameters of its mechanism, with the evidence behind each.
#include <algorithm>
#include <cstdint>
#include <limits>
#include <sstream>
#include <utility>

#include "models/param_binding.hpp"
#include "models/params.hpp"
#include "sim/core/errors.hpp"
#include "sim/core/text.hpp"

namespace csc::models {
namespace {

using detail::Binding;
using detail::Doc;

template <class Member>
void add_common(std::vector<Binding<Params>>& b, const std::string& name, Member member,
                double default_cost, const char* cost_unit, const char* cost_source,
                bool team_based = false) {
  using P = Params;
  const std::string k = "interventions." + name + ".";
  b.push_back(detail::boolean<P>(k + "enabled", [member](P& p) -> auto& { return (p.interventions.*member).enabled; },
                                 false, {"", "Switches the intervention on.", "user"}));
  b.push_back(detail::date<P>(k + "start_date", [member](P& p) -> auto& { return (p.interventions.*member).start_date; },
                              "2013-04-01", {"date", "Day the intervention starts (before the horizon: from the first recorded day; the burn-in always runs without it).", "user"}));
  b.push_back(detail::text<P>(k + "las", [member](P& p) -> auto& { return (p.interventions.*member).las; },
                              std::string("all"), {"", "Scope: \"all\" or LA names separated by commas.", "user"}));
  b.push_back(detail::text<P>(k + "teams", [member](P& p) -> auto& { return (p.interventions.*member).teams; },
                              std::string("all"), {"", "Teams in scope in each LA in scope: \"all\" or team numbers from 1, separated by commas (used by team-based interventions: adult specialists, administrators, family practitioners).", "user"}));
  if (team_based) b.push_back(detail::text<P>(k + "rollout", [member](P& p) -> auto& { return (p.interventions.*member).rollout; },
                              std::string(""), {"", "Staged start of the teams: empty (every team in scope starts on start_date), or stages \"N@YYYY-MM-DD\" separated by commas, each starting the next N teams in scope (in the order of `teams`) on its date. The Ns add up to the teams in scope of every LA in scope; no date is before start_date.", "user; Family Safeguarding's 22 teams started in three stages (5 in April, 6 in June, 11 at the end of September 2015: Hemel Today and The Comet, September 2015)"}));
  b.push_back(detail::real<P>(k + "unit_cost", [member](P& p) -> auto& { return (p.interventions.*member).unit_cost; },
                              default_cost, 0.0, 1e7, {cost_unit, "Cost per unit, recorded in /series/spend_* (prices of costs.price_year).", cost_source}));
}

}  // namespace

void add_intervention_bindings(std::vector<Binding<Params>>& b) {
  using P = Params;
  using detail::integer;
  using detail::real;
  // --- adult specialists (Family Safeguarding) ------------------------------------------
  add_common(b, "adult_specialists", &Interventions::adult_specialists, 50000, "GBP per post-year",
             "assumption from evidence.md s3: FSH grant ~GBP 81k per new post over the grant period (includes training)", true);
  b.push_back(real<P>("interventions.adult_specialists.workers_per_team",
                      [](P& p) -> auto& { return p.interventions.adult_specialists.workers_per_team; }, 3.0, 0, 50,
                      {"FTE per team", "Domestic abuse, substance misuse and mental health workers attached to each team (capacity).",
                       "evidence FSH-4: each of 22 teams had a domestic abuse specialist and a substance misuse / mental health worker"}));
  b.push_back(integer<P>("interventions.adult_specialists.families_per_worker",
                         [](P& p) -> auto& { return p.interventions.adult_specialists.families_per_worker; }, 10, 1, 100,
                         {"families", "Families one specialist works with at a time.", "assumption (FSH-4: ~60 new posts for ~2,000 families a year)"}));
  b.push_back(real<P>("interventions.adult_specialists.effect_per_week",
                      [](P& p) -> auto& { return p.interventions.adult_specialists.effect_per_week; }, 0.04, 0, 1,
                      {"share per week", "Weekly fall of the family's matching parental factors (domestic abuse, substance misuse, mental health) while a specialist works with it.",
                       "assumption sized to FSH-1 (days in care per family fall by 52%) and FSH-3 (GBP 2.6m saved in the first year) together, with Hertfordshire's teams starting in three stages: 0.04 gives a 48% fall and GBP 3.1m in the virtual evaluations (docs/fit_effects_defaults.md); the stat test (tests/stat/test_adult_specialist_size.cpp) keeps the fall within 30-70%"}));
  b.push_back(real<P>("interventions.adult_specialists.engagement",
                      [](P& p) -> auto& { return p.interventions.adult_specialists.engagement; }, 0.75, 0, 1,
                      {"probability", "Chance that a family that did not engage engages once a specialist works with it.",
                       "evidence FIT-1: engagement of families with all three problems 29% -> 70% and 87%"}));
  b.push_back(real<P>("interventions.adult_specialists.crisis_reduction",
                      [](P& p) -> auto& { return p.interventions.adult_specialists.crisis_reduction; }, 0.3, 0, 1,
                      {"share", "Fall of the crisis rate of a family while a specialist works with it (safety planning with the whole family: fewer incidents).",
                       "evidence DAN-1 (Doncaster: repeat referrals to the multi-agency risk conference down 15%); sized by its virtual evaluation, 0.3 gives 0.86 (scenarios/evaluations/domestic_abuse_navigators.toml)"}));
  b.push_back(real<P>("interventions.adult_specialists.social_workers_per_team",
                      [](P& p) -> auto& { return p.interventions.adult_specialists.social_workers_per_team; }, 0.0, 0, 50,
                      {"FTE per team", "Social work posts the programme adds to each team in scope, filled from the day the team starts and costed as social workers (costs.social_worker_per_week); a fraction is spread over the teams in the order they start (n teams gain floor(n x this) posts).",
                       "evidence FSH-4: up to 60 new staff, 15 of them social workers, for 22 teams (0.682 a team, scenarios/evaluations/family_safeguarding.toml); 0 (default): the specialists are the only new staff"}));
  // --- caseload cap ------------------------------------------------------------------------
  add_common(b, "caseload_cap", &Interventions::caseload_cap, 5000, "GBP per post created (one-off)",
             "assumption: recruitment cost of a post the cap creates; the post itself is costed as a social worker (costs.social_worker_per_week)");
  b.push_back(integer<P>("interventions.caseload_cap.max_caseload",
                         [](P& p) -> auto& { return p.interventions.caseload_cap.max_caseload; }, 12, 1, 200,
                         {"children", "Most children a social worker holds while the cap is on.", "evidence FSH-2: caseloads cut from about 16 to 12; CAS-1"}));
  b.push_back(detail::choice<P>("interventions.caseload_cap.policy",
                                [](P& p) -> auto& { return p.interventions.caseload_cap.policy; }, "hire", {"hire", "agency", "wait"},
                                {"", "When the cap binds: hire (a permanent post after a lag), agency (an agency post at once) or wait (cases queue).", "user"}));
  b.push_back(real<P>("interventions.caseload_cap.hire_weeks",
                      [](P& p) -> auto& { return p.interventions.caseload_cap.hire_weeks; }, 12, 0, 260,
                      {"weeks", "Lag before a new permanent post is filled under the hire policy.", "assumption"}));
  // --- administrators -----------------------------------------------------------------------
  add_common(b, "administrators", &Interventions::administrators, 25000, "GBP per post-year",
             "assumption (no sourced PA salary, evidence.md s3 gaps); PA-2: saving ~GBP 27,000 per PA", true);
  b.push_back(real<P>("interventions.administrators.posts_per_team",
                      [](P& p) -> auto& { return p.interventions.administrators.posts_per_team; }, 1.0, 0, 10,
                      {"FTE per team", "Skilled administrators attached to each team; one gives the full effect.", "evidence PA-1 (Hampshire and Isle of Wight pilot teams)"}));
  b.push_back(real<P>("interventions.administrators.admin_share_with_support",
                      [](P& p) -> auto& { return p.interventions.administrators.admin_share_with_support; }, 0.14, 0, 1,
                      {"share", "Social workers' admin share with full support.", "evidence PA-1: 36% -> 14%"}));
  b.push_back(real<P>("interventions.administrators.direct_share_with_support",
                      [](P& p) -> auto& { return p.interventions.administrators.direct_share_with_support; }, 0.58, 0, 1,
                      {"share", "Share of social workers' time with families with full support.", "evidence PA-1: 34% -> 58%"}));
  // --- family practitioners -----------------------------------------------------------------
  add_common(b, "family_practitioners", &Interventions::family_practitioners, 30000, "GBP per post-year",
             "assumption (no sourced salary, evidence.md s3 gaps)", true);
  b.push_back(real<P>("interventions.family_practitioners.practitioners_per_team",
                      [](P& p) -> auto& { return p.interventions.family_practitioners.practitioners_per_team; }, 1.0, 0, 20,
                      {"FTE per team", "Non-social-work family practitioners per team (capacity).", "evidence FP-1 (Project Crewe: small teams led by a social worker)"}));
  b.push_back(integer<P>("interventions.family_practitioners.families_per_practitioner",
                         [](P& p) -> auto& { return p.interventions.family_practitioners.families_per_practitioner; }, 8, 1, 100,
                         {"families", "CIN families one practitioner works with at a time.", "assumption"}));
  b.push_back(real<P>("interventions.family_practitioners.hours_per_week",
                      [](P& p) -> auto& { return p.interventions.family_practitioners.hours_per_week; }, 37, 1, 80,
                      {"hours", "Contracted hours of a practitioner.", "NJC terms"}));
  b.push_back(real<P>("interventions.family_practitioners.direct_share",
                      [](P& p) -> auto& { return p.interventions.family_practitioners.direct_share; }, 0.6, 0, 1,
                      {"share", "Share of a practitioner's time spent with families.", "evidence FP-1: about three times the time with families of a social worker"}));
  // --- volunteers (Safe Families for Children) ---------------------------------------------
  add_common(b, "volunteers", &Interventions::volunteers, 2230, "GBP per family supported",
             "evidence.md s3: Safe Families grant ~GBP 2,230 per family supported (includes set-up)");
  b.push_back(real<P>("interventions.volunteers.volunteers",
                      [](P& p) -> auto& { return p.interventions.volunteers.volunteers; }, 150, 0, 1e5,
                      {"volunteers per LA", "Trained volunteers in the pool (capacity).", "evidence SF-2: 3,063 volunteers in 20 LAs"}));
  b.push_back(real<P>("interventions.volunteers.families_per_volunteer",
                      [](P& p) -> auto& { return p.interventions.volunteers.families_per_volunteer; }, 0.35, 0, 10,
                      {"families", "Families the pool supports at once, per volunteer.", "evidence SF-2: 3,063 volunteers supported 1,055 families"}));
  b.push_back(real<P>("interventions.volunteers.max_child_age",
                      [](P& p) -> auto& { return p.interventions.volunteers.max_child_age; }, 10, 0, 17,
                      {"years", "Oldest age of a child whose family the volunteers can support (respite stays are for young children).",
                       "Safe Families for Children: short-term respite for children aged 10 or under (Dartington Social Research Unit project page)"}));
  b.push_back(real<P>("interventions.volunteers.matching_weeks",
                      [](P& p) -> auto& { return p.interventions.volunteers.matching_weeks; }, 4, 0, 52,
                      {"weeks", "Delay between a family's place and the start of support (matching).", "assumption"}));
  b.push_back(real<P>("interventions.volunteers.acute_relief_per_week",
                      [](P& p) -> auto& { return p.interventions.volunteers.acute_relief_per_week; }, 0.25, 0, 1,
                      {"share per week", "Weekly fall of acute severity from respite and practical support.", "assumption sized to SF-1 (an alternative to care for ~15% of children placed in foster or residential care)"}));
  b.push_back(real<P>("interventions.volunteers.crisis_reduction",
                      [](P& p) -> auto& { return p.interventions.volunteers.crisis_reduction; }, 0.5, 0, 1,
                      {"share", "Fall of the crisis rate of a supported family.", "assumption (SF-1)"}));
  // --- family group conferencing ---------------------------------------------------------------
  add_common(b, "family_group_conference", &Interventions::family_group_conference, 40000, "GBP per coordinator-year",
             "assumption (no sourced cost per conference, evidence.md s3 gaps); FGC-1: GBP 755 saved per family; FGC-2: GBP 18.20 per GBP 1");
    b.push_back(real<P>("interventions.volunteers.hosting_share",
                      [](P& p) -> auto& { return p.interventions.volunteers.hosting_share; }, 0.23, 0, 1,
                      {"share", "Fall of the care-entry hazard of a supported family on the edge of care: a volunteer host family takes the children for a short stay instead of accommodation (the Safe Families model).",
                       "evidence SF-1: an alternative to care for about 15% of children placed in foster or residential care (0.23 gives a 15% fall of the LA's care entries with a place for every family with a child aged 10 or under)"}));
  b.push_back(real<P>("interventions.family_group_conference.coordinators",
                      [](P& p) -> auto& { return p.interventions.family_group_conference.coordinators; }, 4, 0, 1000,
                      {"FTE per LA", "Independent FGC coordinators (capacity).", "assumption"}));
  b.push_back(real<P>("interventions.family_group_conference.conferences_per_coordinator_month",
                      [](P& p) -> auto& { return p.interventions.family_group_conference.conferences_per_coordinator_month; }, 3, 0, 50,
                      {"conferences a month", "Conferences one coordinator can run in a month.", "assumption (FGC-1: 395 families in Leeds)"}));
  b.push_back(real<P>("interventions.family_group_conference.weeks_to_conference",
                      [](P& p) -> auto& { return p.interventions.family_group_conference.weeks_to_conference; }, 6, 1, 52,
                      {"weeks", "From the offer to the plan: identifying the network, information sharing, private family time, agreeing the plan.", "evidence.md s2, How FGC works"}));
  b.push_back(real<P>("interventions.family_group_conference.success_per_household",
                      [](P& p) -> auto& { return p.interventions.family_group_conference.success_per_household; }, 0.21, 0, 10,
                      {"per household", "A plan succeeds with probability 1 - exp(-x * households within reach in the kin network).", "assumption for the shape: the plan depends on the family's network (evidence.md s2); size fitted to FGC-1 (docs/fit_effects.md)"}));
  b.push_back(real<P>("interventions.family_group_conference.plan_relief",
                      [](P& p) -> auto& { return p.interventions.family_group_conference.plan_relief; }, 0.3, 0, 1,
                      {"share", "Fall of acute severity when a family plan is agreed (support from the network).", "assumption"}));
  b.push_back(real<P>("interventions.family_group_conference.kinship_weight",
                      [](P& p) -> auto& { return p.interventions.family_group_conference.kinship_weight; }, 9.7, 1, 100,
                      {"multiplier", "Multiplies the weight of kinship foster care at a care entry of a family with an agreed plan and a willing carer.", "evidence.md s2: kinship care and special guardianship are FGC's usual routes out of care; size fitted to FGC-1 (docs/fit_effects.md)"}));
  b.push_back(real<P>("interventions.family_group_conference.sgo_multiplier",
                      [](P& p) -> auto& { return p.interventions.family_group_conference.sgo_multiplier; }, 19, 1, 100,
                      {"multiplier", "Multiplies the special guardianship hazard of a kin placement of a family with a plan (shorter stays).", "evidence FGC-1: savings from less time in the care system; size fitted to FGC-1 (docs/fit_effects.md)"}));
}

namespace {

using sim::trimmed;

/// The whole of `text` (spaces around it aside) as a number, or 0 when it is not one.
int whole_number(const std::string& text) {
  const std::string t = trimmed(text);
  try {
    std::size_t used = 0;
    const int n = std::stoi(t, &used);
    return used == t.size() ? n : 0;
  } catch (const std::exception&) {
    return 0;
  }
}

/// "file:line:column: key 'interventions.NAME.FIELD': " for a message about that key.
std::string key_lead(const KeyOrigin& origin, const std::string& name, const char* field) {
  const std::string key = "interventions." + name + "." + field;
  return (origin ? origin(key) : std::string("scenario")) + ": key '" + key + "': ";
}

using Stages = std::vector<std::pair<int, sim::Day>>;  // (teams, the day they start)

/// Start days for the teams of `scope`, in its order, stage by stage; every other team never.
void start_teams(InterventionCommon& iv, const std::vector<int>& scope, const Stages& stages) {
  const int most = *std::max_element(scope.begin(), scope.end());
  iv.team_start.assign(static_cast<std::size_t>(most) + 1, InterventionCommon::kNoStart);
  std::size_t next = 0;
  for (const auto& [teams, day] : stages) {
    for (int i = 0; i < teams; ++i) iv.team_start[static_cast<std::size_t>(scope[next++])] = day;
  }
}

// The stages of `rollout` become a start day for each team of `scope` (the teams named in
// `teams`; empty: every team): the first N teams of the scope start on the first stage's
// date, the next N on the second's, and so on.
void resolve_rollout(InterventionCommon& iv, std::vector<int> scope, const std::string& name, const Params& p,
                     const KeyOrigin& origin, std::vector<std::string>& errors) {
  const std::string key = key_lead(origin, name, "rollout");
  const std::size_t errors_before = errors.size();
  Stages stages;
  std::stringstream list(iv.rollout);
  for (std::string item; std::getline(list, item, ',');) {
    item = trimmed(item);
    const auto at = item.find('@');
    const int teams = whole_number(item.substr(0, at));
    sim::Date date;
    constexpr int kMostTeams = 65535;  // team numbers are 16-bit
    if (at == std::string::npos || teams < 1 || teams > kMostTeams ||
        !sim::Date::parse(trimmed(item.substr(at + 1)), date)) {
      errors.push_back(key + "'" + item + "' is not a stage N@YYYY-MM-DD (N teams from 1 to " +
                       std::to_string(kMostTeams) + ", a date)");
      continue;
    }
    if (date.serial() < iv.start_date.serial()) {
      errors.push_back(key + "stage '" + item + "' is before start_date");
      continue;
    }
    stages.emplace_back(teams, static_cast<sim::Day>(date.serial() - p.run.start_date.serial()));
  }
  if (errors.size() > errors_before) return;  // a stage is wrong: its count would mislead
  std::int64_t staged = 0;
  for (const auto& stage : stages) staged += stage.first;
  if (scope.empty()) {
    for (std::size_t l = 0; l < p.las.size(); ++l) {
      if (!iv.in_scope[l] || std::int64_t{p.las[l].teams} == staged) continue;
      errors.push_back(key + "its stages start " + std::to_string(staged) + " teams, but LA '" + p.las[l].name +
                       "' has " + std::to_string(p.las[l].teams));
      return;
    }
    for (int t = 0; t < static_cast<int>(staged); ++t) scope.push_back(t);
  } else if (static_cast<std::int64_t>(scope.size()) != staged) {
    errors.push_back(key + "its stages start " + std::to_string(staged) + " teams, but 'teams' names " +
                     std::to_string(scope.size()));
    return;
  }
  start_teams(iv, scope, stages);
}

}  // namespace

void resolve_interventions(Params& p, const KeyOrigin& origin) {
  // Scope names must be LAs of the scenario; the start date becomes a simulation day.
  InterventionCommon* all[] = {&p.interventions.adult_specialists, &p.interventions.caseload_cap,
                               &p.interventions.administrators, &p.interventions.family_practitioners,
                               &p.interventions.volunteers, &p.interventions.family_group_conference};
  const char* names[] = {"adult_specialists", "caseload_cap", "administrators", "family_practitioners",
                         "volunteers", "family_group_conference"};
  int fewest = 1 << 30;  // team numbers must exist in every LA
  for (const auto& la : p.las) fewest = std::min(fewest, la.teams);
  std::vector<std::string> errors;
  for (std::size_t i = 0; i < std::size(all); ++i) {
    InterventionCommon& iv = *all[i];
    iv.start_day = static_cast<sim::Day>(iv.start_date.serial() - p.run.start_date.serial());
    iv.in_scope.assign(p.las.size(), iv.las == "all" ? 1 : 0);
    std::vector<int> team_list;  // teams in scope (0-based); empty: every team
    if (iv.teams != "all") {
      std::stringstream teams(iv.teams);
      for (std::string item; std::getline(teams, item, ',');) {
        const int team = whole_number(item);
        if (team < 1 || team > fewest) {
          errors.push_back(key_lead(origin, names[i], "teams") + "'" + item +
                           "' is not a team number from 1 to " + std::to_string(fewest));
          continue;
        }
        team_list.push_back(team - 1);
      }
    }
    std::stringstream list(iv.las == "all" ? std::string() : iv.las);
    for (std::string name; std::getline(list, name, ',');) {
      name = trimmed(name);
      bool found = false;
      for (std::size_t l = 0; l < p.las.size(); ++l) {
        if (p.las[l].name == name) {
          iv.in_scope[l] = 1;
          found = true;
        }
      }
      if (!found) {
        errors.push_back(key_lead(origin, names[i], "las") + "no LA is named '" + name + "'");
      }
    }
    iv.team_start.clear();  // empty: every team starts on start_day
    if (!trimmed(iv.rollout).empty()) {
      resolve_rollout(iv, team_list, names[i], p, origin, errors);
    } else if (!team_list.empty()) {  // the named teams, all on start_date
      start_teams(iv, team_list, {{static_cast<int>(team_list.size()), iv.start_day}});
    }
  }
  if (!errors.empty()) throw sim::InputError(errors);
}

}  // namespace csc::models
