#pragma once
// /cohort/events rows held compressed while a replicate runs (issue "England in seconds",
// item 4). A run into a file (run_scenario) asks for it: every kRows rows the ledger produces
// are compressed (Zstandard, fast level) and the raw rows freed, so a national run holds its
// cohort in a fraction of the memory and never copies it whole when a vector grows; the file
// writer decompresses one chunk at a time as it appends. Runs held in memory (calibration,
// tests) keep ReplicateResult::events raw, as before.
#include <cstdint>
#include <span>
#include <vector>

#include "models/output/cohort_rows.hpp"

namespace csc::models {

class EventChunks {
 public:
  static constexpr std::size_t kRows = 65536;  // as the /cohort/events dataset's HDF5 chunks

  /// Rows pushed to `raw` are compressed from now on whenever `rows` have gathered.
  void enable(std::size_t rows = kRows) {
    enabled_ = true;
    chunk_ = rows;
  }
  [[nodiscard]] bool enabled() const { return enabled_; }
  /// When on and `raw` holds a chunk's rows or more: compresses them into a chunk, clears `raw`.
  void seal_full(std::vector<EventRow>& raw) {
    if (enabled_ && raw.size() >= chunk_) seal(raw);
  }
  /// Compresses the rows `raw` holds (any number) into a chunk and clears `raw`.
  void seal(std::vector<EventRow>& raw);
  /// Every chunk's rows, in order: f(std::span<const EventRow>) once per chunk.
  template <class F>
  void for_each(F&& f) const {
    std::vector<EventRow> rows;
    for (std::size_t i = 0; i < chunks_.size(); ++i) {
      unpack(i, rows);
      f(std::span<const EventRow>(rows));
    }
  }
  [[nodiscard]] std::uint64_t rows() const { return rows_; }
  [[nodiscard]] std::size_t chunks() const { return chunks_.size(); }
  [[nodiscard]] std::size_t compressed_bytes() const;

 private:
  void unpack(std::size_t chunk, std::vector<EventRow>& into) const;
  bool enabled_ = false;
  std::size_t chunk_ = kRows;
  std::vector<std::vector<char>> chunks_;
  std::vector<std::uint32_t> chunk_rows_;
  std::uint64_t rows_ = 0;
};

}  // namespace csc::models
