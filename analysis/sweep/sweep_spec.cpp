#include "analysis/sweep/sweep_spec.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <numeric>
#include <optional>
#include <set>
#include <sstream>

#include "analysis/posterior_draws.hpp"
#include "analysis/text_file.hpp"
#include "models/scenario/parameters.hpp"
#include "sim/core/errors.hpp"
#include "sim/core/text.hpp"
#include "sim/rng/random.hpp"

namespace csc::analysis::sweep {

namespace {

/// The most variants a sweep expands into (a grid is counted before it is built).
constexpr std::size_t kMaxVariants = 100000;

using sim::ParamSpec;
using sim::ParamType;

ParamSpec text(std::string key, std::optional<std::string> def, std::vector<std::string> choices, std::string doc) {
  ParamSpec p{std::move(key), ParamType::string, {}, -HUGE_VAL, HUGE_VAL, std::move(choices), "", std::move(doc), ""};
  if (def) p.default_value = *def;
  return p;
}
ParamSpec integer(std::string key, std::int64_t def, double lo, double hi, std::string doc) {
  return {std::move(key), ParamType::integer, def, lo, hi, {}, "", std::move(doc), ""};
}
ParamSpec real(std::string key, double def, std::string doc) {
  return {std::move(key), ParamType::real, def, -1e15, 1e15, {}, "", std::move(doc), ""};
}

std::vector<std::string> model_keys() {
  std::vector<std::string> keys;
  for (const ParamSpec& p : models::model_schema().params) keys.push_back(p.key);
  return keys;
}

const sim::Schema& sweep_schema() {
  static const sim::Schema schema = [] {
    sim::Schema s;
    s.params = {
        text("name", std::nullopt, {}, "Name of the sweep"),
        text("description", "", {}, "What it varies and why"),
        text("scenario", std::nullopt, {}, "Scenario every variant starts from, relative to this file"),
        text("design", "grid", {"grid", "list", "lhs"},
             "grid: every combination of the [[vary]] values; list: the [[variant]] tables; lhs: a Latin "
             "hypercube of `samples` points between each [[vary]] lower and upper"),
        integer("replicates", 0, 0, 1000000, "Replicates of every variant (0: the scenario's run.replicates)"),
        integer("replicates_per_task", 0, 0, 1000000,
                "Replicates a task runs (0: all of a variant's in one task); ranges of one variant are merged"),
        integer("samples", 0, 0, 100000, "Points of the Latin hypercube (design lhs)"),
        integer("seed", 1, 0, 9.0e18, "Seed of the Latin hypercube (design lhs)"),
        text("set", "", {}, "Overrides every variant takes first, KEY=VALUE separated by ';'"),
        text("posterior", "", {},
             "Calibration posterior (posterior.h5 of cscsim calibrate, relative to this file): each replicate's "
             "parameters drawn from it as run --posterior draws them; a key the sweep sets keeps the sweep's "
             "value (manifest.csv, posterior_kept); a task runs a whole variant"),
        integer("per_draw", 2, 2, 10000, "With a posterior: replicates per draw (replicates are draws x per_draw)"),
        text("base_variant.scenario", "", {}, "Scenario of the variant the others are compared with"),
        text("base_variant.set", "", {},
             "Overrides of that variant, KEY=VALUE separated by ';' (with neither, no base variant)"),
    };
    sim::TableArraySpec vary{"vary", {}, 0, 1000, "The parameters a grid or a hypercube varies"};
    ParamSpec key = text("key", std::nullopt, {}, "A scenario parameter (scenarios/PARAMETERS.md)");
    key.choices = model_keys();
    vary.params = {key, text("values", "", {}, "grid: the values, separated by commas"),
                   real("lower", 0, "lhs: lower bound"), real("upper", 0, "lhs: upper bound"),
                   text("scale", "linear", {"linear", "log"}, "lhs: spread the points evenly in the value or its log")};
    sim::TableArraySpec variant{"variant", {}, 0, 100000, "The variants of a list design"};
    variant.params = {text("name", std::nullopt, {}, "Its name in the tables"),
                      text("scenario", "", {}, "Its scenario, relative to this file (default: the sweep's)"),
                      text("set", "", {}, "Overrides, KEY=VALUE separated by ';'")};
    s.arrays = {vary, variant};
    return s;
  }();
  return schema;
}

std::vector<std::string> split(const std::string& text, char sep) {
  std::vector<std::string> out;
  std::stringstream in(text);
  for (std::string part; std::getline(in, part, sep);) {
    if (part = sim::trimmed(part); !part.empty()) out.push_back(part);
  }
  return out;
}

/// "KEY=VALUE; KEY=VALUE" into pairs; InputError naming `origin` for an entry without '='.
std::vector<Override> parse_sets(const std::string& text, const std::string& origin) {
  std::vector<Override> out;
  for (const std::string& s : split(text, ';')) {
    const auto eq = s.find('=');
    if (eq == std::string::npos || eq == 0) {
      throw sim::InputError(origin + ": key 'set': '" + s + "' is not KEY=VALUE");
    }
    out.push_back({sim::trimmed(s.substr(0, eq)), sim::trimmed(s.substr(eq + 1)), origin});
  }
  return out;
}

/// n in decimal, with leading zeros to `width` digits.
std::string zero_padded(std::size_t n, std::size_t width) {
  const std::string digits = std::to_string(n);
  std::string out(width > digits.size() ? width - digits.size() : 0, '0');
  out += digits;
  return out;
}

std::string shortest(double x) {
  char buf[32];
  const auto r = std::to_chars(buf, buf + sizeof buf, x);
  return std::string(buf, r.ptr);
}

/// The grid: every combination of the [[vary]] values, the first key varying slowest.
std::vector<std::vector<std::string>> grid_points(const std::vector<std::vector<std::string>>& values) {
  std::vector<std::vector<std::string>> points{{}};
  for (const auto& vs : values) {
    std::vector<std::vector<std::string>> next;
    for (const auto& p : points) {
      for (const auto& v : vs) {
        next.push_back(p);
        next.back().push_back(v);
      }
    }
    points = std::move(next);
  }
  return points;
}

/// A Latin hypercube of n points: in every dimension each of n equal strata holds one point,
/// at a uniform position in it; the strata are matched across dimensions by a random
/// permutation per dimension. Keyed draws (seed, dimension, point): the same on every machine.
std::vector<std::vector<std::string>> hypercube(const std::vector<sim::ParamTable>& vary, std::int64_t n,
                                                std::uint64_t seed) {
  std::vector<std::vector<std::string>> points(static_cast<std::size_t>(n));
  for (std::size_t k = 0; k < vary.size(); ++k) {
    const auto& v = vary[k];
    const bool log = v.string("scale") == "log";
    const double lo = log ? std::log(v.real("lower")) : v.real("lower");
    const double hi = log ? std::log(v.real("upper")) : v.real("upper");
    std::vector<std::int64_t> strata(static_cast<std::size_t>(n));
    std::iota(strata.begin(), strata.end(), 0);
    sim::Draws shuffle(sim::RunKey{seed, 0}, k, 0, 1);
    for (std::int64_t i = n - 1; i > 0; --i) {
      const auto j = static_cast<std::int64_t>(shuffle.uniform() * static_cast<double>(i + 1));
      std::swap(strata[static_cast<std::size_t>(i)], strata[static_cast<std::size_t>(std::min(j, i))]);
    }
    const bool whole = models::model_spec(v.string("key")).type == ParamType::integer;
    for (std::int64_t i = 0; i < n; ++i) {
      sim::Draws at(sim::RunKey{seed, 0}, k, static_cast<sim::Day>(i + 1), 2);
      const double t =
          (static_cast<double>(strata[static_cast<std::size_t>(i)]) + at.uniform()) / static_cast<double>(n);
      const double x = log ? std::exp(lo + t * (hi - lo)) : lo + t * (hi - lo);
      points[static_cast<std::size_t>(i)].push_back(whole ? std::to_string(std::llround(x)) : shortest(x));
    }
  }
  return points;
}

void check_vary(const sim::ParamTable& v, const std::string& design, std::vector<std::string>& problems) {
  const std::string where = v.origin("key") + ": key 'key' ('" + v.string("key") + "'): ";
  const ParamSpec& spec = models::model_spec(v.string("key"));
  if (design == "grid" && split(v.string("values"), ',').empty()) {
    problems.push_back(where + "a grid needs its values (key 'values', separated by commas)");
  }
  if (design == "lhs") {
    const bool number = spec.type == ParamType::real || spec.type == ParamType::integer;
    if (!number) problems.push_back(where + "a hypercube varies numbers only");
    if (v.origin("lower").empty() || v.origin("upper").empty() || !(v.real("lower") < v.real("upper"))) {
      problems.push_back(where + "a hypercube needs lower < upper");
    } else if (v.string("scale") == "log" && v.real("lower") <= 0) {
      problems.push_back(where + "scale = \"log\" needs lower > 0");
    }
  }
}

/// The variants the design makes, the base first.
void make_variants(Sweep& s, const sim::Scenario& file, const std::vector<std::string>& cli_sets) {
  const auto& g = file.globals();
  const auto dir = s.file.parent_path();
  const std::filesystem::path scenario = dir / g.string("scenario");
  auto common = parse_sets(g.string("set"), g.origin("set"));
  for (const std::string& set : cli_sets) {
    const auto more = parse_sets(set, "--set " + set.substr(0, set.find('=')));
    common.insert(common.end(), more.begin(), more.end());
  }
  // A variant's overrides: the sweep's first, then its own (a later one of a key wins).
  auto with_common = [&](std::vector<Override> own) {
    own.insert(own.begin(), common.begin(), common.end());
    return own;
  };
  const std::string base_scenario = g.string("base_variant.scenario"), base_set = g.string("base_variant.set");
  if (!base_scenario.empty() || !base_set.empty()) {
    s.has_base = true;
    s.variants.push_back({"base", "base", base_scenario.empty() ? scenario : dir / base_scenario,
                          with_common(parse_sets(base_set, g.origin("base_variant.set"))),
                          g.origin("base_variant.set")});
  }
  const auto& vary = file.elements("vary");
  for (const auto& v : vary) s.varied.push_back(v.string("key"));
  std::vector<std::vector<std::string>> points;
  if (s.design == "grid") {
    std::vector<std::vector<std::string>> values;
    for (const auto& v : vary) values.push_back(split(v.string("values"), ','));
    // Counted before it is built: two keys of a thousand values would be a million variants.
    std::size_t combinations = 1;
    for (const auto& vs : values) {
      combinations = vs.empty() || combinations > kMaxVariants ? combinations : combinations * vs.size();
    }
    if (combinations > kMaxVariants) {
      const std::string where = vary.empty() ? s.file.string() : vary[0].origin("values");
      const std::string count = combinations > kMaxVariants * 1000 ? "far more than " + std::to_string(kMaxVariants)
                                                                   : std::to_string(combinations) + ", more than " +
                                                                         std::to_string(kMaxVariants) + ",";
      throw sim::InputError(where + ": key 'values': the grid's combinations are " + count +
                            " variants; split it into several sweeps");
    }
    points = grid_points(values);
  } else if (s.design == "lhs") {
    points = hypercube(vary, g.integer("samples"), static_cast<std::uint64_t>(g.integer("seed")));
  }
  const auto& listed = file.elements("variant");
  const std::size_t n = s.design == "list" ? listed.size() : points.size();
  const std::size_t width = std::max<std::size_t>(3, std::to_string(n).size());
  for (std::size_t i = 0; i < n; ++i) {
    std::string id = "v";
    id += zero_padded(i + 1, width);
    if (s.design == "list") {
      const auto& t = listed[i];
      s.variants.push_back({id, t.string("name"), t.string("scenario").empty() ? scenario : dir / t.string("scenario"),
                            with_common(parse_sets(t.string("set"), t.origin("set"))), t.origin("name")});
      continue;
    }
    Variant v{id, "", scenario, common, vary.empty() ? g.origin("design") : vary[0].origin("key")};
    for (std::size_t k = 0; k < vary.size(); ++k) {
      v.sets.push_back({s.varied[k], points[i][k], vary[k].origin(s.design == "grid" ? "values" : "key")});
      if (k > 0) v.label += ", ";
      v.label += s.varied[k] + "=" + points[i][k];
    }
    s.variants.push_back(std::move(v));
  }
}

/// Variant v's scenario from its file as loaded: the replicates (0: the scenario's) and its
/// overrides applied.
sim::Scenario with_overrides(const Sweep& s, const Variant& v, std::int64_t replicates, sim::Scenario sc) {
  if (replicates > 0) sc.set("run.replicates", replicates, s.file.string() + ": replicates");
  for (const Override& o : v.sets) sc.set_text(o.key, o.value, o.origin);
  return sc;
}

/// Every variant's scenario loads and takes its overrides; every variant runs the same number
/// of replicates (the pairing of comparisons needs it).
void check_variants(Sweep& s, std::int64_t replicates) {
  std::vector<std::string> problems;
  std::set<std::string> labels;
  std::map<std::filesystem::path, sim::Scenario> loaded;  // each scenario file read once
  for (const Variant& v : s.variants) {
    try {
      auto it = loaded.find(v.scenario);
      if (it == loaded.end()) it = loaded.emplace(v.scenario, models::load_scenario(v.scenario.string())).first;
      const sim::Scenario sc = with_overrides(s, v, replicates, it->second);
      (void)models::params_from_scenario(sc);  // the checks across keys, before anything runs
      const std::int64_t r = sc.globals().integer("run.replicates");
      if (s.replicates == 0) s.replicates = r;
      if (r != s.replicates) {
        problems.push_back(v.origin + ": variant '" + v.label + "' runs " + std::to_string(r) +
                           " replicates and the first " + std::to_string(s.replicates) +
                           " (set `replicates` in the sweep file)");
      }
    } catch (const sim::InputError& e) {
      for (const auto& m : e.messages()) problems.push_back(m);
    }
    if (!labels.insert(v.label).second) problems.push_back(v.origin + ": two variants are named '" + v.label + "'");
  }
  if (!problems.empty()) throw sim::InputError(problems);
}

/// A sweep with a posterior: the file reads as a posterior of this model, the replicates are
/// whole draws, and a task runs a whole variant (a replicate range of posterior-drawn runs
/// cannot be merged yet).
void check_posterior(Sweep& s, const sim::Scenario& f) {
  const auto& g = f.globals();
  s.posterior = s.file.parent_path() / g.string("posterior");
  s.per_draw = g.integer("per_draw");
  const Posterior posterior = read_posterior(s.posterior, models::model_schema());
  s.drawn = posterior.parameters;
  std::vector<std::string> problems;
  if (s.replicates % s.per_draw != 0 || s.replicates / s.per_draw < 2) {
    problems.push_back(g.origin("per_draw").empty() ? s.file.string() + ": key 'per_draw'"
                                                    : g.origin("per_draw") + ": key 'per_draw'");
    problems.back() += ": the " + std::to_string(s.replicates) + " replicates are not 2 or more draws of " +
                       std::to_string(s.per_draw) + " replicates";
  }
  const std::int64_t per_task = g.integer("replicates_per_task");
  if (per_task != 0 && per_task != s.replicates) {
    problems.push_back(g.origin("replicates_per_task") +
                       ": key 'replicates_per_task': with a posterior a task runs a whole variant (0 or " +
                       std::to_string(s.replicates) + "); replicate ranges of posterior-drawn runs are not merged yet");
  }
  if (!problems.empty()) throw sim::InputError(problems);
}

void make_tasks(Sweep& s, std::int64_t per_task) {
  const std::int64_t chunk = per_task > 0 ? std::min(per_task, s.replicates) : s.replicates;
  const std::size_t width = std::max<std::size_t>(4, std::to_string(s.replicates - 1).size());
  auto padded = [&](std::int64_t r) { return zero_padded(static_cast<std::size_t>(r), width); };
  for (std::size_t v = 0; v < s.variants.size(); ++v) {
    for (std::int64_t first = 0; first < s.replicates; first += chunk) {
      const std::int64_t n = std::min(chunk, s.replicates - first);
      s.tasks.push_back({s.variants[v].id + "_r" + padded(first) + "-" + padded(first + n - 1), v, first, n});
    }
  }
}

}  // namespace

std::string Sweep::value_of(const Variant& v, const std::string& key) const {
  std::string value;
  for (const Override& o : v.sets) {
    if (o.key == key) value = o.value;
  }
  return value;
}

std::vector<std::string> Sweep::posterior_kept(const Variant& v) const {
  std::vector<std::string> kept;
  for (const std::string& key : drawn) {
    const bool set = std::any_of(v.sets.begin(), v.sets.end(), [&](const Override& o) { return o.key == key; });
    if (set) kept.push_back(key);
  }
  return kept;
}

sim::Scenario variant_scenario(const Sweep& s, const Variant& v, std::int64_t replicates) {
  return with_overrides(s, v, replicates, models::load_scenario(v.scenario.string()));
}

std::vector<std::string> sets_of(const std::string& text) {
  std::vector<std::string> sets;
  std::stringstream in(text);
  const std::string prefix = kSetLine;
  for (std::string line; std::getline(in, line);) {
    if (line.rfind(prefix, 0) == 0) sets.push_back(line.substr(prefix.size()));
  }
  return sets;
}

Sweep load_sweep(const std::filesystem::path& file, const std::vector<std::string>& sets) {
  const sim::Scenario f = sim::Scenario::load(file, sweep_schema());
  const auto& g = f.globals();
  Sweep s;
  s.file = file;
  s.text = analysis::read_text_file(file);
  for (const std::string& set : sets) {
    if (set.find_first_of("\n\r") != std::string::npos) throw sim::InputError("--set: a line break in '" + set + "'");
    if (!s.text.empty() && s.text.back() != '\n') s.text += '\n';
    s.text += kSetLine + set + "\n";
  }
  s.name = g.string("name");
  s.description = g.string("description");
  s.design = g.string("design");
  std::vector<std::string> problems;
  for (const auto& v : f.elements("vary")) check_vary(v, s.design, problems);
  const bool listed = !f.elements("variant").empty(), varies = !f.elements("vary").empty();
  if (s.design == "list" && (!listed || varies)) {
    problems.push_back(g.origin("design") + ": key 'design': a list design takes [[variant]] tables and no [[vary]]");
  }
  if (s.design != "list" && (!varies || listed)) {
    problems.push_back(g.origin("design").empty()
                           ? file.string() + ": a grid needs [[vary]] tables (and no [[variant]])"
                           : g.origin("design") + ": key 'design': a " + s.design +
                                 " design takes [[vary]] tables and no [[variant]]");
  }
  if (s.design == "lhs" && g.integer("samples") < 1) {
    problems.push_back(file.string() + ": key 'samples': a hypercube needs samples >= 1");
  }
  if (!problems.empty()) throw sim::InputError(problems);
  make_variants(s, f, sets);
  check_variants(s, g.integer("replicates"));
  if (!g.string("posterior").empty()) check_posterior(s, f);
  make_tasks(s, g.integer("replicates_per_task"));
  return s;
}

}  // namespace csc::analysis::sweep
