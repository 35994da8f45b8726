// cscsim: one program with sub-commands (docs/design.md, Architecture). Thin: parsing and messages here,
// work in models/ and analysis/. Exit codes: 0 success, 1 internal error, 2 bad input or usage.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <optional>

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

/// The command line: the sub-commands, their options and the values CLI11 parses into. Not
/// copyable or movable: CLI11 keeps pointers to the members.
class CommandLine {
 public:
  CommandLine() {
    app_.require_subcommand(1);
    app_.set_version_flag("--version", std::string("cscsim ") + CSC_VERSION + " (commit " + CSC_COMMIT + ")");
    // In this order: --help and the list of sub-commands show them so.
    add_run();
    add_validate();
    add_info();
    add_compare();
    add_merge();
    add_sweep();
    add_calibrate();
    add_params();
    add_snapshots();
  }
  CommandLine(const CommandLine&) = delete;
  CommandLine& operator=(const CommandLine&) = delete;

  /// A first word that is neither an option nor a sub-command is an error naming the
  /// sub-commands.
  void reject_unknown_subcommand(int argc, char** argv) {
    if (argc > 1 && argv[1][0] != '-') {
      std::string known;
      bool found = false;
      for (const auto* sub : app_.get_subcommands({})) {
        known += (known.empty() ? "" : ", ") + sub->get_name();
        found = found || sub->get_name() == argv[1];
      }
      if (!found) {
        throw InputError("unknown sub-command '" + csc::sim::printable(argv[1]) + "'; the sub-commands are: " + known +
                         " (cscsim --help describes them)");
      }
    }
  }

  /// Parses the arguments. Returns the exit status when parsing ends the program (--help,
  /// --version or a usage error, which CLI11 has printed), nothing otherwise.
  std::optional<int> parse(int argc, char** argv) {
    try {
      app_.parse(argc, argv);
      compare_args_.report = !no_report_;
    } catch (const CLI::ParseError& e) {
      const int code = app_.exit(e);
      return code == 0 ? csc::sim::kExitOk : csc::sim::kExitBadInput;
    }
    return std::nullopt;
  }

  /// Runs the sub-command given; returns the exit status.
  int dispatch() {
    if (run_->parsed()) return csc::tools::run_command(run_args_);
    if (validate_->parsed()) return csc::tools::validate_command(validate_path_);
    if (info_->parsed() && info_digest_) return csc::tools::info_digest_command(info_path_);
    if (info_->parsed()) return csc::tools::info_command(info_path_, info_verify_);
    if (compare_->parsed()) return csc::tools::compare_command(compare_args_);
    if (merge_->parsed()) return csc::tools::merge_command(merge_args_);
    if (sweep_->parsed()) return csc::tools::sweep_command(sweep_args_);
    if (calibrate_->parsed()) return csc::tools::calibrate_command(calibrate_args_);
    if (params_->parsed()) return params_command();
    if (snapshots_->parsed()) return csc::tools::snapshots_command(snapshots_args_);
    return csc::sim::kExitBadInput;
  }

 private:
  void add_run() {
    run_ = app_.add_subcommand("run", "Run a scenario and write an HDF5 file");
    run_->add_option("scenario", run_args_.scenario, "Scenario file (TOML)")->required();
    run_->add_option("-o,--output", run_args_.output, "Output file (HDF5)")->required();
    run_->add_option("--replicates", run_args_.replicates, "Replicates (overrides run.replicates)");
    run_->add_option("--seed", run_args_.seed, "Seed (overrides run.seed)");
    run_->add_option("--years", run_args_.years, "Recorded years (overrides run.years)");
    run_->add_option("--threads", run_args_.threads, "Threads (default: all cores)")->check(CLI::Range(1, 4096));
    run_->add_option("--set", run_args_.sets,
                     "Override a parameter: --set KEY=VALUE (repeatable; keys as in scenarios/PARAMETERS.md)");
    run_->add_option("--first-replicate", run_args_.first_replicate,
                     "First replicate of a range of a larger run (default 0); cscsim merge joins the ranges")
        ->check(CLI::Range(0LL, 1000000000LL));
    run_->add_flag("--quiet", run_args_.quiet, "No progress bar and no summary table");
    run_->add_flag("--profile", run_args_.profile,
                   "Then print seconds by phase of the week and memory by table (also with --quiet)");
    add_snapshot_options(run_, run_args_.snapshots, "none");
    run_->add_flag("--force", run_args_.force,
                   "Replace an existing output file (never the scenario or one of its base files)");
    auto* posterior = run_->add_option("--posterior", run_args_.posterior,
                                       "Draw each replicate's parameters from this calibration posterior "
                                       "(posterior.h5 of cscsim calibrate; weights respected)");
    run_->add_option("--draws", run_args_.draws,
                     "Posterior draws (default: the replicates / --per-draw, rounded up, at least 2)")
        ->check(CLI::Range(2, 100000))
        ->needs(posterior);
    run_->add_option("--per-draw", run_args_.per_draw, "Replicates per posterior draw (default 2)")
        ->check(CLI::Range(2, 10000))
        ->needs(posterior);
  }

  /// --snapshots DIR and --no-snapshots of run and sweep.
  static void add_snapshot_options(CLI::App* app, csc::tools::SnapshotOptions& o, const std::string& fallback) {
    auto* dir = app->add_option("--snapshots", o.dir,
                                "Burn-in snapshot folder: reuse and save the state at the end of the burn-in "
                                "(default: $CSCSIM_SNAPSHOTS, else " +
                                    fallback + "; docs/cluster.md)");
    app->add_flag("--no-snapshots", o.off, "Run every burn-in, and save none")->excludes(dir);
  }

  void add_snapshots() {
    snapshots_ = app_.add_subcommand("snapshots", "Report the size of a burn-in snapshot folder, or prune it");
    auto& a = snapshots_args_;
    snapshots_->add_option("dir", a.dir, "Snapshot folder (run/sweep --snapshots)")->required();
    snapshots_->add_flag("--prune", a.prune,
                         "Remove snapshots: all of them, or those --older-than / beyond --max-size (oldest first)");
    snapshots_->add_option("--older-than", a.older_than_days, "With --prune: those older than this many days")
        ->check(CLI::Range(0.0, 1e6));
    snapshots_->add_option("--max-size", a.max_size_mb, "With --prune: keep the newest up to this many MB")
        ->check(CLI::Range(0.0, 1e12));
  }

  void add_validate() {
    validate_ = app_.add_subcommand("validate", "Check a scenario file and print what it runs");
    validate_->add_option("scenario", validate_path_, "Scenario file (TOML)")->required();
  }

  void add_info() {
    info_ = app_.add_subcommand("info", "Describe a run file: what is in it, in words and numbers");
    info_->add_option("file", info_path_, "Run file (HDF5)")->required();
    info_->add_flag("--digest", info_digest_,
                    "Print a content digest (FNV-1a, 64 bits) of each output dataset and of the whole run");
    info_->add_flag("--verify", info_verify_,
                    "Check the file end to end (checksums, shapes, finite values, stock-flow "
                    "identities); exit 2 naming what fails");
  }

  void add_compare() {
    compare_ = app_.add_subcommand(
        "compare",
        "Compare variants with a base run: paired differences with 95% intervals, costs, CSV tables and an HTML report");
    compare_->add_option("base", compare_args_.base, "Base run (HDF5), or a finished sweep's directory")->required();
    compare_->add_option("variants", compare_args_.variants, "Variant runs (HDF5); none with a sweep directory");
    compare_->add_option("-o,--output", compare_args_.output, "Output directory for the tables and report.html");
    compare_->add_flag("--unpaired", compare_args_.unpaired,
                       "Compare runs that cannot be paired as independent samples");
    compare_->add_flag("--no-report", no_report_, "Write the CSV tables only");
    compare_->add_flag("--force", compare_args_.force,
                       "Replace an existing, non-empty output directory (whole: the old one is swapped out)");
    compare_->add_option("--posterior", compare_args_.posterior,
                         "Require every run to have drawn its parameters from this calibration posterior "
                         "(runs record theirs; compare splits parameter and simulation uncertainty either way)");
  }

  void add_merge() {
    merge_ = app_.add_subcommand(
        "merge", "Join replicate ranges of one run (run --first-replicate) into the file a single run writes");
    merge_->add_option("parts", merge_args_.parts, "Run files (HDF5), in any order")->required();
    merge_->add_option("-o,--output", merge_args_.output, "Output file (HDF5)")->required();
    merge_->add_flag("--force", merge_args_.force, "Replace an existing output file (never one of the parts)");
    merge_->add_flag("--quiet", merge_args_.quiet, "No summary line");
  }

  void add_sweep() {
    sweep_ =
        app_.add_subcommand("sweep",
                            "Run a sweep of scenario variants (grid, list or Latin hypercube) with threads, MPI or "
                            "Slurm; resumable (docs/cluster.md)");
    auto& a = sweep_args_;
    sweep_->add_option("sweep", a.sweep, "Sweep file (TOML)");
    sweep_->add_option("-o,--output", a.output, "Output directory (a rerun resumes it)");
    auto* collect = sweep_->add_option("--collect", a.collect,
                                       "Merge a sweep directory's finished variants and write its index and manifest");
    sweep_->add_option("--set", a.sets,
                       "Override a parameter in every variant: --set KEY=VALUE (repeatable; part of the sweep: a "
                       "rerun must give the same)");
    sweep_->add_option("--threads", a.threads, "Threads per task (default: all cores; with --mpi, shared by the ranks)")
        ->check(CLI::Range(1, 4096));
    sweep_->add_flag("--quiet", a.quiet, "No progress lines");
    add_snapshot_options(sweep_, a.snapshots, "DIR/snapshots");
    auto* chunks = sweep_->add_option("--chunks", a.chunks, "Split the tasks into this many chunks (Slurm array)")
                       ->check(CLI::Range(1, 10000000));
    sweep_->add_option("--chunk", a.chunk, "Run only this chunk (0-based) of --chunks")->needs(chunks);
    auto* mpi = sweep_->add_flag("--mpi", a.mpi, "A task farm over MPI ranks: mpirun -np N cscsim sweep ... --mpi");
    auto* slurm = sweep_->add_flag("--slurm", a.slurm, "Write DIR/sweep.sbatch (a job array) and DIR/collect.sbatch");
    slurm->excludes(mpi);
    collect->excludes(mpi)->excludes(slurm)->excludes(chunks);
    sweep_->add_option("--slurm-array-limit", a.slurm_array_limit, "The site's largest job array (default 1000)")
        ->check(CLI::Range(1, 10000000));
    sweep_->add_option("--slurm-max-running", a.slurm_max_running, "Array tasks running at once (default: no limit)")
        ->check(CLI::Range(1, 10000000));
    sweep_->add_option("--slurm-cpus", a.slurm_cpus, "CPUs (threads) per array task (default 1)")
        ->check(CLI::Range(1, 4096));
    sweep_->add_option("--slurm-time", a.slurm_time, "Time limit per array task (default 01:00:00)");
    sweep_->add_option("--slurm-mem", a.slurm_mem, "Memory per array task (default 2G)");
    sweep_->add_option("--slurm-partition", a.slurm_partition, "Partition (default: the site's)");
  }

  void add_calibrate() {
    calibrate_ = app_.add_subcommand("calibrate",
                                     "Fit scenario parameters to targets (ABC-SMC); resumes from the output directory");
    calibrate_->add_option("config", calibrate_args_.config, "Calibration file (TOML)")->required();
    calibrate_->add_option("-o,--output", calibrate_args_.output, "Output directory (default calibration/NAME)");
    calibrate_->add_option("--threads", calibrate_args_.threads, "Threads (default: all cores)")
        ->check(CLI::Range(1, 4096));
    calibrate_->add_flag("--restart", calibrate_args_.restart, "Start again, ignoring an earlier posterior.h5");
    calibrate_->add_flag("--report-only", calibrate_args_.report_only,
                         "Only rerun the fit report from the posterior.h5 already there");
    calibrate_
        ->add_option("--max-generations", calibrate_args_.max_generations,
                     "Stop after this many new generations (a later call resumes)")
        ->check(CLI::Range(1, 100000));
    calibrate_->add_flag("--evaluate", calibrate_args_.evaluate,
                         "Fit nothing: report every target at the scenario's own parameter values");
    calibrate_->add_flag("--check", calibrate_args_.check,
                         "Check the configuration, its target files and scenarios, and run nothing");
    calibrate_->add_flag("--quiet", calibrate_args_.quiet, "No progress and no tables");
    calibrate_
        ->add_flag("--mpi", calibrate_args_.mpi,
                   "Spread each batch of candidates over MPI ranks (mpirun -np N cscsim calibrate ... --mpi): the same "
                   "posterior as one process")
        ->excludes("--evaluate")
        ->excludes("--check")
        ->excludes("--report-only");
  }

  void add_params() {
    params_ = app_.add_subcommand("params", "Print the parameter reference (Markdown)");
    baseline_option_ = params_
                           ->add_option("--baseline", params_baseline_,
                                        "Scenario whose resolved values the reference shows beside the defaults "
                                        "(default: scenarios/baseline.toml where it exists)")
                           ->capture_default_str();
  }

  int params_command() const {
    // Without --baseline, outside the source tree there is no baseline to show: defaults only.
    std::error_code ec;
    const bool have_baseline = baseline_option_->count() > 0 || std::filesystem::is_regular_file(params_baseline_, ec);
    std::cout << csc::tools::parameter_reference(have_baseline ? params_baseline_ : std::string());
    return csc::sim::kExitOk;
  }

  CLI::App app_{"cscsim: agent-based simulator of a children's social care system"};
  CLI::App* run_ = nullptr;
  CLI::App* validate_ = nullptr;
  CLI::App* info_ = nullptr;
  CLI::App* compare_ = nullptr;
  CLI::App* merge_ = nullptr;
  CLI::App* sweep_ = nullptr;
  CLI::App* calibrate_ = nullptr;
  CLI::App* params_ = nullptr;
  CLI::App* snapshots_ = nullptr;
  csc::tools::SnapshotsArgs snapshots_args_;
  CLI::Option* baseline_option_ = nullptr;
  csc::tools::RunArgs run_args_;
  std::string validate_path_;
  std::string info_path_;
  bool info_digest_ = false;
  bool info_verify_ = false;
  csc::tools::CompareArgs compare_args_;
  csc::tools::MergeArgs merge_args_;
  csc::tools::SweepArgs sweep_args_;
  bool no_report_ = false;
  csc::tools::CalibrateArgs calibrate_args_;
  std::string params_baseline_ = "scenarios/baseline.toml";
};

int run_main(int argc, char** argv) {
  CommandLine command_line;
  command_line.reject_unknown_subcommand(argc, argv);
  if (const auto status = command_line.parse(argc, argv)) return *status;
  return command_line.dispatch();
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
