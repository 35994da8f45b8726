// Family group conferencing: offers, bookings as coordinators have time, conferences and what
// an agreed plan changes (acute severity, kinship placement, special guardianship).
#include "models/interventions/family_group_conference.hpp"

#include <algorithm>
#include <cmath>

#include "models/interventions/bindings.hpp"

namespace csc::models {
namespace {

/// Where a family stands with family group conferencing.
enum class FgcState : std::uint8_t { none, queued, booked, plan, no_plan };

std::vector<InterventionBinding> bindings() {
  using P = FgcParams;
  return BindingsOf<P>(
             40000, "GBP per coordinator-year",
             "assumption (no sourced cost per conference, evidence.md s3 gaps); FGC-1: GBP 755 saved per family; FGC-2: GBP 18.20 per GBP 1",
             false)
      .real("coordinators", &P::coordinators, 4, 0, 1000,
            {"FTE per LA", "Independent FGC coordinators (capacity).", "assumption"})
      .real("conferences_per_coordinator_month", &P::conferences_per_coordinator_month, 3, 0, 50,
            {"conferences a month", "Conferences one coordinator can run in a month.",
             "assumption (FGC-1: 395 families in Leeds)"})
      .real(
          "weeks_to_conference", &P::weeks_to_conference, 6, 1, 52,
          {"weeks",
           "From the offer to the plan: identifying the network, information sharing, private family time, agreeing the plan.",
           "evidence.md s2, How FGC works"})
      .real(
          "success_per_household", &P::success_per_household, 0.3, 0, 10,
          {"per household",
           "A plan succeeds with probability 1 - exp(-x * households within reach in the kin network).",
           "assumption for the shape: the plan depends on the family's network (evidence.md s2); size fitted to FGC-1 (docs/fit_effects.md: 0.21), raised by hand to 0.3 with kinship_weight 9.7 -> 13 when the care-ages refit of 6 December 2026 raised the kinship weights of every placement and FGC-1 fell to GBP 467 (docs/calibration.md; now 628, study 755 +- 25%)"})
      .real("plan_relief", &P::plan_relief, 0.3, 0, 1,
            {"share", "Fall of acute severity when a family plan is agreed (support from the network).", "assumption"})
      .real(
          "kinship_weight", &P::kinship_weight, 13, 1, 100,
          {"multiplier",
           "Multiplies the weight of kinship foster care at a care entry of a family with an agreed plan and a willing carer.",
           "evidence.md s2: kinship care and special guardianship are FGC's usual routes out of care; size fitted to FGC-1 (docs/fit_effects.md: 9.7), 13 since the care-ages refit (see success_per_household)"})
      .real("sgo_multiplier", &P::sgo_multiplier, 19, 1, 100,
            {"multiplier",
             "Multiplies the special guardianship hazard of a kin placement of a family with a plan (shorter stays).",
             "evidence FGC-1: savings from less time in the care system; size fitted to FGC-1 (docs/fit_effects.md)"})
      .choice(
          "offered_at", &P::offered_at, "cp_plan_and_edge",
          {"cp_plan_and_edge", "cp_plan", "edge_of_care", "pre_proceedings"},
          {"",
           "Where a family is offered a conference: when a CP plan is made and when it comes to the edge of care (the "
           "default), at one of them, or only when the council writes to the parents before proceedings (the "
           "Public Law Outline letter); the plan then informs the decisions that follow (the end of "
           "pre-proceedings through the family's severity, the placement through kinship_weight).",
           "PP-4: the DfE's pre-proceedings guidance asks councils to offer family group decision-making, such as a conference, during pre-proceedings; councils also offer conferences at the edge of care and in CP (evidence.md s2); user"})
      .done();
}

class FamilyGroupConference final : public InterventionRun {
 public:
  FamilyGroupConference(const FgcParams& p, WorldAccess& w, std::size_t index)
      : p_(p),
        w_(w),
        index_(index),
        state_(w.pop.families.size(), FgcState::none),
        queue_(w.params.las.size()),
        budget_(w.params.las.size(), 0.0) {}

  // Offered at a CP plan or the edge of care (pre-proceedings), once per case.
  void on_cp_plan(std::uint32_t f, sim::Day d) override {
    if (at_cp_plan_) offer(f, d);
  }
  void on_edge_of_care(std::uint32_t f, sim::Day d) override {
    if (at_edge_) offer(f, d);
  }
  void on_pre_proceedings(std::uint32_t f, sim::Day d) override {
    if (at_pre_proceedings_) offer(f, d);
  }

  // Coordinators have a monthly capacity; families are booked first come, first served (the
  // queue is in the deterministic order of the offers). A conference takes weeks: the
  // coordinator finds the network, information is shared, the family meets alone, the plan
  // is agreed (evidence.md s2, How FGC works).
  void after_allocation(std::size_t l, sim::Day d) override {
    if (!p_.active(l, d)) return;
    const double per_month = p_.coordinators * p_.conferences_per_coordinator_month;
    budget_[l] = std::min(budget_[l] + per_month * 12.0 / 52.0, per_month);
    auto& queue = queue_[l];
    std::size_t taken = 0;
    while (taken < queue.size() && budget_[l] >= 1.0) {
      const std::uint32_t f = queue[taken++];
      if (state_[f] != FgcState::queued) continue;  // case closed
      budget_[l] -= 1.0;
      state_[f] = FgcState::booked;
      w_.schedule(index_, f, d + static_cast<sim::Day>(p_.weeks_to_conference * 7));
    }
    queue.erase(queue.begin(), queue.begin() + static_cast<std::ptrdiff_t>(taken));
  }

  // The plan's success depends on the family's network: more households within reach, more
  // chance of a plan (docs/design.md, The model). An agreed plan brings support (acute severity falls) and
  // opens the kinship and special guardianship routes (the family's decision factors).
  void on_event(std::uint32_t f, sim::Day d) override {
    if (state_[f] != FgcState::booked) return;
    auto& fam = w_.pop.families;
    const std::size_t la = fam.la[f];
    w_.count(Metric::fgc_conferences, la);
    w_.note(f, d, Reason::fgc_conference);  // the case a study of conferences samples (FGC-2)
    const double reach = w_.kin[la].households_within(f, w_.params.kin.carer_steps);
    const double p_plan = 1.0 - std::exp(-p_.success_per_household * reach);
    if (w_.draws(f, d, Stream::fgc_outcome).bernoulli(p_plan)) {
      state_[f] = FgcState::plan;
      bring_up_to_date(fam, f, d, w_.params.severity);
      fam.sev[f].acute *= static_cast<float>(1.0 - p_.plan_relief);
      w_.count(Metric::fgc_plans, la);
      fam.kinship_factor.set(f, kinship_code_);
      fam.sgo_factor.set(f, sgo_code_);
    } else {
      state_[f] = FgcState::no_plan;
    }
  }

  void on_case_closed(std::uint32_t f) override {
    state_[f] = FgcState::none;
    w_.pop.families.kinship_factor.set(f, FamilyFactor::kNone);
    w_.pop.families.sgo_factor.set(f, FamilyFactor::kNone);
  }

  void record(std::size_t la, int w, sim::Day week_end) const override {
    const auto l = static_cast<int>(la);
    w_.out.at(Metric::fgc_conferences, w, l) = w_.flow(Metric::fgc_conferences, la);
    w_.out.at(Metric::fgc_plans, w, l) = w_.flow(Metric::fgc_plans, la);
    w_.out.at(Metric::spend_family_group_conference, w, l) =
        static_cast<float>(p_.active(la, week_end) ? p_.coordinators * p_.unit_cost / 52.0 : 0.0);
  }

 private:
  void offer(std::uint32_t f, sim::Day d) {
    if (!p_.active(w_.pop.families.la[f], d) || state_[f] != FgcState::none) return;
    state_[f] = FgcState::queued;
    queue_[w_.pop.families.la[f]].push_back(f);
  }

  const FgcParams& p_;
  WorldAccess& w_;
  std::size_t index_;
  // Where a family is offered a conference (offered_at).
  bool at_cp_plan_ = p_.offered_at == "cp_plan_and_edge" || p_.offered_at == "cp_plan";
  bool at_edge_ = p_.offered_at == "cp_plan_and_edge" || p_.offered_at == "edge_of_care";
  bool at_pre_proceedings_ = p_.offered_at == "pre_proceedings";
  std::vector<FgcState> state_;                    // per family
  std::vector<std::vector<std::uint32_t>> queue_;  // families offered a conference, per LA
  std::vector<double> budget_;                     // conferences the coordinators can still book, per LA
  // A plan's decision factors (FamilyFactor codes, registered at the start).
  FamilyFactor::Code kinship_code_ = w_.pop.families.kinship_factor.code_of(p_.kinship_weight);
  FamilyFactor::Code sgo_code_ = w_.pop.families.sgo_factor.code_of(p_.sgo_multiplier);
};

}  // namespace

std::shared_ptr<const Intervention> family_group_conference_intervention() {
  return std::make_shared<InterventionOf<FgcParams, FamilyGroupConference>>(
      std::vector<Metric>{Metric::fgc_conferences, Metric::fgc_plans, Metric::spend_family_group_conference}, bindings);
}

}  // namespace csc::models
