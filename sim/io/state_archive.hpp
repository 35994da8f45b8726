#pragma once
// A simulated world's state as bytes, for burn-in snapshots (models/world/burn_in_cache.hpp).
// Each table lists its fields once, in a member `template <class Archive> void fields(Archive&)`
// that calls `a.field(x)` for each; the same list writes (StateWriter) and reads (StateReader)
// them, so saving and loading cannot drift apart. Fields are trivially copyable values, vectors
// of them and vectors of such vectors, in this machine's byte order: a snapshot is a cache that
// only the same program reads back (its key names the program), not an exchange format. Types
// with padding bytes go as rows of their fields (a table can tell the archives apart by
// kReading), so that equal states give equal bytes.
#include <cstdint>
#include <cstring>
#include <span>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

namespace csc::sim {

template <class T>
concept Copyable = std::is_trivially_copyable_v<T>;

/// Appends fields to a byte buffer.
class StateWriter {
 public:
  static constexpr bool kReading = false;
  template <Copyable T>
  void field(const T& v) {
    append(&v, sizeof v);
  }
  template <Copyable T>
  void field(const std::vector<T>& v) {
    field(static_cast<std::uint64_t>(v.size()));
    append(v.data(), v.size() * sizeof(T));
  }
  template <Copyable T>
  void field(const std::vector<std::vector<T>>& v) {
    field(static_cast<std::uint64_t>(v.size()));
    for (const auto& inner : v) field(inner);
  }
  [[nodiscard]] const std::vector<char>& bytes() const { return bytes_; }
  [[nodiscard]] std::vector<char> take() { return std::move(bytes_); }

 private:
  void append(const void* p, std::size_t n) {
    const auto* c = static_cast<const char*>(p);
    bytes_.insert(bytes_.end(), c, c + n);
  }
  std::vector<char> bytes_;
};

/// Counts the bytes the fields hold (vector sizes: capacity never touched is not resident), for
/// the memory report of the benchmarks (issue "England in seconds": bytes per child, by table).
/// A table that archives a derived form of its fields (the calendar's rows) is counted so.
class StateSizer {
 public:
  static constexpr bool kReading = false;
  template <Copyable T>
  void field(const T& v) {
    bytes_ += sizeof v;
  }
  template <Copyable T>
  void field(const std::vector<T>& v) {
    bytes_ += v.size() * sizeof(T);
  }
  template <Copyable T>
  void field(const std::vector<std::vector<T>>& v) {
    bytes_ += v.size() * sizeof(std::vector<T>);
    for (const auto& inner : v) field(inner);
  }
  [[nodiscard]] std::size_t bytes() const { return bytes_; }

 private:
  std::size_t bytes_ = 0;
};

/// A state that does not fit the fields read from it (too short, a length beyond its end, or
/// bytes left over): the snapshot was not written by this program or was cut.
struct StateMismatch : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// Reads fields back from bytes a StateWriter wrote, in the same order; every length is checked
/// against what is left, so a wrong or cut buffer throws StateMismatch and never over-reads.
class StateReader {
 public:
  static constexpr bool kReading = true;
  explicit StateReader(std::span<const char> bytes) : rest_(bytes) {}
  template <Copyable T>
  void field(T& v) {
    take(&v, sizeof v);
  }
  template <Copyable T>
  void field(std::vector<T>& v) {
    const std::uint64_t n = length(sizeof(T));
    v.resize(n);
    take(v.data(), n * sizeof(T));
  }
  template <Copyable T>
  void field(std::vector<std::vector<T>>& v) {
    const std::uint64_t n = length(sizeof(std::uint64_t));  // each inner vector has a length
    v.resize(n);
    for (auto& inner : v) field(inner);
  }
  /// Throws StateMismatch unless every byte was read.
  void finish() const {
    if (!rest_.empty()) throw StateMismatch("state has " + std::to_string(rest_.size()) + " bytes left over");
  }

 private:
  std::uint64_t length(std::size_t element_size) {
    std::uint64_t n = 0;
    field(n);
    if (element_size > 0 && n > rest_.size() / element_size) throw StateMismatch("state length beyond its end");
    return n;
  }
  void take(void* p, std::size_t n) {
    if (n > rest_.size()) throw StateMismatch("state cut short");
    if (n > 0) std::memcpy(p, rest_.data(), n);
    rest_ = rest_.subspan(n);
  }
  std::span<const char> rest_;
};

}  // namespace csc::sim
