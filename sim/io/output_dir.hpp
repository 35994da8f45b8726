#pragma once
// A results folder (tables, a report) written whole or not at all. Everything is written into
// a temporary folder beside the final one and moved into place at commit(): a killed or failed
// command never leaves new tables beside an old report, and a folder the user already has is
// kept unless they asked for it to be replaced (then it is swapped, not mixed).
#include <filesystem>

namespace csc::sim {

class OutputDirectory {
 public:
  /// Checks `final_dir` before any work and creates the empty temporary folder
  /// (final + ".tmp-<pid>-<n>"), registered for removal on SIGINT/SIGTERM. InputError when
  /// final_dir is a file, when it is a folder that is not empty and `replace` is false, or
  /// when its parent cannot be written.
  OutputDirectory(std::filesystem::path final_dir, bool replace);
  ~OutputDirectory();  // removes the temporary folder unless committed
  OutputDirectory(const OutputDirectory&) = delete;
  OutputDirectory& operator=(const OutputDirectory&) = delete;

  /// Where to write the results until commit().
  [[nodiscard]] const std::filesystem::path& temp_path() const { return temp_; }
  [[nodiscard]] const std::filesystem::path& final_path() const { return final_; }

  /// Moves the temporary folder into place: a rename when nothing (or an empty folder) is
  /// there, else an atomic exchange with the old folder (two renames where the filesystem
  /// cannot exchange), after which the old folder is removed. InputError on failure.
  void commit();

 private:
  std::filesystem::path final_, temp_;
  int ticket_ = -1;
  bool committed_ = false;
};

}  // namespace csc::sim
