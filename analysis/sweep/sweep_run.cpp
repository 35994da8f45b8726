#include "analysis/sweep/sweep_run.hpp"

#include <chrono>
#include <optional>
#include <string>

#include "analysis/posterior_draws.hpp"
#include "analysis/text_file.hpp"
#include "models/scenario/parameters.hpp"
#include "models/world/runner.hpp"
#include "sim/core/errors.hpp"

namespace csc::analysis::sweep {

namespace fs = std::filesystem;

bool run_task(const Sweep& s, const fs::path& dir, const Task& t, int threads, models::BurnInCache* cache) {
  const Variant& v = s.variants[t.variant];
  std::string why;
  try {
    const sim::Scenario scenario = variant_scenario(s, v, t.replicates);
    const models::Params params = models::params_from_scenario(scenario);
    models::RunOptions options;
    options.threads = threads;
    options.first_replicate = static_cast<std::uint32_t>(t.first_replicate);
    options.burn_in_cache = cache;
    std::optional<DrawnParameters> drawn;
    if (!s.posterior.empty()) {
      const Posterior posterior = read_posterior(s.posterior, models::model_schema());
      drawn = draw_parameters(scenario, posterior, static_cast<int>(t.replicates / s.per_draw),
                              static_cast<int>(s.per_draw), s.posterior_kept(v));
      drawn->apply_to(options);
    }
    models::run_scenario(params, scenario.resolved_toml(), task_file(dir, t), options);
    std::error_code ec;
    fs::remove(task_log(dir, t), ec);
    return true;
  } catch (const sim::InputError& e) {
    for (const auto& m : e.messages()) why += "error: " + m + "\n";
  } catch (const std::exception& e) {
    why = std::string("internal error: ") + e.what() + "\n";
  }
  write_text_file(task_log(dir, t), "task " + t.id + " (variant " + v.id + ", " + v.label + ", replicates " +
                                        std::to_string(t.first_replicate) + " to " +
                                        std::to_string(t.first_replicate + t.replicates - 1) + ") failed:\n" + why);
  return false;
}

std::vector<std::size_t> chunk_tasks(const Sweep& s, int index, int chunks) {
  const std::size_t n = s.tasks.size(), c = static_cast<std::size_t>(chunks), i = static_cast<std::size_t>(index);
  std::vector<std::size_t> out;
  for (std::size_t k = i * n / c; k < (i + 1) * n / c; ++k) out.push_back(k);
  return out;
}

Outcome run_tasks(const Sweep& s, const fs::path& dir, const std::vector<std::size_t>& tasks, int threads,
                  models::BurnInCache* cache, const std::function<void(const Task&, bool, double)>& on_task) {
  Outcome o;
  for (const std::size_t k : tasks) {
    const Task& t = s.tasks[k];
    if (status_of(s, dir, t) == Status::done) {
      ++o.skipped;
      continue;
    }
    const auto start = std::chrono::steady_clock::now();
    const bool ok = run_task(s, dir, t, threads, cache);
    ++o.ran;
    o.failed += ok ? 0 : 1;
    if (on_task) on_task(t, ok, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  return o;
}

}  // namespace csc::analysis::sweep
