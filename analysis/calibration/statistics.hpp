#pragma once
// Computes a target's statistic from simulated replicates (targets.hpp says what each means).
// Every function returns one value per replicate: for a virtual evaluation, replicate r is one
// virtual study, so the spread across replicates is the study's sampling noise.
#include <cstdint>
#include <string>
#include <vector>

#include "analysis/calibration/targets.hpp"
#include "models/output/replicate_result.hpp"
#include "models/params/params.hpp"

namespace csc::analysis::calibration {

/// The runs of one scenario: its parameters and replicates (same seed for paired runs).
struct Runs {
  models::Params params;
  std::vector<models::ReplicateResult> replicates;
};

/// Throws InputError "FILE: target 'id': ..." when the runs cannot give the statistic (the
/// year is outside the horizon, the follow-up runs past it, no intervention starts).
void check_target_fits_runs(const Target& t, const models::Params& main, const models::Params* variant);

/// Series design: one value per replicate of `runs`.
std::vector<double> series_statistic(const Target& t, const Runs& runs);
/// Programme design: replicate r of variant against replicate r of base.
std::vector<double> programme_statistic(const Target& t, const Runs& base, const Runs& variant);
/// before_after design on the intervention runs: families entering CIN or CP in the window
/// that ends a window before the intervention starts (followed up before it starts) against
/// those entering in the window after it starts; `seed` draws the samples.
std::vector<double> before_after_statistic(const Target& t, const Runs& variant, std::uint64_t seed);
/// randomised design: eligibility from base, outcomes from the arm each family is drawn to;
/// with arms "treated", the cases are drawn from the families that joined in the variant (a
/// conference held) and each is compared with its own twin in base.
std::vector<double> randomised_statistic(const Target& t, const Runs& base, const Runs& variant, std::uint64_t seed);

/// The first day any enabled intervention starts (relative to run start); -1 if none.
int intervention_start_day(const models::Params& p);

}  // namespace csc::analysis::calibration
