#pragma once
// The workforce's phases of a week (docs/design.md, The model, "Workforce"): turnover, agency
// cover and recruitment; posts created when due; allocation of waiting cases to workers; each
// team's share of hours with families; and casework, the mechanism by which direct hours
// lower a family's severity. staffing.cpp holds the posts and allocation, casework.cpp the
// casework. Interventions act here through their hooks (capacity, time, hours, support).
#include <cstdint>
#include <utility>
#include <vector>

#include "models/core/intervention_hooks.hpp"
#include "models/ledger/ledger.hpp"
#include "models/output/replicate_result.hpp"
#include "models/population/population.hpp"
#include "models/workforce/workforce.hpp"
#include "models/workforce/workforce_params.hpp"
#include "sim/rng/random.hpp"
#include "sim/run/parallel.hpp"

namespace csc::models {

class Staffing {
 public:
  /// What the workforce's phases read and write; the world owns them all.
  Staffing(const WorkforceParams& params, PopulationModel model, const sim::RunKey& key, Population& pop, Workforce& wf,
           Ledger& ledger, OpenCases& open, const InterventionHooks& hooks);

  /// The LAs' teams and their permanent posts (la.teams x la.social_workers_per_team).
  void build();
  // The workforce's steps of a council's week (World::council_week). Posts are rows of one
  // table for all councils, numbered as they are made, and the turnover's draws are keyed by
  // post: so that councils can run their weeks side by side and the posts still get the
  // numbers a serial walk of the week gives them, the posts due in a week get theirs before
  // the councils start (reserve_due_posts) and join their teams in the council's workforce
  // step, and posts an intervention asks for during the week are made after it, in council
  // order (add_post_after_week, make_posts_asked_for).

  /// Before the councils' weeks: rows for the posts whose hiring lag ends or whose programme
  /// starts by day d (pending order), not yet in their teams.
  void reserve_due_posts(sim::Day d);
  /// Council l's leavers, agency cover and recruitment; returns the posts whose worker left,
  /// in post order.
  std::vector<std::uint32_t> council_turnover(std::size_t l, sim::Day d);
  /// Council l's posts reserved for this week join their teams (a caseload cap's after its
  /// hiring lag, a programme's funded posts when it starts).
  void council_create_due_posts(std::size_t l);
  /// Council l's caseloads counted afresh, then its waiting cases to workers, in priority
  /// order, within the week's caseload limit.
  void council_allocate(std::size_t l, sim::Day d);
  /// Council l's teams' share of social workers' hours with families this week.
  void council_direct_shares(std::size_t l, sim::Day d);
  /// A post an intervention asks for during council `la`'s week: made after the week
  /// (make_posts_asked_for), filled as `status` says.
  void add_post_after_week(std::size_t la, std::uint16_t team, PostStatus status);
  /// A post to make when it is due (a caseload cap's hiring lag), asked for during council
  /// pp.la's week: it joins the pending posts after the week.
  void add_pending_after_week(const Workforce::PendingPost& pp);
  /// After the councils' weeks: the posts asked for, council by council, each council's in
  /// the order asked.
  void make_posts_asked_for();
  /// Severity over the week of council l's open families: drift, casework, interventions'
  /// support, crises (in parallel within the council).
  void council_casework(std::size_t l, sim::Day week_end);
  /// The family's case closed: its worker and its support end.
  void release_worker(std::uint32_t f);
  /// Caseloads counted afresh from the open cases.
  void recount_caseloads();
  /// Council l's caseloads counted afresh from its open cases.
  void council_recount_caseloads(std::size_t l);
  /// Writes the LA's workforce rows of /series for week w of the horizon.
  void record(ReplicateResult& out, int w, int la) const;
  /// Its own state (the tables are the world's), for burn-in snapshots.
  template <class Archive>
  void fields(Archive& a) {
    a.field(direct_share_);
  }

 private:
  /// A new row of the post table for council `la`'s team, filled as `status` says; returns its
  /// id. It joins its team with join_team().
  std::uint32_t add_post_row(std::size_t la, std::uint16_t team, PostStatus status);
  void join_team(std::uint32_t post);
  [[nodiscard]] int caseload_limit(std::size_t la, sim::Day d) const;
  [[nodiscard]] double case_weight(std::uint32_t f) const;
  void casework_batch(CaseworkBatch& batch);
  // casework's per-family steps (each writes only family f's row)
  void wait_for_worker(std::uint32_t f);
  void casework_effect(std::uint32_t f, double extra, sim::Day week_end);
  void open_case_crisis(std::uint32_t f, sim::Day week_end, double crisis_rate);
  [[nodiscard]] sim::Draws draws(std::uint64_t entity, sim::Day d, std::uint32_t stream) const {
    return sim::Draws(key_, entity, d, stream);
  }

  const WorkforceParams& wp_;
  PopulationModel model_;
  const sim::RunKey& key_;
  Population& pop_;
  Workforce& wf_;
  Ledger& ledger_;
  OpenCases& open_;
  const InterventionHooks& hooks_;
  std::vector<double> direct_share_;  // per team (Workforce team index), this week
  /// Per council, this week: the posts reserved by reserve_due_posts with what they were asked
  /// as; the posts interventions asked for (team, status).
  std::vector<std::vector<std::pair<std::uint32_t, Workforce::PendingPost>>> due_;
  std::vector<std::vector<std::pair<std::uint16_t, PostStatus>>> asked_;
  std::vector<std::vector<Workforce::PendingPost>> asked_pending_;
  /// Per post: its families' worker changed this week (council_turnover; each council writes
  /// only its own posts' bytes).
  std::vector<std::uint8_t> changed_;
};

}  // namespace csc::models
