// Caseload cap: the allocation limit, posts for the cases still waiting after allocation, and
// leavers' posts closed while the team has more than its demand needs.
#include "models/interventions/caseload_cap.hpp"

#include <algorithm>

#include "models/interventions/bindings.hpp"

namespace csc::models {
namespace {

std::vector<InterventionBinding> bindings() {
  using P = CaseloadCapParams;
  return BindingsOf<P>(
             5000, "GBP per post created (one-off)",
             "assumption: recruitment cost of a post the cap creates; the post itself is costed as a social worker (costs.social_worker_per_week)",
             false)
      .integer("max_caseload", &P::max_caseload, 12, 1, 200,
               {"children", "Most children a social worker holds while the cap is on.",
                "evidence FSH-2: caseloads cut from about 16 to 12; CAS-1"})
      .choice(
          "policy", &P::policy, "hire", {"hire", "agency", "wait"},
          {"",
           "When the cap binds: hire (a permanent post after a lag), agency (an agency post at once) or wait (cases queue).",
           "user"})
      .real("hire_weeks", &P::hire_weeks, 12, 0, 260,
            {"weeks", "Lag before a new permanent post is filled under the hire policy.", "assumption"})
      .done();
}

class CaseloadCap final : public InterventionRun {
 public:
  CaseloadCap(const CaseloadCapParams& p, WorldAccess& w, std::size_t index) : p_(p), w_(w), index_(index) {}

  [[nodiscard]] int caseload_limit(std::size_t la, sim::Day d, int limit) const override {
    return p_.active(la, d) ? std::min(limit, p_.max_caseload) : limit;
  }

  void after_turnover(std::size_t, std::span<const std::uint32_t> vacated, sim::Day d) override {
    for (const std::uint32_t post : vacated) close_surplus_post(post, d);  // in post order
  }

  void after_allocation(std::size_t l, sim::Day d) override {
    // An LA whose cap binds hires for the cases still waiting.
    if (!hiring(l, d)) return;
    const auto& fam = w_.pop.families;
    std::vector<std::uint32_t> waiting;
    for (const std::uint32_t f : w_.open[l]) {
      if (fam.cases[f].status != CaseStatus::dormant && fam.cases[f].worker == kNone) waiting.push_back(f);
    }
    expand_teams(l, waiting, d);
  }

  void post_created(std::size_t la) override {
    w_.count(Metric::posts_created, la);
    w_.count(Metric::spend_caseload_cap, la, static_cast<float>(p_.unit_cost));
  }

  void record(std::size_t la, int w, sim::Day) const override {
    w_.out.at(Metric::spend_caseload_cap, w, static_cast<int>(la)) = w_.flow(Metric::spend_caseload_cap, la);
  }

 private:
  [[nodiscard]] bool hiring(std::size_t la, sim::Day d) const { return p_.active(la, d) && p_.policy != "wait"; }

  // When the cap binds, the policy decides: a new agency post at once, a permanent post after
  // the hiring lag, or nothing (the cases queue). A team is staffed for its demand: posts
  // (filled, vacant or on their way) = ceil(children held and waiting / cap).
  void expand_teams(std::size_t la, const std::vector<std::uint32_t>& waiting, sim::Day d) {
    const auto& fam = w_.pop.families;
    auto& wf = w_.wf;
    const auto teams = static_cast<std::size_t>(w_.params.las[la].teams);
    std::vector<int> demand(teams, 0), posts(teams, 0);
    bool anyone_waiting = false;
    for (const std::uint32_t f : waiting) {
      if (fam.cases[f].worker != kNone) continue;
      demand[fam.team[f]] += static_cast<int>(w_.case_children(f));
      anyone_waiting = true;
    }
    if (!anyone_waiting) return;
    for (std::size_t t = 0; t < teams; ++t) {
      for (const std::uint32_t p : wf.team_posts[wf.la_first_team[la] + t]) {
        demand[t] += wf.caseload[p];
        ++posts[t];
      }
    }
    for (const auto& pp : wf.pending) {
      if (pp.la == la && !pp.funded) ++posts[pp.team];  // a programme's future posts are not the cap's
    }
    for (std::size_t t = 0; t < teams; ++t) {
      const int needed = (demand[t] + p_.max_caseload - 1) / p_.max_caseload - posts[t];
      for (int i = 0; i < needed; ++i) {
        const auto team = static_cast<std::uint16_t>(t);
        if (p_.policy == "agency") {
          w_.add_post(la, team, PostStatus::agency);
          post_created(la);
        } else {
          w_.add_pending_post({d + static_cast<sim::Day>(p_.hire_weeks * 7), static_cast<std::uint16_t>(la), team,
                               false, static_cast<std::uint16_t>(index_)});
        }
      }
    }
  }

  // Under a cap met by hiring, staffing follows demand both ways: a post left by a leaver is
  // closed, not refilled, while the team has more posts than its children need at the cap,
  // but never below the team's funded establishment.
  void close_surplus_post(std::uint32_t post, sim::Day d) {
    auto& wf = w_.wf;
    const std::size_t la = wf.la[post];
    if (!hiring(la, d)) return;
    const std::uint16_t team = wf.team[post];
    int children = 0;
    const auto& fam = w_.pop.families;
    for (const std::uint32_t f : w_.open[la]) {
      if (fam.cases[f].status != CaseStatus::dormant && fam.team[f] == team) {
        children += static_cast<int>(w_.case_children(f));
      }
    }
    const std::size_t t = wf.la_first_team[la] + team;
    auto& posts = wf.team_posts[t];
    const int needed =
        std::max((children + p_.max_caseload - 1) / p_.max_caseload, static_cast<int>(wf.establishment[t]));
    if (static_cast<int>(posts.size()) <= needed) return;
    std::erase(posts, post);
    wf.agency_due[post] = kNever;
    wf.recruit_due[post] = kNever;
  }

  const CaseloadCapParams& p_;
  WorldAccess& w_;
  std::size_t index_;
};

}  // namespace

std::shared_ptr<const Intervention> caseload_cap_intervention() {
  return std::make_shared<InterventionOf<CaseloadCapParams, CaseloadCap>>(
      std::vector<Metric>{Metric::spend_caseload_cap, Metric::posts_created}, bindings);
}

}  // namespace csc::models
