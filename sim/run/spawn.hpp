#pragma once
// Runs another program without a shell: the arguments go to it as they are (a file name with
// quotes, semicolons or spaces is only a file name), through posix_spawn.
#include <string>
#include <vector>

namespace csc::sim {

/// Runs argv[0] (a path; not searched in PATH) with argv[1..] and waits for it. The child
/// starts with the default handling of every signal and an empty signal mask, and is stopped
/// if this process is interrupted (sim/run/interrupt.hpp). Returns its exit status, or 128 +
/// the signal that ended it. std::runtime_error if it cannot be started.
int run_program(const std::vector<std::string>& argv);

}  // namespace csc::sim
