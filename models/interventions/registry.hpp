#pragma once
// The list of interventions a scenario can switch on: the only place that names them all.
// The CLI, the parameter table, the calibration tool and the report find interventions here.
#include <memory>
#include <string_view>
#include <vector>

#include "models/interventions/intervention.hpp"

namespace csc::models {

class InterventionRegistry {
 public:
  /// Adds an intervention after those already listed (its place is its index).
  InterventionRegistry& add(std::shared_ptr<const Intervention> intervention) {
    items_.push_back(std::move(intervention));
    return *this;
  }
  [[nodiscard]] std::size_t size() const { return items_.size(); }
  [[nodiscard]] const Intervention& operator[](std::size_t i) const { return *items_[i]; }
  [[nodiscard]] auto begin() const { return items_.begin(); }
  [[nodiscard]] auto end() const { return items_.end(); }
  /// The intervention named `key`, or nullptr.
  [[nodiscard]] const Intervention* find(std::string_view key) const {
    for (const auto& i : items_) {
      if (i->key() == key) return i.get();
    }
    return nullptr;
  }

 private:
  std::vector<std::shared_ptr<const Intervention>> items_;
};

/// The interventions cscsim ships, in the order the world calls their hooks within a phase.
const InterventionRegistry& builtin_interventions();

}  // namespace csc::models
