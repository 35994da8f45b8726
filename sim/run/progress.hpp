#pragma once
// A terminal progress bar on stderr: drawn only when stderr is a terminal, so logs and pipes
// stay quiet (no Debian package provides one; see toolchain.md).
#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>

namespace csc::sim {

class Progress {
 public:
  Progress(std::string label, std::uint64_t total, bool enabled);
  ~Progress();
  /// Thread-safe; redraws at most ten times a second.
  void advance(std::uint64_t n = 1);
  void finish();
  static bool stderr_is_terminal();

 private:
  void draw(std::uint64_t done);
  std::string label_;
  std::uint64_t total_;
  bool enabled_;
  bool finished_ = false;
  std::atomic<std::uint64_t> done_{0};
  std::mutex mutex_;
  std::chrono::steady_clock::time_point last_draw_{};
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

}  // namespace csc::sim
