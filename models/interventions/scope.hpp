#pragma once
// Resolving the scope every intervention shares (LAs, teams, staged starts) and its start day.
#include <functional>
#include <string>

#include "models/params/params.hpp"

namespace csc::models {

/// Where a scenario key was set ("file:line:column"), for messages; "scenario" when it was set
/// in no file (a default).
using KeyOrigin = std::function<std::string(const std::string& key)>;
/// Resolves intervention scopes (LA names, teams, rollout stages) and start days; InputError
/// on a scope or a stage that does not fit the LAs, each message led by `origin` of its key.
void resolve_interventions(Params& params, const KeyOrigin& origin = {});

}  // namespace csc::models
