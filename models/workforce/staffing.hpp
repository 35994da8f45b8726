#pragma once
// The workforce's phases of a week (docs/design.md, The model, "Workforce"): turnover, agency
// cover and recruitment; posts created when due; allocation of waiting cases to workers; each
// team's share of hours with families; and casework, the mechanism by which direct hours
// lower a family's severity. staffing.cpp holds the posts and allocation, casework.cpp the
// casework. Interventions act here through their hooks (capacity, time, hours, support).
#include <cstdint>
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
  /// A new post in a team, filled as `status` says; returns its id.
  std::uint32_t add_post(std::size_t la, std::uint16_t team, PostStatus status);
  /// Leavers, agency cover and recruitment; returns the posts whose worker left, in post order.
  std::vector<std::uint32_t> turnover(sim::Day d);
  /// Posts whose hiring lag ended (a caseload cap's) or whose programme started (funded posts).
  void create_due_posts(sim::Day d);
  /// Waiting cases to workers, in priority order, within the week's caseload limit.
  void allocate(sim::Day d);
  /// Each team's share of social workers' hours with families this week.
  void set_direct_shares(sim::Day d);
  /// Severity over the week of council l's open families: drift, casework, interventions'
  /// support, crises (in parallel within the council).
  void council_casework(std::size_t l, sim::Day week_end);
  /// The family's case closed: its worker and its support end.
  void release_worker(std::uint32_t f);
  /// Caseloads counted afresh from the open cases.
  void recount_caseloads();
  /// Writes the LA's workforce rows of /series for week w of the horizon.
  void record(ReplicateResult& out, int w, int la) const;
  /// Its own state (the tables are the world's), for burn-in snapshots.
  template <class Archive>
  void fields(Archive& a) {
    a.field(direct_share_);
  }

 private:
  [[nodiscard]] int caseload_limit(std::size_t la, sim::Day d) const;
  /// Calls council(l) for every council l, councils in parallel (oneTBB): `council` may change
  /// only council l's rows (its open families, its teams' posts).
  template <class Council>
  void for_each_council(const Council& council) const {
    sim::parallel_for(std::size_t{0}, open_.lists.size(), council);
  }
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
};

}  // namespace csc::models
