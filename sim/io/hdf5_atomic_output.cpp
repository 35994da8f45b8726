// AtomicOutput: output is written to a temporary file beside the final one and renamed into place
// only when complete (after an fsync), so a killed or failed run never leaves a file that looks finished.
#include "sim/io/hdf5.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <utility>

#include "sim/core/errors.hpp"
#include "sim/io/temp_name.hpp"
#include "sim/run/interrupt.hpp"

namespace csc::sim::h5 {

// ---- AtomicOutput ------------------------------------------------------------------------

AtomicOutput::AtomicOutput(std::filesystem::path final_path) : final_(std::move(final_path)) {
  const auto bad = [&](const std::string& reason) {
    return InputError(final_.string() + ": cannot write output (" + reason + ")");
  };
  std::error_code ec;
  if (final_.empty()) throw bad("empty path");
  if (std::filesystem::is_directory(final_, ec)) throw bad("it is a directory");
  // The rename at commit() would replace whatever is there: a device node, a FIFO or a socket
  // is never an output file.
  const auto existing = std::filesystem::status(final_, ec);
  if (!ec && std::filesystem::exists(existing) && !std::filesystem::is_regular_file(existing))
    throw bad("it exists and is not a regular file");
  const std::filesystem::path dir = final_.has_parent_path() ? final_.parent_path() : std::filesystem::path(".");
  if (!std::filesystem::is_directory(dir, ec)) throw bad("directory " + dir.string() + " does not exist");
  temp_ = temporary_sibling(final_);
  ticket_ = create_temporary(temp_, [&] {
    const int fd = ::open(temp_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0) throw bad(std::strerror(errno));
    ::close(fd);
  });
}

AtomicOutput::~AtomicOutput() {
  if (committed_) return;
  std::error_code ec;
  std::filesystem::remove(temp_, ec);
  unregister_temporary(ticket_);
}

void AtomicOutput::commit() {
  if (committed_) throw std::runtime_error(final_.string() + ": output already committed");
  const int fd = ::open(temp_.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0 || ::fsync(fd) != 0) {
    const std::string reason = std::strerror(errno);
    if (fd >= 0) ::close(fd);
    throw InputError(final_.string() + ": cannot write output (sync failed: " + reason + ")");
  }
  ::close(fd);
  commit_temporary(ticket_, [this] {
    std::error_code ec;
    std::filesystem::rename(temp_, final_, ec);
    if (ec)
      throw InputError(final_.string() + ": cannot write output (cannot rename " + temp_.string() +
                       " into place: " + ec.message() + ")");
    return std::filesystem::path();
  });
  committed_ = true;
}

}  // namespace csc::sim::h5
