// Interventions (issue "Interventions and the kin network"). Each acts through a mechanism of
// the model, never on outcome counts:
//  - adult specialists: scarce places in teams; lower the family's parental factors and raise
//    engagement (casework in workforce.cpp reads the `specialist` flag);
//  - family practitioners: scarce places; add direct hours to CIN families;
//  - administrators: raise the share of social workers' time spent with families;
//  - caseload cap: a lower allocation limit, and new posts (hire, agency) or a queue (wait).
// Places are granted in a deterministic order per team (priority, then family id), like
// social workers (DESIGN.md section 2).
#include <algorithm>
#include <cmath>
#include <tuple>

#include "models/streams.hpp"
#include "models/world.hpp"

namespace csc::models {
namespace {

/// Who gets a scarce place first: families on the edge of care, then CP and s47, then
/// families with children in care, assessments, CIN.
int support_priority(const Families& fam, std::uint32_t f) {
  if (fam.edge[f]) return 0;
  switch (fam.status[f]) {
    case CaseStatus::cp:
    case CaseStatus::s47: return 1;
    case CaseStatus::care_only: return 2;
    case CaseStatus::assessment: return 3;
    default: return 4;
  }
}

constexpr std::uint8_t kParentalMask = 0b111;  // domestic abuse, substance misuse, mental health

}  // namespace

int World::caseload_limit(std::size_t la, sim::Day d) const {
  const auto& cap = p_.interventions.caseload_cap;
  const int base = p_.workforce.max_caseload;
  return cap.active(la, d) ? std::min(base, cap.max_caseload) : base;
}

double World::direct_share(std::size_t la, std::size_t team, sim::Day d) const {
  // Skilled administrators take over admin work: with one per team the share of time with
  // families rises from 34% to 58% (evidence PA-1); fewer give a proportional part of it.
  const auto& wp = p_.workforce;
  const auto& pa = p_.interventions.administrators;
  if (!pa.active(la, team, d)) return wp.direct_share;
  const double coverage = std::clamp(pa.posts_per_team, 0.0, 1.0);
  return wp.direct_share + coverage * (pa.direct_share_with_support - wp.direct_share);
}

bool World::volunteer_eligible(std::uint32_t f, sim::Day d) const {
  // Families on the edge of care or on a CIN plan (evidence SF-1, SF-2), with a young child:
  // Safe Families' respite stays are for children aged 10 or under
  // (interventions.volunteers.max_child_age).
  const auto& fam = pop_.families;
  if (!fam.edge[f] && fam.status[f] != CaseStatus::cin) return false;
  for (auto c = fam.first_child[f]; c < fam.first_child[f + 1]; ++c) {
    if (alive(c, d) && age_years(c, d) <= p_.interventions.volunteers.max_child_age) return true;
  }
  return false;
}

void World::release_support(std::uint32_t f) {
  auto& fam = pop_.families;
  fam.specialist[f] = 0;
  fam.practitioner[f] = 0;
  fam.volunteer_from[f] = kNever;
  fam.fgc[f] = static_cast<std::uint8_t>(FgcState::none);
}

void World::offer_fgc(std::uint32_t f, sim::Day d) {
  // Offered at a CP plan or the edge of care (pre-proceedings), once per case.
  auto& fam = pop_.families;
  if (!p_.interventions.family_group_conference.active(fam.la[f], d)) return;
  if (fam.fgc[f] != static_cast<std::uint8_t>(FgcState::none)) return;
  fam.fgc[f] = static_cast<std::uint8_t>(FgcState::queued);
  fgc_queue_[fam.la[f]].push_back(f);
}

void World::book_fgc(sim::Day d) {
  // Coordinators have a monthly capacity; families are booked first come, first served
  // (the queue is in the deterministic order of the offers). A conference takes weeks:
  // the coordinator finds the network, information is shared, the family meets alone, the
  // plan is agreed (evidence.md s2, How FGC works).
  const auto& fp = p_.interventions.family_group_conference;
  auto& fam = pop_.families;
  for (std::size_t l = 0; l < fgc_queue_.size(); ++l) {
    if (!fp.active(l, d)) continue;
    fgc_budget_[l] = std::min(fgc_budget_[l] + fp.coordinators * fp.conferences_per_coordinator_month * 12.0 / 52.0,
                              fp.coordinators * fp.conferences_per_coordinator_month);
    auto& queue = fgc_queue_[l];
    std::size_t taken = 0;
    while (taken < queue.size() && fgc_budget_[l] >= 1.0) {
      const std::uint32_t f = queue[taken++];
      if (fam.fgc[f] != static_cast<std::uint8_t>(FgcState::queued)) continue;  // case closed
      fgc_budget_[l] -= 1.0;
      fam.fgc[f] = static_cast<std::uint8_t>(FgcState::booked);
      calendar_.schedule({d + static_cast<sim::Day>(fp.weeks_to_conference * 7), 0,
                          static_cast<std::uint8_t>(EventKind::fgc_conference), f, 0});
    }
    queue.erase(queue.begin(), queue.begin() + static_cast<std::ptrdiff_t>(taken));
  }
}

void World::hold_fgc(std::uint32_t f, sim::Day d) {
  // The plan's success depends on the family's network: more households within reach, more
  // chance of a plan (DESIGN.md s3). An agreed plan brings support (acute severity falls) and
  // opens the kinship and special guardianship routes (draw_placement, care_decisions).
  auto& fam = pop_.families;
  const auto& fp = p_.interventions.family_group_conference;
  count(Metric::fgc_conferences, f);
  record_family_note(f, d, Reason::fgc_conference);  // the case a study of conferences samples (FGC-2)
  const double reach = kin_[fam.la[f]].households_within(f, p_.kin.carer_steps);
  const double p_plan = 1.0 - std::exp(-fp.success_per_household * reach);
  if (draws(f, d, stream_id(Stream::fgc_outcome)).bernoulli(p_plan)) {
    fam.fgc[f] = static_cast<std::uint8_t>(FgcState::plan);
    bring_up_to_date(fam, f, d, p_.severity);
    fam.acute[f] *= static_cast<float>(1.0 - fp.plan_relief);
    count(Metric::fgc_plans, f);
  } else {
    fam.fgc[f] = static_cast<std::uint8_t>(FgcState::no_plan);
  }
}

void World::assign_support(sim::Day d) {
  auto& fam = pop_.families;
  const auto& as = p_.interventions.adult_specialists;
  const auto& fp = p_.interventions.family_practitioners;
  const auto& vp = p_.interventions.volunteers;
  for (std::size_t l = 0; l < open_.size(); ++l) {
    const bool specialists = as.active(l, d);
    const bool practitioners = fp.active(l, d);
    const bool volunteers = vp.active(l, d);
    if (!specialists && !practitioners && !volunteers) continue;
    int volunteered = 0;
    const auto teams = static_cast<std::size_t>(p_.las[l].teams);
    std::vector<int> specialist_used(teams, 0), practitioner_used(teams, 0);
    std::vector<std::uint32_t> candidates;
    for (const std::uint32_t f : open_[l]) {
      if (fam.status[f] == CaseStatus::dormant) continue;
      if (fam.practitioner[f] && fam.status[f] != CaseStatus::cin) fam.practitioner[f] = 0;
      if (fam.volunteer_from[f] != kNever && !volunteer_eligible(f, d)) fam.volunteer_from[f] = kNever;
      volunteered += fam.volunteer_from[f] != kNever ? 1 : 0;
      specialist_used[fam.team[f]] += fam.specialist[f];
      practitioner_used[fam.team[f]] += fam.practitioner[f];
      candidates.push_back(f);
    }
    std::sort(candidates.begin(), candidates.end(), [&](std::uint32_t a, std::uint32_t b) {
      return std::make_tuple(support_priority(fam, a), a) < std::make_tuple(support_priority(fam, b), b);
    });
    const auto specialist_places =
        static_cast<int>(std::floor(as.workers_per_team * as.families_per_worker + 1e-9));
    const auto practitioner_places =
        static_cast<int>(std::floor(fp.practitioners_per_team * fp.families_per_practitioner + 1e-9));
    // Volunteers: a pool for the LA, for families on the edge of care first, then CIN
    // families; support starts after matching (evidence SF-1, SF-2).
    const auto volunteer_places =
        static_cast<int>(std::floor(vp.volunteers * vp.families_per_volunteer + 1e-9));
    for (const std::uint32_t f : candidates) {
      const std::uint16_t t = fam.team[f];
      if (volunteers && fam.volunteer_from[f] == kNever && volunteered < volunteer_places &&
          volunteer_eligible(f, d)) {
        fam.volunteer_from[f] = d + static_cast<sim::Day>(vp.matching_weeks * 7);
        ++volunteered;
        flows_[l * kMetricCount + midx(Metric::spend_volunteers)] += static_cast<float>(vp.unit_cost);
      }
      if (specialists && !fam.specialist[f] && (fam.risk_mask[f] & kParentalMask) && as.active(l, t, d) &&
          specialist_used[t] < specialist_places) {
        fam.specialist[f] = 1;
        ++specialist_used[t];
        flows_[l * kMetricCount + midx(Metric::adult_specialist_starts)] += 1.0f;
        // A family that had not engaged may engage with a specialist (evidence FIT-1).
        if (!fam.engaged[f]) {
          fam.engaged[f] =
              draws(f, d, stream_id(Stream::specialist_engagement)).bernoulli(as.engagement) ? 1 : 0;
          if (fam.engaged[f]) record_family_note(f, d, Reason::engaged);
        }
      }
      if (practitioners && !fam.practitioner[f] && fam.status[f] == CaseStatus::cin && fp.active(l, t, d) &&
          practitioner_used[t] < practitioner_places) {
        fam.practitioner[f] = 1;
        ++practitioner_used[t];
      }
    }
  }
}

void World::hire_for_caseload_cap(sim::Day d) {
  // After allocation, an LA whose cap binds hires for the cases still waiting, LA by LA.
  const auto& cap = p_.interventions.caseload_cap;
  const auto& fam = pop_.families;
  for (std::size_t l = 0; l < open_.size(); ++l) {
    if (!cap.active(l, d) || cap.policy == "wait") continue;
    std::vector<std::uint32_t> waiting;
    for (const std::uint32_t f : open_[l]) {
      if (fam.status[f] != CaseStatus::dormant && fam.worker[f] == kNone) waiting.push_back(f);
    }
    expand_capped_teams(l, waiting, d);
  }
}

void World::close_surplus_posts(const std::vector<std::uint32_t>& vacated, sim::Day d) {
  for (const std::uint32_t p : vacated) close_surplus_post(p, d);  // in post order
}

void World::expand_capped_teams(std::size_t la, const std::vector<std::uint32_t>& waiting,
                                sim::Day d) {
  // When the cap binds, the policy decides: a new agency post at once, a permanent post after
  // the hiring lag, or nothing (the cases queue). A team is staffed for its demand: posts
  // (filled, vacant or on their way) = ceil(children held and waiting / cap).
  const auto& cap = p_.interventions.caseload_cap;
  if (!cap.active(la, d) || cap.policy == "wait") return;
  const auto& fam = pop_.families;
  const auto teams = static_cast<std::size_t>(p_.las[la].teams);
  std::vector<int> demand(teams, 0), posts(teams, 0);
  bool anyone_waiting = false;
  for (const std::uint32_t f : waiting) {
    if (fam.worker[f] != kNone) continue;
    demand[fam.team[f]] += static_cast<int>(case_children(f));
    anyone_waiting = true;
  }
  if (!anyone_waiting) return;
  for (std::size_t t = 0; t < teams; ++t) {
    for (const std::uint32_t p : wf_.team_posts[wf_.la_first_team[la] + t]) {
      demand[t] += wf_.caseload[p];
      ++posts[t];
    }
  }
  for (const auto& pp : wf_.pending) {
    if (pp.la == la && !pp.funded) ++posts[pp.team];  // a programme's future posts are not the cap's
  }
  for (std::size_t t = 0; t < teams; ++t) {
    const int needed = (demand[t] + cap.max_caseload - 1) / cap.max_caseload - posts[t];
    for (int i = 0; i < needed; ++i) {
      const auto team = static_cast<std::uint16_t>(t);
      if (cap.policy == "agency") {
        add_post(la, team, PostStatus::agency);
        count_posts_created(la);
      } else {
        wf_.pending.push_back(
            {d + static_cast<sim::Day>(cap.hire_weeks * 7), static_cast<std::uint16_t>(la), team});
      }
    }
  }
}

void World::close_surplus_post(std::uint32_t post, sim::Day d) {
  // Under a cap met by hiring, staffing follows demand both ways: a post left by a leaver is
  // closed, not refilled, while the team has more posts than its children need at the cap,
  // but never below the team's funded establishment.
  const auto& cap = p_.interventions.caseload_cap;
  const std::size_t la = wf_.la[post];
  if (!cap.active(la, d) || cap.policy == "wait") return;
  const std::uint16_t team = wf_.team[post];
  int children = 0;
  const auto& fam = pop_.families;
  for (const std::uint32_t f : open_[la]) {
    if (fam.status[f] != CaseStatus::dormant && fam.team[f] == team) {
      children += static_cast<int>(case_children(f));
    }
  }
  const std::size_t t = wf_.la_first_team[la] + team;
  auto& posts = wf_.team_posts[t];
  const int needed = std::max((children + cap.max_caseload - 1) / cap.max_caseload,
                              static_cast<int>(wf_.establishment[t]));
  if (static_cast<int>(posts.size()) <= needed) return;
  std::erase(posts, post);
  wf_.agency_due[post] = kNever;
  wf_.recruit_due[post] = kNever;
}

void World::create_due_posts(sim::Day d) {
  std::vector<Workforce::PendingPost> later;
  for (const auto& pp : wf_.pending) {
    if (pp.due <= d) {
      add_post(pp.la, pp.team, PostStatus::permanent);
      if (pp.funded) {
        ++wf_.establishment[wf_.la_first_team[pp.la] + pp.team];  // funded: the cap never closes it
      } else {
        count_posts_created(pp.la);
      }
    } else {
      later.push_back(pp);
    }
  }
  wf_.pending.swap(later);
}

void World::count_posts_created(std::size_t la) {
  flows_[la * kMetricCount + midx(Metric::posts_created)] += 1.0f;
  flows_[la * kMetricCount + midx(Metric::spend_caseload_cap)] +=
      static_cast<float>(p_.interventions.caseload_cap.unit_cost);
}

void World::record_spend(int w, int la) {
  // Spend follows what the model did: children in each placement, posts filled, intervention
  // posts in scope; each component at its unit cost (evidence.md section 3).
  const auto l = static_cast<std::size_t>(la);
  const auto& c = p_.costs;
  const sim::Day d = w * sim::kDaysPerWeek + sim::kDaysPerWeek - 1;
  double placements = 0.0;
  for (std::size_t t = 0; t < kPlacementCount; ++t) {
    placements += placement_count_[l * kPlacementCount + t] * c.placement_per_week[t];
  }
  const double agency = out_.at(Metric::agency_workers, w, la);
  const double permanent = out_.at(Metric::social_workers, w, la) - agency;
  auto team_posts = [&](const InterventionCommon& iv, double per_team) {
    double posts = 0.0;
    for (std::size_t t = 0; t < static_cast<std::size_t>(p_.las[l].teams); ++t) {
      posts += iv.active(l, t, d) ? per_team : 0.0;
    }
    return posts * iv.unit_cost / 52.0;
  };
  const auto& iv = p_.interventions;
  const auto& fgc = iv.family_group_conference;
  out_.at(Metric::spend_placements, w, la) = static_cast<float>(placements);
  out_.at(Metric::spend_social_workers, w, la) = static_cast<float>(permanent * c.social_worker_per_week);
  out_.at(Metric::spend_agency_workers, w, la) =
      static_cast<float>(agency * c.social_worker_per_week * (1.0 + c.agency_premium));
  out_.at(Metric::spend_adult_specialists, w, la) =
      static_cast<float>(team_posts(iv.adult_specialists, iv.adult_specialists.workers_per_team));
  out_.at(Metric::spend_administrators, w, la) =
      static_cast<float>(team_posts(iv.administrators, iv.administrators.posts_per_team));
  out_.at(Metric::spend_family_practitioners, w, la) =
      static_cast<float>(team_posts(iv.family_practitioners, iv.family_practitioners.practitioners_per_team));
  out_.at(Metric::spend_volunteers, w, la) = flows_[l * kMetricCount + midx(Metric::spend_volunteers)];
  out_.at(Metric::spend_family_group_conference, w, la) =
      static_cast<float>(fgc.active(l, d) ? fgc.coordinators * fgc.unit_cost / 52.0 : 0.0);
  out_.at(Metric::spend_caseload_cap, w, la) = flows_[l * kMetricCount + midx(Metric::spend_caseload_cap)];
  float total = 0.0f;  // the float sum of the stored components, so they add up exactly
  for (const Metric m : kSpendComponents) total += out_.at(m, w, la);
  out_.at(Metric::spend_total, w, la) = total;
}

}  // namespace csc::models
