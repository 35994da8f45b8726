#pragma once
// The model's binding tables (model_bindings.cpp): the global keys and the keys of each
// [[la]] table, each bound to its field of Params or LaParams.
#include <vector>

#include "models/core/param_binding.hpp"
#include "models/params/params.hpp"

namespace csc::models {

/// The global keys of the model (without the interventions' keys).
std::vector<detail::Binding<Params>> model_bindings();
/// The keys of one [[la]] table.
std::vector<detail::Binding<LaParams>> la_bindings();

}  // namespace csc::models
