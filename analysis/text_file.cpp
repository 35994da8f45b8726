#include "analysis/text_file.hpp"

#include <unistd.h>

#include <atomic>
#include <fstream>

#include "sim/core/errors.hpp"

namespace csc::analysis {

void write_text_file(const std::filesystem::path& path, const std::string& text) {
  // A name of this process's own (as sim::h5::AtomicOutput's): writers of the same file in
  // other processes (Slurm array tasks, MPI ranks) never share a temporary file.
  static std::atomic<unsigned> counter{0};
  const auto tmp = std::filesystem::path(path.string() + ".tmp-" + std::to_string(::getpid()) + "-" +
                                         std::to_string(counter.fetch_add(1)));
  {
    std::ofstream out(tmp);
    if (!out) throw sim::InputError(path.string() + ": cannot write");
    out << text;
    if (!out) {
      out.close();
      std::filesystem::remove(tmp);
      throw sim::InputError(path.string() + ": write failed");
    }
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    std::filesystem::remove(tmp, ec);
    throw sim::InputError(path.string() + ": cannot write (" + ec.message() + ")");
  }
}

}  // namespace csc::analysis
