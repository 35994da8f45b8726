#include "analysis/calibration/outputs.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <numeric>
#include <sstream>

#include "analysis/stats.hpp"
#include "analysis/text_file.hpp"
#include "sim/core/errors.hpp"
#include "sim/core/time.hpp"
#include "sim/io/hdf5.hpp"

namespace csc::analysis::calibration {

namespace {

namespace h5 = sim::h5;

std::string lines(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += x + "\n";
  return s;
}

std::vector<std::string> parameter_names(const Problem& p) {
  std::vector<std::string> v;
  for (const auto& prior : p.config().priors) v.push_back(prior.name);
  return v;
}
std::vector<std::string> target_ids(const Problem& p) {
  std::vector<std::string> v;
  for (const auto& t : p.targets()) v.push_back(t.id);
  return v;
}

void write_matrix(hid_t loc, const std::string& name, const std::vector<double>& data, std::vector<hsize_t> dims) {
  if (h5::detail::element_count(dims) == 0) return;
  auto ds = h5::Dataset::create(loc, name, H5T_IEEE_F64LE, dims, {}, h5::Layout{{}, 0, false});
  ds.write_slab(std::vector<hsize_t>(dims.size(), 0), dims, H5T_NATIVE_DOUBLE, data.data());
}

void write_generation(hid_t loc, const std::string& name, const Generation& g, std::size_t params,
                      std::size_t targets) {
  h5::Handle group = h5::create_group(loc, name);
  h5::write_attr(group.id(), "index", g.index);
  h5::write_attr(group.id(), "epsilon", g.epsilon);
  h5::write_attr(group.id(), "proposed", static_cast<std::int64_t>(g.proposed));
  h5::write_attr(group.id(), "acceptance", g.acceptance());
  h5::write_attr(group.id(), "effective_sample_size", g.effective_sample_size());
  std::vector<double> theta, weight, distance, stats;
  for (const auto& p : g.particles) {
    theta.insert(theta.end(), p.theta.begin(), p.theta.end());
    weight.push_back(p.weight);
    distance.push_back(p.distance);
    stats.insert(stats.end(), p.statistics.begin(), p.statistics.end());
  }
  const auto n = static_cast<hsize_t>(g.particles.size());
  write_matrix(group.id(), "theta", theta, {n, params});
  write_matrix(group.id(), "weight", weight, {n});
  write_matrix(group.id(), "distance", distance, {n});
  write_matrix(group.id(), "statistics", stats, {n, targets});
}

std::string generation_name(std::size_t t) {
  char name[32];
  std::snprintf(name, sizeof name, "g%03zu", t);
  return name;
}

std::string number(double v) {
  char b[64];
  std::snprintf(b, sizeof b, "%.6g", v);
  return b;
}

double percentile(std::vector<double> v, double q) {
  std::sort(v.begin(), v.end());
  if (v.empty()) return std::nan("");
  const double pos = q * static_cast<double>(v.size() - 1);
  const auto i = static_cast<std::size_t>(pos);
  const double f = pos - static_cast<double>(i);
  // On a rank exactly, no interpolation: an infinite neighbour (a distance that could not be
  // computed) would otherwise turn a finite value into inf x 0 = NaN.
  if (f == 0.0 || i + 1 == v.size()) return v[i];
  return v[i] * (1 - f) + v[i + 1] * f;
}

}  // namespace

void write_posterior(const std::filesystem::path& file, const Problem& problem,
                     const std::vector<Generation>& generations, bool complete, const std::string& stop_reason,
                     double wall_seconds) {
  h5::silence_library_errors();
  h5::AtomicOutput out(file);
  {
    h5::Handle f = h5::create_file(out.temp_path());
    h5::Handle meta = h5::create_group(f.id(), "meta");
    const auto& c = problem.config();
    h5::write_attr(meta.id(), "method",
                   "ABC-SMC (Beaumont, Cornuet, Marin & Robert 2009), quantile tolerance schedule");
    h5::write_attr(meta.id(), "config_file", c.file.string());
    h5::write_attr(meta.id(), "config_toml", c.text);
    h5::write_attr(meta.id(), "parameters", lines(parameter_names(problem)));
    h5::write_attr(meta.id(), "targets", lines(target_ids(problem)));
    h5::write_attr(meta.id(), "complete", complete ? 1 : 0);
    h5::write_attr(meta.id(), "stop_reason", stop_reason);
    h5::write_attr(meta.id(), "wall_time_s", wall_seconds);
    h5::write_attr(meta.id(), "written", sim::utc_now());  // for the reports that draw from it
    h5::write_attr(meta.id(), "generations", generations.size());
    std::vector<double> lower, upper, log_scale;
    for (const auto& p : c.priors) {
      lower.push_back(p.lower);
      upper.push_back(p.upper);
      log_scale.push_back(p.log_scale ? 1 : 0);
    }
    const auto np = static_cast<hsize_t>(c.priors.size());
    write_matrix(meta.id(), "prior_lower", lower, {np});
    write_matrix(meta.id(), "prior_upper", upper, {np});
    write_matrix(meta.id(), "prior_log_scale", log_scale, {np});
    std::vector<double> observed;
    for (const auto& t : problem.targets()) observed.push_back(t.observed());
    write_matrix(meta.id(), "observed", observed, {observed.size()});
    for (std::size_t t = 0; t < generations.size(); ++t) {
      write_generation(f.id(), "generations/" + generation_name(t), generations[t], c.priors.size(),
                       problem.targets().size());
    }
    if (!generations.empty()) {
      write_generation(f.id(), "posterior", generations.back(), c.priors.size(), problem.targets().size());
    }
    f.close();
  }
  out.commit();
}

std::vector<Generation> read_posterior(const std::filesystem::path& file, const Problem& problem,
                                       double* wall_seconds) {
  h5::silence_library_errors();
  h5::Handle f = h5::open_file_readonly(file);
  if (!h5::exists(f.id(), "meta")) throw sim::InputError(file.string() + ": not a calibration posterior file");
  h5::Handle meta = h5::open_group(f.id(), "meta");
  if (h5::read_attr_string(meta.id(), "config_toml") != problem.config().text) {
    throw sim::InputError(file.string() + ": written for a different version of " + problem.config().file.string() +
                          "; use --restart to start again (the old posterior is replaced)");
  }
  if (wall_seconds) *wall_seconds = h5::read_attr_double(meta.id(), "wall_time_s");
  const auto n = static_cast<std::size_t>(h5::read_attr_int(meta.id(), "generations"));
  const std::size_t np = problem.config().priors.size(), nt = problem.targets().size();
  std::vector<Generation> out;
  for (std::size_t t = 0; t < n; ++t) {
    const std::string base = "generations/" + generation_name(t);
    h5::Handle g = h5::open_group(f.id(), base);
    Generation gen;
    gen.index = static_cast<int>(h5::read_attr_int(g.id(), "index"));
    gen.epsilon = h5::read_attr_double(g.id(), "epsilon");
    gen.proposed = static_cast<std::uint64_t>(h5::read_attr_int(g.id(), "proposed"));
    const auto theta = h5::read_all<double>(f.id(), base + "/theta");
    const auto weight = h5::read_all<double>(f.id(), base + "/weight");
    const auto distance = h5::read_all<double>(f.id(), base + "/distance");
    const auto stats = nt > 0 ? h5::read_all<double>(f.id(), base + "/statistics") : std::vector<double>{};
    if (theta.size() != weight.size() * np || distance.size() != weight.size() || stats.size() != weight.size() * nt) {
      throw sim::InputError(file.string() + ": " + base + " has inconsistent shapes");
    }
    for (std::size_t i = 0; i < weight.size(); ++i) {
      Particle p;
      p.theta.assign(theta.begin() + static_cast<std::ptrdiff_t>(i * np),
                     theta.begin() + static_cast<std::ptrdiff_t>((i + 1) * np));
      p.weight = weight[i];
      p.distance = distance[i];
      p.statistics.assign(stats.begin() + static_cast<std::ptrdiff_t>(i * nt),
                          stats.begin() + static_cast<std::ptrdiff_t>((i + 1) * nt));
      gen.particles.push_back(std::move(p));
    }
    out.push_back(std::move(gen));
  }
  return out;
}

std::vector<double> posterior_mean(const Problem& problem, const Generation& g) {
  const auto& priors = problem.config().priors;
  std::vector<double> x(priors.size(), 0.0);
  for (const auto& p : g.particles) {
    for (std::size_t k = 0; k < x.size(); ++k) x[k] += p.weight * priors[k].to_fit(p.theta[k]);
  }
  for (std::size_t k = 0; k < x.size(); ++k) x[k] = priors[k].from_fit(x[k]);
  return x;
}

std::vector<double> point_estimate(const Problem& problem, const Generation& g, int candidates, int replicates,
                                   std::string* chosen) {
  std::vector<std::size_t> order(g.particles.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return g.particles[a].distance < g.particles[b].distance; });
  order.resize(std::min<std::size_t>(order.size(), static_cast<std::size_t>(std::max(candidates, 0))));
  std::vector<std::vector<double>> thetas{posterior_mean(problem, g)};
  std::vector<std::string> names{"posterior mean"};
  for (const std::size_t i : order) {
    thetas.push_back(g.particles[i].theta);
    names.push_back("particle " + std::to_string(i));
  }
  // Fresh numbers: a seed no proposal used (proposal seeds mix in the generation index).
  const std::uint64_t seed = proposal_seed(problem.config().abc.seed, -1, 0);
  std::vector<double> distance(thetas.size());
  for (std::size_t k = 0; k < thetas.size(); ++k) {
    const TargetValues v = problem.simulate(thetas[k], seed, replicates);
    std::vector<double> means;
    for (const auto& x : v) means.push_back(mean_of(x));
    distance[k] = problem.distance(means);
  }
  const auto best = static_cast<std::size_t>(std::min_element(distance.begin(), distance.end()) - distance.begin());
  if (chosen)
    *chosen = names[best] + " (re-simulated distance " + number(distance[best]) + "; posterior mean " +
              number(distance[0]) + ")";
  return thetas[best];
}

std::vector<FitRow> fit_rows(const Problem& problem, const std::vector<double>& theta) {
  const auto seed = static_cast<std::uint64_t>(problem.scenario().globals().integer("run.seed"));
  const TargetValues values = problem.simulate(theta, seed, problem.config().report_replicates);
  std::vector<FitRow> rows;
  for (std::size_t i = 0; i < problem.targets().size(); ++i) {
    const Target& t = problem.targets()[i];
    std::vector<double> v;
    for (const double x : values[i]) {
      if (std::isfinite(x)) v.push_back(x);
    }
    FitRow r;
    r.target = &t;
    r.observed = t.observed();
    r.replicates = static_cast<int>(v.size());
    r.mean = mean(v);
    const double half =
        v.size() > 1 ? t975(static_cast<double>(v.size() - 1)) * std::sqrt(variance(v) / static_cast<double>(v.size()))
                     : 0.0;
    r.mean_low = r.mean - half;
    r.mean_high = r.mean + half;
    r.sd = v.size() > 1 ? std::sqrt(variance(v)) : std::numeric_limits<double>::quiet_NaN();
    r.p2_5 = percentile(v, 0.025);
    r.p97_5 = percentile(v, 0.975);
    r.within = !v.empty() && t.within(r.mean);
    // Only where a replicate is one study of the study's size (not a whole LA, not every family).
    const bool study_sized = (t.design == Design::before_after || t.design == Design::randomised) && t.arms != "all";
    if (study_sized && !v.empty()) {
      r.in_study_range = r.p2_5 <= r.observed && r.observed <= r.p97_5 ? "yes" : "no";
    }
    rows.push_back(r);
  }
  return rows;
}

double distance_noise_floor(const Problem& problem, const std::vector<FitRow>& rows) {
  std::vector<double> one_se_off;
  for (const auto& r : rows) {
    one_se_off.push_back(r.observed + r.sd / std::sqrt(static_cast<double>(problem.config().replicates)));
  }
  const double d = problem.distance(one_se_off);  // only the fitted targets count
  return std::isfinite(d) ? d : std::numeric_limits<double>::quiet_NaN();
}

std::string noise_floor_note(const Problem& problem, const std::vector<FitRow>& rows, const Generation* last) {
  const double floor = distance_noise_floor(problem, rows);
  if (!std::isfinite(floor)) return "";
  std::ostringstream s;
  s << "Noise floor of the distance: " << number(floor) << " (what an exact fit would show from simulation noise "
    << "alone, with " << problem.config().replicates << " replicate(s) per candidate)";
  if (last != nullptr) {
    if (last->epsilon < floor) {
      s << "; the final tolerance, " << number(last->epsilon) << ", is below it, so the last generations accepted "
        << "candidates partly on lucky draws: more replicates per candidate lower the floor";
    } else {
      s << "; the final tolerance, " << number(last->epsilon) << ", is above it";
    }
  }
  s << ".";
  return s.str();
}

void write_overlay(const std::filesystem::path& file, const Problem& problem, const Generation& g,
                   const std::vector<double>& theta, const std::string& chosen) {
  const auto& c = problem.config();
  const auto sd = g.sd();
  const auto mean = g.mean();
  std::map<std::string, std::vector<std::size_t>> tables;
  for (std::size_t k = 0; k < c.priors.size(); ++k) {
    const auto& key = c.priors[k].name;
    tables[key.substr(0, key.rfind('.'))].push_back(k);
  }
  std::ostringstream s;
  s << "# Fitted by `cscsim calibrate " << c.file.string() << "` (ABC-SMC, " << c.abc.particles << " particles, "
    << g.index + 1 << " generations, final tolerance " << number(g.epsilon) << ").\n"
    << "# Values: " << chosen << ", the best of the posterior mean and the final generation's\n"
    << "# closest particles re-simulated (docs/calibration.md). A scenario takes them with\n"
    << "# base = \"" << file.filename().string() << "\" (keys it sets itself win).\n";
  for (const auto& [table, ks] : tables) {
    s << "\n[" << table << "]\n";
    for (const std::size_t k : ks) {
      const auto& p = c.priors[k];
      s << p.name.substr(table.size() + 1) << " = " << number(theta[k]) << "  # posterior mean " << number(mean[k])
        << ", sd " << number(sd[k]) << "; prior " << (p.log_scale ? "log_uniform" : "uniform") << " ["
        << number(p.lower) << ", " << number(p.upper) << "]\n";
    }
  }
  write_text_file(file, s.str());
}

std::string format_fit(const std::vector<FitRow>& rows) {
  std::ostringstream s;
  char line[512];
  std::snprintf(line, sizeof line, "%-28s %-8s %12s %12s %25s %7s  %s\n", "target", "role", "observed", "simulated",
                "95% interval of mean", "error", "within");
  s << line;
  for (const auto& r : rows) {
    std::snprintf(line, sizeof line, "%-28s %-8s %12.4g %12.4g   [%10.4g, %10.4g] %+6.1f%%  %s\n", r.target->id.c_str(),
                  role_name(r.target->role), r.observed, r.mean, r.mean_low, r.mean_high,
                  100.0 * (r.mean - r.observed) / std::abs(r.observed), r.within ? "yes" : "NO");
    s << line;
  }
  return s.str();
}

void write_fit_report(const std::filesystem::path& dir, const Problem& problem,
                      const std::vector<Generation>& generations, const std::vector<double>& theta,
                      const std::string& chosen, const std::vector<FitRow>& rows, double wall_seconds) {
  const auto& c = problem.config();
  std::ostringstream csv;
  csv << "id,role,design,statistic,observed,tolerance,simulated_mean,mean_low,mean_high,replicate_p2_5,"
         "replicate_p97_5,replicates,relative_error,within,in_study_range,source\n";
  for (const auto& r : rows) {
    const Target& t = *r.target;
    csv << t.id << ',' << role_name(t.role) << ',' << design_name(t.design) << ',' << t.statistic << ','
        << number(r.observed) << ',' << number(t.tolerance) << ',' << number(r.mean) << ',' << number(r.mean_low) << ','
        << number(r.mean_high) << ',' << number(r.p2_5) << ',' << number(r.p97_5) << ',' << r.replicates << ','
        << number((r.mean - r.observed) / std::abs(r.observed)) << ',' << (r.within ? "yes" : "no") << ','
        << r.in_study_range << ",\"" << t.source << "\"\n";
  }
  write_text_file(dir / "fit_report.csv", csv.str());

  std::ostringstream md;
  md << "# Fit report: " << c.name << "\n\n"
     << c.description << "\n\n"
     << "Configuration `" << c.file.string() << "`, scenario `" << c.scenario.string() << "`. ";
  if (generations.empty()) {
    md << "Nothing fitted (`--evaluate`): the targets at the scenario's own parameter values.\n\n";
  } else {
    std::uint64_t sims = 0;
    for (const auto& g : generations) sims += g.proposed;
    md << "ABC-SMC with " << c.abc.particles << " particles, " << c.replicates << " replicate(s) per candidate; "
       << generations.size() << " generations, final tolerance " << number(generations.back().epsilon)
       << ", final acceptance " << number(generations.back().acceptance()) << "; " << sims << " proposals; "
       << number(wall_seconds) << " s of calibration. Fitted values: " << chosen << ".\n\n";
  }
  if (const auto note = noise_floor_note(problem, rows, generations.empty() ? nullptr : &generations.back());
      !note.empty()) {
    md << note << "\n\n";
  }
  md << "## Parameters\n\n| Parameter | Prior | Value | Posterior mean | Posterior sd |\n|---|---|---|---|---|\n";
  const auto sd = generations.empty() ? std::vector<double>(theta.size(), 0.0) : generations.back().sd();
  const auto pm = generations.empty() ? theta : generations.back().mean();
  for (std::size_t k = 0; k < theta.size(); ++k) {
    const auto& p = c.priors[k];
    md << "| `" << p.name << "` | " << (p.log_scale ? "log-uniform" : "uniform") << " [" << number(p.lower) << ", "
       << number(p.upper) << "] | " << number(theta[k]) << " | " << number(pm[k]) << " | " << number(sd[k]) << " |\n";
  }
  md << "\n## Targets\n\nThe fitted scenario run " << (rows.empty() ? 0 : rows.front().replicates)
     << " times. *Within*: the simulated mean is within the target's tolerance of the observed value. "
        "For a virtual evaluation each replicate is one virtual study at the study's sample size; "
        "the replicate range shows its sampling spread, and *In one study's range* says whether the reported value "
        "lies in it (a study of that size could have reported it if the model were true).\n\n"
     << "| Target | Role | Design | Observed | Simulated mean | 95% CI of mean | Replicate 2.5-97.5% | Error | Tolerance | Within | In one study's range |\n"
     << "|---|---|---|---|---|---|---|---|---|---|---|\n";
  for (const auto& r : rows) {
    const Target& t = *r.target;
    char err[32];
    std::snprintf(err, sizeof err, "%+.1f%%", 100.0 * (r.mean - r.observed) / std::abs(r.observed));
    md << "| " << t.id << " | " << role_name(t.role) << " | " << design_name(t.design) << " | " << number(r.observed)
       << " | " << number(r.mean) << " | " << number(r.mean_low) << " to " << number(r.mean_high) << " | "
       << number(r.p2_5) << " to " << number(r.p97_5) << " | " << err << " | ±" << number(100 * t.tolerance) << "% | "
       << (r.within ? "yes" : "**no**") << " | " << r.in_study_range << " |\n";
  }
  if (!generations.empty()) {
    md << "\n## Generations\n\n*Effective sample size*: how many equally weighted particles the generation's "
          "weights are worth, (sum w)^2 / sum w^2 (Kish); far below the particle count, the posterior mean and sd "
          "rest on a few particles. *Median distance*: of the particles kept.\n\n"
       << "| Generation | Tolerance | Proposals | Acceptance | Effective sample size | Median distance |\n"
       << "|---|---|---|---|---|---|\n";
    for (const auto& g : generations) {
      std::vector<double> d;
      for (const auto& p : g.particles) d.push_back(p.distance);
      md << "| " << g.index << " | " << (g.index == 0 ? "none (the prior)" : number(g.epsilon)) << " | " << g.proposed
         << " | " << number(g.acceptance()) << " | " << number(g.effective_sample_size()) << " | "
         << number(percentile(d, 0.5)) << " |\n";
    }
  }
  write_text_file(dir / "fit_report.md", md.str());
}

}  // namespace csc::analysis::calibration
