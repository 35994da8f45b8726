#include "analysis/text_file.hpp"

#include <fstream>

#include "sim/core/errors.hpp"

namespace csc::analysis {

void write_text_file(const std::filesystem::path& path, const std::string& text) {
  const auto tmp = std::filesystem::path(path.string() + ".tmp");
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
  std::filesystem::rename(tmp, path);
}

}  // namespace csc::analysis
