#pragma once
// Writes a calibration posterior file in the layout `cscsim calibrate` writes
// (analysis/calibration/outputs.cpp, docs/calibration.md): /meta with `parameters` (one key a
// line), `complete` and `config_file`; /posterior/theta (particles x parameters) and
// /posterior/weight. For the tests of posterior draws.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "sim/io/hdf5.hpp"

namespace csc::test {

inline void write_posterior_file(const std::filesystem::path& file, const std::vector<std::string>& keys,
                                 const std::vector<std::vector<double>>& rows, std::vector<double> weights = {},
                                 bool complete = true) {
  namespace h5 = sim::h5;
  h5::silence_library_errors();
  if (weights.empty()) weights.assign(rows.size(), 1.0 / static_cast<double>(rows.size()));
  h5::Handle f = h5::create_file(file);
  {
    h5::Handle meta = h5::create_group(f.id(), "meta");
    std::string names;
    for (const auto& k : keys) names += k + "\n";
    h5::write_attr(meta.id(), "parameters", names);
    h5::write_attr(meta.id(), "complete", std::int64_t{complete ? 1 : 0});
    h5::write_attr(meta.id(), "config_file", std::string("tests/analysis/posterior_fixture.hpp"));
  }
  std::vector<double> theta;
  for (const auto& row : rows) theta.insert(theta.end(), row.begin(), row.end());
  const auto n = static_cast<hsize_t>(rows.size());
  const auto k = static_cast<hsize_t>(rows.empty() ? keys.size() : rows.front().size());
  auto t = h5::Dataset::create(f.id(), "posterior/theta", H5T_IEEE_F64LE, {n, k}, {}, h5::Layout{{}, 0, false});
  t.write_slab({0, 0}, {n, k}, H5T_NATIVE_DOUBLE, theta.data());
  auto w = h5::Dataset::create(f.id(), "posterior/weight", H5T_IEEE_F64LE, {static_cast<hsize_t>(weights.size())}, {},
                               h5::Layout{{}, 0, false});
  w.write_slab({0}, {static_cast<hsize_t>(weights.size())}, H5T_NATIVE_DOUBLE, weights.data());
  f.close();
}

}  // namespace csc::test
