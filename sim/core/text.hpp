#pragma once
// Small text helpers for the comma-separated lists that scenario and configuration values
// hold (LA names, team numbers, rollout stages, target ids).
#include <string>
#include <string_view>

namespace csc::sim {

/// `text` without the spaces around it.
inline std::string trimmed(std::string_view text) {
  const auto first = text.find_first_not_of(' ');
  if (first == std::string_view::npos) return "";
  return std::string(text.substr(first, text.find_last_not_of(' ') - first + 1));
}

}  // namespace csc::sim
