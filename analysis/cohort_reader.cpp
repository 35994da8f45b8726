#include "analysis/cohort_reader.hpp"

#include <string>

#include "models/run_file.hpp"
#include "sim/core/errors.hpp"

namespace csc::analysis {
namespace {

namespace h5 = sim::h5;

template <class Row>
std::vector<Row> read_table(const RunFile& run, const std::string& table, hid_t mem_type) {
  const std::string name = "cohort/" + table;
  if (!h5::exists(run.handle(), name)) return {};
  const auto ds = h5::Dataset::open(run.handle(), name);
  const auto dims = ds.dims();
  if (dims.size() != 1) {
    throw sim::InputError(run.path.string() + ": /" + name + " has rank " +
                          std::to_string(dims.size()) + ", expected a table (rank 1)");
  }
  const auto file_type = ds.file_type();
  if (H5Tget_class(file_type.id()) != H5T_COMPOUND) {
    throw sim::InputError(run.path.string() + ": /" + name + " is not a compound table");
  }
  std::vector<Row> rows(static_cast<std::size_t>(dims[0]));
  if (!rows.empty()) ds.read_all(mem_type, rows.data());
  return rows;
}

}  // namespace

std::vector<csc::models::EventRow> read_events(const RunFile& run) {
  const auto types = csc::models::CohortTypes::make();
  return read_table<csc::models::EventRow>(run, "events", types.event.id());
}

std::vector<csc::models::ChildRow> read_children(const RunFile& run) {
  const auto types = csc::models::CohortTypes::make();
  return read_table<csc::models::ChildRow>(run, "children", types.child.id());
}

}  // namespace csc::analysis
