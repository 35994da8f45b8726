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

}  // namespace

WorkflowResult run_workflow(const WorkflowOptions& options, const WorkflowEvents& events) {
  Problem problem(load_config(options.config));
  const auto& c = problem.config();
  WorkflowResult out;
  out.summary = summary_of(problem);
  out.directory = options.output.empty() ? std::filesystem::path("calibration") / c.name : options.output;
  out.posterior = out.directory / "posterior.h5";
  for (const auto& p : c.priors) out.names.push_back(p.name);
  const auto& dir = out.directory;
  const auto& posterior = out.posterior;
  if (options.check) {
    // Loading the problem has checked the configuration (keys, bounds, targets, designs and
    // windows, every scenario with the fitted keys); a run would also resume from, or report
    // on, the posterior already in its output directory, so that is read too. Nothing is
    // written: a long calibration can be checked in a second.
    if (!options.evaluate) {
      const auto earlier = earlier_generations(problem, posterior, options.restart, nullptr);
      if (options.report_only && earlier.empty()) throw nothing_to_report(posterior);
    }
    out.outcome = WorkflowOutcome::checked;
    return out;
  }
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw sim::InputError(dir.string() + ": cannot create the output directory (" + ec.message() + ")");
  if (options.evaluate) {
    for (const auto& p : c.priors) out.theta.push_back(problem.scenario().globals().real(p.name));
    const auto rows = fit_rows(problem, out.theta);
    write_fit_report(dir, problem, {}, out.theta, "the scenario's own", rows, 0.0);
    out.fit_table = format_fit(rows);
    out.noise_note = noise_floor_note(problem, rows, nullptr);
    out.outcome = WorkflowOutcome::evaluated;
    return out;
  }

  if (c.priors.empty()) {
    throw sim::InputError(c.file.string() + ": no [[parameter]] to fit (--evaluate only reports the targets)");
  }
  std::optional<tbb::global_control> limit;
  if (options.threads > 0) {
    limit.emplace(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(options.threads));
  }

  const bool resuming = !options.restart && std::filesystem::exists(posterior);
  double earlier_seconds = 0;
  std::vector<Generation> done = earlier_generations(problem, posterior, options.restart, &earlier_seconds);
  if (resuming) tell(events.resuming, posterior, done.size());
  const auto start = std::chrono::steady_clock::now();
  auto elapsed = [&] {
    return earlier_seconds + std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  };
  tell(events.calibrating, out.summary);
  AbcResult result;
  if (!options.report_only) {
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
    result = run_abc_smc(
        c.priors, settings,
        [&](const std::vector<double>& theta, std::uint64_t seed) { return problem.outcome(theta, seed); }, done,
        [&](const Generation& g) {
          tell(events.generation_done, g, elapsed());
          done.push_back(g);
          write_posterior(posterior, problem, done, false, "", elapsed());
          ++generation;
          started();
        },
        [&] { tell(events.simulation_done); });
    tell(events.simulations_finished);
    done = result.generations;
    out.generations = done.size();
    if (result.stop == StopReason::generations && static_cast<int>(done.size()) < c.abc.generations) {
      out.outcome = WorkflowOutcome::paused;  // posterior.h5 holds every generation, marked incomplete
      return out;
    }
  }
  if (done.empty()) throw nothing_to_report(posterior);
  out.generations = done.size();
  out.stop = options.report_only                     ? "report only"
             : result.stop == StopReason::acceptance ? "acceptance below abc.min_acceptance"
                                                     : "all generations done";
  out.seconds = elapsed();
  write_posterior(posterior, problem, done, true, out.stop, out.seconds);
  out.theta = point_estimate(problem, done.back(), 10, c.report_replicates / 2 + 1, &out.chosen);
  write_overlay(dir / "fitted.toml", problem, done.back(), out.theta, out.chosen);
  const auto rows = fit_rows(problem, out.theta);
  write_fit_report(dir, problem, done, out.theta, out.chosen, rows, out.seconds);
  out.fit_table = format_fit(rows);
  out.noise_note = noise_floor_note(problem, rows, &done.back());
  out.outcome = WorkflowOutcome::finished;
  return out;
}

}  // namespace csc::analysis::calibration
