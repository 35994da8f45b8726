#pragma once
// What an intervention's hooks see of one replicate's world and the services they may call:
// the tables (population, workforce, open cases, kin networks), this week's flow counters and
// the recorded series. The world (models/world/world.hpp) implements the services.
#include <cstdint>
#include <vector>

#include "models/core/metrics.hpp"
#include "models/core/streams.hpp"
#include "models/network/kin_network.hpp"
#include "models/output/replicate_result.hpp"
#include "models/params/params.hpp"
#include "models/population/population.hpp"
#include "models/workforce/workforce.hpp"
#include "sim/rng/random.hpp"

namespace csc::models {

class WorldAccess {
 public:
  WorldAccess(const Params& p, const sim::RunKey& k, Population& population, Workforce& workforce,
              const std::vector<std::vector<std::uint32_t>>& open_cases, const std::vector<KinNetwork>& networks,
              std::vector<float>& week_flows, ReplicateResult& result)
      : params(p),
        key(k),
        pop(population),
        wf(workforce),
        open(open_cases),
        kin(networks),
        flows(week_flows),
        out(result) {}
  WorldAccess(const WorldAccess&) = delete;
  WorldAccess& operator=(const WorldAccess&) = delete;

  const Params& params;
  const sim::RunKey& key;
  Population& pop;
  Workforce& wf;
  const std::vector<std::vector<std::uint32_t>>& open;  // open families per LA, in opening order
  const std::vector<KinNetwork>& kin;                   // per LA
  std::vector<float>& flows;                            // [la][metric], this week
  ReplicateResult& out;

  [[nodiscard]] sim::Draws draws(std::uint64_t entity, sim::Day d, Stream s) const {
    return sim::Draws(key, entity, d, stream_id(s));
  }
  /// Adds n to this week's flow m of the LA.
  void count(Metric m, std::size_t la, float n = 1.0f) { flows[la * kMetricCount + midx(m)] += n; }
  [[nodiscard]] float flow(Metric m, std::size_t la) const { return flows[la * kMetricCount + midx(m)]; }
  /// The LA's families with an open case whose flag (an intervention's per-family column) is set.
  [[nodiscard]] float open_families_with(std::size_t la, const std::vector<std::uint8_t>& flag) const {
    float n = 0.0f;
    for (const std::uint32_t f : open[la]) {
      if (pop.families.cases[f].status != CaseStatus::dormant) n += flag[f];
    }
    return n;
  }

  /// Something about family f on day d: a /cohort/events row on its first child known to
  /// services (Reason::engaged, Reason::fgc_conference).
  virtual void note(std::uint32_t f, sim::Day d, Reason what) = 0;
  /// Children of family f in its case (at home in the case, or looked after).
  [[nodiscard]] virtual std::uint32_t case_children(std::uint32_t f) const = 0;
  /// A new post in a team of council la, filled as `status` says: made after the councils'
  /// week (Staffing::add_post_after_week), as nothing reads it before the next week.
  virtual void add_post(std::size_t la, std::uint16_t team, PostStatus status) = 0;
  /// A post to make when pp.due comes (a hiring lag): pending from after the councils' week.
  virtual void add_pending_post(const Workforce::PendingPost& pp) = 0;
  /// Calls the hook on_event(f, day) of the intervention at `index` of the registry on `day`.
  virtual void schedule(std::size_t index, std::uint32_t f, sim::Day day) = 0;
  /// The LA's open families in the order scarce places go to them (places.hpp), as they stand
  /// after allocation on day d: sorted once a week however many interventions ask.
  virtual const std::vector<std::uint32_t>& support_order(std::size_t la, sim::Day d) = 0;

  virtual ~WorldAccess() = default;
};

}  // namespace csc::models
