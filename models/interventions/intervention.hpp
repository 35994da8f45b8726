#pragma once
// The interface every intervention implements (docs/adding_an_intervention.md). An
// intervention is a description (its key, its parameters and their bindings, how to start it)
// and, in each replicate, a run: its per-family state and its hooks, which the world calls
// phase by phase. Hooks act through the model's mechanisms (severity, capacity, time,
// network, decisions), never on outcome counts. Per-family work is handed over in batches
// (one call per batch of families), so no hot loop makes a virtual call per family.
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "models/core/param_binding.hpp"
#include "models/interventions/world_access.hpp"
#include "models/params/intervention_params.hpp"

namespace csc::models {

/// The families one casework batch holds (non-dormant families of one LA, in open-list order)
/// and what the hooks add to their week. Each hook writes only the rows of these families.
struct CaseworkBatch {
  std::size_t la = 0;
  sim::Day week_end = 0;
  std::vector<std::uint32_t> families;
  std::vector<double> extra_hours;  // direct hours from others than the family's social worker
  std::vector<double> crisis_rate;  // the family's crisis rate this week, per day
};

/// One replicate's state of one intervention. Every hook has a default that does nothing; the
/// world calls them in the order of the week (World::step) and, within a phase, in registry
/// order.
class InterventionRun {
 public:
  virtual ~InterventionRun() = default;
  /// Once, when the world's teams exist: posts the programme funds (workforce).
  virtual void at_start() {}
  /// After turnover: the posts whose worker left, in post order.
  virtual void after_turnover(std::span<const std::uint32_t> /*vacated*/, sim::Day /*d*/) {}
  /// A post this intervention asked for (Workforce::PendingPost::owner) was created.
  virtual void post_created(std::size_t /*la*/) {}
  /// The most children a worker of the LA may hold this week (capacity).
  [[nodiscard]] virtual int caseload_limit(std::size_t /*la*/, sim::Day /*d*/, int limit) const { return limit; }
  /// The share of a social worker's hours spent with families in a team this week (time).
  [[nodiscard]] virtual double direct_share(std::size_t /*la*/, std::size_t /*team*/, sim::Day /*d*/,
                                            double share) const {
    return share;
  }
  /// After allocation: scarce places, posts for waiting cases, bookings.
  virtual void after_allocation(sim::Day /*d*/) {}
  /// Casework, before the social worker's effect: hours the family gets from others.
  virtual void casework_hours(CaseworkBatch& /*batch*/) const {}
  /// Casework, after the social worker's effect: severity, crisis rate, decision factors.
  virtual void casework_support(CaseworkBatch& /*batch*/) const {}
  /// Pathway events of a family.
  virtual void on_cp_plan(std::uint32_t /*f*/, sim::Day /*d*/) {}
  virtual void on_edge_of_care(std::uint32_t /*f*/, sim::Day /*d*/) {}
  /// A calendar event this intervention scheduled (WorldAccess::schedule) is due.
  virtual void on_event(std::uint32_t /*f*/, sim::Day /*d*/) {}
  /// The family's case closed: its support ends.
  virtual void on_case_closed(std::uint32_t /*f*/) {}
  /// Writes this intervention's /series rows (families, spend) for week w of the horizon.
  virtual void record(std::size_t /*la*/, int /*w*/, sim::Day /*week_end*/) const {}
};

/// A binding of one key of an intervention to a field of its parameters.
using InterventionBinding = detail::Binding<InterventionParams>;

/// An intervention: registered once (registry.hpp), started in every replicate where enabled.
class Intervention {
 public:
  virtual ~Intervention() = default;
  /// The scenario table's name, [interventions.KEY], and the name in messages and reports.
  [[nodiscard]] virtual std::string key() const = 0;
  /// The spend metric of its /series/spend_* row (part of the spend total).
  [[nodiscard]] virtual std::vector<Metric> metrics() const = 0;
  /// Value-initialised parameters (the binding table holds their defaults).
  [[nodiscard]] virtual std::unique_ptr<InterventionParams> make_params() const = 0;
  /// Its keys, without the "interventions.KEY." prefix, each with default, range and source.
  [[nodiscard]] virtual std::vector<InterventionBinding> bindings() const = 0;
  /// Its state in one replicate; `index` is its place in the registry (for calendar events).
  [[nodiscard]] virtual std::unique_ptr<InterventionRun> start(const InterventionParams& params, WorldAccess& world,
                                                               std::size_t index) const = 0;
};

/// An intervention whose parameters are P and whose run is R (constructed from (const P&,
/// WorldAccess&, index)), with its key and metrics, and its bindings from `bind`.
template <class P, class R>
class InterventionOf final : public Intervention {
 public:
  using Bind = std::vector<InterventionBinding> (*)();
  InterventionOf(std::vector<Metric> metrics, Bind bind) : metrics_(std::move(metrics)), bind_(bind) {}
  [[nodiscard]] std::string key() const override { return P::kKey; }
  [[nodiscard]] std::vector<Metric> metrics() const override { return metrics_; }
  [[nodiscard]] std::unique_ptr<InterventionParams> make_params() const override { return std::make_unique<P>(); }
  [[nodiscard]] std::vector<InterventionBinding> bindings() const override { return bind_(); }
  [[nodiscard]] std::unique_ptr<InterventionRun> start(const InterventionParams& params, WorldAccess& world,
                                                       std::size_t index) const override {
    return std::make_unique<R>(static_cast<const P&>(params), world, index);
  }

 private:
  std::vector<Metric> metrics_;
  Bind bind_;
};

}  // namespace csc::models
