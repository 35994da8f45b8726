#pragma once
// Markdown reference for a scenario Schema, so that the documentation of every parameter is
// generated from the same table the loader validates against and cannot drift from it.
#include <string>
#include <string_view>

#include "sim/io/scenario.hpp"

namespace csc::sim {

/// A resolved scenario shown beside the defaults: the value each key takes in it (base chain
/// merged), under the column heading `label`. The writer knows nothing of which scenario it is;
/// the caller loads it (with the same schema) and passes it in.
struct ResolvedColumn {
  std::string label;  ///< "Resolved" when empty
  const Scenario* scenario = nullptr;
};

/// One section per top-level group (first component of the dotted key; keys without a dot go
/// under "General"), then one section per table array. Each section is a table with columns
/// Key | Type | Default | Range / choices | Unit | Meaning | Source. Output follows schema
/// order, so it is deterministic. With `resolved`, a column `resolved.label` after Default
/// holds each key's value in that scenario (for a table array, each table's, separated by
/// "; "); where it differs from the default it is in bold, followed by the file that sets it
/// (its name only, no line: the page does not go stale when comments move).
std::string schema_reference_markdown(const Schema& schema, std::string_view title, std::string_view intro,
                                      const ResolvedColumn& resolved = {});

}  // namespace csc::sim
