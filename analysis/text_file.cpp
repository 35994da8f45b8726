#include "analysis/text_file.hpp"

#include <fstream>
#include <sstream>

#include "sim/core/errors.hpp"
#include "sim/io/temp_name.hpp"

namespace csc::analysis {

void write_text_file(const std::filesystem::path& path, const std::string& text) {
  // A name of this process's own: writers of the same file in other processes (Slurm array
  // tasks, MPI ranks) never share a temporary file.
  const auto tmp = sim::temporary_sibling(path);
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

std::string read_text_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace csc::analysis
