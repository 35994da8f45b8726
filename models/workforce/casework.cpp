// Casework (docs/design.md, The model): a family's week of severity, drift, the social
// worker's direct hours, interventions' support, parental problems coming and going, and
// crises. Each step writes only its family's row, and every draw is keyed, so the phase runs
// in parallel and still repeats exactly.
#include <algorithm>
#include <cmath>

#include "models/core/streams.hpp"
#include "models/workforce/staffing.hpp"
#include "sim/run/parallel.hpp"

namespace csc::models {

// The per-family steps of casework. Each writes only family f's row, so casework can run
// them in parallel over families.

// A family waiting for a worker gets worse.
void Staffing::wait_for_worker(std::uint32_t f) {
  pop_.families.sev[f].acute += static_cast<float>(model_.severity.waiting_increase_per_week);
}

// The worker's direct hours, shared among its cases by weight, lower severity with diminishing
// returns; less on parental factors (FSH-5), when the family does not engage (FIT-1) and
// after a change of worker. `extra`: hours from others (interventions' casework_hours).
void Staffing::casework_effect(std::uint32_t f, double extra, sim::Day week_end) {
  const auto& wp = wp_;
  auto& fam = pop_.families;
  const std::uint32_t p = fam.cases[f].worker;
  const double load = std::max(1.0, static_cast<double>(wf_.weighted_load[p]));
  const double share = case_weight(f) / load;
  const double post_hours = wp.hours_per_week * direct_share_[wf_.la_first_team[wf_.la[p]] + wf_.team[p]];
  const double hours = post_hours * share + extra;
  fam.cases[f].contact_hours = static_cast<float>(hours);
  double effect = wp.casework_effect_per_week * (1.0 - std::exp2(-hours / wp.casework_half_hours));
  if (!fam.cases[f].engaged) effect *= wp.disengaged_effect;
  if (week_end < fam.cases[f].change_until) effect *= 0.5;
  for (std::size_t r = 0; r < kRiskCount; ++r) {
    const double e = is_parental(r) ? effect * wp.parental_effect_ratio : effect;
    fam.sev[f].level[r] *= static_cast<float>(1.0 - e);
  }
  fam.sev[f].acute *= static_cast<float>(1.0 - effect);
}

// A crisis in the week, at the given daily rate, adds to acute severity; it is recorded by
// the serial decisions of this week.
void Staffing::open_case_crisis(std::uint32_t f, sim::Day week_end, double crisis_rate) {
  auto& fam = pop_.families;
  auto dc = draws(f, week_end, stream_id(Stream::open_case_crisis));
  if (dc.occurs(7.0 * crisis_rate)) {
    fam.sev[f].acute += static_cast<float>(dc.exponential(1.0 / model_.severity.crisis_size_mean));
    fam.cases[f].crisis_pending = 1;
  }
}

void Staffing::casework_batch(CaseworkBatch& batch) {
  // A family's week, top to bottom: hours from others (interventions); drift and recovery to
  // the week's end; the social worker's effect, or waiting; interventions' support (severity,
  // crisis rate, decision factors); parental problems coming and going; a crisis. (The hours
  // hooks read only their own state, so they run first and the family's row is read once.)
  auto& fam = pop_.families;
  const auto n = batch.families.size();
  batch.extra_hours.assign(n, 0.0);
  for (const auto* run : hooks_.enabled) run->casework_hours(batch);
  batch.crisis_rate.resize(n);
  batch.crisis_reduction.assign(n, 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint32_t f = batch.families[i];
    bring_up_to_date(fam, f, batch.week_end, model_.severity);
    fam.cases[f].contact_hours = static_cast<float>(batch.extra_hours[i]);
    if (fam.cases[f].worker == kNone) {
      wait_for_worker(f);
    } else {
      casework_effect(f, batch.extra_hours[i], batch.week_end);
    }
    batch.crisis_rate[i] = fam.sev[f].crisis_rate;
  }
  for (const auto* run : hooks_.enabled) run->casework_support(batch);
  for (std::size_t i = 0; i < n; ++i) batch.crisis_rate[i] *= 1.0 - batch.crisis_reduction[i];
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint32_t f = batch.families[i];
    advance_episodes(fam, key_, f, batch.week_end, model_);
    open_case_crisis(f, batch.week_end, batch.crisis_rate[i]);
  }
}

void Staffing::council_casework(std::size_t l, sim::Day week_end) {
  // Each family's severity is brought to the end of the week, then casework lowers it: the
  // effect grows with direct hours with diminishing returns, is weaker on parental factors
  // (FSH-5), weaker when a family does not engage (FIT-1) and after a change of worker.
  // A family waiting for a worker gets worse. Only the family's own row is written, and every
  // draw is keyed, so this phase runs in parallel, batch by batch, and still repeats exactly.
  // Batches are small (kCaseworkBatch families), so that a family's row is still in cache
  // when the batch's later steps come back to it.
  constexpr std::size_t kCaseworkBatch = 64;
  constexpr std::size_t kAhead = 8;  // families ahead whose rows are asked for
  const auto& list = open_.lists[l];
  sim::parallel_for(tbb::blocked_range<std::size_t>(0, list.size(), 512),
                    [&](const tbb::blocked_range<std::size_t>& range) {
                      CaseworkBatch batch;
                      batch.la = l;
                      batch.week_end = week_end;
                      batch.families.reserve(kCaseworkBatch);
                      for (std::size_t i = range.begin(); i != range.end(); ++i) {
                        // The batch's rows are loaded as it fills (prefetch_casework_rows).
                        if (i + kAhead < range.end()) prefetch_casework_rows(pop_.families, list[i + kAhead]);
                        if (pop_.families.cases[list[i]].status == CaseStatus::dormant) continue;
                        batch.families.push_back(list[i]);
                        if (batch.families.size() == kCaseworkBatch) {
                          casework_batch(batch);
                          batch.families.clear();
                        }
                      }
                      if (!batch.families.empty()) casework_batch(batch);
                    });
}

}  // namespace csc::models
