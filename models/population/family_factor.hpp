#pragma once
// A decision factor per family that takes one of a few values: 1 (none) or a value an
// intervention registered before the run (a volunteer host family's share, a family plan's
// kinship weight). One byte per family and a small table of values, where a double per family
// cost 8 bytes; three such factors were 24 of a family row's 160 bytes (issue "England in
// seconds", item 4: about 330 MB of England's 5.6 GB). Reads give the registered double
// exactly, so the output is that of the double columns.
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <vector>

namespace csc::models {

class FamilyFactor {
 public:
  using Code = std::uint8_t;
  static constexpr Code kNone = 0;  // the factor 1

  /// n families, every one at kNone.
  void assign(std::size_t n) { code_.assign(n, kNone); }
  /// The code of a value, registered if new. Call before the weeks run (not thread-safe).
  Code code_of(double value) {
    for (std::size_t i = 0; i < values_.size(); ++i) {
      if (values_[i] == value) return static_cast<Code>(i);
    }
    if (values_.size() > 255) throw std::length_error("a family factor takes at most 256 values");
    values_.push_back(value);
    return static_cast<Code>(values_.size() - 1);
  }
  /// Family f's factor from now on (a code from code_of; kNone: none).
  void set(std::uint32_t f, Code code) { code_[f] = code; }
  [[nodiscard]] double operator[](std::uint32_t f) const { return values_[code_[f]]; }
  /// Asks for family f's code ahead of use (prefetch_decision_rows in population.hpp).
  [[gnu::always_inline]] void prefetch(std::uint32_t f) const { __builtin_prefetch(&code_[f]); }

  /// Both columns for burn-in snapshots: a reader's interventions then find their values
  /// among the writer's (code_of), so every code keeps its value.
  template <class Archive>
  void fields(Archive& a) {
    a.field(code_), a.field(values_);
  }

 private:
  std::vector<Code> code_;
  std::vector<double> values_{1.0};
};

}  // namespace csc::models
