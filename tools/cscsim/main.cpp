// cscsim: one program with sub-commands (DESIGN.md section 5). Thin: parsing and messages here,
// work in models/ and analysis/. Exit codes: 0 success, 1 internal error, 2 bad input or usage.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "analysis/run_reader.hpp"
#include "analysis/summary.hpp"
#include "models/scenario/parameters.hpp"
#include "models/world/runner.hpp"
#include "sim/core/errors.hpp"
#include "sim/core/text.hpp"
#include "sim/io/schema_doc.hpp"
#include "sim/run/interrupt.hpp"
#include "sim/run/progress.hpp"
#include "tools/cscsim/commands.hpp"

namespace {

using csc::sim::InputError;

int run_main(int argc, char** argv) {
  CLI::App app{"cscsim: agent-based simulator of a children's social care system"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("cscsim ") + CSC_VERSION + " (commit " + CSC_COMMIT + ")");

  csc::tools::RunArgs run_args;
  auto* run = app.add_subcommand("run", "Run a scenario and write an HDF5 file");
  run->add_option("scenario", run_args.scenario, "Scenario file (TOML)")->required();
  run->add_option("-o,--output", run_args.output, "Output file (HDF5)")->required();
  run->add_option("--replicates", run_args.replicates, "Replicates (overrides run.replicates)");
  run->add_option("--seed", run_args.seed, "Seed (overrides run.seed)");
  run->add_option("--years", run_args.years, "Recorded years (overrides run.years)");
  run->add_option("--threads", run_args.threads, "Threads (default: all cores)")->check(CLI::Range(1, 4096));
  run->add_flag("--quiet", run_args.quiet, "No progress bar and no summary table");
  run->add_flag("--force", run_args.force,
                "Replace an existing output file (never the scenario or one of its base files)");

  std::string validate_path;
  auto* validate = app.add_subcommand("validate", "Check a scenario file and print what it runs");
  validate->add_option("scenario", validate_path, "Scenario file (TOML)")->required();

  std::string info_path;
  auto* info = app.add_subcommand("info", "Describe a run file: what is in it, in words and numbers");
  info->add_option("file", info_path, "Run file (HDF5)")->required();
  bool info_digest = false;
  info->add_flag("--digest", info_digest,
                 "Print a content digest (FNV-1a, 64 bits) of each output dataset and of the whole run");
  bool info_verify = false;
  info->add_flag("--verify", info_verify,
                 "Check the file end to end (checksums, shapes, finite values, stock-flow "
                 "identities); exit 2 naming what fails");

  csc::tools::CompareArgs compare_args;
  auto* compare = app.add_subcommand(
      "compare",
      "Compare variants with a base run: paired differences with 95% intervals, costs, CSV tables and an HTML report");
  compare->add_option("base", compare_args.base, "Base run (HDF5)")->required();
  compare->add_option("variants", compare_args.variants, "Variant runs (HDF5)")->required();
  compare->add_option("-o,--output", compare_args.output, "Output directory for the tables and report.html");
  compare->add_flag("--unpaired", compare_args.unpaired, "Compare runs that cannot be paired as independent samples");
  bool no_report = false;
  compare->add_flag("--no-report", no_report, "Write the CSV tables only");
  compare->add_flag("--force", compare_args.force,
                    "Replace an existing, non-empty output directory (whole: the old one is swapped out)");

  csc::tools::CalibrateArgs calibrate_args;
  auto* calibrate = app.add_subcommand(
      "calibrate", "Fit scenario parameters to targets (ABC-SMC); resumes from the output directory");
  calibrate->add_option("config", calibrate_args.config, "Calibration file (TOML)")->required();
  calibrate->add_option("-o,--output", calibrate_args.output, "Output directory (default calibration/NAME)");
  calibrate->add_option("--threads", calibrate_args.threads, "Threads (default: all cores)")
      ->check(CLI::Range(1, 4096));
  calibrate->add_flag("--restart", calibrate_args.restart, "Start again, ignoring an earlier posterior.h5");
  calibrate->add_flag("--report-only", calibrate_args.report_only,
                      "Only rerun the fit report from the posterior.h5 already there");
  calibrate
      ->add_option("--max-generations", calibrate_args.max_generations,
                   "Stop after this many new generations (a later call resumes)")
      ->check(CLI::Range(1, 100000));
  calibrate->add_flag("--evaluate", calibrate_args.evaluate,
                      "Fit nothing: report every target at the scenario's own parameter values");
  calibrate->add_flag("--check", calibrate_args.check,
                      "Check the configuration, its target files and scenarios, and run nothing");
  calibrate->add_flag("--quiet", calibrate_args.quiet, "No progress and no tables");

  auto* params = app.add_subcommand("params", "Print the parameter reference (Markdown)");
  std::string params_baseline = "scenarios/baseline.toml";
  auto* baseline_option = params
                              ->add_option("--baseline", params_baseline,
                                           "Scenario whose resolved values the reference shows beside the defaults "
                                           "(default: scenarios/baseline.toml where it exists)")
                              ->capture_default_str();

  if (argc > 1 && argv[1][0] != '-') {
    std::string known;
    bool found = false;
    for (const auto* sub : app.get_subcommands({})) {
      known += (known.empty() ? "" : ", ") + sub->get_name();
      found = found || sub->get_name() == argv[1];
    }
    if (!found) {
      throw InputError("unknown sub-command '" + csc::sim::printable(argv[1]) + "'; the sub-commands are: " + known +
                       " (cscsim --help describes them)");
    }
  }
  try {
    app.parse(argc, argv);
    compare_args.report = !no_report;
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? csc::sim::kExitOk : csc::sim::kExitBadInput;
  }

  if (run->parsed()) return csc::tools::run_command(run_args);
  if (validate->parsed()) return csc::tools::validate_command(validate_path);
  if (info->parsed() && info_digest) return csc::tools::info_digest_command(info_path);
  if (info->parsed()) return csc::tools::info_command(info_path, info_verify);
  if (compare->parsed()) return csc::tools::compare_command(compare_args);
  if (calibrate->parsed()) return csc::tools::calibrate_command(calibrate_args);
  if (params->parsed()) {
    // Without --baseline, outside the source tree there is no baseline to show: defaults only.
    std::error_code ec;
    const bool have_baseline = baseline_option->count() > 0 || std::filesystem::is_regular_file(params_baseline, ec);
    std::cout << csc::tools::parameter_reference(have_baseline ? params_baseline : std::string());
    return csc::sim::kExitOk;
  }
  return csc::sim::kExitBadInput;
}

}  // namespace

/// By now unwinding has removed any temporary output. Leave without the HDF5 library's exit
/// handler: after a failed write (a full disk) it would try to close the broken file again
/// and crash.
[[noreturn]] void leave(int status) {
  std::fflush(stdout);
  std::fflush(stderr);
  std::_Exit(status);
}

int main(int argc, char** argv) {
  // First, before any thread exists: SIGINT/SIGTERM remove temporary outputs (exit 130/143).
  csc::sim::install_interrupt_cleanup();
  try {
    return run_main(argc, argv);
  } catch (const InputError& e) {
    // Messages quote scenarios and file names: no control character reaches the terminal.
    for (const auto& m : e.messages()) std::fprintf(stderr, "error: %s\n", csc::sim::printable(m).c_str());
    leave(csc::sim::kExitBadInput);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "internal error: %s\n", csc::sim::printable(e.what()).c_str());
    leave(csc::sim::kExitInternal);
  }
}
