#pragma once
// Reads a run file written by cscsim (layout in docs/output.md). Every problem with the file
// is an InputError naming the file, the dataset or attribute and what is wrong, never a crash,
// a read outside a buffer or a silent garbage result:
//   - open() checks /meta: every attribute present with its type, replicates, weeks and las
//     in [1, kMax*] with at most kMaxCells cells per series, la_names one per LA, a valid
//     start date, complete 0 or 1, the attribute checksum (/meta `checksum`, when present),
//     and the fields of the cohort tables;
//   - series() checks the dataset's shape against /meta before reading it, reads it whole (so
//     HDF5 verifies the Fletcher32 checksum of every chunk) and refuses non-finite values;
//   - any failing HDF5 call on the file (a corrupt header, a checksum mismatch) becomes an
//     InputError naming the file and the object.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "models/output/run_file.hpp"
#include "sim/io/hdf5.hpp"

namespace csc::analysis {

/// Upper bounds on /meta's shape: far above any run cscsim can write, low enough that a
/// corrupt or hostile declared shape fails before anything is allocated for it.
inline constexpr std::int64_t kMaxReplicates = 1000000;
/// The highest first replicate of a replicate range a reader accepts (ids stay in 32 bits).
inline constexpr std::int64_t kMaxFirstReplicate = 1000000000;
inline constexpr std::int64_t kMaxWeeks = 52 * 200;
inline constexpr std::int64_t kMaxLas = 10000;
/// replicates x weeks x las: one series in memory is at most 1 GiB of float32.
inline constexpr std::int64_t kMaxCells = std::int64_t{1} << 28;

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
  /// Opens and checks the /meta group (see above). InputError if missing, not HDF5, not a run
  /// file, or inconsistent.
  static RunFile open(const std::filesystem::path& path);

  /// A (replicates, weeks, las) series, checked and read whole. InputError if missing, of
  /// another shape than /meta says, unreadable (checksum mismatch) or not finite.
  [[nodiscard]] Series series(const std::string& metric) const;
  /// One replicate of any /series dataset, shape (weeks, las) or (weeks, las, states), row-major,
  /// converted to double, with the checks of series(). For reading a file piece by piece.
  [[nodiscard]] std::vector<double> replicate_values(const std::string& name, int replicate) const;
  /// Dataset names under /series.
  [[nodiscard]] std::vector<std::string> series_names() const;
  [[nodiscard]] std::uint64_t cohort_rows(const std::string& table) const;  // 0 if absent
  /// Throws InputError unless the run finished (/meta complete = 1).
  void require_complete() const;
  /// The open file, for readers of other tables (analysis/cohort_reader.hpp).
  [[nodiscard]] hid_t handle() const { return file_.id(); }
  /// "FILE: /object: " for messages.
  [[nodiscard]] std::string where(const std::string& object) const;

  std::filesystem::path path;
  std::string scenario_name, scenario_toml, version, build_type, start_time, start_date, host;
  std::string price_year;  // of the spend series
  std::int64_t schema_version = 0, seed = 0, replicates = 0, weeks = 0, burn_in_weeks = 0;
  std::int64_t las = 0, children = 0, threads = 0;
  /// The file holds replicates first_replicate .. first_replicate + replicates - 1 (0 in files
  /// written before replicate ranges existed); rows are numbered from 0 in the file.
  std::int64_t first_replicate = 0;
  bool complete = false;
  /// /meta `checksum` was present (and matched: open() refuses a mismatch). Files written
  /// before checksums existed have none and are read without this check.
  bool has_checksum = false;
  double wall_time_s = 0.0;
  std::vector<std::string> la_names;
  /// /meta/posterior: the posterior the replicates' parameters were drawn from (cscsim run
  /// --posterior), checked against /meta (draws x per_draw = replicates, replicate i of draw
  /// i / per_draw, finite values); none for a run at fixed parameters.
  std::optional<models::PosteriorRecord> posterior;

 private:
  sim::h5::Handle file_;
};

/// Runs f(); turns any failure other than an InputError (a failing HDF5 call on a corrupt file,
/// a wrapper's range check) into an InputError "FILE: corrupt or unreadable (what)".
template <class F>
auto guard_read(const std::filesystem::path& path, F&& f) -> decltype(f());

namespace detail {
[[noreturn]] void rethrow_as_input_error(const std::filesystem::path& path);
}

template <class F>
auto guard_read(const std::filesystem::path& path, F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (...) {
    detail::rethrow_as_input_error(path);
  }
}

/// Checks that a dataset's data is all stored (every chunk written) and that its declared size
/// is one its stored bytes could hold (deflate cannot expand data more than 1032 times), before
/// memory is allocated for it. InputError naming the dataset otherwise.
void check_stored(const RunFile& run, const sim::h5::Dataset& ds);

}  // namespace csc::analysis
