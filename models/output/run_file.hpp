#pragma once
// The HDF5 layout of a run (docs/design.md, Outputs, documented in docs/output.md). One writer
// owns the file; simulation threads hand it whole replicates, which it writes in replicate
// order so that the file does not depend on which thread finished first.
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "models/output/replicate_result.hpp"
#include "sim/io/hdf5.hpp"

namespace csc::models {

inline constexpr std::int64_t kSchemaVersion = 1;

/// Compound and enum types of the cohort tables, shared by writer and readers.
struct CohortTypes {
  sim::h5::Handle state, reason, placement;
  sim::h5::Handle event, child;
  static CohortTypes make();
};

/// The /meta attribute that holds attribute_checksum() of a finished run file.
inline constexpr const char* kChecksumAttribute = "checksum";

/// Checksum of every attribute value in the file, as "fnv1a64:<16 hex digits>": FNV-1a (64
/// bits) over each object's path, then each of its attributes by name with its value (integer,
/// float, or string bytes), objects and attributes in name order, leaving out /meta `checksum`
/// itself and /meta `complete`. HDF5's own checksums (object headers, Fletcher32 on chunks) do
/// not cover variable-length strings, which live in the global heap; this does. The writer
/// stores it when the run finishes; readers recompute it. InputError (or runtime_error from
/// the HDF5 wrappers) if an attribute cannot be read.
std::string attribute_checksum(hid_t file);

/// Parameter uncertainty (docs/design.md, "Parameter uncertainty"): the calibration posterior
/// that each replicate's parameters were drawn from, written to /meta/posterior. Replicate i
/// used draw i / per_draw, which took row `particle[i]` of the posterior, whose values for
/// `parameters` are row i of `theta` (replicates x parameters).
struct PosteriorRecord {
  std::string file;                     // the posterior file as given (cscsim run --posterior)
  std::string file_digest;              // "fnv1a64:<16 hex digits>" of its bytes
  std::string calibration;              // the calibration it came from (its /meta config_file)
  std::vector<std::string> parameters;  // scenario keys, in the posterior's order
  int draws = 0, per_draw = 0;          // draws x replicates per draw = replicates
  std::vector<std::int64_t> draw, particle;
  std::vector<double> theta;
  bool operator==(const PosteriorRecord&) const = default;
};

struct RunInfo {
  std::string scenario_name;
  std::string scenario_toml;
  std::uint64_t seed = 0;
  int replicates = 0;
  /// The file holds replicates first_replicate .. first_replicate + replicates - 1 (a range of
  /// a larger run, for `cscsim merge`; docs/output.md).
  std::uint32_t first_replicate = 0;
  int weeks = 0;
  int burn_in_weeks = 0;
  std::int64_t children = 0;  // filled in when the first replicate arrives
  std::vector<std::string> la_names;
  std::string start_date;
  std::string price_year;
  int threads = 0;
  bool record_events = true;
  std::optional<PosteriorRecord> posterior;  // parameters drawn from a posterior (none: fixed)
};

class RunFileWriter {
 public:
  /// Creates the file at `path` (a temporary name chosen by the caller) with /meta
  /// (complete = 0) and empty datasets, and starts the writer thread.
  RunFileWriter(const std::filesystem::path& path, RunInfo info);
  ~RunFileWriter();
  RunFileWriter(const RunFileWriter&) = delete;
  RunFileWriter& operator=(const RunFileWriter&) = delete;

  /// Thread-safe hand-over of a finished replicate.
  void submit(ReplicateResult result);
  /// Waits for every replicate, writes the closing attributes (wall time, complete = 1) and
  /// closes the file. Rethrows a failure of the writer thread.
  void finish(double wall_seconds);

 private:
  void writer_loop();
  void write(const ReplicateResult& r);
  /// One past the last replicate the file holds.
  [[nodiscard]] std::uint32_t end_replicate() const {
    return info_.first_replicate + static_cast<std::uint32_t>(info_.replicates);
  }

  RunInfo info_;
  sim::h5::Handle file_;
  CohortTypes types_;
  std::mutex mutex_;
  std::condition_variable ready_;
  std::map<std::uint32_t, ReplicateResult> pending_;
  std::uint32_t next_ = 0;
  bool stop_ = false;
  std::exception_ptr failure_;
  std::thread thread_;
};

}  // namespace csc::models
