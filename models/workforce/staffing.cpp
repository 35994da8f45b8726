// The workforce's posts and their staffing: building the teams, turnover, agency cover and
// recruitment, posts created when due, allocation of waiting cases, and recording.
#include "models/workforce/staffing.hpp"

#include <algorithm>
#include <cmath>
#include <tuple>
#include <utility>

#include "models/core/streams.hpp"

namespace csc::models {
namespace {

/// Families ahead in an open list whose case counts the caseload loops ask for
/// (prefetch_case_counts): a large council's open families are scattered over its tables.
constexpr std::size_t kAhead = 16;

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

Staffing::Staffing(const WorkforceParams& params, PopulationModel model, const sim::RunKey& key, Population& pop,
                   Workforce& wf, Ledger& ledger, OpenCases& open, const InterventionHooks& hooks)
    : wp_(params), model_(model), key_(key), pop_(pop), wf_(wf), ledger_(ledger), open_(open), hooks_(hooks) {}

void Staffing::build() {
  wf_.la_posts.resize(model_.las.size());
  for (std::size_t l = 0; l < model_.las.size(); ++l) {
    const LaParams& la = model_.las[l];
    wf_.la_first_team.push_back(static_cast<std::uint32_t>(wf_.team_posts.size()));
    wf_.team_posts.resize(wf_.team_posts.size() + static_cast<std::size_t>(la.teams));
    const auto posts = static_cast<int>(std::lround(la.teams * la.social_workers_per_team));
    for (int i = 0; i < posts; ++i) {
      join_team(add_post_row(l, static_cast<std::uint16_t>(i % la.teams), PostStatus::permanent));
    }
  }
  wf_.la_first_team.push_back(static_cast<std::uint32_t>(wf_.team_posts.size()));
  for (const auto& posts : wf_.team_posts) {
    wf_.establishment.push_back(static_cast<std::uint32_t>(posts.size()));
  }
  direct_share_.assign(wf_.team_posts.size(), wp_.direct_share);
}

std::uint32_t Staffing::add_post_row(std::size_t la, std::uint16_t team, PostStatus status) {
  const auto id = static_cast<std::uint32_t>(wf_.size());
  wf_.la.push_back(static_cast<std::uint16_t>(la));
  wf_.team.push_back(team);
  wf_.status.push_back(status);
  wf_.agency_due.push_back(kNever);
  wf_.recruit_due.push_back(kNever);
  wf_.caseload.push_back(0);
  wf_.weighted_load.push_back(0.0f);
  wf_.la_posts[la].push_back(id);
  return id;
}

void Staffing::join_team(std::uint32_t post) {
  wf_.team_posts[wf_.la_first_team[wf_.la[post]] + wf_.team[post]].push_back(post);
}

void Staffing::reserve_due_posts(sim::Day d) {
  // Serial, before the councils' weeks: the rows are numbered in pending order, as a serial
  // walk making them in the workforce step numbers them (no post is made earlier in a week).
  const std::size_t las = model_.las.size();
  due_.resize(las);
  asked_.resize(las);
  asked_pending_.resize(las);
  std::vector<Workforce::PendingPost> later;
  for (const auto& pp : wf_.pending) {
    if (pp.due > d) {
      later.push_back(pp);
      continue;
    }
    // Vacant with no cover or recruitment due until it joins its team: this week's turnover
    // passes over it, as it passed over a post not yet made.
    due_[pp.la].emplace_back(add_post_row(pp.la, pp.team, PostStatus::vacant), pp);
  }
  wf_.pending.swap(later);
  changed_.resize(wf_.size(), 0);
}

void Staffing::council_create_due_posts(std::size_t l) {
  // Posts whose hiring lag ended (a caseload cap's) or whose team's programme started (funded
  // posts, part of the team's establishment: a cap never closes them).
  for (const auto& [post, pp] : due_[l]) {
    wf_.status[post] = PostStatus::permanent;
    join_team(post);
    if (pp.funded) ++wf_.establishment[wf_.la_first_team[pp.la] + pp.team];
    if (pp.owner != Workforce::kNoOwner && hooks_.at[pp.owner]) hooks_.at[pp.owner]->post_created(pp.la);
  }
  due_[l].clear();
}

void Staffing::add_post_after_week(std::size_t la, std::uint16_t team, PostStatus status) {
  asked_[la].emplace_back(team, status);
}

void Staffing::add_pending_after_week(const Workforce::PendingPost& pp) { asked_pending_[pp.la].push_back(pp); }

void Staffing::make_posts_asked_for() {
  // A serial walk of the week made them in the allocation step, council after council.
  for (std::size_t l = 0; l < asked_.size(); ++l) {
    for (const auto& [team, status] : asked_[l]) join_team(add_post_row(l, team, status));
    asked_[l].clear();
    wf_.pending.insert(wf_.pending.end(), asked_pending_[l].begin(), asked_pending_[l].end());
    asked_pending_[l].clear();
  }
}

void Staffing::release_worker(std::uint32_t f) {
  auto& fam = pop_.families;
  for (auto* run : hooks_.enabled) run->on_case_closed(f);  // the case has closed: support ends
  fam.cases[f].worker = kNone;
  fam.cases[f].waiting_since = kNever;
  fam.cases[f].change_until = kNever;
}

std::vector<std::uint32_t> Staffing::council_turnover(std::size_t l, sim::Day d) {
  const auto& wp = wp_;
  auto& fam = pop_.families;
  std::vector<std::uint32_t> vacated;  // posts whose worker left, in post order
  constexpr std::uint8_t kNewWorker = 1, kWorkerLeft = 2;
  auto& changed = changed_;  // per post: its families' worker changed (this council's posts only)
  bool any_changed = false;
  for (const std::uint32_t p : wf_.la_posts[l]) {
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
          changed[p] |= kNewWorker;
          any_changed = true;
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
    if (!dq.occurs(rate / 52.0)) continue;
    ledger_.count_in(Metric::worker_quits, wf_.la[p]);
    wf_.status[p] = PostStatus::vacant;
    wf_.caseload[p] = 0;
    wf_.weighted_load[p] = 0.0f;
    auto da = draws(p, d, stream_id(Stream::agency_delay));
    wf_.agency_due[p] = d + static_cast<sim::Day>(7.0 * da.exponential(1.0 / std::max(0.01, wp.agency_delay_weeks)));
    if (wf_.recruit_due[p] == kNever) {
      wf_.recruit_due[p] =
          d + std::max<sim::Day>(7, static_cast<sim::Day>(7.0 * da.exponential(1.0 / wp.recruitment_weeks)));
    }
    changed[p] |= kWorkerLeft;
    any_changed = true;
    vacated.push_back(p);
  }
  // The families of posts whose worker changed, in one pass over the open cases (not one per
  // post: that cost posts x cases a week, quadratic in a council's size). A family has one
  // worker, so the order of the posts does not matter; a post whose agency worker was replaced
  // and whose new worker left in the same week interrupts the work twice, as it did.
  if (any_changed) {
    const auto until = d + static_cast<sim::Day>(wp.worker_change_weeks * 7);
    for (const std::uint32_t f : open_.lists[l]) {
      const std::uint32_t p = fam.cases[f].worker;
      if (p == kNone || changed[p] == 0) continue;
      for (const std::uint8_t event : {kNewWorker, kWorkerLeft}) {
        if ((changed[p] & event) == 0) continue;
        fam.cases[f].change_until = until;
        ledger_.count(Metric::worker_changes, f);
      }
      if ((changed[p] & kWorkerLeft) != 0) {  // a change of worker interrupts the work
        fam.cases[f].worker = kNone;
        fam.cases[f].waiting_since = d;
      }
    }
    for (const std::uint32_t p : wf_.la_posts[l]) changed[p] = 0;
  }
  return vacated;
}

void Staffing::recount_caseloads() {
  // Councils in parallel: a family's worker holds a post of its own council.
  sim::parallel_for(std::size_t{0}, open_.lists.size(), [&](std::size_t l) { council_recount_caseloads(l); });
}

void Staffing::council_recount_caseloads(std::size_t l) {
  for (const std::uint32_t p : wf_.la_posts[l]) {
    wf_.caseload[p] = 0;
    wf_.weighted_load[p] = 0.0f;
  }
  const auto& fam = pop_.families;
  const auto& list = open_.lists[l];
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (i + kAhead < list.size()) prefetch_case_counts(fam, list[i + kAhead]);
    const std::uint32_t f = list[i];
    const CaseRow& row = fam.cases[f];
    if (row.status != CaseStatus::dormant && row.worker != kNone) {
      wf_.caseload[row.worker] += static_cast<std::int32_t>(ledger_.case_children(f));
      wf_.weighted_load[row.worker] += static_cast<float>(case_weight(f));
    }
  }
}

double Staffing::case_weight(std::uint32_t f) const {
  // Cases need different amounts of a worker's time: statutory visits are more frequent for
  // children on CP plans than for children in need or in care (Working Together 2013). The
  // family's counts of its children by state are kept as states change (Ledger::set_state).
  const CaseRow& row = pop_.families.cases[f];
  const int cp = row.children_cp, looked_after = row.children_looked_after;
  const int in_need = row.tracked_children - cp - looked_after;  // assessment or CIN
  return in_need * 1.0 + cp * wp_.intensity_cp + looked_after * wp_.intensity_looked_after;
}

void Staffing::council_allocate(std::size_t l, sim::Day d) {
  // Scarce worker time is granted in a deterministic order: urgency, then waiting time, then
  // family id (docs/design.md). A case that no worker in its team can take waits. A council's
  // waiting cases go to its own teams' posts.
  council_recount_caseloads(l);
  auto& fam = pop_.families;
  const int cap = caseload_limit(l, d);
  std::vector<std::uint32_t> waiting;
  const auto& list = open_.lists[l];
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (i + kAhead < list.size()) prefetch_case_counts(fam, list[i + kAhead]);
    const std::uint32_t f = list[i];
    if (fam.cases[f].status != CaseStatus::dormant && fam.cases[f].worker == kNone) waiting.push_back(f);
  }
  std::sort(waiting.begin(), waiting.end(), [&](std::uint32_t a, std::uint32_t b) {
    return std::make_tuple(allocation_priority(fam.cases[a].status), fam.cases[a].waiting_since, a) <
           std::make_tuple(allocation_priority(fam.cases[b].status), fam.cases[b].waiting_since, b);
  });
  for (const std::uint32_t f : waiting) {
    const auto need = static_cast<std::int32_t>(ledger_.case_children(f));
    std::uint32_t best = kNone;
    for (const std::uint32_t p : wf_.team_posts[wf_.la_first_team[l] + fam.team[f]]) {
      if (!wf_.filled(p) || wf_.caseload[p] + need > cap) continue;
      if (best == kNone || wf_.caseload[p] < wf_.caseload[best]) best = p;
    }
    if (best == kNone) continue;
    fam.cases[f].worker = best;
    fam.cases[f].waiting_since = kNever;
    wf_.caseload[best] += need;
    wf_.weighted_load[best] += static_cast<float>(case_weight(f));
  }
}

int Staffing::caseload_limit(std::size_t la, sim::Day d) const {
  int limit = wp_.max_caseload;
  for (const auto* run : hooks_.enabled) limit = run->caseload_limit(la, d, limit);
  return limit;
}

void Staffing::council_direct_shares(std::size_t l, sim::Day d) {
  for (auto t = wf_.la_first_team[l]; t < wf_.la_first_team[l + 1]; ++t) {
    double share = wp_.direct_share;
    for (const auto* run : hooks_.enabled) share = run->direct_share(l, t - wf_.la_first_team[l], d, share);
    direct_share_[t] = share;
  }
}

void Staffing::record(ReplicateResult& out, int w, int la) const {
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
  out.at(Metric::social_workers, w, la) = filled;
  out.at(Metric::agency_workers, w, la) = agency;
  out.at(Metric::vacancies, w, la) = vacant;
  out.at(Metric::agency_share, w, la) = filled > 0 ? agency / filled : 0.0f;
  out.at(Metric::caseload_mean, w, la) = filled > 0 ? total_caseload / filled : 0.0f;
  out.at(Metric::caseload_max, w, la) = max_caseload;
  // Posts with no case deliver no direct time, so an idle workforce shows a lower share.
  out.at(Metric::direct_time_share, w, la) = filled > 0 ? static_cast<float>(direct / filled) : 0.0f;
}

}  // namespace csc::models
