#pragma once
// The hooks through which an intervention acts on one replicate's world, as the weekly phases
// call them (models/interventions/intervention.hpp describes an intervention; its run
// implements these hooks). The interface lives here, below every part, so that the phases of
// pathway/ and workforce/ can call it without depending on the interventions themselves.
#include <algorithm>
#include <cstdint>
#include <span>
#include <vector>

#include "sim/core/time.hpp"

namespace csc::models {

/// The families one casework batch holds (non-dormant families of one LA, in open-list order)
/// and what the hooks add to their week. Each hook writes only the rows of these families.
struct CaseworkBatch {
  std::size_t la = 0;
  sim::Day week_end = 0;
  std::vector<std::uint32_t> families;
  std::vector<double> extra_hours;  // direct hours from others than the family's social worker
  std::vector<double> crisis_rate;  // the family's crisis rate this week, per day
  /// The share by which interventions lower the family's crisis rate this week. Two
  /// interventions that lower it do not compound: the larger share applies (the conservative
  /// rule; evidence on combined programmes is thin, docs/design.md). Hooks raise it with
  /// lower_crises(); the world applies it after the casework_support hooks.
  std::vector<double> crisis_reduction;
  void lower_crises(std::size_t i, double share) { crisis_reduction[i] = std::max(crisis_reduction[i], share); }
};

/// One replicate's state of one intervention. Every hook has a default that does nothing; the
/// world calls them in the order of the week (World::council_week) and, within a phase, in
/// registry order.
class InterventionRun {
 public:
  virtual ~InterventionRun() = default;
  /// Once, when the world's teams exist: posts the programme funds (workforce).
  virtual void at_start() {}
  /// After council la's turnover: its posts whose worker left, in post order. Councils run
  /// their weeks side by side: a hook for council la reads and writes council la's state only.
  virtual void after_turnover(std::size_t /*la*/, std::span<const std::uint32_t> /*vacated*/, sim::Day /*d*/) {}
  /// A post this intervention asked for (Workforce::PendingPost::owner) was created.
  virtual void post_created(std::size_t /*la*/) {}
  /// The most children a worker of the LA may hold this week (capacity).
  [[nodiscard]] virtual int caseload_limit(std::size_t /*la*/, sim::Day /*d*/, int limit) const { return limit; }
  /// The share of a social worker's hours spent with families in a team this week (time).
  [[nodiscard]] virtual double direct_share(std::size_t /*la*/, std::size_t /*team*/, sim::Day /*d*/,
                                            double share) const {
    return share;
  }
  /// After council la's allocation: scarce places, posts for waiting cases, bookings (council
  /// la's state only, as after_turnover).
  virtual void after_allocation(std::size_t /*la*/, sim::Day /*d*/) {}
  /// Casework, before the social worker's effect: hours the family gets from others.
  virtual void casework_hours(CaseworkBatch& /*batch*/) const {}
  /// Casework, after the social worker's effect: severity, crisis rate, decision factors.
  virtual void casework_support(CaseworkBatch& /*batch*/) const {}
  /// Pathway events of a family.
  virtual void on_cp_plan(std::uint32_t /*f*/, sim::Day /*d*/) {}
  virtual void on_edge_of_care(std::uint32_t /*f*/, sim::Day /*d*/) {}
  /// The council wrote to the parents before proceedings (Public Law Outline).
  virtual void on_pre_proceedings(std::uint32_t /*f*/, sim::Day /*d*/) {}
  /// A calendar event this intervention scheduled (WorldAccess::schedule) is due.
  virtual void on_event(std::uint32_t /*f*/, sim::Day /*d*/) {}
  /// The family's case closed: its support ends.
  virtual void on_case_closed(std::uint32_t /*f*/) {}
  /// Writes this intervention's /series rows (families, spend) for week w of the horizon.
  virtual void record(std::size_t /*la*/, int /*w*/, sim::Day /*week_end*/) const {}
};

/// The interventions running in one replicate, as the phases call them. The world owns the
/// runs (models/world/); these are views.
struct InterventionHooks {
  std::vector<InterventionRun*> enabled;  // in registry order
  std::vector<InterventionRun*> at;       // by registry index; null where disabled
};

}  // namespace csc::models
