#include "sim/run/interrupt.hpp"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <mutex>
#include <system_error>
#include <thread>
#include <vector>

namespace csc::sim {
namespace {

struct Registry {
  std::mutex mutex;
  std::map<int, std::filesystem::path> temporaries;
  std::vector<pid_t> children;
  int next_ticket = 0;
};

Registry& registry() {
  static Registry r;  // never destroyed before the waiting thread: it is leaked on purpose
  return r;
}

sigset_t interrupt_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGHUP);
  return set;
}

/// Stops a child: SIGTERM, up to 2 s to go, then SIGKILL. A child already reaped by the
/// thread that started it (ECHILD) is gone too.
void stop_child(pid_t pid) {
  if (::kill(pid, SIGTERM) != 0) return;
  for (int i = 0; i < 100; ++i) {
    const pid_t r = ::waitpid(pid, nullptr, WNOHANG);
    if (r == pid || (r < 0 && errno == ECHILD)) return;
    ::usleep(20000);
  }
  ::kill(pid, SIGKILL);
  ::waitpid(pid, nullptr, 0);
}

/// Removes a temporary; true when something was removed. A folder is first renamed away, so
/// that a thread still writing into it by path can add nothing after the removal.
bool remove_temporary(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::is_directory(path, ec)) return std::filesystem::remove(path, ec);
  auto doomed = path;
  doomed += ".removing";
  std::filesystem::rename(path, doomed, ec);
  std::filesystem::remove_all(ec ? path : doomed, ec);
  return !ec;
}

[[noreturn]] void wait_for_interrupt() {
  const sigset_t set = interrupt_signals();
  int sig = 0;
  while (::sigwait(&set, &sig) != 0) {
  }
  Registry& r = registry();
  r.mutex.lock();  // held until _exit: no commit can start once clean-up has
  for (const pid_t pid : r.children) stop_child(pid);
  int removed = 0;
  for (const auto& [ticket, path] : r.temporaries) removed += remove_temporary(path);
  std::fprintf(stderr, "\ncscsim: interrupted by %s; removed %d temporary output(s), exit %d\n",
               sig == SIGINT    ? "SIGINT"
               : sig == SIGTERM ? "SIGTERM"
                                : "SIGHUP",
               removed, interrupted_exit_status(sig));
  std::fflush(stderr);
  ::_exit(interrupted_exit_status(sig));
}

}  // namespace

void install_interrupt_cleanup() {
  ::signal(SIGXFSZ, SIG_IGN);
  const sigset_t set = interrupt_signals();
  ::pthread_sigmask(SIG_BLOCK, &set, nullptr);
  std::thread(wait_for_interrupt).detach();
}

int create_temporary(const std::filesystem::path& path, const std::function<void()>& create) {
  Registry& r = registry();
  const std::lock_guard lock(r.mutex);
  create();
  const int ticket = r.next_ticket++;
  r.temporaries.emplace(ticket, path);
  return ticket;
}

void unregister_temporary(int ticket) {
  Registry& r = registry();
  const std::lock_guard lock(r.mutex);
  r.temporaries.erase(ticket);
}

void commit_temporary(int ticket, const std::function<std::filesystem::path()>& commit) {
  Registry& r = registry();
  const std::lock_guard lock(r.mutex);
  std::filesystem::path left = commit();
  if (left.empty()) {
    r.temporaries.erase(ticket);
  } else {
    r.temporaries.insert_or_assign(ticket, std::move(left));
  }
}

void register_child(pid_t pid) {
  Registry& r = registry();
  const std::lock_guard lock(r.mutex);
  r.children.push_back(pid);
}

void unregister_child(pid_t pid) {
  Registry& r = registry();
  const std::lock_guard lock(r.mutex);
  r.children.erase(std::remove(r.children.begin(), r.children.end(), pid), r.children.end());
}

}  // namespace csc::sim
