// Administrators: a higher share of social workers' time with families in the teams in scope.
#include "models/interventions/administrators.hpp"

#include <algorithm>

#include "models/interventions/bindings.hpp"
#include "models/interventions/team_posts.hpp"

namespace csc::models {
namespace {

std::vector<InterventionBinding> bindings() {
  using P = AdministratorParams;
  return BindingsOf<P>(25000, "GBP per post-year",
                       "assumption (no sourced PA salary, evidence.md s3 gaps); PA-2: saving ~GBP 27,000 per PA", true)
      .real("posts_per_team", &P::posts_per_team, 1.0, 0, 10,
            {"FTE per team", "Skilled administrators attached to each team; one gives the full effect.",
             "evidence PA-1 (Hampshire and Isle of Wight pilot teams)"})
      .real("admin_share_with_support", &P::admin_share_with_support, 0.14, 0, 1,
            {"share", "Social workers' admin share with full support.", "evidence PA-1: 36% -> 14%"})
      .real("direct_share_with_support", &P::direct_share_with_support, 0.58, 0, 1,
            {"share", "Share of social workers' time with families with full support.", "evidence PA-1: 34% -> 58%"})
      .done();
}

class Administrators final : public InterventionRun {
 public:
  Administrators(const AdministratorParams& p, WorldAccess& w, std::size_t) : p_(p), w_(w) {}

  // With one administrator per team the share of time with families rises from 34% to 58%
  // (evidence PA-1); fewer give a proportional part of it.
  [[nodiscard]] double direct_share(std::size_t la, std::size_t team, sim::Day d, double share) const override {
    if (!p_.active(la, team, d)) return share;
    const double coverage = std::clamp(p_.posts_per_team, 0.0, 1.0);
    return share + coverage * (p_.direct_share_with_support - share);
  }

  void record(std::size_t la, int w, sim::Day week_end) const override {
    w_.out.at(Metric::spend_administrators, w, static_cast<int>(la)) =
        team_posts_spend(p_, w_.params.las[la].teams, la, week_end, p_.posts_per_team);
  }

 private:
  const AdministratorParams& p_;
  WorldAccess& w_;
};

}  // namespace

std::shared_ptr<const Intervention> administrators_intervention() {
  return std::make_shared<InterventionOf<AdministratorParams, Administrators>>(
      std::vector<Metric>{Metric::spend_administrators}, bindings);
}

}  // namespace csc::models
