#include "analysis/calibration/workflow.hpp"

#include <oneapi/tbb/global_control.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <optional>
#include <system_error>
#include <utility>

#include "analysis/calibration/outputs.hpp"
#include "analysis/calibration/problem.hpp"
#include "sim/core/errors.hpp"

namespace csc::analysis::calibration {

namespace {

/// The generations a run resumes from or reports on: none with restart or without a posterior.
std::vector<Generation> earlier_generations(const Problem& problem, const std::filesystem::path& posterior,
                                            bool restart, double* seconds) {
  if (restart || !std::filesystem::exists(posterior)) return {};
  return read_posterior(posterior, problem, seconds);
}

sim::InputError nothing_to_report(const std::filesystem::path& posterior) {
  return sim::InputError(posterior.string() + ": no generation finished; nothing to report");
}

WorkflowSummary summary_of(const Problem& problem) {
  const auto& c = problem.config();
  WorkflowSummary s;
  s.config_file = c.file;
  s.parameters = c.priors.size();
  s.targets = problem.targets().size();
  for (const auto& t : problem.targets()) {
    switch (t.role) {
      case Role::fit: ++s.fitted; break;
      case Role::forecast: ++s.forecast; break;
      case Role::check: ++s.checks; break;
    }
  }
  s.particles = c.abc.particles;
  s.generations = c.abc.generations;
  s.replicates = c.replicates;
  return s;
}

template <class F, class... A>
void tell(const F& f, A&&... a) {
  if (f) f(std::forward<A>(a)...);
}

/// The calibration's wall time, the earlier runs' (from the posterior) included.
class WallClock {
 public:
  explicit WallClock(double earlier_seconds)
      : earlier_seconds_(earlier_seconds), start_(std::chrono::steady_clock::now()) {}
  [[nodiscard]] double seconds() const {
    return earlier_seconds_ + std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }

 private:
  double earlier_seconds_;
  std::chrono::steady_clock::time_point start_;
};

/// The result's summary, output directory, posterior and parameter names.
WorkflowResult first_result(const Problem& problem, const WorkflowOptions& options) {
  const auto& c = problem.config();
  WorkflowResult out;
  out.summary = summary_of(problem);
  out.directory = options.output.empty() ? std::filesystem::path("calibration") / c.name : options.output;
  out.posterior = out.directory / "posterior.h5";
  for (const auto& p : c.priors) out.names.push_back(p.name);
  return out;
}

/// --check: loading the problem has checked the configuration (keys, bounds, targets, designs
/// and windows, every scenario with the fitted keys); a run would also resume from, or report
/// on, the posterior already in its output directory, so that is read too. Nothing is
/// written: a long calibration can be checked in a second.
void check_only(const Problem& problem, const WorkflowOptions& options, WorkflowResult& out) {
  if (!options.evaluate) {
    const auto earlier = earlier_generations(problem, out.posterior, options.restart, nullptr);
    if (options.report_only && earlier.empty()) throw nothing_to_report(out.posterior);
  }
  out.outcome = WorkflowOutcome::checked;
}

void create_output_directory(const std::filesystem::path& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw sim::InputError(dir.string() + ": cannot create the output directory (" + ec.message() + ")");
}

/// --evaluate: the fit report at the scenario's own parameter values.
void evaluate(const Problem& problem, WorkflowResult& out) {
  for (const auto& p : problem.config().priors) out.theta.push_back(problem.scenario().globals().real(p.name));
  const auto rows = fit_rows(problem, out.theta);
  write_fit_report(out.directory, problem, {}, out.theta, "the scenario's own", rows, 0.0);
  out.fit_table = format_fit(rows);
  out.noise_note = noise_floor_note(problem, rows, nullptr);
  out.outcome = WorkflowOutcome::evaluated;
}

/// Continues ABC-SMC from the generations in `done`, checkpointing each new generation in the
/// posterior and telling the front end of each step. Afterwards `done` holds every generation.
AbcResult run_generations(const Problem& problem, const WorkflowOptions& options, const WorkflowEvents& events,
                          const std::filesystem::path& posterior, const WallClock& clock,
                          std::vector<Generation>& done) {
  const auto& c = problem.config();
  int generation = static_cast<int>(done.size());
  // The expected simulations: particles / the acceptance expected from the last
  // generation's (acceptance falls as the tolerance shrinks).
  auto started = [&] {
    const double acceptance = done.empty() ? 1.0 : std::max(0.7 * done.back().acceptance(), c.abc.min_acceptance);
    tell(events.generation_started, generation, static_cast<std::uint64_t>(std::ceil(c.abc.particles / acceptance)));
  };
  started();
  AbcSettings settings = c.abc;
  if (options.max_generations > 0) {
    settings.generations = std::min(settings.generations, static_cast<int>(done.size()) + options.max_generations);
  }
  AbcResult result = run_abc_smc(
      c.priors, settings,
      [&](const std::vector<double>& theta, std::uint64_t seed) { return problem.outcome(theta, seed); }, done,
      [&](const Generation& g) {
        tell(events.generation_done, g, clock.seconds());
        done.push_back(g);
        if (options.writes) write_posterior(posterior, problem, done, false, "", clock.seconds());
        ++generation;
        started();
      },
      [&] { tell(events.simulation_done); }, options.spread);
  tell(events.simulations_finished);
  done = result.generations;
  return result;
}

/// Marks the posterior complete and writes fitted.toml and the fit report from the last
/// generation.
void write_results(const Problem& problem, const std::vector<Generation>& done, WorkflowResult& out) {
  const auto& dir = out.directory;
  write_posterior(out.posterior, problem, done, true, out.stop, out.seconds);
  out.theta = point_estimate(problem, done.back(), 10, problem.config().report_replicates / 2 + 1, &out.chosen);
  write_overlay(dir / "fitted.toml", problem, done.back(), out.theta, out.chosen);
  const auto rows = fit_rows(problem, out.theta);
  write_fit_report(dir, problem, done, out.theta, out.chosen, rows, out.seconds);
  out.fit_table = format_fit(rows);
  out.noise_note = noise_floor_note(problem, rows, &done.back());
  out.outcome = WorkflowOutcome::finished;
}

/// Fits by ABC-SMC, resuming from the posterior unless restarting, and reports: paused after
/// max_generations new generations, finished otherwise.
void fit(const Problem& problem, const WorkflowOptions& options, const WorkflowEvents& events, WorkflowResult& out) {
  const auto& c = problem.config();
  const auto& posterior = out.posterior;
  if (c.priors.empty()) {
    throw sim::InputError(c.file.string() + ": no [[parameter]] to fit (--evaluate only reports the targets)");
  }
  std::optional<tbb::global_control> limit;  // held to the end: the report simulates too
  if (options.threads > 0) {
    limit.emplace(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(options.threads));
  }

  const bool resuming = !options.restart && std::filesystem::exists(posterior);
  double earlier_seconds = 0;
  std::vector<Generation> done = earlier_generations(problem, posterior, options.restart, &earlier_seconds);
  if (resuming) tell(events.resuming, posterior, done.size());
  const WallClock clock(earlier_seconds);
  tell(events.calibrating, out.summary);
  AbcResult result;
  if (!options.report_only) {
    result = run_generations(problem, options, events, posterior, clock, done);
    out.generations = done.size();
    if (!options.writes) {  // a helping MPI rank: the first rank reports
      out.outcome = WorkflowOutcome::paused;
      return;
    }
    if (result.stop == StopReason::generations && static_cast<int>(done.size()) < c.abc.generations) {
      out.outcome = WorkflowOutcome::paused;  // posterior.h5 holds every generation, marked incomplete
      return;
    }
  }
  if (done.empty()) throw nothing_to_report(posterior);
  out.generations = done.size();
  out.stop = options.report_only                     ? "report only"
             : result.stop == StopReason::acceptance ? "acceptance below abc.min_acceptance"
                                                     : "all generations done";
  out.seconds = clock.seconds();
  write_results(problem, done, out);
}

}  // namespace

WorkflowResult run_workflow(const WorkflowOptions& options, const WorkflowEvents& events) {
  Problem problem(load_config(options.config));
  WorkflowResult out = first_result(problem, options);
  if (options.check) {
    check_only(problem, options, out);
    return out;
  }
  if (options.writes) create_output_directory(out.directory);
  if (options.evaluate) {
    evaluate(problem, out);
    return out;
  }
  fit(problem, options, events, out);
  return out;
}

}  // namespace csc::analysis::calibration
