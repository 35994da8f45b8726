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

namespace bindings {
// The parts of model_bindings() in pathway_bindings.cpp and service_bindings.cpp.
void add_assessment_keys(std::vector<detail::Binding<Params>>& b);
void add_cin_keys(std::vector<detail::Binding<Params>>& b);
void add_cp_keys(std::vector<detail::Binding<Params>>& b);
void add_edge_keys(std::vector<detail::Binding<Params>>& b);
void add_care_keys(std::vector<detail::Binding<Params>>& b);
void add_legal_keys(std::vector<detail::Binding<Params>>& b);  // legal_bindings.cpp
void add_workforce_keys(std::vector<detail::Binding<Params>>& b);
void add_costs_keys(std::vector<detail::Binding<Params>>& b);
void add_kin_network_keys(std::vector<detail::Binding<Params>>& b);
}  // namespace bindings

}  // namespace csc::models
