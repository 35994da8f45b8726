#pragma once
// A unique path under the temp directory for a test, removed with anything under it when its
// owner goes out of scope, so that a test run leaves nothing behind.
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <string>

namespace csc::test {

struct TempPath {
  std::filesystem::path path;
  explicit TempPath(const std::string& prefix = "cscsim_test", const std::string& suffix = ".h5") {
    static std::atomic<int> n{0};
    path = std::filesystem::temp_directory_path() /
           (prefix + "_" + std::to_string(::getpid()) + "_" + std::to_string(n++) + suffix);
  }
  ~TempPath() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  TempPath(const TempPath&) = delete;
  TempPath& operator=(const TempPath&) = delete;
};

}  // namespace csc::test
