#include "sim/io/temp_name.hpp"

#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>

namespace csc::sim {

std::filesystem::path temporary_sibling(const std::filesystem::path& final_path, const std::string& tag) {
  static std::atomic<unsigned> counter{0};
  std::filesystem::path p = final_path;
  p += "." + tag + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter++);
  return p;
}

long temporary_owner(const std::string& file_name) {
  const std::string tag = ".tmp-";
  const auto at = file_name.find(tag);
  return at == std::string::npos ? 0 : std::strtol(file_name.c_str() + at + tag.size(), nullptr, 10);
}

bool temporary_orphaned(const std::string& file_name) {
  const long pid = temporary_owner(file_name);
  return pid > 0 && ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH;
}

}  // namespace csc::sim
