#pragma once
// What `cscsim calibrate` writes: the posterior file (HDF5; also the checkpoint a resume reads),
// the fitted parameters as a scenario overlay (TOML) and the fit report (Markdown and CSV).
// Layout in docs/calibration.md. Every file is written under a temporary name and renamed.
#include <filesystem>
#include <string>
#include <vector>

#include "analysis/calibration/problem.hpp"

namespace csc::analysis::calibration {

/// Writes every generation so far; `complete` marks a calibration that has stopped.
void write_posterior(const std::filesystem::path& file, const Problem& problem,
                     const std::vector<Generation>& generations, bool complete, const std::string& stop_reason,
                     double wall_seconds);
/// The generations of an earlier run of the same configuration; InputError when the file is
/// not a posterior file or was written for another configuration (its text differs).
std::vector<Generation> read_posterior(const std::filesystem::path& file, const Problem& problem, double* wall_seconds);

/// The weighted posterior mean on each prior's scale (geometric for a log-uniform prior).
std::vector<double> posterior_mean(const Problem& problem, const Generation& g);

/// The fitted values. A posterior that is still wide (ABC stops at a positive tolerance) can
/// have its mean in a poor region, and the particle with the smallest distance won on the
/// noise of a few replicates. So the candidates (the posterior mean and the `candidates`
/// particles of the final generation with the smallest distances) are simulated again with
/// `replicates` replicates on fresh random numbers, and the one with the smallest distance
/// is chosen. `chosen` says which ("posterior mean" or "particle N").
std::vector<double> point_estimate(const Problem& problem, const Generation& g, int candidates, int replicates,
                                   std::string* chosen);

struct FitRow {
  const Target* target = nullptr;
  double observed = 0, mean = 0, mean_low = 0, mean_high = 0, p2_5 = 0, p97_5 = 0;
  double sd = 0;  // of one replicate's value (NaN with fewer than two)
  int replicates = 0;
  bool within = false;
  /// Study-sized virtual evaluations (cohort designs whose arms are drawn at the study's size):
  /// "yes" when the reported value lies in the 2.5-97.5% range of the virtual studies (a study
  /// of that size could have reported it if the model were true), "no" when not; "" for the
  /// other targets, whose replicates are not studies of the study's size.
  std::string in_study_range;
};
/// Runs the fitted scenario `report_replicates` times (seed: the fitted scenario's run.seed)
/// and compares each target with its simulated mean.
std::vector<FitRow> fit_rows(const Problem& problem, const std::vector<double>& theta);

/// The distance a candidate that fitted exactly would still show, from simulation noise alone:
/// each fitted target's mean over the configuration's replicates per candidate misses by its
/// standard error, sd / sqrt(replicates), and E[z^2] = bias^2 + se^2 (in tolerance units), so
/// the floor is the distance of means that each miss by one standard error. Estimated from the
/// report's replicates at the fitted values; NaN when they are fewer than two.
double distance_noise_floor(const Problem& problem, const std::vector<FitRow>& rows);
/// One sentence on the floor, and for a fit whether its final tolerance went below it (then
/// the last generations accepted candidates partly on lucky draws).
std::string noise_floor_note(const Problem& problem, const std::vector<FitRow>& rows, const Generation* last);

void write_overlay(const std::filesystem::path& file, const Problem& problem, const Generation& g,
                   const std::vector<double>& theta, const std::string& chosen);
void write_fit_report(const std::filesystem::path& dir, const Problem& problem,
                      const std::vector<Generation>& generations, const std::vector<double>& theta,
                      const std::string& chosen, const std::vector<FitRow>& rows, double wall_seconds);
/// The fit table for a terminal.
std::string format_fit(const std::vector<FitRow>& rows);

}  // namespace csc::analysis::calibration
