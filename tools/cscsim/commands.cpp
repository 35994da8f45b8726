#include "tools/cscsim/commands.hpp"

#include <cstdio>
#include <cstdlib>
#include <iostream>

#include "analysis/compare.hpp"
#include "analysis/run_reader.hpp"
#include "analysis/summary.hpp"
#include "analysis/verify_run.hpp"
#include "models/metrics.hpp"
#include "models/params.hpp"
#include "models/runner.hpp"
#include "sim/core/errors.hpp"
#include "sim/io/schema_doc.hpp"
#include "sim/run/progress.hpp"

namespace csc::tools {

int run_command(const RunArgs& args) {
  sim::Scenario scenario = models::load_scenario(args.scenario);
  if (args.replicates) scenario.set("run.replicates", static_cast<std::int64_t>(*args.replicates), "--replicates");
  if (args.seed) scenario.set("run.seed", static_cast<std::int64_t>(*args.seed), "--seed");
  if (args.years) scenario.set("run.years", static_cast<std::int64_t>(*args.years), "--years");
  const models::Params params = models::params_from_scenario(scenario);
  models::RunOptions options;
  options.threads = args.threads;
  options.progress = !args.quiet && sim::Progress::stderr_is_terminal();
  const auto report = models::run_scenario(params, scenario.resolved_toml(), args.output, options);
  if (!args.quiet) {
    const auto run = analysis::RunFile::open(args.output);
    std::cout << analysis::format_summary(run, analysis::summarise(run));
    std::printf("wrote %s in %.2f s on %d threads\n", args.output.c_str(), report.wall_seconds,
                report.threads);
  }
  return sim::kExitOk;
}

int validate_command(const std::string& path) {
  const sim::Scenario scenario = models::load_scenario(path);
  const models::Params p = models::params_from_scenario(scenario);
  long long children = 0;
  for (const auto& la : p.las) children += la.children;
  std::printf("%s: valid. Scenario '%s': %zu LA(s), %lld children, %d replicates of %d years "
              "(+%d burn-in) from %s, seed %llu.\n",
              path.c_str(), p.run.name.c_str(), p.las.size(), children, p.run.replicates,
              p.run.years, p.run.burn_in_years, p.run.start_date.iso().c_str(),
              static_cast<unsigned long long>(p.run.seed));
  const auto& iv = p.interventions;
  const std::pair<const char*, const models::InterventionCommon*> all[] = {
      {"adult_specialists", &iv.adult_specialists},   {"caseload_cap", &iv.caseload_cap},
      {"administrators", &iv.administrators},         {"family_practitioners", &iv.family_practitioners},
      {"volunteers", &iv.volunteers},                 {"family_group_conference", &iv.family_group_conference}};
  std::string on;
  for (const auto& [name, common] : all) {
    if (!common->enabled) continue;
    on += std::string(on.empty() ? "" : ", ") + name + " (from " + common->start_date.iso() +
          (common->las == "all" ? "" : ", LAs " + common->las) +
          (common->teams == "all" ? "" : ", teams " + common->teams) +
          (common->rollout.empty() ? "" : ", teams in stages " + common->rollout) + ")";
  }
  std::printf("Interventions on: %s.\n", on.empty() ? "none" : on.c_str());
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
  std::printf("%s\n", path.c_str());
  std::printf("  scenario      %s\n", run.scenario_name.c_str());
  std::printf("  complete      %s\n", run.complete ? "yes" : "NO (the run did not finish)");
  std::printf("  replicates    %lld (seed %lld)\n", static_cast<long long>(run.replicates),
              static_cast<long long>(run.seed));
  std::printf("  horizon       %lld weeks from %s (after %lld weeks of burn-in)\n",
              static_cast<long long>(run.weeks), run.start_date.c_str(),
              static_cast<long long>(run.burn_in_weeks));
  std::printf("  LAs           %lld, %lld children at start\n", static_cast<long long>(run.las),
              static_cast<long long>(run.children));
  std::printf("  written by    cscsim %s (%s) on %s, %lld threads, %s, %.2f s\n",
              run.version.c_str(), run.build_type.c_str(), run.host.c_str(),
              static_cast<long long>(run.threads), run.start_time.c_str(), run.wall_time_s);
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
    line += " " + n;
  }
  std::printf("%s\n", line.c_str());
  if (run.complete) std::cout << analysis::format_summary(run, analysis::summarise(run));
  return sim::kExitOk;
}

int compare_command(const CompareArgs& args) {
  const auto base = analysis::RunFile::open(args.base);
  std::vector<analysis::RunFile> variants;
  for (const auto& v : args.variants) variants.push_back(analysis::RunFile::open(v));
  const auto comparison = analysis::compare_runs(base, variants, args.unpaired);
  analysis::write_comparison(base, variants, comparison, args.output);
  std::cout << analysis::format_comparison(comparison);
  std::printf("tables in %s/\n", args.output.c_str());
  if (!args.report) return sim::kExitOk;
  // The report (charts with matplotlib) is written by analysis/report.py with Debian's
  // python3, which has h5py and matplotlib (toolchain.md).
  const std::string script = CSC_REPORT_SCRIPT;
  std::string cmd = "/usr/bin/python3 '" + script + "' --tables '" + args.output + "' --base '" + args.base + "'";
  for (const auto& v : args.variants) cmd += " --variant '" + v + "'";
  cmd += " --out '" + args.output + "/report.html'";
  const int status = std::system(cmd.c_str());
  if (status != 0) {
    throw std::runtime_error("the report script failed (" + cmd + ")");
  }
  std::printf("report: %s/report.html\n", args.output.c_str());
  return sim::kExitOk;
}

std::string parameter_reference() {
  return sim::schema_reference_markdown(
      models::model_schema(), "cscsim scenario parameters",
      "Generated by `cscsim params` from the binding table in models/params.cpp; do not edit "
      "by hand. A scenario names a `base` file and sets only what it changes. Every key is "
      "checked: unknown keys, wrong types and values out of range are errors. Sources cite "
      "`../shared/evidence.md` (section 1: national figures; section 2: evaluation ids).");
}

}  // namespace csc::tools
