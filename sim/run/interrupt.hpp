#pragma once
// What an interrupted run leaves behind: nothing. SIGINT, SIGTERM (a Slurm time limit) and
// SIGHUP are taken by one thread that removes every registered temporary file or folder, stops
// registered child processes and exits with 128 + the signal number (130 for SIGINT, 143 for
// SIGTERM, 129 for SIGHUP), the shell's convention. Temporary outputs register here when they
// are created and leave when they are committed (renamed into place) or removed; a commit and
// the clean-up never interleave, so an interrupted run leaves either the old file or the new,
// complete one.
#include <sys/types.h>
#include <filesystem>
#include <functional>

namespace csc::sim {

/// Exit status of a run stopped by signal `sig`.
[[nodiscard]] constexpr int interrupted_exit_status(int sig) { return 128 + sig; }

/// Blocks SIGINT, SIGTERM and SIGHUP in the calling thread (and in every thread it starts
/// later) and starts the thread that waits for them. Call first thing in main(), before any
/// other thread exists. Also ignores SIGXFSZ, so that a write past a file-size limit fails
/// with EFBIG (reported as an output error) instead of killing the process.
void install_interrupt_cleanup();

/// Runs `create` (which makes the temporary file or folder at `path`) and registers the path to
/// remove on interruption; returns its ticket. The clean-up is held off meanwhile, so an
/// interruption never finds the temporary made and not yet registered. When `create` throws,
/// nothing is registered.
int create_temporary(const std::filesystem::path& path, const std::function<void()>& create);
/// Forgets a temporary (it was committed or removed). Unknown tickets are ignored.
void unregister_temporary(int ticket);

/// Runs `commit` (for example a rename of a temporary into place) with the clean-up held off
/// meanwhile: an interruption sees the temporary either before the commit (and removes it) or
/// not at all. `commit` returns what is left to remove (a replaced folder swapped into the
/// temporary's place), which stays registered under `ticket` until the caller removes it and
/// unregisters; an empty path unregisters `ticket` at once.
void commit_temporary(int ticket, const std::function<std::filesystem::path()>& commit);

/// A child process to stop (SIGTERM) before clean-up on interruption.
void register_child(pid_t pid);
void unregister_child(pid_t pid);

}  // namespace csc::sim
