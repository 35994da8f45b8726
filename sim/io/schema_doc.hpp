#pragma once
// Markdown reference for a scenario Schema, so that the documentation of every parameter is
// generated from the same table the loader validates against and cannot drift from it.
#include <string>
#include <string_view>

#include "sim/io/scenario.hpp"

namespace csc::sim {

/// One section per top-level group (first component of the dotted key; keys without a dot go
/// under "General"), then one section per table array. Each section is a table with columns
/// Key | Type | Default | Range / choices | Unit | Meaning | Source. Output follows schema
/// order, so it is deterministic.
std::string schema_reference_markdown(const Schema& schema, std::string_view title,
                                      std::string_view intro);

}  // namespace csc::sim
