#include "sim/run/progress.hpp"

#include <unistd.h>

#include <cstdio>

namespace csc::sim {

Progress::Progress(std::string label, std::uint64_t total, bool enabled)
    : label_(std::move(label)), total_(total == 0 ? 1 : total), enabled_(enabled) {}

Progress::~Progress() { finish(); }

bool Progress::stderr_is_terminal() { return isatty(STDERR_FILENO) == 1; }

void Progress::advance(std::uint64_t n) {
  const std::uint64_t done = done_.fetch_add(n) + n;
  if (!enabled_) return;
  std::lock_guard lock(mutex_);
  const auto now = std::chrono::steady_clock::now();
  if (done < total_ && now - last_draw_ < std::chrono::milliseconds(100)) return;
  last_draw_ = now;
  draw(done);
}

void Progress::finish() {
  if (!enabled_ || finished_) return;
  std::lock_guard lock(mutex_);
  draw(done_.load());
  std::fputc('\n', stderr);
  finished_ = true;
}

void Progress::draw(std::uint64_t done) {
  constexpr int kWidth = 30;
  const double frac = done >= total_ ? 1.0 : static_cast<double>(done) / static_cast<double>(total_);
  const int filled = static_cast<int>(frac * kWidth);
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  std::string bar(static_cast<std::size_t>(filled), '#');
  bar.resize(kWidth, ' ');
  std::fprintf(stderr, "\r%s [%s] %3d%% %.1fs", label_.c_str(), bar.c_str(), static_cast<int>(frac * 100.0), secs);
  std::fflush(stderr);
}

}  // namespace csc::sim
