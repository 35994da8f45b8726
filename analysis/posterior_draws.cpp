#include "analysis/posterior_draws.hpp"

#include <algorithm>
#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>

#include "analysis/run_reader.hpp"
#include "models/core/streams.hpp"
#include "models/scenario/parameters.hpp"
#include "sim/core/errors.hpp"
#include "sim/core/fnv1a.hpp"
#include "sim/io/hdf5.hpp"
#include "sim/rng/random.hpp"

namespace csc::analysis {

namespace {

namespace h5 = sim::h5;

/// Far above any calibration's particles and parameters; low enough that a hostile declared
/// shape fails before anything is allocated for it.
constexpr hsize_t kMaxParticles = 1000000;
constexpr hsize_t kMaxParameters = 10000;

std::string file_digest(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw sim::InputError(file.string() + ": cannot read");
  sim::Fnv1a hash;
  std::vector<char> buf(1 << 16);
  while (in.read(buf.data(), static_cast<std::streamsize>(buf.size())) || in.gcount() > 0) {
    hash.bytes(buf.data(), static_cast<std::size_t>(in.gcount()));
  }
  if (in.bad()) throw sim::InputError(file.string() + ": cannot read");
  char out[32];
  std::snprintf(out, sizeof out, "fnv1a64:%016" PRIx64, hash.value());
  return out;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) out.push_back(line);
  }
  return out;
}

std::string shape_text(const std::vector<hsize_t>& d) {
  std::string s = "(";
  for (std::size_t i = 0; i < d.size(); ++i) s += (i ? ", " : "") + std::to_string(d[i]);
  return s + ")";
}

/// /posterior/NAME, which must have the shape `expected`, read whole (HDF5 checks it).
std::vector<double> read_matrix(hid_t f, const std::string& file, const std::string& name,
                                const std::vector<hsize_t>& expected) {
  const std::string path = "posterior/" + name;
  if (!h5::exists(f, path)) throw sim::InputError(file + ": /" + path + ": missing; not a calibration posterior");
  const auto ds = h5::Dataset::open(f, path);
  if (ds.dims() != expected) {
    throw sim::InputError(file + ": /" + path + ": shape " + shape_text(ds.dims()) + ", expected " +
                          shape_text(expected) + " (particles" + (expected.size() == 2 ? ", parameters)" : ")"));
  }
  std::vector<double> out(h5::detail::element_count(expected));
  h5::detail::read_numeric(ds, H5T_NATIVE_DOUBLE, out.data());
  return out;
}

/// Each key must be a real-valued global parameter of the model, not a run setting, and named once.
void check_keys(const Posterior& p, const sim::Schema& schema, std::vector<std::string>& problems) {
  std::set<std::string> seen;
  for (const std::string& key : p.parameters) {
    const std::string where = p.file.string() + ": /meta parameters: key '" + key + "': ";
    const auto spec =
        std::find_if(schema.params.begin(), schema.params.end(), [&](const sim::ParamSpec& s) { return s.key == key; });
    if (!seen.insert(key).second) {
      problems.push_back(where + "named twice");
    } else if (spec == schema.params.end()) {
      problems.push_back(where + "not a parameter the model declares (scenarios/PARAMETERS.md lists them)");
    } else if (spec->type != sim::ParamType::real || key.rfind("run.", 0) == 0) {
      problems.push_back(where + "not a real-valued model parameter, so it cannot be drawn");
    }
  }
}

/// Every value finite and within its key's range; weights finite, >= 0, not all zero.
void check_values(Posterior& p, const sim::Schema& schema, std::vector<std::string>& problems) {
  const std::size_t np = p.parameters.size();
  for (std::size_t k = 0; k < np; ++k) {
    const auto spec = std::find_if(schema.params.begin(), schema.params.end(),
                                   [&](const sim::ParamSpec& s) { return s.key == p.parameters[k]; });
    if (spec == schema.params.end()) continue;  // reported by check_keys
    for (std::size_t i = 0; i < p.particles(); ++i) {
      const double v = p.value(i, k);
      if (std::isfinite(v) && v >= spec->min && v <= spec->max) continue;
      std::ostringstream m;
      m << p.file.string() << ": /posterior/theta particle " << i << ": key '" << p.parameters[k] << "': " << v
        << " is outside the parameter's range [" << spec->min << ", " << spec->max << "]";
      problems.push_back(m.str());
      break;  // one message per key
    }
  }
  double total = 0.0;
  for (std::size_t i = 0; i < p.particles(); ++i) {
    const double w = p.weight[i];
    if (!std::isfinite(w) || w < 0) {
      problems.push_back(p.file.string() + ": /posterior/weight particle " + std::to_string(i) +
                         ": a weight must be finite and >= 0");
      return;
    }
    total += w;
  }
  if (!(total > 0)) problems.push_back(p.file.string() + ": /posterior/weight: every weight is zero");
  for (double& w : p.weight) w /= total;
}

Posterior read_file(const std::filesystem::path& file) {
  Posterior p;
  p.file = file;
  const std::string name = file.string();
  h5::Handle f = h5::open_file_readonly(file);
  if (!h5::exists(f.id(), "meta") || !h5::exists(f.id(), "posterior")) {
    throw sim::InputError(name + ": not a calibration posterior (no /meta or /posterior; cscsim calibrate writes one)");
  }
  const h5::Handle meta = h5::open_group(f.id(), "meta");
  if (h5::read_attr_int(meta.id(), "complete") != 1) {
    throw sim::InputError(name + ": /meta complete = 0: the calibration did not finish; resume it first");
  }
  p.parameters = lines_of(h5::read_attr_string(meta.id(), "parameters"));
  if (h5::has_attr(meta.id(), "config_file")) p.calibration = h5::read_attr_string(meta.id(), "config_file");
  if (p.parameters.empty()) throw sim::InputError(name + ": /meta parameters: names no parameter");
  if (p.parameters.size() > kMaxParameters) throw sim::InputError(name + ": /meta parameters: too many");
  if (!h5::exists(f.id(), "posterior/weight"))
    throw sim::InputError(name + ": /posterior/weight: missing; not a calibration posterior");
  const auto dims = h5::Dataset::open(f.id(), "posterior/weight").dims();
  if (dims.size() != 1 || dims[0] < 1 || dims[0] > kMaxParticles) {
    throw sim::InputError(name + ": /posterior/weight: shape " + shape_text(dims) +
                          ", expected (particles) with 1 to " + std::to_string(kMaxParticles) + " particles");
  }
  p.weight = read_matrix(f.id(), name, "weight", {dims[0]});
  p.theta = read_matrix(f.id(), name, "theta", {dims[0], p.parameters.size()});
  return p;
}

/// Keys that the scenario file itself (not one of its base files) sets: a draw would replace
/// the value it sets, so the scenario would no longer be the what-if it states.
void check_scenario_keys(const sim::Scenario& scenario, const Posterior& posterior) {
  const std::string own = scenario.path().string() + ":";
  std::vector<std::string> problems;
  for (const std::string& key : posterior.parameters) {
    const std::string origin = scenario.globals().origin(key);
    if (!scenario.path().empty() && origin.rfind(own, 0) == 0) {
      problems.push_back(origin + ": key '" + key + "': set here, but drawn from the posterior " +
                         posterior.file.string() +
                         ", which would replace it; set it in a base file, or run without "
                         "--posterior");
    }
  }
  if (!problems.empty()) throw sim::InputError(problems);
}

}  // namespace

Posterior read_posterior(const std::filesystem::path& file, const sim::Schema& schema) {
  h5::silence_library_errors();
  std::error_code ec;
  if (std::filesystem::exists(file, ec) && !std::filesystem::is_regular_file(file, ec)) {
    throw sim::InputError(file.string() + ": not a regular file");
  }
  Posterior p = guard_read(file, [&] { return read_file(file); });
  p.file_digest = file_digest(file);
  std::vector<std::string> problems;
  check_keys(p, schema, problems);
  check_values(p, schema, problems);
  if (!problems.empty()) throw sim::InputError(problems);
  return p;
}

std::vector<std::size_t> draw_particles(const Posterior& posterior, std::uint64_t seed, int draws) {
  std::vector<std::size_t> out;
  for (int k = 0; k < draws; ++k) {
    sim::Draws d(sim::RunKey{seed, static_cast<std::uint64_t>(k)}, 0, 0,
                 models::stream_id(models::Stream::posterior_draw));
    out.push_back(d.categorical(posterior.weight));
  }
  return out;
}

DrawnParameters draw_parameters(const sim::Scenario& scenario, const Posterior& posterior, int draws, int per_draw,
                                const std::vector<std::string>& kept) {
  check_scenario_keys(scenario, posterior);
  const auto seed = static_cast<std::uint64_t>(scenario.globals().integer("run.seed"));
  const std::vector<std::size_t> particles = draw_particles(posterior, seed, draws);
  DrawnParameters out;
  models::PosteriorRecord& r = out.record;
  r.file = posterior.file.string();
  r.file_digest = posterior.file_digest;
  r.calibration = posterior.calibration;
  r.parameters = posterior.parameters;
  r.draws = draws;
  r.per_draw = per_draw;
  for (int k = 0; k < draws; ++k) {
    const std::size_t particle = particles[static_cast<std::size_t>(k)];
    sim::Scenario s = scenario;
    const std::string origin = posterior.file.string() + ": particle " + std::to_string(particle);
    for (std::size_t j = 0; j < posterior.parameters.size(); ++j) {
      if (std::find(kept.begin(), kept.end(), posterior.parameters[j]) != kept.end()) continue;
      s.set(posterior.parameters[j], posterior.value(particle, j), origin);
    }
    out.by_draw.push_back(models::params_from_scenario(s));
    for (int i = 0; i < per_draw; ++i) {
      r.draw.push_back(k);
      r.particle.push_back(static_cast<std::int64_t>(particle));
      for (std::size_t j = 0; j < posterior.parameters.size(); ++j) {  // the value the replicate ran with
        r.theta.push_back(s.globals().real(posterior.parameters[j]));
      }
    }
  }
  return out;
}

}  // namespace csc::analysis
