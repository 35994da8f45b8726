#pragma once
// Error kinds shared by every layer. Tools map them to exit codes (docs/design.md):
// 0 success, 1 internal error, 2 bad input or usage.
#include <stdexcept>
#include <string>
#include <vector>

namespace csc::sim {

inline constexpr int kExitOk = 0;
inline constexpr int kExitInternal = 1;
inline constexpr int kExitBadInput = 2;

/// Bad input from a user: a scenario, an output path, a data file. Carries every problem found
/// (each already formatted as "file:line:column: key 'x': what was expected") so that a user
/// can fix them all in one pass.
class InputError : public std::runtime_error {
 public:
  explicit InputError(std::string message) : std::runtime_error(message), messages_{std::move(message)} {}
  explicit InputError(std::vector<std::string> messages)
      : std::runtime_error(join(messages)), messages_(std::move(messages)) {}

  [[nodiscard]] const std::vector<std::string>& messages() const { return messages_; }

 private:
  static std::string join(const std::vector<std::string>& lines) {
    std::string out;
    for (const auto& l : lines) {
      if (!out.empty()) out += '\n';
      out += l;
    }
    return out;
  }
  std::vector<std::string> messages_;
};

}  // namespace csc::sim
