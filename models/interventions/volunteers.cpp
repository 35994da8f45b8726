// Volunteers: places from the LA's pool, support after matching, and its effects in casework.
#include "models/interventions/volunteers.hpp"

#include <cmath>

#include "models/interventions/bindings.hpp"
#include "models/interventions/places.hpp"

namespace csc::models {
namespace {

std::vector<InterventionBinding> bindings() {
  using P = VolunteerParams;
  return BindingsOf<P>(2230, "GBP per family supported",
                       "evidence.md s3: Safe Families grant ~GBP 2,230 per family supported (includes set-up)", false)
      .real("volunteers", &P::volunteers, 150, 0, 1e5,
            {"volunteers per LA", "Trained volunteers in the pool (capacity).",
             "evidence SF-2: 3,063 volunteers in 20 LAs"})
      .real("families_per_volunteer", &P::families_per_volunteer, 0.35, 0, 10,
            {"families", "Families the pool supports at once, per volunteer.",
             "evidence SF-2: 3,063 volunteers supported 1,055 families"})
      .real(
          "max_child_age", &P::max_child_age, 10, 0, 17,
          {"years",
           "Oldest age of a child whose family the volunteers can support (respite stays are for young children).",
           "Safe Families for Children: short-term respite for children aged 10 or under (Dartington Social Research Unit project page)"})
      .real("matching_weeks", &P::matching_weeks, 4, 0, 52,
            {"weeks", "Delay between a family's place and the start of support (matching).", "assumption"})
      .real(
          "acute_relief_per_week", &P::acute_relief_per_week, 0.25, 0, 1,
          {"share per week", "Weekly fall of acute severity from respite and practical support.",
           "assumption sized to SF-1 (an alternative to care for ~15% of children placed in foster or residential care)"})
      .real("crisis_reduction", &P::crisis_reduction, 0.5, 0, 1,
            {"share", "Fall of the crisis rate of a supported family.", "assumption (SF-1)"})
      .real(
          "hosting_share", &P::hosting_share, 0.3, 0, 1,
          {"share",
           "Fall of the care-entry hazard of a supported family on the edge of care: a volunteer host family takes the children for a short stay instead of accommodation (the Safe Families model).",
           "evidence SF-1: an alternative to care for about 15% of children placed in foster or residential care with a place for every family with a child aged 10 or under, its virtual evaluation (scenarios/evaluations/volunteers.toml, 20 replicates) gives care entries 0.88 of the council's without (SF-1 within its +-0.0375 at 0.81-0.89); 0.23, fitted before the legal route held children in care, gave 0.90 once it did, and 0.35 gives 0.87 but, with the adult specialists at 0.06 a week, takes all interventions together over the whole-council bound of half the care entries averted (docs/calibration.md)"})
      .done();
}

class Volunteers final : public InterventionRun {
 public:
  Volunteers(const VolunteerParams& p, WorldAccess& w, std::size_t)
      : p_(p), w_(w), from_(w.pop.families.size(), kNever) {}

  void after_allocation(std::size_t l, sim::Day d) override {
    // A pool for the LA, for families on the edge of care first, then CIN families; support
    // starts after matching (evidence SF-1, SF-2).
    if (!p_.active(l, d)) return;
    const auto& fam = w_.pop.families;
    const auto places = places_of(p_.volunteers, p_.families_per_volunteer);
    int supported = 0;
    for (const std::uint32_t f : w_.open[l]) {
      if (fam.cases[f].status == CaseStatus::dormant) continue;
      if (from_[f] != kNever && !eligible(f, d)) from_[f] = kNever;
      supported += from_[f] != kNever ? 1 : 0;
    }
    for (const std::uint32_t f : w_.support_order(l, d)) {
      if (from_[f] != kNever || supported >= places || !eligible(f, d)) continue;
      from_[f] = d + static_cast<sim::Day>(p_.matching_weeks * 7);
      ++supported;
      w_.count(Metric::spend_volunteers, l, static_cast<float>(p_.unit_cost));
    }
  }

  // Respite and practical support lower acute severity and crises (evidence SF-1); a host
  // family can take the children instead of accommodation (hosting_share).
  void casework_support(CaseworkBatch& batch) const override {
    auto& fam = w_.pop.families;
    for (std::size_t i = 0; i < batch.families.size(); ++i) {
      const std::uint32_t f = batch.families[i];
      const bool supported = started(f, batch.week_end);
      if (supported) {
        fam.sev[f].acute *= static_cast<float>(1.0 - p_.acute_relief_per_week);
        batch.lower_crises(i, p_.crisis_reduction);
      }
      fam.care_entry_factor.set(f, supported ? hosted_code_ : FamilyFactor::kNone);
    }
  }

  void on_case_closed(std::uint32_t f) override {
    from_[f] = kNever;
    w_.pop.families.care_entry_factor.set(f, FamilyFactor::kNone);
  }

  void record(std::size_t la, int w, sim::Day week_end) const override {
    float families = 0.0f;
    for (const std::uint32_t f : w_.open[la]) {
      if (w_.pop.families.cases[f].status != CaseStatus::dormant) families += started(f, week_end) ? 1.0f : 0.0f;
    }
    const auto l = static_cast<int>(la);
    w_.out.at(Metric::volunteer_families, w, l) = families;
    w_.out.at(Metric::spend_volunteers, w, l) = w_.flow(Metric::spend_volunteers, la);
  }

 private:
  [[nodiscard]] bool started(std::uint32_t f, sim::Day d) const { return from_[f] != kNever && from_[f] <= d; }

  // Families on the edge of care or on a CIN plan (evidence SF-1, SF-2), with a child no older
  // than max_child_age: Safe Families' respite stays are for children aged 10 or under.
  [[nodiscard]] bool eligible(std::uint32_t f, sim::Day d) const {
    const auto& fam = w_.pop.families;
    if (!fam.cases[f].edge && fam.cases[f].status != CaseStatus::cin) return false;
    const auto& ch = w_.pop.children;
    for (auto c = fam.first_child[f]; c < fam.first_child[f + 1]; ++c) {
      if (ch.alive(c, d) && ch.age_years(c, d) <= p_.max_child_age) return true;
    }
    return false;
  }

  const VolunteerParams& p_;
  WorldAccess& w_;
  std::vector<sim::Day> from_;  // per family: the day support starts (kNever: none)
  // A supported family's care-entry factor (a FamilyFactor code, registered at the start).
  FamilyFactor::Code hosted_code_ = w_.pop.families.care_entry_factor.code_of(1.0 - p_.hosting_share);
};

}  // namespace

std::shared_ptr<const Intervention> volunteers_intervention() {
  return std::make_shared<InterventionOf<VolunteerParams, Volunteers>>(
      std::vector<Metric>{Metric::volunteer_families, Metric::spend_volunteers}, bindings);
}

}  // namespace csc::models
