#pragma once
// FNV-1a, 64 bits (Fowler, Noll and Vo): start from the offset basis; for each byte, xor it
// into the state, then multiply by the FNV prime (mod 2^64). It detects changes (run-file
// checksums, content digests); it is not a cryptographic hash and does not resist a forged
// file. Callers frame their fields (lengths first) so that fields cannot run together.
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace csc::sim {

class Fnv1a {
 public:
  void byte(unsigned char b) {
    state_ ^= b;
    state_ *= 0x100000001b3ULL;  // FNV prime 2^40 + 2^8 + 0xb3
  }
  void bytes(const void* data, std::size_t n) {
    const auto* p = static_cast<const unsigned char*>(data);
    for (std::size_t i = 0; i < n; ++i) byte(p[i]);
  }
  void bytes(std::string_view s) { bytes(s.data(), s.size()); }
  /// Eight bytes, least significant first, whatever the machine's byte order.
  void u64(std::uint64_t v) {
    for (int i = 0; i < 8; ++i) byte(static_cast<unsigned char>(v >> (8 * i)));
  }
  [[nodiscard]] std::uint64_t value() const { return state_; }

 private:
  std::uint64_t state_ = 0xcbf29ce484222325ULL;  // FNV offset basis
};

}  // namespace csc::sim
