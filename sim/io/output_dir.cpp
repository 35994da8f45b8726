#include "sim/io/output_dir.hpp"

#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <system_error>

#include "sim/core/errors.hpp"
#include "sim/io/temp_name.hpp"
#include "sim/run/interrupt.hpp"

namespace csc::sim {
namespace fs = std::filesystem;

namespace {

bool is_empty_directory(const fs::path& dir) {
  std::error_code ec;
  return fs::is_empty(dir, ec) && !ec;
}

}  // namespace

OutputDirectory::OutputDirectory(fs::path final_dir, bool replace) : final_(std::move(final_dir)) {
  // "out/report/" names the folder "out/report".
  while (!final_.has_filename() && final_.has_relative_path()) final_ = final_.parent_path();
  const auto bad = [&](const std::string& reason) {
    return InputError(final_.string() + ": cannot write results (" + reason + ")");
  };
  if (final_.empty()) throw bad("empty path");
  std::error_code ec;
  const auto st = fs::status(final_, ec);
  if (fs::exists(st)) {
    if (!fs::is_directory(st)) throw bad("it exists and is not a folder");
    if (!replace && !is_empty_directory(final_)) {
      throw InputError(final_.string() +
                       ": the results folder exists and is not empty; pass --force to replace "
                       "it whole, or choose another folder");
    }
  }
  const fs::path parent = final_.has_parent_path() ? final_.parent_path() : fs::path(".");
  if (!fs::is_directory(parent, ec)) throw bad("folder " + parent.string() + " does not exist");
  temp_ = temporary_sibling(final_);
  ticket_ = create_temporary(temp_, [&] {
    if (!fs::create_directory(temp_, ec) || ec) throw bad(ec ? ec.message() : "cannot create " + temp_.string());
  });
}

OutputDirectory::~OutputDirectory() {
  if (committed_) return;
  std::error_code ec;
  fs::remove_all(temp_, ec);
  unregister_temporary(ticket_);
}

void OutputDirectory::commit() {
  if (committed_) throw std::logic_error(final_.string() + ": results already committed");
  fs::path old;  // the folder replaced, to remove once the new one is in place
  commit_temporary(ticket_, [&]() -> fs::path {
    std::error_code ec;
    const bool occupied = fs::exists(final_, ec) && !is_empty_directory(final_);
    if (!occupied) {
      if (fs::exists(final_, ec)) fs::remove(final_, ec);  // an empty folder
      fs::rename(temp_, final_, ec);
    } else if (::renameat2(AT_FDCWD, temp_.c_str(), AT_FDCWD, final_.c_str(), RENAME_EXCHANGE) == 0) {
      old = temp_;  // now holds the replaced results
    } else if (errno == EINVAL || errno == ENOSYS || errno == ENOTSUP) {
      old = temporary_sibling(final_, "old");
      fs::rename(final_, old, ec);
      if (!ec) {
        fs::rename(temp_, final_, ec);
        std::error_code undo;
        if (ec) fs::rename(old, final_, undo);  // put the user's folder back
      }
    } else {
      ec.assign(errno, std::generic_category());
    }
    if (ec) {
      throw InputError(final_.string() + ": cannot move the results into place (" + ec.message() + ")");
    }
    return old;  // stays registered: an interruption from here on removes it too
  });
  committed_ = true;
  if (!old.empty()) {
    std::error_code ec;
    fs::remove_all(old, ec);
    unregister_temporary(ticket_);
  }
}

}  // namespace csc::sim
