#pragma once
// Reads a run file written by cscsim (layout in docs/output.md). Every problem with the file
// is an InputError naming the file and what is wrong, never a crash.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "sim/io/hdf5.hpp"

namespace csc::analysis {

/// A series as a dense array of shape (replicates, weeks, las).
struct Series {
  int replicates = 0, weeks = 0, las = 0;
  std::vector<float> values;
  [[nodiscard]] float at(int r, int w, int la) const {
    return values[(static_cast<std::size_t>(r) * weeks + w) * las + la];
  }
  /// Sum over LAs.
  [[nodiscard]] float total(int r, int w) const;
};

class RunFile {
 public:
  /// Opens and checks the /meta group. InputError if missing, not HDF5, or not a run file.
  static RunFile open(const std::filesystem::path& path);

  [[nodiscard]] Series series(const std::string& metric) const;
  /// Dataset names under /series.
  [[nodiscard]] std::vector<std::string> series_names() const;
  [[nodiscard]] std::uint64_t cohort_rows(const std::string& table) const;  // 0 if absent
  /// Throws InputError unless the run finished (/meta complete = 1).
  void require_complete() const;
  /// The open file, for readers of other tables (analysis/cohort_reader.hpp).
  [[nodiscard]] hid_t handle() const { return file_.id(); }

  std::filesystem::path path;
  std::string scenario_name, scenario_toml, version, build_type, start_time, start_date, host;
  std::string price_year;  // of the spend series
  std::int64_t schema_version = 0, seed = 0, replicates = 0, weeks = 0, burn_in_weeks = 0;
  std::int64_t las = 0, children = 0, threads = 0;
  bool complete = false;
  double wall_time_s = 0.0;
  std::vector<std::string> la_names;

 private:
  sim::h5::Handle file_;
};

}  // namespace csc::analysis
