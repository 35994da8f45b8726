#pragma once
// The sub-commands of cscsim; each returns an exit code and lets InputError propagate.
#include <optional>
#include <string>

namespace csc::tools {

struct RunArgs {
  std::string scenario;
  std::string output;
  std::optional<long long> replicates, seed, years;
  int threads = 0;
  bool quiet = false;
};

int run_command(const RunArgs& args);
int validate_command(const std::string& scenario);
int info_command(const std::string& file);
std::string parameter_reference();

}  // namespace csc::tools
