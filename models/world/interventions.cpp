// The world's side of the intervention interface (models/interventions/intervention.hpp):
// what hooks see of the world, starting the enabled interventions of the registry, and the
// phases where their hooks run. No intervention is named here.
#include <algorithm>

#include "models/interventions/places.hpp"
#include "models/interventions/registry.hpp"
#include "models/world/world.hpp"

namespace csc::models {

class World::Access final : public WorldAccess {
 public:
  explicit Access(World& w)
      : WorldAccess(w.p_, w.key_, w.pop_, w.wf_, w.open_, w.kin_, w.flows_, w.out_),
        w_(w),
        order_day_(w.open_.size(), kNever),
        order_(w.open_.size()) {}
  void note(std::uint32_t f, sim::Day d, Reason what) override { w_.record_family_note(f, d, what); }
  [[nodiscard]] std::uint32_t case_children(std::uint32_t f) const override { return w_.case_children(f); }
  std::uint32_t add_post(std::size_t la, std::uint16_t team, PostStatus status) override {
    return w_.add_post(la, team, status);
  }
  void schedule(std::size_t index, std::uint32_t f, sim::Day day) override {
    w_.calendar_.schedule(
        {day, 0, static_cast<std::uint8_t>(EventKind::intervention), f, static_cast<std::uint32_t>(index)});
  }
  // Places are granted after allocation, when no hook changes a family's status or edge of
  // care, so one order per LA and day serves every intervention.
  const std::vector<std::uint32_t>& support_order(std::size_t la, sim::Day d) override {
    if (order_day_[la] != d) {
      order_[la] = by_support_priority(w_.pop_.families, w_.open_[la]);
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
      continue;
    }
    runs_.push_back((*set.registry)[i].start(set[i], *access_, i));
    on_.push_back(runs_.back().get());
    on_.back()->at_start();
  }
  direct_share_.assign(wf_.team_posts.size(), p_.workforce.direct_share);
}

int World::caseload_limit(std::size_t la, sim::Day d) const {
  int limit = p_.workforce.max_caseload;
  for (const auto* run : on_) limit = run->caseload_limit(la, d, limit);
  return limit;
}

void World::set_direct_shares(sim::Day d) {
  for (std::size_t l = 0; l < p_.las.size(); ++l) {
    for (auto t = wf_.la_first_team[l]; t < wf_.la_first_team[l + 1]; ++t) {
      double share = p_.workforce.direct_share;
      for (const auto* run : on_) share = run->direct_share(l, t - wf_.la_first_team[l], d, share);
      direct_share_[t] = share;
    }
  }
}

void World::create_due_posts(sim::Day d) {
  // Posts whose hiring lag ended (a caseload cap's) or whose team's programme started (funded
  // posts, part of the team's establishment: a cap never closes them).
  std::vector<Workforce::PendingPost> later;
  for (const auto& pp : wf_.pending) {
    if (pp.due > d) {
      later.push_back(pp);
      continue;
    }
    add_post(pp.la, pp.team, PostStatus::permanent);
    if (pp.funded) ++wf_.establishment[wf_.la_first_team[pp.la] + pp.team];
    if (pp.owner != Workforce::kNoOwner && runs_[pp.owner]) runs_[pp.owner]->post_created(pp.la);
  }
  wf_.pending.swap(later);
}

void World::interventions_after_allocation(sim::Day d) {
  for (auto* run : on_) run->after_allocation(d);
}

bool World::has_willing_carer(std::uint32_t f) const {
  return kin_[pop_.families.la[f]].willing_carers_within(f, p_.kin.carer_steps) > 0;
}

void World::record_spend(int w, int la) {
  // Spend follows what the model did: children in each placement, posts filled, and each
  // intervention's own (its record hook), each at its unit cost (evidence.md section 3).
  const auto l = static_cast<std::size_t>(la);
  const auto& c = p_.costs;
  double placements = 0.0;
  for (std::size_t t = 0; t < kPlacementCount; ++t) {
    placements += placement_count_[l * kPlacementCount + t] * c.placement_per_week[t];
  }
  const double agency = out_.at(Metric::agency_workers, w, la);
  const double permanent = out_.at(Metric::social_workers, w, la) - agency;
  out_.at(Metric::spend_placements, w, la) = static_cast<float>(placements);
  out_.at(Metric::spend_social_workers, w, la) = static_cast<float>(permanent * c.social_worker_per_week);
  out_.at(Metric::spend_agency_workers, w, la) =
      static_cast<float>(agency * c.social_worker_per_week * (1.0 + c.agency_premium));
  const sim::Day week_end = w * sim::kDaysPerWeek + sim::kDaysPerWeek - 1;
  for (const auto* run : on_) run->record(l, w, week_end);
  float total = 0.0f;  // the float sum of the stored components, so they add up exactly
  for (const Metric m : kSpendComponents) total += out_.at(m, w, la);
  out_.at(Metric::spend_total, w, la) = total;
}

}  // namespace csc::models
