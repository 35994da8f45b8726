// `cscsim calibrate CONFIG.toml`: fits scenario parameters to targets by ABC-SMC. The workflow
// (resume, checkpoints, pause, report) is analysis/calibration/workflow.hpp; this is its front
// end: the messages and the progress bar. With --mpi every rank runs the same ABC-SMC and
// simulates its share of each batch of candidates (tools/cscsim/mpi_session.hpp); the first
// rank writes the checkpoints and the report, and alone prints.
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <string>

#include "analysis/calibration/workflow.hpp"
#include "sim/core/errors.hpp"
#include "sim/run/progress.hpp"
#include "tools/cscsim/commands.hpp"
#include "tools/cscsim/mpi_session.hpp"

namespace csc::tools {

namespace cal = analysis::calibration;

namespace {

void print_fit(const cal::WorkflowResult& r) {
  std::printf("%s", r.fit_table.c_str());
  if (!r.noise_note.empty()) std::printf("%s\n", r.noise_note.c_str());
}

}  // namespace

int calibrate_on_ranks(const CalibrateArgs& args) {
  const MpiSession mpi("--mpi");
  CalibrateArgs mine = args;
  mine.mpi = false;
  mine.threads = mpi.threads_per_rank(args.threads);
  mine.quiet = args.quiet || mpi.rank() > 0;
  try {
    return calibrate_command(mine, spread_over_ranks(mpi), mpi.rank() == 0);
  } catch (const sim::InputError& e) {
    // Every rank reads the same files, so a bad configuration stops them all alike; a failure
    // of one rank alone (its output) would leave the others waiting: end them all.
    for (const auto& m : e.messages()) std::fprintf(stderr, "error: %s\n", m.c_str());
    if (mpi.size() > 1) MpiSession::abort(sim::kExitBadInput);
    return sim::kExitBadInput;
  }
}

int calibrate_command(const CalibrateArgs& args, const cal::BatchEvaluator& spread, bool writes) {
  if (args.mpi) return calibrate_on_ranks(args);
  cal::WorkflowOptions options;
  options.spread = spread;
  options.writes = writes;
  options.config = args.config;
  options.output = args.output;
  options.threads = args.threads;
  options.restart = args.restart;
  options.report_only = args.report_only;
  options.max_generations = args.max_generations;
  options.evaluate = args.evaluate;
  options.check = args.check;

  // The bar counts simulations against the workflow's estimate for each generation.
  const bool bar = !args.quiet && !spread && sim::Progress::stderr_is_terminal();
  std::optional<sim::Progress> progress;
  cal::WorkflowEvents events;
  events.generation_started = [&](int generation, std::uint64_t expected) {
    progress.emplace("generation " + std::to_string(generation), expected, bar);
  };
  events.simulation_done = [&] { progress->advance(); };
  events.generation_done = [&](const cal::Generation& g, double seconds) {
    progress->finish();
    if (!args.quiet) {
      std::printf(
          "generation %d: tolerance %.4g, acceptance %.3f, %llu proposals, effective sample size %.1f, %.0f s\n",
          g.index, g.epsilon, g.acceptance(), static_cast<unsigned long long>(g.proposed), g.effective_sample_size(),
          seconds);
      std::fflush(stdout);
    }
  };
  events.simulations_finished = [&] { progress->finish(); };
  if (!args.quiet) {
    events.resuming = [](const std::filesystem::path& posterior, std::size_t generations) {
      std::printf("resuming %s after %zu generation(s)\n", posterior.string().c_str(), generations);
    };
    events.calibrating = [](const cal::WorkflowSummary& s) {
      std::printf(
          "calibrating %zu parameter(s) to %zu target(s): %d particles, up to %d generations, %d replicate(s) per candidate\n",
          s.parameters, s.targets, s.particles, s.generations, s.replicates);
    };
  }

  const cal::WorkflowResult r = cal::run_workflow(options, events);
  if (args.quiet) return sim::kExitOk;
  const auto& s = r.summary;
  switch (r.outcome) {
    case cal::WorkflowOutcome::checked:
      std::printf("%s: valid. %zu parameter(s); %zu target(s): %d fitted, %d forecast, %d check; ",
                  s.config_file.string().c_str(), s.parameters, s.targets, s.fitted, s.forecast, s.checks);
      if (s.parameters == 0) {
        std::printf("nothing to fit, so it runs with --evaluate only\n");
      } else {
        std::printf("%d particles, up to %d generations, %d replicate(s) per candidate\n", s.particles, s.generations,
                    s.replicates);
      }
      break;
    case cal::WorkflowOutcome::evaluated:
      print_fit(r);
      std::printf("wrote fit_report.md and fit_report.csv in %s\n", r.directory.string().c_str());
      break;
    case cal::WorkflowOutcome::paused:
      std::printf("paused after %zu of %d generations (--max-generations); run the same command again to resume\n",
                  r.generations, s.generations);
      break;
    case cal::WorkflowOutcome::finished:
      std::printf("stopped: %s after %zu generations, %.0f s\nfitted values: %s\n", r.stop.c_str(), r.generations,
                  r.seconds, r.chosen.c_str());
      for (std::size_t k = 0; k < r.theta.size(); ++k) std::printf("  %-50s %.6g\n", r.names[k].c_str(), r.theta[k]);
      print_fit(r);
      std::printf("wrote %s, fitted.toml, fit_report.md and fit_report.csv in %s\n",
                  r.posterior.filename().string().c_str(), r.directory.string().c_str());
      break;
  }
  return sim::kExitOk;
}

}  // namespace csc::tools
