#include "analysis/calibration/problem.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <set>
#include <sstream>

#include "analysis/text_file.hpp"
#include "models/scenario/parameters.hpp"
#include "models/world/runner.hpp"
#include "sim/core/errors.hpp"
#include "sim/core/text.hpp"

namespace csc::analysis::calibration {

namespace {

using sim::ParamSpec;
using sim::ParamType;

constexpr double kInf = std::numeric_limits<double>::infinity();

/// Real-valued global parameters of the model: the keys a calibration may fit.
std::vector<std::string> fittable_keys() {
  std::vector<std::string> keys;
  for (const auto& p : models::model_schema().params) {
    if (p.type == ParamType::real) keys.push_back(p.key);
  }
  return keys;
}

const sim::Schema& config_schema() {
  static const sim::Schema schema = [] {
    sim::Schema s;
    auto text = [](std::string key, std::optional<std::string> def, std::string doc) {
      ParamSpec p{std::move(key), ParamType::string, {}, -kInf, kInf, {}, "", std::move(doc), ""};
      if (def) p.default_value = *def;
      return p;
    };
    auto integer = [](std::string key, std::int64_t def, double lo, double hi, std::string doc) {
      return ParamSpec{std::move(key), ParamType::integer, def, lo, hi, {}, "", std::move(doc), ""};
    };
    auto real = [](std::string key, std::optional<double> def, double lo, double hi, std::string doc) {
      ParamSpec p{std::move(key), ParamType::real, {}, lo, hi, {}, "", std::move(doc), ""};
      if (def) p.default_value = *def;
      return p;
    };
    s.params = {
        text("name", "calibration", "Name of the calibration"),
        text("description", "", "What it fits"),
        text("scenario", std::nullopt, "Scenario whose parameters are fitted, relative to this file"),
        integer("replicates", 1, 1, 1000, "Replicates per candidate; its statistics are their means"),
        integer("report_replicates", 10, 2, 10000, "Replicates of the fitted scenario in the fit report"),
        integer("abc.particles", 100, 2, 1000000, "Particles kept per generation (N)"),
        integer("abc.generations", 6, 1, 1000, "Generations, including generation 0 (from the prior)"),
        real("abc.quantile", 0.5, 0.01, 0.99, "Next tolerance = this quantile of the last generation's distances"),
        real("abc.min_acceptance", 0.02, 1e-6, 1.0, "Stop when fewer proposals than this share are kept"),
        integer("abc.seed", 1, 0, 9.0e18, "Seed of proposals and candidate runs"),
        integer("abc.batch", 0, 0, 1000000, "Proposals simulated together (0: particles)"),
    };
    sim::TableArraySpec targets{"targets", {}, 1, 1000, "Target files, relative to this file"};
    targets.params = {
        text("file", std::nullopt, "A target file (scenarios/targets/*.toml)"),
        text("ids", "", "The targets to take from it, separated by commas (empty: all)"),
        text(
            "fit", "",
            "Targets of it to fit whatever their role in the file (a check or forecast fitted in an experiment), separated by commas")};
    sim::TableArraySpec param{"parameter", {}, 0, 1000, "Fitted parameters with their priors"};
    ParamSpec key = text("key", std::nullopt, "A real-valued scenario parameter (scenarios/PARAMETERS.md)");
    key.choices = fittable_keys();
    ParamSpec prior = text("prior", "uniform", "uniform or log_uniform between lower and upper");
    prior.choices = {"uniform", "log_uniform"};
    param.params = {key, real("lower", std::nullopt, -1e12, 1e12, "Lower bound"),
                    real("upper", std::nullopt, -1e12, 1e12, "Upper bound"), prior};
    s.arrays = {targets, param};
    return s;
  }();
  return schema;
}

}  // namespace

double mean_of(const std::vector<double>& v) {
  if (v.empty()) return std::numeric_limits<double>::quiet_NaN();
  double s = 0;
  for (const double x : v) s += x;  // NaN propagates
  return s / static_cast<double>(v.size());
}

Config load_config(const std::filesystem::path& file) {
  const sim::Scenario s = sim::Scenario::load(file, config_schema());
  Config c;
  c.file = file;
  c.text = read_text_file(file);
  const auto& g = s.globals();
  const auto dir = file.parent_path();
  c.name = g.string("name");
  c.description = g.string("description");
  c.scenario = dir / g.string("scenario");
  c.replicates = static_cast<int>(g.integer("replicates"));
  c.report_replicates = static_cast<int>(g.integer("report_replicates"));
  c.abc.particles = static_cast<int>(g.integer("abc.particles"));
  c.abc.generations = static_cast<int>(g.integer("abc.generations"));
  c.abc.quantile = g.real("abc.quantile");
  c.abc.min_acceptance = g.real("abc.min_acceptance");
  c.abc.seed = static_cast<std::uint64_t>(g.integer("abc.seed"));
  c.abc.batch = static_cast<int>(g.integer("abc.batch"));
  auto id_list = [](const std::string& text) {
    std::vector<std::string> out;
    std::stringstream list(text);
    for (std::string id; std::getline(list, id, ',');) {
      if (id = sim::trimmed(id); !id.empty()) out.push_back(id);
    }
    return out;
  };
  for (const auto& t : s.elements("targets")) {
    c.target_files.push_back(
        {dir / t.string("file"), id_list(t.string("ids")), t.origin("ids"), id_list(t.string("fit")), t.origin("fit")});
  }
  std::vector<std::string> problems;
  std::set<std::string> keys;
  for (const auto& p : s.elements("parameter")) {
    Prior prior{p.string("key"), p.real("lower"), p.real("upper"), p.string("prior") == "log_uniform"};
    const std::string where = file.string() + ": parameter '" + prior.name + "': ";
    const ParamSpec& spec = models::model_spec(prior.name);
    if (!keys.insert(prior.name).second) problems.push_back(where + "key 'key': fitted twice");
    if (!(prior.lower < prior.upper)) problems.push_back(where + "key 'lower': must be below 'upper'");
    if (prior.log_scale && prior.lower <= 0)
      problems.push_back(where + "key 'lower': a log_uniform prior needs lower > 0");
    if (prior.lower < spec.min || prior.upper > spec.max) {
      std::ostringstream m;
      m << where << "keys 'lower' and 'upper': the parameter's range is [" << spec.min << ", " << spec.max << "]";
      problems.push_back(m.str());
    }
    c.priors.push_back(prior);
  }
  if (!problems.empty()) throw sim::InputError(problems);
  return c;
}

Problem::Problem(Config config)
    : config_(std::move(config)), scenario_(models::load_scenario(config_.scenario.string())) {
  std::vector<std::string> problems;
  for (const auto& f : config_.target_files) {
    auto all = load_targets(f.file);
    // Each id of a list names one target of the file, once; `found` is called for each.
    auto each_listed = [&](const std::vector<std::string>& list, const std::string& origin, const char* key,
                           const std::function<void(Target&)>& found) {
      std::set<std::string> taken;
      for (const auto& id : list) {
        const auto it = std::find_if(all.begin(), all.end(), [&](const Target& t) { return t.id == id; });
        if (it == all.end()) {
          problems.push_back(origin + ": key '" + key + "': no target '" + id + "' in " + f.file.string());
        } else if (!taken.insert(id).second) {
          problems.push_back(origin + ": key '" + key + "': target '" + id + "' listed twice");
        } else {
          found(*it);
        }
      }
    };
    each_listed(f.fit, f.fit_origin, "fit", [&](Target& t) {
      t.role = Role::fit;
      if (!f.ids.empty() && std::find(f.ids.begin(), f.ids.end(), t.id) == f.ids.end()) {
        problems.push_back(f.fit_origin + ": key 'fit': target '" + t.id + "' is not among those of 'ids'");
      }
    });
    if (f.ids.empty()) {
      targets_.insert(targets_.end(), all.begin(), all.end());
    } else {
      each_listed(f.ids, f.ids_origin, "ids", [&](Target& t) { targets_.push_back(t); });
    }
  }
  std::set<std::string> ids;
  for (const auto& t : targets_) {
    if (!ids.insert(t.id).second)
      problems.push_back(t.file + ": target '" + t.id + "': key 'id': defined in two target files");
  }
  // Every scenario loads, takes the fitted keys, and can give its targets' statistics.
  const std::vector<double> lower = [&] {
    std::vector<double> v;
    for (const auto& p : config_.priors) v.push_back(p.lower);
    return v;
  }();
  const models::Params main = params_at(lower, scenario_);
  for (const auto& t : targets_) {
    try {
      if (t.design == Design::series) {
        check_target_fits_runs(t, main, nullptr);
        continue;
      }
      for (const auto& path : {t.scenario, t.base}) {
        if (!path.empty() && !evaluation_scenarios_.contains(path)) {
          const auto& s = evaluation_scenarios_.emplace(path, models::load_scenario(path.string())).first->second;
          // A fitted key replaces the evaluation scenario's own value in every run, so a value
          // that differs from the main scenario's (a study's own scale) would be lost unseen.
          for (const auto& prior : config_.priors) {
            const double own = s.globals().real(prior.name), fitted = scenario_.globals().real(prior.name);
            if (own != fitted) {
              std::ostringstream msg;
              const std::string where = s.globals().origin(prior.name);  // the line that sets it
              msg << (where.empty() ? path.string() : where) << ": key '" << prior.name << "': the scenario sets "
                  << own << " but " << config_.file.string() << " fits this key (" << fitted
                  << " in its scenario), which would replace the value; leave it out of one of them";
              problems.push_back(msg.str());
            }
          }
        }
      }
      const models::Params variant = params_at(lower, evaluation_scenarios_.at(t.scenario));
      check_target_fits_runs(t, main, &variant);
    } catch (const sim::InputError& e) {
      problems.insert(problems.end(), e.messages().begin(), e.messages().end());
    }
  }
  if (!problems.empty()) throw sim::InputError(problems);
}

models::Params Problem::params_at(const std::vector<double>& theta, const sim::Scenario& scenario) const {
  sim::Scenario s = scenario;
  for (std::size_t k = 0; k < theta.size(); ++k) {
    s.set(config_.priors[k].name, theta[k], config_.file.string() + ": parameter '" + config_.priors[k].name + "'");
  }
  return models::params_from_scenario(s);
}

namespace {

Runs run(models::Params p, std::uint64_t seed, int replicates, bool events) {
  p.run.record_events = events;
  Runs r;
  r.params = std::move(p);
  r.replicates = models::run_replicates(r.params, seed, replicates);
  return r;
}

}  // namespace

TargetValues Problem::simulate(const std::vector<double>& theta, std::uint64_t seed, int replicates) const {
  TargetValues values(targets_.size());
  std::map<std::filesystem::path, Runs> runs;  // per evaluation scenario, same seed: paired
  auto runs_of = [&](const std::filesystem::path& path) -> const Runs& {
    auto it = runs.find(path);
    if (it == runs.end()) {
      it = runs.emplace(path, run(params_at(theta, evaluation_scenarios_.at(path)), seed, replicates, true)).first;
    }
    return it->second;
  };
  std::optional<Runs> main;
  for (std::size_t i = 0; i < targets_.size(); ++i) {
    const Target& t = targets_[i];
    switch (t.design) {
      case Design::series:
        if (!main) main = run(params_at(theta, scenario_), seed, replicates, false);
        values[i] = series_statistic(t, *main);
        break;
      case Design::programme: values[i] = programme_statistic(t, runs_of(t.base), runs_of(t.scenario)); break;
      case Design::before_after: values[i] = before_after_statistic(t, runs_of(t.scenario), seed); break;
      case Design::randomised: values[i] = randomised_statistic(t, runs_of(t.base), runs_of(t.scenario), seed); break;
    }
  }
  return values;
}

double Problem::distance(const std::vector<double>& means) const {
  double s = 0, w = 0;
  for (std::size_t i = 0; i < targets_.size(); ++i) {
    const Target& t = targets_[i];
    if (t.role != Role::fit || t.weight == 0) continue;
    if (!std::isfinite(means[i])) return kInf;
    const double z = t.z(means[i]);
    s += t.weight * z * z;
    w += t.weight;
  }
  return w > 0 ? std::sqrt(s / w) : 0.0;
}

Outcome Problem::outcome(const std::vector<double>& theta, std::uint64_t seed) const {
  const TargetValues v = simulate(theta, seed, config_.replicates);
  Outcome o;
  for (const auto& x : v) o.statistics.push_back(mean_of(x));
  o.distance = distance(o.statistics);
  return o;
}

}  // namespace csc::analysis::calibration
