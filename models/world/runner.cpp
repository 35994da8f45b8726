#include "models/world/runner.hpp"

#include <oneapi/tbb/global_control.h>
#include <oneapi/tbb/info.h>

#include <algorithm>
#include <chrono>
#include <mutex>
#include <optional>

#include "models/output/run_file.hpp"
#include "models/world/world.hpp"
#include "sim/core/errors.hpp"
#include "sim/io/hdf5.hpp"
#include "sim/run/parallel.hpp"
#include "sim/run/progress.hpp"

namespace csc::models {

std::vector<ReplicateResult> run_replicates(const Params& params, std::uint64_t seed, int replicates,
                                            const std::function<void()>& on_week) {
  std::vector<ReplicateResult> results(static_cast<std::size_t>(std::max(replicates, 0)));
  sim::parallel_for(0, replicates, [&](int r) {  // independent worlds, each into its own slot
    World world(params, seed, static_cast<std::uint32_t>(r));
    results[static_cast<std::size_t>(r)] = on_week ? world.run(on_week) : world.run([] {});
  });
  return results;
}

ReplicateResult run_replicate(const Params& params, std::uint64_t seed, std::uint32_t r, BurnInCache* cache,
                              const std::function<void(int)>& on_weeks, std::size_t event_chunk_rows) {
  const auto week = [&] { on_weeks(1); };
  if (cache == nullptr || !BurnInCache::applies(params)) {
    World world(params, seed, r);
    world.compress_events(event_chunk_rows);
    return world.run(week);
  }
  const std::string key = cache->key(params, seed, r);
  if (auto state = cache->load(key)) {
    World world(params, seed, r, *state);  // the key names the program: its state fits
    world.compress_events(event_chunk_rows);
    on_weeks(world.first_week());
    return world.run(week);
  }
  World world(params, seed, r);
  world.compress_events(event_chunk_rows);
  return world.run(week, [&](World& w) { cache->save(key, w.burn_in_state()); });
}

RunReport run_scenario(const Params& params, const std::string& resolved_toml, const std::filesystem::path& out,
                       const RunOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  sim::h5::silence_library_errors();
  sim::h5::AtomicOutput output(out);  // fails early, before any work, if out is unwritable

  std::optional<tbb::global_control> limit;
  if (options.threads > 0) {
    limit.emplace(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(options.threads));
  }
  const int threads = static_cast<int>(tbb::global_control::active_value(tbb::global_control::max_allowed_parallelism));

  RunInfo info;
  info.scenario_name = params.run.name;
  info.scenario_toml = resolved_toml;
  info.seed = params.run.seed;
  info.replicates = params.run.replicates;
  info.first_replicate = options.first_replicate;
  info.weeks = params.horizon_weeks();
  info.burn_in_weeks = params.burn_in_weeks();
  for (const auto& la : params.las) info.la_names.push_back(la.name);
  info.start_date = params.run.start_date.iso();
  info.price_year = params.costs.price_year;
  info.threads = threads;
  info.record_events = params.run.record_events;
  info.posterior = options.posterior;

  // A failed write is the disk's or the folder's doing (full, over quota, over a file-size
  // limit), not a bug: it is reported as bad output (exit 2) naming the file.
  const auto cannot_write = [&out](const std::exception& e) {
    return sim::InputError(out.string() + ": cannot write output (" + e.what() + ")");
  };
  std::optional<RunFileWriter> writer;
  try {
    writer.emplace(output.temp_path(), std::move(info));
  } catch (const std::runtime_error& e) {
    throw cannot_write(e);
  }
  const auto reps = static_cast<std::uint32_t>(params.run.replicates);
  const std::uint32_t first = options.first_replicate;
  const int weeks_per_rep = params.burn_in_weeks() + params.horizon_weeks();
  sim::Progress progress("cscsim run", static_cast<std::uint64_t>(reps) * weeks_per_rep, options.progress);
  WorldProfile profile;
  std::mutex profile_mutex;
  // Replicates are independent worlds; each may use more threads inside its phases. Every
  // draw is keyed, so the split of work changes nothing in the output.
  sim::parallel_for(
      tbb::blocked_range<std::uint32_t>(first, first + reps, 1), [&](const tbb::blocked_range<std::uint32_t>& range) {
        for (std::uint32_t r = range.begin(); r != range.end(); ++r) {
          const Params& p = options.replicate_params ? options.replicate_params(r) : params;
          auto result = run_replicate(
              p, params.run.seed, r, options.burn_in_cache,
              [&](int weeks) { progress.advance(static_cast<std::uint64_t>(weeks)); }, options.event_chunk_rows);
          {
            const std::scoped_lock lock(profile_mutex);
            profile.add(result.profile);
          }
          writer->submit(std::move(result));
        }
      });
  progress.finish();
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  try {
    writer->finish(wall);
  } catch (const sim::InputError&) {
    throw;
  } catch (const std::runtime_error& e) {
    throw cannot_write(e);
  }
  output.commit();
  return {wall, threads, std::move(profile)};
}

}  // namespace csc::models
