#include "models/output/event_chunks.hpp"

#include <zstd.h>

#include <stdexcept>

#include "models/output/replicate_result.hpp"

namespace csc::models {
namespace {

constexpr int kLevel = 1;  // fast: the simulation thread pays for it

}  // namespace

void EventChunks::seal(std::vector<EventRow>& raw) {
  if (raw.empty()) return;
  const std::size_t bytes = raw.size() * sizeof(EventRow);
  std::vector<char> packed(ZSTD_compressBound(bytes));
  const std::size_t n = ZSTD_compress(packed.data(), packed.size(), raw.data(), bytes, kLevel);
  if (ZSTD_isError(n)) throw std::runtime_error(std::string("compressing cohort events: ") + ZSTD_getErrorName(n));
  packed.resize(n);
  packed.shrink_to_fit();
  chunks_.push_back(std::move(packed));
  chunk_rows_.push_back(static_cast<std::uint32_t>(raw.size()));
  rows_ += raw.size();
  raw.clear();
}

void EventChunks::unpack(std::size_t chunk, std::vector<EventRow>& into) const {
  into.resize(chunk_rows_[chunk]);
  const std::size_t bytes = into.size() * sizeof(EventRow);
  const std::size_t n = ZSTD_decompress(into.data(), bytes, chunks_[chunk].data(), chunks_[chunk].size());
  // Only this program's own memory is read back: a failure is a bug, not bad input.
  if (ZSTD_isError(n) || n != bytes) throw std::logic_error("cohort event chunk does not decompress");
}

std::size_t EventChunks::compressed_bytes() const {
  std::size_t total = 0;
  for (const auto& c : chunks_) total += c.size();
  return total;
}

}  // namespace csc::models
