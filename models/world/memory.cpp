// What a world's tables hold in memory, table by table (the benchmarks' memory report, issue
// "England in seconds": bytes per child). The tables' own field lists (the burn-in snapshots'
// `fields`) are walked by a sizer, so a new column is counted without being listed here.
#include "models/world/world.hpp"
#include "sim/io/state_archive.hpp"

namespace csc::models {
namespace {

template <class Table>
std::size_t bytes_of(Table& t) {
  sim::StateSizer sizer;
  t.fields(sizer);
  return sizer.bytes();
}

}  // namespace

std::vector<TableBytes> World::memory() {
  std::size_t kin = 0;
  for (const auto& k : kin_) kin += k.bytes();
  sim::StateSizer indexes;
  indexes.field(pop_.by_birth), indexes.field(pop_.la_first_family);
  return {
      {"families", bytes_of(pop_.families)},
      {"children", bytes_of(pop_.children)},
      {"population indexes", indexes.bytes()},
      {"calendar", calendar_.bytes()},
      {"kin networks", kin},
      {"open cases", bytes_of(open_)},
      {"ledger", bytes_of(ledger_)},
      {"legal route", bytes_of(pathway_)},
      {"workforce", bytes_of(wf_) + bytes_of(staffing_)},
      {"cohort events", out_.events.size() * sizeof(EventRow) + out_.event_chunks.compressed_bytes()},
      {"cohort children", out_.children.size() * sizeof(ChildRow)},
      {"series", (out_.series.size() + out_.state_count.size() * 3) * 4},
  };
}

}  // namespace csc::models
