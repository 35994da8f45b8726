#pragma once
// Text outputs (CSV, JSON, Markdown, TOML) written under a temporary name and renamed when
// complete, so a failed write never leaves a file that looks finished.
#include <filesystem>
#include <string>

namespace csc::analysis {

/// InputError "PATH: cannot write" when the file cannot be written.
void write_text_file(const std::filesystem::path& path, const std::string& text);

/// The file's bytes ("" when it cannot be read: callers have checked that it exists).
std::string read_text_file(const std::filesystem::path& path);

}  // namespace csc::analysis
