#pragma once
// Binds an intervention's keys to the fields of its parameter struct P: the keys every
// intervention has (enabled, start_date, las, teams, rollout, unit_cost) and its mechanism's
// own, each with its default, range, unit, meaning and source, written once.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "models/interventions/intervention.hpp"

namespace csc::models {

template <class P>
class BindingsOf {
 public:
  using B = InterventionBinding;
  /// The keys of InterventionCommon; `team_based` adds `rollout` (staged team starts).
  BindingsOf(double default_cost, const char* cost_unit, const char* cost_source, bool team_based) {
    using detail::Doc;
    const auto common = [](auto member) {
      return [member](InterventionParams & p) -> auto& { return static_cast<InterventionCommon&>(p).*member; };
    };
    b_.push_back(detail::boolean<InterventionParams>("enabled", common(&InterventionCommon::enabled), false,
                                                     {"", "Switches the intervention on.", "user"}));
    b_.push_back(detail::date<InterventionParams>(
        "start_date", common(&InterventionCommon::start_date), "2013-04-01",
        {"date",
         "Day the intervention starts (before the horizon: from the first recorded day; the burn-in always runs without it).",
         "user"}));
    b_.push_back(detail::text<InterventionParams>("las", common(&InterventionCommon::las), std::string("all"),
                                                  {"", "Scope: \"all\" or LA names separated by commas.", "user"}));
    b_.push_back(detail::text<InterventionParams>(
        "teams", common(&InterventionCommon::teams), std::string("all"),
        {"",
         "Teams in scope in each LA in scope: \"all\" or team numbers from 1, separated by commas (used by team-based interventions: adult specialists, administrators, family practitioners).",
         "user"}));
    if (team_based) {
      b_.push_back(detail::text<InterventionParams>(
          "rollout", common(&InterventionCommon::rollout), std::string(""),
          {"",
           "Staged start of the teams: empty (every team in scope starts on start_date), or stages \"N@YYYY-MM-DD\" separated by commas, each starting the next N teams in scope (in the order of `teams`) on its date. The Ns add up to the teams in scope of every LA in scope; no date is before start_date.",
           "user; Family Safeguarding's 22 teams started in three stages (5 in April, 6 in June, 11 at the end of September 2015: Hemel Today and The Comet, September 2015)"}));
    }
    b_.push_back(detail::real<InterventionParams>(
        "unit_cost", common(&InterventionCommon::unit_cost), default_cost, 0.0, 1e7,
        {cost_unit, "Cost per unit, recorded in /series/spend_* (prices of costs.price_year).", cost_source}));
  }

  template <class T>
  BindingsOf& real(const char* key, T P::*member, double def, double lo, double hi, detail::Doc doc) {
    b_.push_back(detail::real<InterventionParams>(key, ref(member), def, lo, hi, doc));
    return *this;
  }
  template <class T>
  BindingsOf& integer(const char* key, T P::*member, std::int64_t def, double lo, double hi, detail::Doc doc) {
    b_.push_back(detail::integer<InterventionParams>(key, ref(member), def, lo, hi, doc));
    return *this;
  }
  BindingsOf& choice(const char* key, std::string P::*member, std::string def, std::vector<std::string> choices,
                     detail::Doc doc) {
    b_.push_back(detail::choice<InterventionParams>(key, ref(member), std::move(def), std::move(choices), doc));
    return *this;
  }
  [[nodiscard]] std::vector<B> done() { return std::move(b_); }

 private:
  template <class T>
  static auto ref(T P::*member) {
    return [member](InterventionParams & p) -> auto& { return static_cast<P&>(p).*member; };
  }
  std::vector<B> b_;
};

}  // namespace csc::models
