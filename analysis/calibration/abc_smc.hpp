#pragma once
// Approximate Bayesian computation by sequential Monte Carlo (ABC-SMC), the population Monte
// Carlo form of Beaumont, Cornuet, Marin & Robert (2009, "Adaptive approximate Bayesian
// computation", Biometrika 96:983-990), with the weights of Toni et al. (2009, J R Soc
// Interface 6:187-202) and a tolerance schedule that takes each generation's tolerance as a
// quantile of the previous generation's distances (Del Moral, Doucet & Jasra 2012, Stat
// Comput 22:1009-1020; Drovandi & Pettitt 2011, Biometrics 67:225-233).
//
//   generation 0: N particles from the prior, weights 1/N, all kept;
//   generation t: eps_t = alpha-quantile of the distances of generation t-1; propose by
//     drawing a particle j of t-1 by weight and moving it with a Gaussian kernel whose
//     variance is twice the weighted variance of t-1 (Beaumont et al. 2009), drawing again
//     when the move leaves the prior's support (Toni et al. 2009); simulate; keep
//     the proposal when its distance <= eps_t, until N are kept; weight
//     w_i ~ prior(theta_i) / sum_j w_j K(theta_i | theta_j).
//
// Parameters are fitted on the scale of their prior: a log-uniform prior is a uniform prior
// on log(value), so the kernel moves log(value) and the prior density is flat.
//
// Reproducible at any thread count: proposal k of generation t and its simulation seed are
// pure functions of (seed, t, k); proposals are simulated in parallel batches (oneTBB) but
// accepted in index order, so the same particles are kept whatever the batch or thread count.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace csc::analysis::calibration {

struct Prior {
  std::string name;
  double lower = 0.0;
  double upper = 1.0;
  bool log_scale = false;  // log-uniform: uniform on [log lower, log upper]

  /// Value on the fitting scale (log for log-uniform priors) and back.
  [[nodiscard]] double to_fit(double value) const;
  [[nodiscard]] double from_fit(double x) const;
  [[nodiscard]] bool inside(double x) const;  // x on the fitting scale
};

struct Particle {
  std::vector<double> theta;  // parameter values (natural scale)
  double weight = 0.0;        // normalised within the generation
  double distance = 0.0;
  std::vector<double> statistics;  // simulated summary statistics (one per target)
};

struct Generation {
  int index = 0;
  double epsilon = 0.0;        // tolerance used (infinity for generation 0)
  std::uint64_t proposed = 0;  // proposals simulated until N were kept
  std::vector<Particle> particles;
  [[nodiscard]] double acceptance() const;
  /// Kish's effective sample size of the weights, (sum w)^2 / sum w^2: how many equally
  /// weighted particles the generation is worth (Kish 1965, Survey Sampling; Kong, Liu & Wong
  /// 1994, JASA 89:278-288; the diagnostic Del Moral, Doucet & Jasra 2012 monitor). Far
  /// below the particle count, the posterior's mean and sd rest on a few particles.
  [[nodiscard]] double effective_sample_size() const;
  /// Weighted mean and standard deviation of each parameter (natural scale).
  [[nodiscard]] std::vector<double> mean() const;
  [[nodiscard]] std::vector<double> sd() const;
};

struct AbcSettings {
  int particles = 100;
  int generations = 6;           // generations including generation 0
  double quantile = 0.5;         // alpha of the tolerance schedule
  double min_acceptance = 0.05;  // stop when a generation keeps fewer proposals than this
  int batch = 0;                 // proposals simulated together (0: particles)
  std::uint64_t seed = 1;
};

/// What one simulation returns: its distance to the data and the statistics behind it.
struct Outcome {
  double distance = 0.0;
  std::vector<double> statistics;
};
using Simulator = std::function<Outcome(const std::vector<double>& theta, std::uint64_t seed)>;

/// Called after each simulated proposal (for a progress bar; from any thread).
using OnSimulation = std::function<void()>;
/// Simulates a batch of proposals: out[i] = one(i) for every i < out.size(). The default (an
/// empty function) runs them on this process's threads; `cscsim calibrate --mpi` spreads them
/// over MPI ranks and gathers every outcome to every rank. Each outcome depends only on its
/// proposal and seed, so the posterior does not depend on how the batch is spread.
using BatchEvaluator = std::function<void(const std::function<Outcome(std::uint64_t)>& one, std::vector<Outcome>& out)>;
/// Called with each completed generation (for checkpoints), in order, from the calling thread.
using OnGeneration = std::function<void(const Generation&)>;

/// Why the run stopped.
enum class StopReason { generations, acceptance };

struct AbcResult {
  std::vector<Generation> generations;
  StopReason stop = StopReason::generations;
};

/// Runs ABC-SMC, continuing after the generations in `done` (empty for a fresh start; they
/// must have been produced with the same priors and settings: resuming gives the same result
/// as an uninterrupted run).
AbcResult run_abc_smc(const std::vector<Prior>& priors, const AbcSettings& settings, const Simulator& simulate,
                      std::vector<Generation> done, const OnGeneration& on_generation,
                      const OnSimulation& on_simulation, const BatchEvaluator& evaluate = {});

/// Weighted alpha-quantile of the distances of a generation (the next tolerance).
double next_epsilon(const Generation& g, double alpha);

/// A well-mixed 64-bit seed from (seed, generation, proposal): SplitMix64 finaliser.
std::uint64_t proposal_seed(std::uint64_t seed, int generation, std::uint64_t proposal);

}  // namespace csc::analysis::calibration
