#pragma once
// The sub-commands of cscsim; each returns an exit code and lets InputError propagate.
#include <optional>
#include <string>
#include <vector>

#include "analysis/calibration/abc_smc.hpp"
#include "sim/io/scenario.hpp"
#include "tools/cscsim/snapshots.hpp"

namespace csc::tools {

struct RunArgs {
  std::string scenario;
  std::string output;
  std::optional<long long> replicates, seed, years;
  int threads = 0;
  bool quiet = false;
  bool force = false;    // replace an existing output file (never an input of the run)
  bool profile = false;  // print seconds by phase and memory by table (tools/cscsim/profile_report.hpp)
  /// Parameter uncertainty: draw each replicate's parameters from this calibration posterior
  /// (posterior.h5), `draws` draws x `per_draw` replicates (analysis/posterior_draws.hpp).
  std::string posterior;
  std::optional<long long> draws, per_draw;
  /// Run replicates first_replicate .. first_replicate + replicates - 1 (`cscsim merge` joins
  /// the ranges of one scenario into the file a single run would have written).
  long long first_replicate = 0;
  /// `--set key=value` overrides, applied in order after the scenario is loaded.
  std::vector<std::string> sets;
  SnapshotOptions snapshots;  // burn-in snapshots (tools/cscsim/snapshots.hpp)
};

int run_command(const RunArgs& args);
/// Applies `--set KEY=VALUE` overrides (sim::Scenario::set_text) in order; InputError naming
/// the key for an unknown key, a malformed override or a value out of range.
void apply_sets(sim::Scenario& scenario, const std::vector<std::string>& sets);
int validate_command(const std::string& scenario);
/// verify: `info --verify`, the checks of analysis/verify_run.hpp (exit 2 if one fails).
int info_command(const std::string& file, bool verify = false);
/// `info --digest`: one line "DIGEST  /path  shape" per dataset, then "DIGEST  run".
int info_digest_command(const std::string& file);

struct CompareArgs {
  std::string base;
  std::vector<std::string> variants;
  std::string output = "report";
  bool unpaired = false;
  bool report = true;
  bool force = false;     // replace an existing, non-empty results folder whole
  std::string posterior;  // when set, every run must have drawn its parameters from this file
};
int compare_command(const CompareArgs& args);

struct MergeArgs {
  std::vector<std::string> parts;
  std::string output;
  bool force = false;  // replace an existing output file (never one of the parts)
  bool quiet = false;
};
/// `cscsim merge`: replicate ranges of one run into one file (analysis/merge_runs.hpp).
int merge_command(const MergeArgs& args);
/// The parameter reference (scenarios/PARAMETERS.md): the binding table, with the values the
/// scenario `baseline_path` runs (base chain resolved) beside the defaults. InputError when
/// that scenario does not load.
/// The parameter reference (Markdown); with a baseline scenario (not empty), a column of the
/// values it runs beside the defaults.
std::string parameter_reference(const std::string& baseline_path);

struct SweepArgs {
  std::string sweep;              // the sweep file
  std::string output;             // its directory
  std::string collect;            // --collect DIR: gather a sweep's finished tasks (no sweep file needed)
  std::vector<std::string> sets;  // --set KEY=VALUE: overrides every variant takes
  int threads = 0;
  bool quiet = false;
  int chunk = -1, chunks = 0;    // --chunk I --chunks C: run only chunk I (a Slurm array task)
  bool mpi = false;              // a task farm over the MPI ranks (mpirun -np N cscsim sweep ... --mpi)
  bool slurm = false;            // write the sbatch scripts instead of running
  int slurm_array_limit = 1000;  // the site's MaxArraySize: at most this many array tasks
  int slurm_max_running = 0;     // array tasks running at once (%N; 0: no limit)
  int slurm_cpus = 1;            // --cpus-per-task (the threads of each array task)
  std::string slurm_time = "01:00:00", slurm_mem = "2G", slurm_partition;
  SnapshotOptions snapshots;  // burn-in snapshots; default: DIR/snapshots
};
/// `cscsim sweep` (tools/cscsim/sweep_command.cpp; docs/cluster.md).
int sweep_command(const SweepArgs& args);

struct CalibrateArgs {
  std::string config;
  std::string output;  // default: calibration/<name>
  int threads = 0;
  bool restart = false;  // ignore an earlier posterior.h5 in the output directory
  bool report_only = false;
  int max_generations = 0;  // stop (resumably) after this many new generations; 0: no limit
  bool evaluate = false;    // no fitting: the fit report at the scenario's own values
  bool check = false;       // load and check the configuration, its targets and scenarios; run nothing
  bool quiet = false;
  bool mpi = false;  // spread each batch of candidates over MPI ranks (mpirun -np N cscsim calibrate ... --mpi)
};
/// `cscsim calibrate`; `spread` and `writes` are set for the ranks of an MPI run
/// (analysis/calibration/workflow.hpp).
int calibrate_command(const CalibrateArgs& args, const analysis::calibration::BatchEvaluator& spread = {},
                      bool writes = true);

}  // namespace csc::tools
