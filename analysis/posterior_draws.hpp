#pragma once
// Parameter uncertainty (probabilistic sensitivity analysis, docs/design.md "Parameter
// uncertainty"): `cscsim run --posterior FILE` draws each replicate's parameters from the
// posterior of `cscsim calibrate` (posterior.h5, docs/calibration.md), weights respected.
//
// Nested design: K draws x R replicates per draw; replicate i uses draw i / R. Draw k takes a
// particle chosen by weight with the keyed random numbers of (seed, k) on its own stream
// (models::Stream::posterior_draw), so the draws depend on the seed only: not on threads, and
// not on the scenario, so the base and every variant of a comparison run with the same seed
// take the same particles, and replicate i of each still shares its random numbers.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "models/output/run_file.hpp"
#include "models/params/params.hpp"
#include "models/world/runner.hpp"
#include "sim/io/scenario.hpp"

namespace csc::analysis {

/// The final generation of a calibration: its particles' values and weights.
struct Posterior {
  std::filesystem::path file;
  std::string file_digest;              // "fnv1a64:<16 hex digits>" of the file's bytes
  std::string calibration;              // its /meta config_file
  std::vector<std::string> parameters;  // scenario keys
  std::vector<double> theta;            // particles x parameters, row-major
  std::vector<double> weight;           // per particle, summing to 1
  [[nodiscard]] std::size_t particles() const { return weight.size(); }
  [[nodiscard]] double value(std::size_t particle, std::size_t parameter) const {
    return theta[particle * parameters.size() + parameter];
  }
};

/// Reads and checks a posterior file against the model's schema. Every problem is an
/// InputError naming the file (and the key, where there is one): a missing, non-HDF5 or
/// corrupt file, one that is not a finished calibration's posterior, shapes that disagree, a
/// key the model does not declare, one that is not a real-valued global parameter (or is a
/// run setting), a value outside its key's range, weights that are negative, not finite or
/// all zero.
Posterior read_posterior(const std::filesystem::path& file, const sim::Schema& schema);

/// The particle each of `draws` draws takes: by weight, keyed by (seed, draw).
std::vector<std::size_t> draw_particles(const Posterior& posterior, std::uint64_t seed, int draws);

/// The parameters of each draw and the record of the run (/meta/posterior).
struct DrawnParameters {
  std::vector<models::Params> by_draw;
  models::PosteriorRecord record;
  /// Replicate r's parameters.
  [[nodiscard]] const models::Params& of_replicate(std::uint32_t r) const {
    return by_draw[r / static_cast<std::uint32_t>(record.per_draw)];
  }
  /// Makes `options` run replicate r at of_replicate(r) and record the draws in /meta/posterior;
  /// these parameters must outlive the run.
  void apply_to(models::RunOptions& options) const {
    options.replicate_params = [this](std::uint32_t r) -> const models::Params& { return of_replicate(r); };
    options.posterior = record;
  }
};

/// The scenario with each draw's values set (seed: its run.seed). InputError when the
/// scenario file itself sets a drawn key (the draw would replace the value it sets), or when a
/// draw's values break a check across keys (naming the file and the particle). Drawn keys in
/// `kept` are not set: they keep the scenario's value (a sweep's overrides, run --set), which
/// /meta/posterior records as the value those replicates ran with.
DrawnParameters draw_parameters(const sim::Scenario& scenario, const Posterior& posterior, int draws, int per_draw,
                                const std::vector<std::string>& kept = {});

}  // namespace csc::analysis
