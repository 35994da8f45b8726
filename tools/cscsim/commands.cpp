#include "tools/cscsim/commands.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <optional>

#include "analysis/compare.hpp"
#include "analysis/digest.hpp"
#include "analysis/merge_runs.hpp"
#include "analysis/posterior_draws.hpp"
#include "analysis/run_reader.hpp"
#include "analysis/summary.hpp"
#include "analysis/sweep/sweep_dir.hpp"
#include "analysis/verify_run.hpp"
#include "models/core/metrics.hpp"
#include "models/interventions/registry.hpp"
#include "models/scenario/parameters.hpp"
#include "models/world/runner.hpp"
#include "sim/core/errors.hpp"
#include "sim/core/text.hpp"
#include "sim/io/output_dir.hpp"
#include "sim/io/schema_doc.hpp"
#include "sim/run/progress.hpp"
#include "sim/run/spawn.hpp"
#include "tools/cscsim/profile_report.hpp"

namespace csc::tools {

namespace {

/// Refuses an output path that would destroy something the user has: an input of the run (the
/// scenario or one of its base files), or, without --force, any existing file.
void check_run_output(const std::filesystem::path& out, const sim::Scenario& scenario, bool force) {
  std::error_code ec;
  if (!std::filesystem::exists(out, ec)) return;
  for (const auto& input : scenario.sources()) {
    if (std::filesystem::equivalent(out, input, ec)) {
      throw sim::InputError(out.string() + ": is an input of this run (" + input.string() +
                            "); choose another output file");
    }
  }
  if (!force && std::filesystem::is_regular_file(out, ec)) {
    throw sim::InputError(out.string() + ": exists; pass --force to replace it, or choose another output file");
  }
}

/// The report script: an installed program's (PREFIX/bin/cscsim ->
/// PREFIX/share/cscsim/report.py); for a program in its build tree, the source tree's.
std::filesystem::path report_script() {
  std::error_code ec;
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  const auto installed = (exe.parent_path() / CSC_DATADIR_FROM_BIN / "report.py").lexically_normal();
  if (!ec && std::filesystem::is_regular_file(installed, ec)) return installed;
  const auto build_dir = std::filesystem::weakly_canonical(CSC_BUILD_DIR, ec).string() + "/";
  if (!exe.empty() && exe.string().rfind(build_dir, 0) == 0) return CSC_REPORT_SCRIPT;
  throw sim::InputError(installed.string() + ": the report script is missing (reinstall cscsim), or pass --no-report");
}

/// Parameter uncertainty: reads and checks the posterior, sets the run's replicates to draws x
/// per_draw, and draws each draw's parameters.
analysis::DrawnParameters draw_for_run(sim::Scenario& scenario, const RunArgs& args) {
  const auto posterior = analysis::read_posterior(args.posterior, models::model_schema());
  const long long per_draw = args.per_draw.value_or(2);
  const long long replicates = scenario.globals().integer("run.replicates");
  const long long draws = args.draws.value_or(std::max(2LL, (replicates + per_draw - 1) / per_draw));
  if (args.draws && args.replicates && *args.replicates != draws * per_draw) {
    throw sim::InputError("--replicates " + std::to_string(*args.replicates) + " is not --draws " +
                          std::to_string(draws) + " x --per-draw " + std::to_string(per_draw) +
                          "; with --posterior give the draws, or the replicates (rounded up to whole draws)");
  }
  scenario.set("run.replicates", static_cast<std::int64_t>(draws * per_draw), "--draws x --per-draw");
  // A drawn key given with --set keeps that value, as a sweep's overrides do (docs/cluster.md).
  std::vector<std::string> kept;
  for (const std::string& key : posterior.parameters) {
    if (scenario.globals().origin(key).rfind("--set ", 0) == 0) kept.push_back(key);
  }
  for (const std::string& key : kept) {
    std::fprintf(stderr,
                 "note: --set %s keeps its value in every replicate; the posterior's draws of it are not used\n",
                 key.c_str());
  }
  return analysis::draw_parameters(scenario, posterior, static_cast<int>(draws), static_cast<int>(per_draw), kept);
}

/// `compare --posterior FILE`: every run must have drawn its parameters from FILE (by content).
void require_posterior(const std::string& file, const analysis::RunFile& base,
                       const std::vector<analysis::RunFile>& variants) {
  const auto posterior = analysis::read_posterior(file, models::model_schema());
  std::vector<const analysis::RunFile*> runs{&base};
  for (const auto& v : variants) runs.push_back(&v);
  for (const analysis::RunFile* run : runs) {
    if (!run->posterior) {
      throw sim::InputError(run->path.string() + ": its parameters were not drawn from a posterior (--posterior " +
                            file + " was asked for); run it with cscsim run --posterior " + file);
    }
    if (run->posterior->file_digest != posterior.file_digest) {
      throw sim::InputError(run->path.string() + ": drew its parameters from " + run->posterior->file + ", not from " +
                            file + " (their contents differ)");
    }
  }
}

}  // namespace

void apply_sets(sim::Scenario& scenario, const std::vector<std::string>& sets) {
  for (const std::string& s : sets) {
    const auto eq = s.find('=');
    if (eq == std::string::npos || eq == 0) {
      throw sim::InputError("--set '" + s + "': expected KEY=VALUE, such as --set edge.care_rate_per_week=0.02");
    }
    scenario.set_text(s.substr(0, eq), s.substr(eq + 1), "--set " + s.substr(0, eq));
  }
}

int run_command(const RunArgs& args) {
  sim::Scenario scenario = models::load_scenario(args.scenario);
  check_run_output(args.output, scenario, args.force);
  if (args.replicates) scenario.set("run.replicates", static_cast<std::int64_t>(*args.replicates), "--replicates");
  if (args.seed) scenario.set("run.seed", static_cast<std::int64_t>(*args.seed), "--seed");
  if (args.years) scenario.set("run.years", static_cast<std::int64_t>(*args.years), "--years");
  apply_sets(scenario, args.sets);
  if (args.first_replicate > 0 && !args.posterior.empty()) {
    throw sim::InputError(
        "--first-replicate with --posterior: a replicate range of a posterior-drawn run is not "
        "supported yet; run the whole range on one machine");
  }
  std::optional<analysis::DrawnParameters> drawn;
  if (!args.posterior.empty()) drawn = draw_for_run(scenario, args);
  const models::Params params = models::params_from_scenario(scenario);
  models::RunOptions options;
  options.threads = args.threads;
  options.progress = !args.quiet && sim::Progress::stderr_is_terminal();
  options.first_replicate = static_cast<std::uint32_t>(args.first_replicate);
  if (drawn) drawn->apply_to(options);
  const auto cache = open_burn_in_cache(args.snapshots);
  options.burn_in_cache = cache.get();
  const auto report = models::run_scenario(params, scenario.resolved_toml(), args.output, options);
  if (cache) report_burn_in_cache(*cache, args.quiet);
  if (!args.quiet) {
    const auto run = analysis::RunFile::open(args.output);
    std::cout << analysis::format_summary(run, analysis::summarise(run));
    std::printf("wrote %s in %.2f s on %d threads\n", sim::printable(args.output).c_str(), report.wall_seconds,
                report.threads);
  }
  if (args.profile) print_profile(report);
  return sim::kExitOk;
}

int merge_command(const MergeArgs& args) {
  std::error_code ec;
  const std::filesystem::path out(args.output);
  for (const auto& part : args.parts) {
    if (std::filesystem::exists(out, ec) && std::filesystem::equivalent(out, part, ec)) {
      throw sim::InputError(args.output + ": is one of the files to merge; choose another output file");
    }
  }
  if (!args.force && std::filesystem::exists(out, ec)) {
    throw sim::InputError(args.output + ": exists; pass --force to replace it, or choose another output file");
  }
  const std::vector<std::filesystem::path> parts(args.parts.begin(), args.parts.end());
  const auto report = analysis::merge_runs(parts, out);
  if (!args.quiet) {
    std::printf("merged %d file(s): replicates %lld to %lld into %s\n", report.parts, report.first_replicate,
                report.first_replicate + report.replicates - 1, sim::printable(args.output).c_str());
  }
  return sim::kExitOk;
}

int validate_command(const std::string& path) {
  const sim::Scenario scenario = models::load_scenario(path);
  const models::Params p = models::params_from_scenario(scenario);
  long long children = 0;
  for (const auto& la : p.las) children += la.children;
  std::printf(
      "%s: valid. Scenario '%s': %zu LA(s), %lld children, %d replicates of %d years "
      "(+%d burn-in) from %s, seed %llu.\n",
      sim::printable(path).c_str(), sim::printable(p.run.name).c_str(), p.las.size(), children, p.run.replicates,
      p.run.years, p.run.burn_in_years, p.run.start_date.iso().c_str(), static_cast<unsigned long long>(p.run.seed));
  std::string on;
  for (std::size_t i = 0; i < p.interventions.size(); ++i) {
    const models::InterventionCommon& iv = p.interventions[i];
    if (!iv.enabled) continue;
    on += std::string(on.empty() ? "" : ", ") + (*p.interventions.registry)[i].key() + " (from " + iv.start_date.iso() +
          (iv.las == "all" ? "" : ", LAs " + iv.las) + (iv.teams == "all" ? "" : ", teams " + iv.teams) +
          (iv.rollout.empty() ? "" : ", teams in stages " + iv.rollout) + ")";
  }
  std::printf("Interventions on: %s.\n", on.empty() ? "none" : sim::printable(on).c_str());
  return sim::kExitOk;
}

int info_command(const std::string& path, bool verify) {
  if (verify) {
    const auto v = analysis::verify_run(path);
    std::cout << analysis::format_verification(v);
    if (!v.ok()) throw sim::InputError(v.failures());
    return sim::kExitOk;
  }
  const auto run = analysis::RunFile::open(path);
  std::printf("%s\n", sim::printable(path).c_str());
  std::printf("  scenario      %s\n", sim::printable(run.scenario_name).c_str());
  std::printf("  complete      %s\n", run.complete ? "yes" : "NO (the run did not finish)");
  std::printf("  replicates    %lld (seed %lld)\n", static_cast<long long>(run.replicates),
              static_cast<long long>(run.seed));
  std::printf("  horizon       %lld weeks from %s (after %lld weeks of burn-in)\n", static_cast<long long>(run.weeks),
              sim::printable(run.start_date).c_str(), static_cast<long long>(run.burn_in_weeks));
  std::printf("  LAs           %lld, %lld children at start\n", static_cast<long long>(run.las),
              static_cast<long long>(run.children));
  std::printf("  written by    cscsim %s (%s) on %s, %lld threads, %s, %.2f s\n", sim::printable(run.version).c_str(),
              sim::printable(run.build_type).c_str(), sim::printable(run.host).c_str(),
              static_cast<long long>(run.threads), sim::printable(run.start_time).c_str(), run.wall_time_s);
  if (run.posterior) {
    std::printf("  posterior     %s: %d draws x %d replicates per draw, %zu parameters (calibration %s)\n",
                sim::printable(run.posterior->file).c_str(), run.posterior->draws, run.posterior->per_draw,
                run.posterior->parameters.size(), sim::printable(run.posterior->calibration).c_str());
  }
  std::printf("  cohort        %llu events, %llu children\n",
              static_cast<unsigned long long>(run.cohort_rows("events")),
              static_cast<unsigned long long>(run.cohort_rows("children")));
  const auto names = run.series_names();
  std::printf("  series        %zu datasets of shape (%lld, %lld, %lld):\n", names.size(),
              static_cast<long long>(run.replicates), static_cast<long long>(run.weeks),
              static_cast<long long>(run.las));
  std::string line = "   ";
  for (const auto& n : names) {
    if (line.size() + n.size() > 96) {
      std::printf("%s\n", line.c_str());
      line = "   ";
    }
    line += ' ';
    line += sim::printable(n);
  }
  std::printf("%s\n", line.c_str());
  if (run.complete) std::cout << analysis::format_summary(run, analysis::summarise(run));
  return sim::kExitOk;
}

int info_digest_command(const std::string& path) {
  const auto run = analysis::RunFile::open(path);  // a cscsim run file, or InputError
  run.require_complete();
  std::fputs(analysis::format_digest(analysis::digest_file(run.handle())).c_str(), stdout);
  return sim::kExitOk;
}

namespace {

/// `compare DIR` of a finished sweep: every variant against the sweep's base variant, named by
/// its id, with its varied values as columns; the tables only (the report names runs, not
/// variants of one scenario).
int compare_sweep(const CompareArgs& args, sim::OutputDirectory& out) {
  const std::filesystem::path dir(args.base);
  const auto s = analysis::sweep::sweep_of_dir(dir);
  if (!s.has_base) {
    throw sim::InputError(s.file.string() + ": the sweep has no [base_variant] to compare its variants with");
  }
  std::vector<analysis::RunFile> runs;
  for (const auto& v : s.variants) {
    const auto file = analysis::sweep::variant_file(dir, v);
    std::error_code ec;
    if (!std::filesystem::is_regular_file(file, ec)) {
      throw sim::InputError(file.string() + ": variant " + v.id + " (" + v.label +
                            ") is not finished; run the sweep to its end (or cscsim sweep --collect " + args.base +
                            ")");
    }
    runs.push_back(analysis::RunFile::open(file));
    runs.back().scenario_name = v.id;  // the variants share their scenario's name
  }
  const analysis::RunFile base = std::move(runs.front());
  runs.erase(runs.begin());
  if (!args.posterior.empty()) require_posterior(args.posterior, base, runs);
  auto comparison = analysis::compare_runs(base, runs, args.unpaired);
  comparison.varied = s.varied;
  for (const auto& v : s.variants) {
    for (const auto& key : s.varied) comparison.varied_values[v.id].push_back(s.value_of(v, key));
  }
  analysis::write_comparison(base, runs, comparison, out.temp_path());
  std::cout << analysis::format_comparison(comparison);
  out.commit();
  std::printf("tables in %s/ (a sweep: variants by id, their values in the tables' columns; no HTML report)\n",
              sim::printable(out.final_path().string()).c_str());
  return sim::kExitOk;
}

}  // namespace

int compare_command(const CompareArgs& args) {
  // Checked first, before any work: an existing results folder is kept unless --force.
  sim::OutputDirectory out(args.output, args.force);
  std::error_code ec;
  if (std::filesystem::is_directory(args.base, ec) && args.variants.empty()) return compare_sweep(args, out);
  if (args.variants.empty()) {
    throw sim::InputError("compare: give a base run and at least one variant run, or a sweep directory");
  }
  const auto base = analysis::RunFile::open(args.base);
  std::vector<analysis::RunFile> variants;
  for (const auto& v : args.variants) variants.push_back(analysis::RunFile::open(v));
  if (!args.posterior.empty()) require_posterior(args.posterior, base, variants);
  const auto comparison = analysis::compare_runs(base, variants, args.unpaired);
  analysis::write_comparison(base, variants, comparison, out.temp_path());
  std::cout << analysis::format_comparison(comparison);
  if (args.report) {
    // The report (charts with matplotlib) is written by analysis/report.py with Debian's
    // python3, which has h5py and matplotlib (toolchain.md). Arguments go to it as they are,
    // never through a shell, in --name=value form so that no path is read as an option.
    std::vector<std::string> argv{CSC_PYTHON, report_script().string(), "--tables=" + out.temp_path().string(),
                                  "--base=" + args.base};
    for (const auto& v : args.variants) argv.push_back("--variant=" + v);
    argv.push_back("--out=" + (out.temp_path() / "report.html").string());
    std::cout.flush();
    const int status = sim::run_program(argv);
    if (status != 0) {
      throw std::runtime_error("the report script failed (exit status " + std::to_string(status) +
                               "); no results were written to " + out.final_path().string());
    }
  }
  out.commit();
  std::printf("tables in %s/\n", sim::printable(out.final_path().string()).c_str());
  if (args.report) std::printf("report: %s/report.html\n", sim::printable(out.final_path().string()).c_str());
  return sim::kExitOk;
}

std::string parameter_reference(const std::string& baseline_path) {
  const std::string intro =
      "Generated by `cscsim params` from the binding table (models/scenario/model_bindings.cpp "
      "and each intervention's file in models/interventions/); do not edit by hand. A scenario names a `base` file and sets only what it changes. Every key is "
      "checked: unknown keys, wrong types and values out of range are errors. Sources cite "
      "`docs/evidence.md` (section 1: national figures; section 2: evaluation ids).\n\n"
      "Default is the table's default, the value a key takes in a scenario that does not set "
      "it (the only default: the model's structs hold none).";
  if (baseline_path.empty()) {
    return sim::schema_reference_markdown(models::model_schema(), "cscsim scenario parameters", intro);
  }
  // The values the baseline runs: its file and base chain resolved through the same schema.
  const sim::Scenario baseline = models::load_scenario(baseline_path);
  const std::string file = std::filesystem::path(baseline_path).filename().string();
  return sim::schema_reference_markdown(
      models::model_schema(), "cscsim scenario parameters",
      intro + " Baseline is the value " + file +
          " runs, with its base chain (the calibrated files) resolved; where it differs from the "
          "default it is in **bold**, followed by the file that sets it.",
      {"Baseline", &baseline});
}

}  // namespace csc::tools
