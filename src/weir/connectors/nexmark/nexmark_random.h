// NexmarkRandom: a seeded SplitMix64 stream with the draws of Java's SplittableRandom.
#pragma once

#include <bit>
#include <cstdint>

namespace weir::connectors {

/// A bound for NexmarkRandom::NextInt whose remainders are precomputed as a multiplication
/// (Lemire, Kaser and Kurz's exact 32-bit fastmod), for bounds that are known before a batch
/// but not at compile time: a draw then costs no division.
class NexmarkBound {
 public:
  /// Requires bound >= 1.
  explicit NexmarkBound(int32_t bound)
      : bound_(static_cast<uint32_t>(bound)), magic_(~uint64_t{0} / bound_ + 1) {}

  int32_t bound() const { return static_cast<int32_t>(bound_); }
  /// Returns u mod bound for any 32-bit u.
  uint32_t Mod(uint32_t u) const {
    const uint64_t low = magic_ * u;
    return static_cast<uint32_t>((static_cast<unsigned __int128>(low) * bound_) >> 64);
  }

 private:
  uint32_t bound_;
  uint64_t magic_;  // ceil(2^64 / bound), wrapped to 0 for bound 1
};

/// SplitMix64 with the fixed increment of `new SplittableRandom(seed)`, drawing exactly as the
/// JDK does (nextInt, nextInt(bound), nextLong, nextDouble), so that a seeded stream gives the
/// same values as the Java class with the same state. Cheap to copy; no allocation.
class NexmarkRandom {
 public:
  static constexpr uint64_t kGamma = 0x9e3779b97f4a7c15ULL;

  explicit NexmarkRandom(uint64_t state) : state_(state) {}

  /// Returns SplitMix64's finaliser of `z` (Java's mix64).
  static uint64_t Mix64(uint64_t z) {
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }

  /// Returns the 32-bit finaliser of `z` (Java's mix32), as a signed int.
  static int32_t Mix32(uint64_t z) {
    z = (z ^ (z >> 33)) * 0x62a9d9ed799705f5ULL;
    return static_cast<int32_t>(
        static_cast<uint32_t>(((z ^ (z >> 28)) * 0xcb24d0a5c88c35b3ULL) >> 32));
  }

  /// Returns the stream of event `event_id` under `mixed_seed` (= Mix64(seed)): the event's
  /// draws then depend only on (seed, event id).
  static NexmarkRandom ForEvent(uint64_t mixed_seed, int64_t event_id) {
    return NexmarkRandom(Mix64(mixed_seed ^ static_cast<uint64_t>(event_id)));
  }

  int64_t NextLong() { return static_cast<int64_t>(Mix64(state_ += kGamma)); }
  [[gnu::always_inline]] int32_t NextInt() { return Mix32(state_ += kGamma); }

  /// Returns a uniform int in [0, bound) for bound >= 1 (always one draw, as Java; a bound
  /// that is not a power of two rejects and redraws the rare values that would bias it).
  /// Inlined so that a constant bound turns the remainder into a multiplication.
  [[gnu::always_inline]] int32_t NextInt(int32_t bound) {
    int32_t r = NextInt();
    const int32_t m = bound - 1;
    if ((bound & m) == 0) return r & m;
    uint32_t u = static_cast<uint32_t>(r) >> 1;
    for (;;) {
      r = static_cast<int32_t>(u % static_cast<uint32_t>(bound));
      // Java: while (u + m - r < 0) in wrapped 32-bit arithmetic.
      if (static_cast<int32_t>(u + static_cast<uint32_t>(m) - static_cast<uint32_t>(r)) >= 0) {
        return r;
      }
      u = static_cast<uint32_t>(NextInt()) >> 1;
    }
  }

  /// Returns NextInt(bound.bound()) with the same draws.
  [[gnu::always_inline]] int32_t NextInt(const NexmarkBound& bound) {
    int32_t r = NextInt();
    const int32_t m = bound.bound() - 1;
    if ((bound.bound() & m) == 0) return r & m;
    uint32_t u = static_cast<uint32_t>(r) >> 1;
    for (;;) {
      r = static_cast<int32_t>(bound.Mod(u));
      if (static_cast<int32_t>(u + static_cast<uint32_t>(m) - static_cast<uint32_t>(r)) >= 0) {
        return r;
      }
      u = static_cast<uint32_t>(NextInt()) >> 1;
    }
  }

  /// Returns a uniform value in [0, n) for n >= 1: NextInt(n) below 2^31 − 1, otherwise
  /// |NextLong() mod n| as upstream's generator does.
  int64_t Uniform(int64_t n) {
    if (n < 0x7fffffffLL) return NextInt(static_cast<int32_t>(n));
    const int64_t r = NextLong() % n;
    return r < 0 ? -r : r;
  }

  /// Returns a uniform double in [0, 1) with 53 random bits.
  double NextDouble() {
    return static_cast<double>(static_cast<uint64_t>(NextLong()) >> 11) * 0x1.0p-53;
  }

  uint64_t state() const { return state_; }

 private:
  uint64_t state_;
};

}  // namespace weir::connectors
