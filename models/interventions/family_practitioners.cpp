// Family practitioners: a place for CIN families in each team in scope, and the hours a
// practitioner gives each family it works with.
#include "models/interventions/family_practitioners.hpp"

#include <algorithm>
#include <cmath>

#include "models/interventions/bindings.hpp"
#include "models/interventions/places.hpp"
#include "models/interventions/team_posts.hpp"

namespace csc::models {
namespace {

std::vector<InterventionBinding> bindings() {
  using P = FamilyPractitionerParams;
  return BindingsOf<P>(30000, "GBP per post-year", "assumption (no sourced salary, evidence.md s3 gaps)", true)
      .real("practitioners_per_team", &P::practitioners_per_team, 1.0, 0, 20,
            {"FTE per team", "Non-social-work family practitioners per team (capacity).",
             "evidence FP-1 (Project Crewe: small teams led by a social worker)"})
      .integer("families_per_practitioner", &P::families_per_practitioner, 8, 1, 100,
               {"families", "CIN families one practitioner works with at a time.", "assumption"})
      .real("hours_per_week", &P::hours_per_week, 37, 1, 80,
            {"hours", "Contracted hours of a practitioner.", "NJC terms"})
      .real("direct_share", &P::direct_share, 0.6, 0, 1,
            {"share", "Share of a practitioner's time spent with families.",
             "evidence FP-1: about three times the time with families of a social worker"})
      .done();
}

class FamilyPractitioners final : public InterventionRun {
 public:
  FamilyPractitioners(const FamilyPractitionerParams& p, WorldAccess& w, std::size_t)
      : p_(p),
        w_(w),
        working_(w.pop.families.size(), 0),
        hours_(p.hours_per_week * p.direct_share / std::max(1, p.families_per_practitioner)) {}

  void after_allocation(std::size_t l, sim::Day d) override {
    // A place per family in each team, CIN families only, in support priority order.
    if (!p_.active(l, d)) return;
    const auto& fam = w_.pop.families;
    const auto places = places_of(p_.practitioners_per_team, p_.families_per_practitioner);
    std::vector<int> used(static_cast<std::size_t>(w_.params.las[l].teams), 0);
    for (const std::uint32_t f : w_.open[l]) {
      if (fam.cases[f].status == CaseStatus::dormant) continue;
      if (working_[f] && fam.cases[f].status != CaseStatus::cin) working_[f] = 0;  // the plan ended
      used[fam.team[f]] += working_[f];
    }
    for (const std::uint32_t f : w_.support_order(l, d)) {
      const std::uint16_t t = fam.team[f];
      if (working_[f] || fam.cases[f].status != CaseStatus::cin || !p_.active(l, t, d) || used[t] >= places) continue;
      working_[f] = 1;
      ++used[t];
    }
  }

  // Family practitioners add contact time to CIN cases (evidence FP-1).
  void casework_hours(CaseworkBatch& batch) const override {
    for (std::size_t i = 0; i < batch.families.size(); ++i) {
      if (working_[batch.families[i]]) batch.extra_hours[i] += hours_;
    }
  }

  void on_case_closed(std::uint32_t f) override { working_[f] = 0; }

  void record(std::size_t la, int w, sim::Day week_end) const override {
    const auto l = static_cast<int>(la);
    w_.out.at(Metric::family_practitioner_families, w, l) = w_.open_families_with(la, working_);
    w_.out.at(Metric::spend_family_practitioners, w, l) =
        team_posts_spend(p_, w_.params.las[la].teams, la, week_end, p_.practitioners_per_team);
  }

 private:
  const FamilyPractitionerParams& p_;
  WorldAccess& w_;
  std::vector<std::uint8_t> working_;  // per family: a practitioner works with it
  double hours_;                       // direct hours a week each family gets
};

}  // namespace

std::shared_ptr<const Intervention> family_practitioners_intervention() {
  return std::make_shared<InterventionOf<FamilyPractitionerParams, FamilyPractitioners>>(
      std::vector<Metric>{Metric::family_practitioner_families, Metric::spend_family_practitioners}, bindings);
}

}  // namespace csc::models
