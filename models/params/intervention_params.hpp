#pragma once
// What the parameters of every intervention share (switch, start, scope, rollout, unit cost)
// and the set that holds each intervention's parameters in Params. Each intervention's own
// struct is in its file under models/interventions/ (docs/adding_an_intervention.md).
#include <algorithm>
#include <limits>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/core/time.hpp"

namespace csc::models {

/// What every intervention has: switch, start, scope, unit cost.
struct InterventionCommon {
  // Values of the keys (enabled .. unit_cost here, the mechanism's in each intervention's
  // struct): the bindings (models/interventions/bindings.hpp), which hold the only defaults,
  // ranges and sources; `{}` only value-initialises. The rest is resolved by
  // params_from_scenario (resolve_interventions, models/interventions/scope.cpp).
  bool enabled{};
  sim::Date start_date{};
  std::string las{};      // "all" or LA names separated by commas
  std::string teams{};    // "all" or team numbers (1-based) separated by commas
  std::string rollout{};  // "" (every team on start_date) or stages "N@YYYY-MM-DD, ..."
  double unit_cost{};     // GBP per unit (post, place, family) in the prices of costs.price_year
  // Resolved by params_from_scenario:
  sim::Day start_day = 0;            // day of start_date relative to run.start_date
  std::vector<char> in_scope;        // per LA
  std::vector<sim::Day> team_start;  // per team (0-based): day it starts (teams out of scope:
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

/// One intervention's parameters: the common keys above and its mechanism's own, in a struct
/// its file declares (models/interventions/). Params hold them behind this base, in the order
/// of the registry that built them, so that an intervention is added without editing Params.
struct InterventionParams : InterventionCommon {
  InterventionParams() = default;
  InterventionParams(const InterventionParams&) = default;
  InterventionParams& operator=(const InterventionParams&) = default;
  virtual ~InterventionParams() = default;
  [[nodiscard]] virtual std::unique_ptr<InterventionParams> clone() const = 0;
  [[nodiscard]] virtual bool equals(const InterventionParams& other) const = 0;
  bool operator==(const InterventionParams&) const = default;
};

/// The base of an intervention's parameter struct: clone and equality from the struct's own
/// copy and `operator==` (declare it `= default` in the struct).
template <class Derived>
struct InterventionParamsOf : InterventionParams {
  [[nodiscard]] std::unique_ptr<InterventionParams> clone() const override {
    return std::make_unique<Derived>(static_cast<const Derived&>(*this));
  }
  [[nodiscard]] bool equals(const InterventionParams& other) const override {
    const auto* o = dynamic_cast<const Derived*>(&other);
    return o != nullptr && *o == static_cast<const Derived&>(*this);
  }
  bool operator==(const InterventionParamsOf&) const = default;
};

class InterventionRegistry;

/// The parameters of every intervention of a registry, in its order (a value: copies are deep).
class InterventionSet {
 public:
  InterventionSet() = default;
  InterventionSet(const InterventionSet& other) { *this = other; }
  InterventionSet& operator=(const InterventionSet& other) {
    registry = other.registry;
    items_.clear();
    for (const auto& p : other.items_) items_.push_back(p->clone());
    return *this;
  }
  InterventionSet(InterventionSet&&) = default;
  InterventionSet& operator=(InterventionSet&&) = default;

  /// The registry whose interventions these are (models/interventions/registry.hpp).
  const InterventionRegistry* registry = nullptr;

  void push_back(std::unique_ptr<InterventionParams> p) { items_.push_back(std::move(p)); }
  [[nodiscard]] std::size_t size() const { return items_.size(); }
  [[nodiscard]] InterventionParams& operator[](std::size_t i) { return *items_[i]; }
  [[nodiscard]] const InterventionParams& operator[](std::size_t i) const { return *items_[i]; }
  /// The parameters of the intervention whose struct is T (std::logic_error when the registry
  /// has no such intervention).
  template <class T>
  [[nodiscard]] T& get() {
    for (auto& p : items_) {
      if (auto* t = dynamic_cast<T*>(p.get())) return *t;
    }
    throw std::logic_error(std::string("no intervention with parameters ") + T::kKey);
  }
  template <class T>
  [[nodiscard]] const T& get() const {
    return const_cast<InterventionSet*>(this)->get<T>();
  }

  bool operator==(const InterventionSet& other) const {
    if (registry != other.registry || items_.size() != other.items_.size()) return false;
    for (std::size_t i = 0; i < items_.size(); ++i) {
      if (!items_[i]->equals(*other.items_[i])) return false;
    }
    return true;
  }

 private:
  std::vector<std::unique_ptr<InterventionParams>> items_;
};

}  // namespace csc::models
