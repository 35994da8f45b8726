#include "analysis/merge_runs.hpp"

#include <algorithm>
#include <chrono>
#include <optional>
#include <string>

#include "analysis/cohort_reader.hpp"
#include "analysis/run_reader.hpp"
#include "models/core/metrics.hpp"
#include "models/output/run_file.hpp"
#include "models/scenario/parameters.hpp"
#include "sim/core/errors.hpp"
#include "sim/io/hdf5.hpp"
#include "sim/io/scenario.hpp"

namespace csc::analysis {

namespace {

/// The part's resolved scenario as a single run of `replicates` replicates records it: the
/// parts of a range differ only in run.replicates.
std::string scenario_of_whole(const RunFile& part, long long replicates) {
  sim::Scenario s =
      sim::Scenario::parse(part.scenario_toml, part.path.string() + ": /meta scenario_toml", models::model_schema());
  s.set("run.replicates", static_cast<std::int64_t>(replicates), part.path.string());
  return s.resolved_toml();
}

bool has_cohort(const RunFile& run) { return sim::h5::exists(run.handle(), "cohort/events"); }

/// The parts must be ranges of one run: what the output of a replicate depends on (scenario,
/// seed, code) and the file's shape agree.
void check_same_run(const RunFile& first, const RunFile& part, const std::string& scenario, long long replicates) {
  std::string why;
  auto differ = [&](const char* what, bool same) {
    if (!same) why += std::string(why.empty() ? "" : "; ") + what + " differ";
  };
  differ("resolved scenarios (/meta scenario_toml, run.replicates aside)",
         scenario == scenario_of_whole(part, replicates));
  differ("seeds", first.seed == part.seed);
  differ("cscsim versions", first.version == part.version);
  differ("schema versions", first.schema_version == part.schema_version);
  differ("horizons", first.weeks == part.weeks && first.burn_in_weeks == part.burn_in_weeks);
  differ("councils", first.la_names == part.la_names);
  differ("start dates", first.start_date == part.start_date);
  differ("cohort tables (run.record_events)", has_cohort(first) == has_cohort(part));
  if (!why.empty()) {
    throw sim::InputError(part.path.string() + ": not a replicate range of the same run as " + first.path.string() +
                          ": " + why);
  }
}

/// Opens every part, checks it, and orders the parts by their first replicate; the ranges must
/// follow one another with no overlap and no gap.
std::vector<RunFile> open_parts(const std::vector<std::filesystem::path>& paths) {
  if (paths.empty()) throw sim::InputError("merge: no run files given");
  std::vector<RunFile> parts;
  for (const auto& p : paths) {
    parts.push_back(RunFile::open(p));
    parts.back().require_complete();
    if (parts.back().posterior && paths.size() > 1) {
      throw sim::InputError(p.string() +
                            ": drew its parameters from a posterior; merging ranges of such runs is not supported "
                            "yet (run every replicate on one machine)");
    }
  }
  std::sort(parts.begin(), parts.end(),
            [](const RunFile& a, const RunFile& b) { return a.first_replicate < b.first_replicate; });
  long long replicates = 0;
  for (const RunFile& p : parts) replicates += p.replicates;
  const std::string scenario = scenario_of_whole(parts[0], replicates);
  for (std::size_t i = 1; i < parts.size(); ++i) {
    check_same_run(parts[0], parts[i], scenario, replicates);
    const auto end = parts[i - 1].first_replicate + parts[i - 1].replicates;
    if (parts[i].first_replicate != end) {
      throw sim::InputError(parts[i].path.string() + ": holds replicates from " +
                            std::to_string(parts[i].first_replicate) + ", but " + parts[i - 1].path.string() +
                            " ends before replicate " + std::to_string(end) +
                            (parts[i].first_replicate < end ? " (the ranges overlap)" : " (a range is missing)"));
    }
  }
  return parts;
}

/// Replicate `r` (row r of the part) as the model handed it to the writer.
models::ReplicateResult read_replicate(const RunFile& part, int r, std::vector<models::EventRow>& events,
                                       std::vector<models::ChildRow>& children) {
  models::ReplicateResult out;
  out.replicate = static_cast<std::uint32_t>(part.first_replicate + r);
  out.weeks = static_cast<int>(part.weeks);
  out.las = static_cast<int>(part.las);
  out.children_at_start = part.children;  // /meta children is the part's first replicate's
  for (std::size_t m = 0; m < models::kMetricCount; ++m) {
    const auto v = part.replicate_values(std::string(models::kMetrics[m].name), r);
    out.series.insert(out.series.end(), v.begin(), v.end());
  }
  const std::pair<const char*, std::vector<std::int32_t>*> states[] = {
      {"state_count", &out.state_count}, {"state_entries", &out.state_entries}, {"state_exits", &out.state_exits}};
  for (const auto& [name, into] : states) {
    const auto v = part.replicate_values(name, r);
    into->assign(v.begin(), v.end());
  }
  // The cohort tables are in replicate order: this replicate's rows are the next ones.
  const auto take = [&](auto& rows, auto& into) {
    const auto mine =
        std::partition_point(rows.begin(), rows.end(), [&](const auto& row) { return row.replicate == out.replicate; });
    into.assign(rows.begin(), mine);
    rows.erase(rows.begin(), mine);
  };
  take(events, out.events);
  take(children, out.children);
  return out;
}

}  // namespace

MergeReport merge_runs(const std::vector<std::filesystem::path>& paths, const std::filesystem::path& out) {
  const auto start = std::chrono::steady_clock::now();
  std::vector<RunFile> parts = open_parts(paths);
  const RunFile& first = parts.front();
  models::RunInfo info;
  info.scenario_name = first.scenario_name;
  for (const RunFile& p : parts) info.replicates += static_cast<int>(p.replicates);
  info.scenario_toml = scenario_of_whole(first, info.replicates);
  info.seed = static_cast<std::uint64_t>(first.seed);
  info.first_replicate = static_cast<std::uint32_t>(first.first_replicate);
  info.weeks = static_cast<int>(first.weeks);
  info.burn_in_weeks = static_cast<int>(first.burn_in_weeks);
  info.la_names = first.la_names;
  info.start_date = first.start_date;
  info.price_year = first.price_year;
  info.threads = static_cast<int>(first.threads);
  info.record_events = has_cohort(first);
  info.posterior = first.posterior;  // a posterior-drawn run is merged whole (one part)

  sim::h5::silence_library_errors();
  sim::h5::AtomicOutput output(out);
  std::optional<models::RunFileWriter> writer;
  writer.emplace(output.temp_path(), std::move(info));
  for (const RunFile& part : parts) {
    auto events = read_events(part);
    auto children = read_children(part);
    for (int r = 0; r < part.replicates; ++r) writer->submit(read_replicate(part, r, events, children));
  }
  writer->finish(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  writer.reset();
  output.commit();
  return {static_cast<int>(parts.size()), first.first_replicate,
          parts.back().first_replicate + parts.back().replicates - first.first_replicate};
}

}  // namespace csc::analysis
