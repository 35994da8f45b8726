// Workforce phases: turnover and cover, allocation of waiting cases, and casework, the
// mechanism by which direct-work hours lower a family's severity (docs/design.md, The model).
#include "models/workforce/workforce.hpp"

#include <algorithm>
#include <cmath>
#include <tuple>
#include <utility>

#include "models/core/streams.hpp"
#include "models/world/world.hpp"
#include "sim/run/parallel.hpp"

namespace csc::models {
namespace {

int allocation_priority(CaseStatus s) {
  switch (s) {
    case CaseStatus::s47: return 0;  // enquiries cannot wait
    case CaseStatus::cp: return 1;
    case CaseStatus::assessment: return 2;
    case CaseStatus::care_only: return 3;
    default: return 4;
  }
}

}  // namespace

void World::build_workforce() {
  for (std::size_t l = 0; l < p_.las.size(); ++l) {
    const LaParams& la = p_.las[l];
    wf_.la_first_team.push_back(static_cast<std::uint32_t>(wf_.team_posts.size()));
    wf_.team_posts.resize(wf_.team_posts.size() + static_cast<std::size_t>(la.teams));
    const auto posts = static_cast<int>(std::lround(la.teams * la.social_workers_per_team));
    for (int i = 0; i < posts; ++i) {
      add_post(l, static_cast<std::uint16_t>(i % la.teams), PostStatus::permanent);
    }
  }
  wf_.la_first_team.push_back(static_cast<std::uint32_t>(wf_.team_posts.size()));
  for (const auto& posts : wf_.team_posts) {
    wf_.establishment.push_back(static_cast<std::uint32_t>(posts.size()));
  }
}

std::uint32_t World::add_post(std::size_t la, std::uint16_t team, PostStatus status) {
  const auto id = static_cast<std::uint32_t>(wf_.size());
  wf_.la.push_back(static_cast<std::uint16_t>(la));
  wf_.team.push_back(team);
  wf_.status.push_back(status);
  wf_.agency_due.push_back(kNever);
  wf_.recruit_due.push_back(kNever);
  wf_.caseload.push_back(0);
  wf_.weighted_load.push_back(0.0f);
  wf_.team_posts[wf_.la_first_team[la] + team].push_back(id);
  return id;
}

void World::release_worker(std::uint32_t f) {
  auto& fam = pop_.families;
  for (auto* run : on_) run->on_case_closed(f);  // the case has closed: support ends
  fam.worker[f] = kNone;
  fam.waiting_since[f] = kNever;
  fam.change_until[f] = kNever;
}

std::vector<std::uint32_t> World::turnover(sim::Day d) {
  const auto& wp = p_.workforce;
  auto& fam = pop_.families;
  std::vector<std::uint32_t> vacated;  // posts whose worker left, in post order
  for (std::uint32_t p = 0; p < wf_.size(); ++p) {
    // Cover and recruitment first: an agency worker arrives, or a recruitment round ends.
    if (wf_.status[p] == PostStatus::vacant && wf_.agency_due[p] != kNever && d >= wf_.agency_due[p]) {
      wf_.status[p] = PostStatus::agency;
      wf_.agency_due[p] = kNever;
    }
    if (wf_.recruit_due[p] != kNever && d >= wf_.recruit_due[p]) {
      auto dr = draws(p, d, stream_id(Stream::recruitment));
      if (dr.bernoulli(wp.recruitment_success)) {
        const bool replaces_agency = wf_.status[p] == PostStatus::agency;
        wf_.status[p] = PostStatus::permanent;
        wf_.recruit_due[p] = kNever;
        wf_.agency_due[p] = kNever;
        if (replaces_agency) {  // the agency worker's families meet their new worker
          for (const auto& list : open_) {
            for (const std::uint32_t f : list) {
              if (fam.worker[f] != p) continue;
              fam.change_until[f] = d + static_cast<sim::Day>(wp.worker_change_weeks * 7);
              count(Metric::worker_changes, f);
            }
          }
        }
      } else {
        wf_.recruit_due[p] =
            d + std::max<sim::Day>(7, static_cast<sim::Day>(7.0 * dr.exponential(1.0 / wp.recruitment_weeks)));
      }
    }
    if (!wf_.filled(p)) continue;
    // Leaving rises with caseload (docs/design.md, The model; evidence CAS-1, FSH-2).
    const bool permanent = wf_.status[p] == PostStatus::permanent;
    const double excess = wf_.caseload[p] - wp.reference_caseload;
    const double rate =
        permanent ? wp.turnover_per_year * std::exp(wp.turnover_caseload_slope * excess) : wp.agency_turnover_per_year;
    auto dq = draws(p, d, stream_id(Stream::worker_quit));
    if (!dq.bernoulli(1.0 - std::exp(-rate / 52.0))) continue;
    flows_[wf_.la[p] * kMetricCount + midx(Metric::worker_quits)] += 1.0f;
    wf_.status[p] = PostStatus::vacant;
    wf_.caseload[p] = 0;
    wf_.weighted_load[p] = 0.0f;
    auto da = draws(p, d, stream_id(Stream::agency_delay));
    wf_.agency_due[p] = d + static_cast<sim::Day>(7.0 * da.exponential(1.0 / std::max(0.01, wp.agency_delay_weeks)));
    if (wf_.recruit_due[p] == kNever) {
      wf_.recruit_due[p] =
          d + std::max<sim::Day>(7, static_cast<sim::Day>(7.0 * da.exponential(1.0 / wp.recruitment_weeks)));
    }
    for (const std::uint32_t f : open_[wf_.la[p]]) {  // a change of worker interrupts the work
      if (fam.worker[f] != p) continue;
      fam.worker[f] = kNone;
      fam.waiting_since[f] = d;
      fam.change_until[f] = d + static_cast<sim::Day>(wp.worker_change_weeks * 7);
      count(Metric::worker_changes, f);
    }
    vacated.push_back(p);
  }
  return vacated;
}

void World::recount_caseloads() {
  std::fill(wf_.caseload.begin(), wf_.caseload.end(), 0);
  std::fill(wf_.weighted_load.begin(), wf_.weighted_load.end(), 0.0f);
  const auto& fam = pop_.families;
  for (const auto& list : open_) {
    for (const std::uint32_t f : list) {
      if (fam.status[f] != CaseStatus::dormant && fam.worker[f] != kNone) {
        wf_.caseload[fam.worker[f]] += static_cast<std::int32_t>(case_children(f));
        wf_.weighted_load[fam.worker[f]] += static_cast<float>(case_weight(f));
      }
    }
  }
}

double World::case_weight(std::uint32_t f) const {
  // Cases need different amounts of a worker's time: statutory visits are more frequent for
  // children on CP plans than for children in need or in care (Working Together 2013).
  const auto& wp = p_.workforce;
  const auto& fam = pop_.families;
  double w = 0.0;
  for (auto c = fam.first_child[f]; c < fam.first_child[f + 1]; ++c) {
    switch (pop_.children.state[c]) {
      case ChildState::cp:
      case ChildState::s47: w += wp.intensity_cp; break;
      case ChildState::looked_after: w += wp.intensity_looked_after; break;
      case ChildState::assessment:
      case ChildState::cin: w += 1.0; break;
      default: break;
    }
  }
  return w;
}

void World::allocate(sim::Day d) {
  // Scarce worker time is granted in a deterministic order: urgency, then waiting time, then
  // family id (docs/design.md). A case that no worker in its team can take waits.
  recount_caseloads();
  auto& fam = pop_.families;
  for (std::size_t l = 0; l < open_.size(); ++l) {
    const int cap = caseload_limit(l, d);
    std::vector<std::uint32_t> waiting;
    for (const std::uint32_t f : open_[l]) {
      if (fam.status[f] != CaseStatus::dormant && fam.worker[f] == kNone) waiting.push_back(f);
    }
    std::sort(waiting.begin(), waiting.end(), [&](std::uint32_t a, std::uint32_t b) {
      return std::make_tuple(allocation_priority(fam.status[a]), fam.waiting_since[a], a) <
             std::make_tuple(allocation_priority(fam.status[b]), fam.waiting_since[b], b);
    });
    for (const std::uint32_t f : waiting) {
      const auto need = static_cast<std::int32_t>(case_children(f));
      std::uint32_t best = kNone;
      for (const std::uint32_t p : wf_.team_posts[wf_.la_first_team[l] + fam.team[f]]) {
        if (!wf_.filled(p) || wf_.caseload[p] + need > cap) continue;
        if (best == kNone || wf_.caseload[p] < wf_.caseload[best]) best = p;
      }
      if (best == kNone) continue;
      fam.worker[f] = best;
      fam.waiting_since[f] = kNever;
      wf_.caseload[best] += need;
      wf_.weighted_load[best] += static_cast<float>(case_weight(f));
    }
  }
}

// The per-family steps of casework. Each writes only family f's row, so casework can run
// them in parallel over families.

// A family waiting for a worker gets worse.
inline void World::wait_for_worker(std::uint32_t f) {
  pop_.families.acute[f] += static_cast<float>(p_.severity.waiting_increase_per_week);
}

// The worker's direct hours, shared among its cases by weight, lower severity with diminishing
// returns; less on parental factors (FSH-5), when the family does not engage (FIT-1) and
// after a change of worker. `extra`: hours from others (interventions' casework_hours).
inline void World::casework_effect(std::uint32_t f, double extra, sim::Day week_end) {
  const auto& wp = p_.workforce;
  auto& fam = pop_.families;
  const std::uint32_t p = fam.worker[f];
  const double load = std::max(1.0, static_cast<double>(wf_.weighted_load[p]));
  const double share = case_weight(f) / load;
  const double post_hours = wp.hours_per_week * direct_share_[wf_.la_first_team[wf_.la[p]] + wf_.team[p]];
  const double hours = post_hours * share + extra;
  fam.contact_hours[f] = static_cast<float>(hours);
  double effect = wp.casework_effect_per_week * (1.0 - std::exp2(-hours / wp.casework_half_hours));
  if (!fam.engaged[f]) effect *= wp.disengaged_effect;
  if (week_end < fam.change_until[f]) effect *= 0.5;
  for (std::size_t r = 0; r < kRiskCount; ++r) {
    const double e = is_parental(r) ? effect * wp.parental_effect_ratio : effect;
    fam.level[f][r] *= static_cast<float>(1.0 - e);
  }
  fam.acute[f] *= static_cast<float>(1.0 - effect);
}

// A crisis in the week, at the given daily rate, adds to acute severity; it is recorded by
// the serial decisions of this week.
inline void World::open_case_crisis(std::uint32_t f, sim::Day week_end, double crisis_rate) {
  auto& fam = pop_.families;
  auto dc = draws(f, week_end, stream_id(Stream::open_case_crisis));
  if (dc.bernoulli(1.0 - std::exp(-7.0 * crisis_rate))) {
    fam.acute[f] += static_cast<float>(dc.exponential(1.0 / p_.severity.crisis_size_mean));
    fam.crisis_pending[f] = 1;
  }
}

void World::casework_batch(CaseworkBatch& batch) {
  // A family's week, top to bottom: hours from others (interventions); drift and recovery to
  // the week's end; the social worker's effect, or waiting; interventions' support (severity,
  // crisis rate, decision factors); parental problems coming and going; a crisis. (The hours
  // hooks read only their own state, so they run first and the family's row is read once.)
  auto& fam = pop_.families;
  const auto n = batch.families.size();
  batch.extra_hours.assign(n, 0.0);
  for (const auto* run : on_) run->casework_hours(batch);
  batch.crisis_rate.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint32_t f = batch.families[i];
    bring_up_to_date(fam, f, batch.week_end, p_.severity);
    fam.contact_hours[f] = static_cast<float>(batch.extra_hours[i]);
    if (fam.worker[f] == kNone) {
      wait_for_worker(f);
    } else {
      casework_effect(f, batch.extra_hours[i], batch.week_end);
    }
    batch.crisis_rate[i] = fam.crisis_rate[f];
  }
  for (const auto* run : on_) run->casework_support(batch);
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint32_t f = batch.families[i];
    advance_episodes(fam, key_, f, batch.week_end, p_.population_model());
    open_case_crisis(f, batch.week_end, batch.crisis_rate[i]);
  }
}

void World::casework(sim::Day week_end) {
  // Each family's severity is brought to the end of the week, then casework lowers it: the
  // effect grows with direct hours with diminishing returns, is weaker on parental factors
  // (FSH-5), weaker when a family does not engage (FIT-1) and after a change of worker.
  // A family waiting for a worker gets worse. Only the family's own row is written, and every
  // draw is keyed, so this phase runs in parallel, batch by batch, and still repeats exactly.
  // Batches are small (kCaseworkBatch families), so that a family's row is still in cache
  // when the batch's later steps come back to it.
  constexpr std::size_t kCaseworkBatch = 64;
  for (std::size_t l = 0; l < open_.size(); ++l) {
    const auto& list = open_[l];
    sim::parallel_for(tbb::blocked_range<std::size_t>(0, list.size(), 512),
                      [&](const tbb::blocked_range<std::size_t>& range) {
                        CaseworkBatch batch;
                        batch.la = l;
                        batch.week_end = week_end;
                        batch.families.reserve(kCaseworkBatch);
                        for (std::size_t i = range.begin(); i != range.end(); ++i) {
                          if (pop_.families.status[list[i]] == CaseStatus::dormant) continue;
                          batch.families.push_back(list[i]);
                          if (batch.families.size() == kCaseworkBatch) {
                            casework_batch(batch);
                            batch.families.clear();
                          }
                        }
                        if (!batch.families.empty()) casework_batch(batch);
                      });
  }
}

void World::record_workforce(int w, int la) {
  float filled = 0, agency = 0, vacant = 0, total_caseload = 0, max_caseload = 0;
  double direct = 0.0;  // contracted share of filled, busy posts spent with families
  const auto l = static_cast<std::size_t>(la);
  for (auto t = wf_.la_first_team[l]; t < wf_.la_first_team[l + 1]; ++t) {
    for (const std::uint32_t p : wf_.team_posts[t]) {
      if (!wf_.filled(p)) {
        vacant += 1;
        continue;
      }
      filled += 1;
      agency += wf_.status[p] == PostStatus::agency ? 1.0f : 0.0f;
      total_caseload += static_cast<float>(wf_.caseload[p]);
      max_caseload = std::max(max_caseload, static_cast<float>(wf_.caseload[p]));
      if (wf_.caseload[p] > 0) direct += direct_share_[t];
    }
  }
  out_.at(Metric::social_workers, w, la) = filled;
  out_.at(Metric::agency_workers, w, la) = agency;
  out_.at(Metric::vacancies, w, la) = vacant;
  out_.at(Metric::agency_share, w, la) = filled > 0 ? agency / filled : 0.0f;
  out_.at(Metric::caseload_mean, w, la) = filled > 0 ? total_caseload / filled : 0.0f;
  out_.at(Metric::caseload_max, w, la) = max_caseload;
  // Posts with no case deliver no direct time, so an idle workforce shows a lower share.
  out_.at(Metric::direct_time_share, w, la) = filled > 0 ? static_cast<float>(direct / filled) : 0.0f;
}

}  // namespace csc::models
