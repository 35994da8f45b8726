#pragma once
// The calibration workflow behind `cscsim calibrate`: check a configuration, evaluate the
// scenario's own values, or fit by ABC-SMC (abc_smc.hpp), checkpointing every generation in
// posterior.h5 so that a stopped run resumes where it stopped, pausing after a number of new
// generations, and writing the report (outputs.hpp). It prints nothing: the front end
// (tools/cscsim) is told of progress through WorkflowEvents and prints the result.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "analysis/calibration/abc_smc.hpp"

namespace csc::analysis::calibration {

struct WorkflowOptions {
  std::filesystem::path config;  // the calibration file (TOML)
  std::filesystem::path output;  // the output directory; empty: calibration/<the configuration's name>
  int threads = 0;               // 0: all cores
  bool restart = false;          // ignore an earlier posterior.h5 in the output directory
  bool report_only = false;      // no new generation: the report on the posterior already there
  int max_generations = 0;       // stop (resumably) after this many new generations; 0: no limit
  bool evaluate = false;         // no fitting: the fit report at the scenario's own values
  bool check = false;            // load and check the configuration and what a run would read; write nothing
  /// Spreads each batch of candidates (empty: this process's threads); `cscsim calibrate
  /// --mpi` sets one that spreads them over MPI ranks.
  BatchEvaluator spread;
  /// False on the MPI ranks but the first: they simulate their share of every batch and write
  /// nothing (no checkpoint, no report; the first rank's files are the calibration's).
  bool writes = true;
};

/// The configuration, as the front end describes it.
struct WorkflowSummary {
  std::filesystem::path config_file;
  std::size_t parameters = 0;
  std::size_t targets = 0;
  int fitted = 0, forecast = 0, checks = 0;  // targets by role
  int particles = 0;
  int generations = 0;  // the most the configuration allows
  int replicates = 0;   // per candidate
};

/// What a fit tells the front end while it runs (each may be empty).
struct WorkflowEvents {
  /// An earlier posterior is resumed after `generations` generations.
  std::function<void(const std::filesystem::path& posterior, std::size_t generations)> resuming;
  /// Before the fit (also with report_only).
  std::function<void(const WorkflowSummary&)> calibrating;
  /// Generation `generation` starts; about `expected_simulations` simulations are expected
  /// (particles / the acceptance expected from the last generation's).
  std::function<void(int generation, std::uint64_t expected_simulations)> generation_started;
  /// One candidate simulated (from worker threads: must be thread-safe).
  std::function<void()> simulation_done;
  /// A generation finished (before its checkpoint is written); `seconds`: the calibration's
  /// wall time so far, earlier runs included.
  std::function<void(const Generation&, double seconds)> generation_done;
  /// ABC-SMC returned (the report, if any, comes next).
  std::function<void()> simulations_finished;
};

enum class WorkflowOutcome {
  checked,    // --check: the configuration is valid
  evaluated,  // --evaluate: fit report at the scenario's own values written
  paused,     // max_generations reached before the configuration's generations; resumable
  finished    // stopped, posterior marked complete, fitted.toml and the fit report written
};

struct WorkflowResult {
  WorkflowOutcome outcome = WorkflowOutcome::checked;
  WorkflowSummary summary;
  std::filesystem::path directory;  // the output directory
  std::filesystem::path posterior;  // directory / posterior.h5
  std::size_t generations = 0;      // generations done (paused, finished)
  std::string stop;                 // why it stopped (finished)
  double seconds = 0;               // wall time, earlier runs included (finished)
  std::string chosen;               // which candidate gave the fitted values (finished)
  std::vector<std::string> names;   // the fitted parameters (finished, evaluated)
  std::vector<double> theta;        // their values
  std::string fit_table;            // format_fit of the fit rows (finished, evaluated)
  std::string noise_note;           // noise_floor_note; may be empty (finished, evaluated)
};

/// Runs the workflow. Throws sim::InputError for a bad configuration, an unusable output
/// directory or posterior, or nothing to report.
WorkflowResult run_workflow(const WorkflowOptions& options, const WorkflowEvents& events = {});

}  // namespace csc::analysis::calibration
