#pragma once
// Reads the cohort tables of a run file (/cohort/events and /cohort/children, docs/output.md)
// into the rows the model writes, through the same HDF5 memory types
// (csc::models::CohortTypes), so that enum fields convert by label.
#include <vector>

#include "analysis/run_reader.hpp"
#include "models/output/replicate_result.hpp"

namespace csc::analysis {

/// Every row of /cohort/events, in file order (replicate order, then the order the model
/// recorded them). Empty when the run did not record events (run.record_events = false).
/// InputError if the table exists but is not a rank-1 compound dataset, cannot be read (a
/// checksum mismatch) or has a row whose replicate, LA or enum value is out of range.
std::vector<csc::models::EventRow> read_events(const RunFile& run);

/// Every row of /cohort/children, in file order. Empty when the table is absent.
std::vector<csc::models::ChildRow> read_children(const RunFile& run);

}  // namespace csc::analysis
