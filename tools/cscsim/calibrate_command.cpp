// `cscsim calibrate CONFIG.toml`: fits scenario parameters to targets by ABC-SMC
// (analysis/calibration/abc_smc.hpp), checkpointing every generation so that a stopped run
// resumes where it stopped.
#include <oneapi/tbb/global_control.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <optional>

#include "analysis/calibration/outputs.hpp"
#include "analysis/calibration/problem.hpp"
#include "sim/core/errors.hpp"
#include "sim/run/progress.hpp"
#include "tools/cscsim/commands.hpp"

namespace csc::tools {

namespace cal = analysis::calibration;

namespace {

/// The generations a run resumes from or reports on: none with --restart or without a posterior.
std::vector<cal::Generation> earlier_generations(const cal::Problem& problem, const std::filesystem::path& posterior,
                                                 bool restart, double* seconds) {
  if (restart || !std::filesystem::exists(posterior)) return {};
  return cal::read_posterior(posterior, problem, seconds);
}

sim::InputError nothing_to_report(const std::filesystem::path& posterior) {
  return sim::InputError(posterior.string() + ": no generation finished; nothing to report");
}

}  // namespace

int calibrate_command(const CalibrateArgs& args) {
  cal::Problem problem(cal::load_config(args.config));
  const auto& c = problem.config();
  const std::filesystem::path dir = args.output.empty() ? std::filesystem::path("calibration") / c.name : std::filesystem::path(args.output);
  const auto posterior = dir / "posterior.h5";
  if (args.check) {
    // Loading the problem has checked the configuration (keys, bounds, targets, designs and
    // windows, every scenario with the fitted keys); a run would also resume from, or report
    // on, the posterior already in its output directory, so that is read too. Nothing is
    // written: a long calibration can be checked in a second.
    if (!args.evaluate) {
      const auto earlier = earlier_generations(problem, posterior, args.restart, nullptr);
      if (args.report_only && earlier.empty()) throw nothing_to_report(posterior);
    }
    if (!args.quiet) {
      int roles[3] = {0, 0, 0};
      for (const auto& t : problem.targets()) ++roles[static_cast<int>(t.role)];
      std::printf("%s: valid. %zu parameter(s); %zu target(s): %d fitted, %d forecast, %d check; ", c.file.string().c_str(),
                  c.priors.size(), problem.targets().size(), roles[static_cast<int>(cal::Role::fit)],
                  roles[static_cast<int>(cal::Role::forecast)], roles[static_cast<int>(cal::Role::check)]);
      if (c.priors.empty()) {
        std::printf("nothing to fit, so it runs with --evaluate only\n");
      } else {
        std::printf("%d particles, up to %d generations, %d replicate(s) per candidate\n", c.abc.particles,
                    c.abc.generations, c.replicates);
      }
    }
    return sim::kExitOk;
  }
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw sim::InputError(dir.string() + ": cannot create the output directory (" + ec.message() + ")");
  if (args.evaluate) {
    std::vector<double> theta;
    for (const auto& p : c.priors) theta.push_back(problem.scenario().globals().real(p.name));
    const auto rows = cal::fit_rows(problem, theta);
    cal::write_fit_report(dir, problem, {}, theta, "the scenario's own", rows, 0.0);
    if (!args.quiet) {
      std::printf("%s", cal::format_fit(rows).c_str());
      if (const auto note = cal::noise_floor_note(problem, rows, nullptr); !note.empty()) std::printf("%s\n", note.c_str());
      std::printf("wrote fit_report.md and fit_report.csv in %s\n", dir.string().c_str());
    }
    return sim::kExitOk;
  }

  if (c.priors.empty()) {
    throw sim::InputError(c.file.string() + ": no [[parameter]] to fit (--evaluate only reports the targets)");
  }
  std::optional<tbb::global_control> limit;
  if (args.threads > 0) limit.emplace(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(args.threads));

  const bool resuming = !args.restart && std::filesystem::exists(posterior);
  double earlier_seconds = 0;
  std::vector<cal::Generation> done = earlier_generations(problem, posterior, args.restart, &earlier_seconds);
  if (resuming && !args.quiet) std::printf("resuming %s after %zu generation(s)\n", posterior.string().c_str(), done.size());
  const auto start = std::chrono::steady_clock::now();
  auto elapsed = [&] {
    return earlier_seconds + std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  };
  if (!args.quiet) {
    std::printf("calibrating %zu parameter(s) to %zu target(s): %d particles, up to %d generations, %d replicate(s) per candidate\n",
                c.priors.size(), problem.targets().size(), c.abc.particles, c.abc.generations, c.replicates);
  }
  cal::AbcResult result;
  if (!args.report_only) {
    const bool bar = !args.quiet && sim::Progress::stderr_is_terminal();
    std::optional<sim::Progress> progress;
    int generation = static_cast<int>(done.size());
    // The bar counts simulations against an estimate: particles / the acceptance expected
    // from the last generation's (acceptance falls as the tolerance shrinks).
    auto new_bar = [&] {
      const double acceptance = done.empty() ? 1.0 : std::max(0.7 * done.back().acceptance(), c.abc.min_acceptance);
      progress.emplace("generation " + std::to_string(generation),
                       static_cast<std::uint64_t>(std::ceil(c.abc.particles / acceptance)), bar);
    };
    new_bar();
    cal::AbcSettings settings = c.abc;
    if (args.max_generations > 0) {
      settings.generations = std::min(settings.generations, static_cast<int>(done.size()) + args.max_generations);
    }
    result = cal::run_abc_smc(
        c.priors, settings, [&](const std::vector<double>& theta, std::uint64_t seed) { return problem.outcome(theta, seed); },
        done,
        [&](const cal::Generation& g) {
          progress->finish();
          if (!args.quiet) {
            std::printf("generation %d: tolerance %.4g, acceptance %.3f, %llu proposals, effective sample size %.1f, %.0f s\n",
                        g.index, g.epsilon, g.acceptance(), static_cast<unsigned long long>(g.proposed),
                        g.effective_sample_size(), elapsed());
            std::fflush(stdout);
          }
          done.push_back(g);
          cal::write_posterior(posterior, problem, done, false, "", elapsed());
          ++generation;
          new_bar();
        },
        [&] { progress->advance(); });
    progress->finish();
    done = result.generations;
    if (result.stop == cal::StopReason::generations && static_cast<int>(done.size()) < c.abc.generations) {
      if (!args.quiet) {
        std::printf("paused after %zu of %d generations (--max-generations); run the same command again to resume\n",
                    done.size(), c.abc.generations);
      }
      return sim::kExitOk;  // posterior.h5 holds every generation, marked incomplete
    }
  }
  if (done.empty()) throw nothing_to_report(posterior);
  const std::string stop = args.report_only ? "report only"
                           : result.stop == cal::StopReason::acceptance ? "acceptance below abc.min_acceptance"
                                                                        : "all generations done";
  const double seconds = elapsed();
  cal::write_posterior(posterior, problem, done, true, stop, seconds);
  std::string chosen;
  const auto theta = cal::point_estimate(problem, done.back(), 10, c.report_replicates / 2 + 1, &chosen);
  cal::write_overlay(dir / "fitted.toml", problem, done.back(), theta, chosen);
  const auto rows = cal::fit_rows(problem, theta);
  cal::write_fit_report(dir, problem, done, theta, chosen, rows, seconds);
  if (!args.quiet) {
    std::printf("stopped: %s after %zu generations, %.0f s\nfitted values: %s\n", stop.c_str(), done.size(),
                seconds, chosen.c_str());
    for (std::size_t k = 0; k < theta.size(); ++k) std::printf("  %-50s %.6g\n", c.priors[k].name.c_str(), theta[k]);
    std::printf("%s", cal::format_fit(rows).c_str());
    if (const auto note = cal::noise_floor_note(problem, rows, &done.back()); !note.empty()) std::printf("%s\n", note.c_str());
    std::printf("wrote %s, fitted.toml, fit_report.md and fit_report.csv in %s\n", posterior.filename().string().c_str(),
                dir.string().c_str());
  }
  return sim::kExitOk;
}

}  // namespace csc::tools
