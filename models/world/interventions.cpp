// The world's side of the intervention interface (models/interventions/intervention.hpp):
// what hooks see of the world, and starting the enabled interventions of the registry (the
// phases call their hooks through InterventionHooks). No intervention is named here.
#include <algorithm>

#include "models/interventions/places.hpp"
#include "models/interventions/registry.hpp"
#include "models/world/world.hpp"

namespace csc::models {

class World::Access final : public WorldAccess {
 public:
  explicit Access(World& w)
      : WorldAccess(w.p_, w.key_, w.pop_, w.wf_, w.open_.lists, w.kin_, w.ledger_.flows, w.out_),
        w_(w),
        order_day_(w.open_.lists.size(), kNever),
        order_(w.open_.lists.size()) {}
  void note(std::uint32_t f, sim::Day d, Reason what) override { w_.ledger_.note(f, d, what); }
  [[nodiscard]] std::uint32_t case_children(std::uint32_t f) const override { return w_.ledger_.case_children(f); }
  void add_post(std::size_t la, std::uint16_t team, PostStatus status) override {
    w_.staffing_.add_post_after_week(la, team, status);
  }
  void add_pending_post(const Workforce::PendingPost& pp) override { w_.staffing_.add_pending_after_week(pp); }
  void schedule(std::size_t index, std::uint32_t f, sim::Day day) override {
    w_.calendar_.schedule(w_.pop_.families.la[f], {day, 0, static_cast<std::uint8_t>(EventKind::intervention), f,
                                                   static_cast<std::uint32_t>(index)});
  }
  // Places are granted after allocation, when no hook changes a family's status or edge of
  // care, so one order per LA and day serves every intervention.
  const std::vector<std::uint32_t>& support_order(std::size_t la, sim::Day d) override {
    if (order_day_[la] != d) {
      order_[la] = by_support_priority(w_.pop_.families, w_.open_.lists[la]);
      order_day_[la] = d;
    }
    return order_[la];
  }

 private:
  World& w_;
  std::vector<sim::Day> order_day_;                // per LA: the day order_ was sorted for
  std::vector<std::vector<std::uint32_t>> order_;  // per LA
};

World::~World() = default;

void World::start_interventions() {
  // Called once the teams exist: each enabled intervention gets its run (its per-family
  // state), in registry order.
  access_ = std::make_unique<Access>(*this);
  const auto& set = p_.interventions;
  for (std::size_t i = 0; i < set.size(); ++i) {
    if (!set[i].enabled) {
      runs_.push_back(nullptr);
      hooks_.at.push_back(nullptr);
      continue;
    }
    runs_.push_back((*set.registry)[i].start(set[i], *access_, i));
    hooks_.at.push_back(runs_.back().get());
    hooks_.enabled.push_back(runs_.back().get());
    hooks_.enabled.back()->at_start();
  }
}

}  // namespace csc::models
