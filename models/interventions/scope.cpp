// Resolving what every intervention shares: its scope (LAs, teams), its start day and the
// staged start of its teams (rollout), from the keys each intervention's table binds
// (models/interventions/bindings.hpp).
#include <algorithm>
#include <cstdint>
#include <limits>
#include <sstream>
#include <utility>

#include "models/interventions/registry.hpp"
#include "models/interventions/scope.hpp"
#include "sim/core/errors.hpp"
#include "sim/core/text.hpp"

namespace csc::models {

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
  const InterventionRegistry& registry = *p.interventions.registry;
  int fewest = 1 << 30;  // team numbers must exist in every LA
  for (const auto& la : p.las) fewest = std::min(fewest, la.teams);
  std::vector<std::string> errors;
  for (std::size_t i = 0; i < p.interventions.size(); ++i) {
    InterventionCommon& iv = p.interventions[i];
    const std::string name = registry[i].key();
    iv.start_day = static_cast<sim::Day>(iv.start_date.serial() - p.run.start_date.serial());
    iv.in_scope.assign(p.las.size(), iv.las == "all" ? 1 : 0);
    std::vector<int> team_list;  // teams in scope (0-based); empty: every team
    if (iv.teams != "all") {
      std::stringstream teams(iv.teams);
      for (std::string item; std::getline(teams, item, ',');) {
        const int team = whole_number(item);
        if (team < 1 || team > fewest) {
          errors.push_back(key_lead(origin, name, "teams") + "'" + item + "' is not a team number from 1 to " +
                           std::to_string(fewest));
          continue;
        }
        team_list.push_back(team - 1);
      }
    }
    std::stringstream list(iv.las == "all" ? std::string() : iv.las);
    for (std::string la_name; std::getline(list, la_name, ',');) {
      la_name = trimmed(la_name);
      bool found = false;
      for (std::size_t l = 0; l < p.las.size(); ++l) {
        if (p.las[l].name == la_name) {
          iv.in_scope[l] = 1;
          found = true;
        }
      }
      if (!found) {
        errors.push_back(key_lead(origin, name, "las") + "no LA is named '" + la_name + "'");
      }
    }
    iv.team_start.clear();  // empty: every team starts on start_day
    if (!trimmed(iv.rollout).empty()) {
      resolve_rollout(iv, team_list, name, p, origin, errors);
    } else if (!team_list.empty()) {  // the named teams, all on start_date
      start_teams(iv, team_list, {{static_cast<int>(team_list.size()), iv.start_day}});
    }
  }
  if (!errors.empty()) throw sim::InputError(errors);
}

}  // namespace csc::models
