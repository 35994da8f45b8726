#pragma once
// The parts of `cscsim compare` (analysis/compare.hpp) for runs whose parameters were drawn
// from a posterior: the pairing of the draws, the design, the uncertainty of each difference
// (analysis/psa.hpp), the parameters that drive it, and their tables.
#include <optional>
#include <string>
#include <vector>

#include "analysis/compare.hpp"

namespace csc::analysis::psa_detail {

/// Why base and variant cannot be paired for their draws (empty: they can): one drew and the
/// other did not, or they drew from other posteriors, designs or particles.
std::vector<std::string> posterior_pairing(const RunFile& base, const RunFile& variant);
/// The design of a paired comparison, from the base run; none when it drew nothing.
std::optional<PosteriorDesign> design_of(const RunFile& base);
/// Fills row.psa from the paired differences b - a; for a headline measure over the horizon,
/// appends the drivers of its difference.
void add_uncertainty(const PosteriorDesign& design, const std::vector<double>& a, const std::vector<double>& b,
                     DiffRow& row, std::vector<DriverRow>& drivers);

/// The columns differences.csv gains after `note`, and one row's cells (each after a comma).
inline constexpr const char* kUncertaintyHeader = ",total_low,total_high,param_sd,noise_sd,param_share";
std::string uncertainty_cells(const DiffRow& row);
/// drivers.csv: variant,metric,parameter,spearman_rho,p_value,draws,note.
std::string drivers_csv(const Comparison& c);
/// comparison.json's "posterior": null, or the file, design and method.
std::string posterior_json(const Comparison& c);

}  // namespace csc::analysis::psa_detail
