#include "analysis/cohort_reader.hpp"

#include <string>

#include "models/core/states.hpp"
#include "models/output/run_file.hpp"
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
    throw sim::InputError(run.where(name) + "rank " + std::to_string(dims.size()) + ", expected a table (rank 1)");
  }
  const auto file_type = ds.file_type();
  if (H5Tget_class(file_type.id()) != H5T_COMPOUND) {
    throw sim::InputError(run.where(name) + "not a compound table");
  }
  check_stored(run, ds);  // before allocating for the rows it declares
  std::vector<Row> rows(static_cast<std::size_t>(dims[0]));
  if (!rows.empty() && H5Dread(ds.id(), mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, rows.data()) < 0)
    throw sim::InputError(run.where(name) + "checksum mismatch or corrupt data");
  return rows;
}

/// Values that readers use as indices or enum values: in range, or InputError naming the row.
void check_row(const RunFile& run, const char* table, std::size_t i, std::uint32_t replicate, std::uint16_t la,
               std::initializer_list<std::pair<const char*, bool>> fields) {
  auto fail = [&](const std::string& what) {
    throw sim::InputError(run.where(std::string("cohort/") + table) + "row " + std::to_string(i) + ": " + what);
  };
  if (replicate < run.first_replicate || replicate >= run.first_replicate + run.replicates)
    fail("replicate " + std::to_string(replicate) + " outside the file's replicates " +
         std::to_string(run.first_replicate) + " to " + std::to_string(run.first_replicate + run.replicates - 1));
  if (la >= run.las) fail("la " + std::to_string(la) + " >= las " + std::to_string(run.las));
  for (const auto& [field, ok] : fields)
    if (!ok) fail(std::string(field) + " is not one of its labels");
}

}  // namespace

std::vector<csc::models::EventRow> read_events(const RunFile& run) {
  using namespace csc::models;
  return guard_read(run.path, [&] {
    const auto types = CohortTypes::make();
    auto rows = read_table<EventRow>(run, "events", types.event.id());
    for (std::size_t i = 0; i < rows.size(); ++i) {
      const EventRow& e = rows[i];
      check_row(run, "events", i, e.replicate, e.la,
                {{"from_state", e.from_state < kStateCount},
                 {"to_state", e.to_state < kStateCount},
                 {"reason", e.reason < kReasonLabels.size()},
                 {"placement", e.placement < kPlacementCount}});
    }
    return rows;
  });
}

std::vector<csc::models::ChildRow> read_children(const RunFile& run) {
  using namespace csc::models;
  return guard_read(run.path, [&] {
    const auto types = CohortTypes::make();
    auto rows = read_table<ChildRow>(run, "children", types.child.id());
    for (std::size_t i = 0; i < rows.size(); ++i) {
      const ChildRow& c = rows[i];
      check_row(
          run, "children", i, c.replicate, c.la,
          {{"final_state", c.final_state < kStateCount}, {"final_placement", c.final_placement < kPlacementCount}});
    }
    return rows;
  });
}

}  // namespace csc::analysis
