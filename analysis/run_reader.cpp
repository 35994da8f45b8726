#include "analysis/run_reader.hpp"

#include <sstream>

#include "sim/core/errors.hpp"

namespace csc::analysis {

namespace h5 = sim::h5;

float Series::total(int r, int w) const {
  float s = 0.0f;
  for (int l = 0; l < las; ++l) s += at(r, w, l);
  return s;
}

RunFile RunFile::open(const std::filesystem::path& path) {
  h5::silence_library_errors();
  RunFile run;
  run.path = path;
  run.file_ = h5::open_file_readonly(path);
  const hid_t f = run.file_.id();
  if (!h5::exists(f, "meta")) {
    throw sim::InputError(path.string() + ": not a cscsim run file (no /meta group)");
  }
  auto meta = h5::open_group(f, "meta");
  const hid_t m = meta.id();
  run.complete = h5::has_attr(m, "complete") && h5::read_attr_int(m, "complete") == 1;
  run.schema_version = h5::read_attr_int(m, "schema_version");
  run.scenario_name = h5::read_attr_string(m, "scenario_name");
  run.scenario_toml = h5::read_attr_string(m, "scenario_toml");
  run.seed = h5::read_attr_int(m, "seed");
  run.replicates = h5::read_attr_int(m, "replicates");
  run.weeks = h5::read_attr_int(m, "weeks");
  run.burn_in_weeks = h5::read_attr_int(m, "burn_in_weeks");
  run.las = h5::read_attr_int(m, "las");
  run.version = h5::read_attr_string(m, "version");
  run.build_type = h5::read_attr_string(m, "build_type");
  run.start_time = h5::read_attr_string(m, "start_time");
  run.start_date = h5::read_attr_string(m, "start_date");
  run.host = h5::read_attr_string(m, "host");
  if (h5::has_attr(m, "price_year")) run.price_year = h5::read_attr_string(m, "price_year");
  run.threads = h5::read_attr_int(m, "threads");
  if (h5::has_attr(m, "children")) run.children = h5::read_attr_int(m, "children");
  if (h5::has_attr(m, "wall_time_s")) run.wall_time_s = h5::read_attr_double(m, "wall_time_s");
  std::istringstream names(h5::read_attr_string(m, "la_names"));
  for (std::string line; std::getline(names, line);) run.la_names.push_back(line);
  return run;
}

void RunFile::require_complete() const {
  if (!complete) {
    throw sim::InputError(path.string() +
                          ": the run did not finish (/meta complete = 0); rerun it");
  }
}

Series RunFile::series(const std::string& metric) const {
  const std::string name = "series/" + metric;
  const auto ds = h5::Dataset::open(file_.id(), name);
  const auto dims = ds.dims();
  if (dims.size() != 3) {
    throw sim::InputError(path.string() + ": /" + name + " has rank " +
                          std::to_string(dims.size()) + ", expected (replicates, weeks, las)");
  }
  Series s;
  s.replicates = static_cast<int>(dims[0]);
  s.weeks = static_cast<int>(dims[1]);
  s.las = static_cast<int>(dims[2]);
  s.values = h5::read_all<float>(file_.id(), name);
  return s;
}

std::vector<std::string> RunFile::series_names() const {
  auto group = h5::open_group(file_.id(), "series");
  return h5::list_links(group.id());
}

std::uint64_t RunFile::cohort_rows(const std::string& table) const {
  const std::string name = "cohort/" + table;
  if (!h5::exists(file_.id(), name)) return 0;
  return h5::Dataset::open(file_.id(), name).dims().at(0);
}

}  // namespace csc::analysis
