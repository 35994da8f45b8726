#pragma once
// Stateless, keyed random numbers (docs/design.md, "Randomness is stateless and keyed").
//
// Every draw is a pure function of (run seed, replicate) [the Philox key] and
// (entity id, day, stream, draw index) [the Philox counter]. Nothing is carried between calls,
// so results do not depend on thread count, iteration order or on which other decisions a
// scenario makes: two scenarios with the same seed share the numbers of every decision that
// both make (common random numbers). Streams are small integers that the model names per
// decision (models/core/streams.hpp); the engine knows nothing of what they mean.
#include <Random123/philox.h>

#include <cmath>
#include <cstdint>
#include <numbers>

#include "sim/core/time.hpp"

namespace csc::sim {

/// The key of one replicate of one run.
struct RunKey {
  std::uint64_t seed = 0;
  std::uint64_t replicate = 0;
};

/// A short sequence of draws for one decision: (entity, day, stream). Cheap to construct on
/// the stack; each Philox4x64-10 call yields four 64-bit words.
class Draws {
 public:
  using Philox = r123::Philox4x64;

  Draws(const RunKey& key, std::uint64_t entity, Day day, std::uint32_t stream)
      : key_{{key.seed, key.replicate}},
        ctr_{{entity, static_cast<std::uint64_t>(static_cast<std::int64_t>(day)), stream, 0}} {}

  /// Uniform on the open interval (0, 1).
  double uniform() {
    if (used_ == 4) refill();
    const std::uint64_t w = block_.v[used_++];
    // 53 random bits, centred in their cell so that neither 0 nor 1 can occur.
    return (static_cast<double>(w >> 11) + 0.5) * 0x1.0p-53;
  }

  bool bernoulli(double p) { return uniform() < p; }

  /// Whether an event of a Poisson process at `rate` (per unit of time) happens within one
  /// unit: bit for bit bernoulli(1 - exp(-rate)), with the same draw. 1 - exp(-rate) <= rate,
  /// and the computed value exceeds the exact one by less than 2^-51 (exp's rounding), so a
  /// uniform at or above rate + 2^-50 decides without the exponential: most of the model's
  /// weekly hazards are small, and most of their exp calls are skipped (issue "England in
  /// seconds", item 3: no libm call in an inner loop where an update rule does).
  bool occurs(double rate) {
    return occurs_bounded(rate, [rate] { return rate; });
  }

  /// The same for a rate that costs something to compute (`rate()`, called only when needed),
  /// which is known never to exceed `bound` as computed.
  template <class Rate>
  bool occurs_bounded(double bound, Rate&& rate) {
    const double u = uniform();
    if (u >= bound + 0x1p-50) return false;
    return u < 1.0 - std::exp(-rate());
  }

  /// Exponential waiting time with the given rate (per unit of time); rate must be > 0.
  double exponential(double rate) { return -std::log(uniform()) / rate; }

  /// Standard normal by Box-Muller (always two uniforms, so the draw count is fixed).
  double normal() {
    const double u1 = uniform();
    const double u2 = uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
  }

  /// Uniform integer in [0, n) for n > 0 (by scaling; bias below 2^-50 for the n used here).
  std::uint32_t below(std::uint32_t n) { return static_cast<std::uint32_t>(uniform() * static_cast<double>(n)); }

  /// Index drawn from unnormalised non-negative weights (at least one positive).
  template <class Weights>
  std::size_t categorical(const Weights& w) {
    double total = 0.0;
    for (double x : w) total += x;
    double u = uniform() * total;
    std::size_t last_positive = 0;
    for (std::size_t i = 0; i < std::size(w); ++i) {
      if (w[i] <= 0.0) continue;
      last_positive = i;
      if (u < w[i]) return i;
      u -= w[i];
    }
    return last_positive;  // rounding at the top end
  }

 private:
  void refill() {
    block_ = Philox{}(ctr_, key_);
    ctr_.v[3] += 1;
    used_ = 0;
  }

  Philox::key_type key_;
  Philox::ctr_type ctr_;
  Philox::ctr_type block_{};
  unsigned used_ = 4;
};

}  // namespace csc::sim
