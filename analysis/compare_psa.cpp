#include "analysis/compare_psa.hpp"

#include <algorithm>
#include <cstdio>

#include "sim/core/text.hpp"

namespace csc::analysis::psa_detail {

namespace {

using sim::csv_field;
using sim::json_string;

/// The headline measures whose drivers are reported (metrics of differences.csv).
constexpr const char* kDriverMetrics[] = {"care_entries", "days_in_care", "cp_children",
                                          "re_referrals", "kept_at_home", "net_cost"};

std::string number(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

bool same_values(const models::PosteriorRecord& p) {
  const std::size_t np = p.parameters.size();
  for (std::size_t i = np; i < p.theta.size(); ++i) {
    if (p.theta[i] != p.theta[i % np]) return false;
  }
  return true;
}

}  // namespace

std::vector<std::string> posterior_pairing(const RunFile& base, const RunFile& variant) {
  const auto& a = base.posterior;
  const auto& b = variant.posterior;
  if (!a && !b) return {};
  if (!a || !b) {
    return {std::string("parameters were drawn from a posterior (cscsim run --posterior) in the ") +
            (a ? "base run" : "variant run") + " only"};
  }
  std::vector<std::string> why;
  if (a->file_digest != b->file_digest)
    why.push_back("posterior files differ (" + a->file + " vs " + b->file + ", by content)");
  if (a->draws != b->draws || a->per_draw != b->per_draw)
    why.push_back("posterior designs differ (" + std::to_string(a->draws) + " x " + std::to_string(a->per_draw) +
                  " vs " + std::to_string(b->draws) + " x " + std::to_string(b->per_draw) + " draws x replicates)");
  if (why.empty() && (a->particle != b->particle || a->parameters != b->parameters || a->theta != b->theta))
    why.push_back("posterior draws differ (each replicate must use the same draw)");
  return why;
}

std::optional<PosteriorDesign> design_of(const RunFile& base) {
  if (!base.posterior) return std::nullopt;
  PosteriorDesign d{*base.posterior, false};
  d.one_point = same_values(d.record);
  return d;
}

void add_uncertainty(const PosteriorDesign& design, const std::vector<double>& a, const std::vector<double>& b,
                     DiffRow& row, std::vector<DriverRow>& drivers) {
  std::vector<double> d(a.size());
  for (std::size_t i = 0; i < a.size(); ++i) d[i] = b[i] - a[i];
  const int k = design.record.draws, r = design.record.per_draw;
  row.psa = decompose(d, k, r, design.one_point);
  row.difference = row.psa.noise;
  const auto* headline = std::find(std::begin(kDriverMetrics), std::end(kDriverMetrics), row.metric);
  if (row.period != "horizon" || headline == std::end(kDriverMetrics)) return;
  const std::vector<double> means = draw_means(d, k, r);
  for (std::size_t j = 0; j < design.record.parameters.size(); ++j) {
    std::vector<double> x;
    for (int g = 0; g < k; ++g) x.push_back(design.value(g, j));
    drivers.push_back({row.variant, row.metric, design.record.parameters[j], spearman(x, means), k});
  }
}

std::string uncertainty_cells(const DiffRow& row) {
  const Uncertainty& u = row.psa;
  if (!u.drawn || !row.has_interval || !row.defined || !u.total.exists()) return ",,,,,";
  std::string out;
  for (const double v : {u.total.low, u.total.high, u.param_sd, u.noise_sd, u.param_share}) out += ',' + number(v);
  return out;
}

std::string drivers_csv(const Comparison& c) {
  std::string out = "variant,metric,parameter,spearman_rho,p_value,draws,note\n";
  for (const DriverRow& r : c.drivers) {
    out += csv_field(r.variant) + "," + csv_field(r.metric) + "," + csv_field(r.parameter) + "," +
           (r.rank.defined ? number(r.rank.rho) : "") + "," + (r.rank.defined ? number(r.rank.p_value) : "") + "," +
           std::to_string(r.draws) + "," + csv_field(r.rank.why_undefined) + "\n";
  }
  return out;
}

std::string posterior_json(const Comparison& c) {
  if (!c.posterior) return "null";
  const models::PosteriorRecord& p = c.posterior->record;
  std::string names;
  for (std::size_t i = 0; i < p.parameters.size(); ++i) names += (i ? ", " : "") + json_string(p.parameters[i]);
  return "{\"file\": " + json_string(p.file) + ", \"file_digest\": " + json_string(p.file_digest) +
         ", \"calibration\": " + json_string(p.calibration) + ", \"draws\": " + std::to_string(p.draws) +
         ", \"per_draw\": " + std::to_string(p.per_draw) +
         ", \"one_point\": " + (c.posterior->one_point ? "true" : "false") + ", \"parameters\": [" + names +
         "], \"method\": " +
         json_string(
             "nested design (draws x replicates per draw); variance of each difference split by the law of "
             "total variance with a balanced one-way random-effects ANOVA (method of moments); total interval: "
             "random-effects prediction interval with Satterthwaite degrees of freedom; drivers: Spearman "
             "rank correlation of each drawn parameter with the draw's mean difference") +
         "}";
}

}  // namespace csc::analysis::psa_detail
