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

#include "models/core/intervention_hooks.hpp"
#include "models/core/param_binding.hpp"
#include "models/interventions/world_access.hpp"
#include "models/params/intervention_params.hpp"

namespace csc::models {

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
