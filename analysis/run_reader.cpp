#include "analysis/run_reader.hpp"

#include <cmath>
#include <cstdio>
#include <new>
#include <sstream>

#include "models/core/states.hpp"
#include "models/output/run_file.hpp"
#include "sim/core/errors.hpp"
#include "sim/core/time.hpp"

namespace csc::analysis {

namespace h5 = sim::h5;

namespace detail {
void rethrow_as_input_error(const std::filesystem::path& path) {
  try {
    throw;
  } catch (const sim::InputError&) {
    throw;
  } catch (const std::bad_alloc&) {
    throw sim::InputError(path.string() + ": corrupt or unreadable (too large to read)");
  } catch (const std::exception& e) {
    throw sim::InputError(path.string() + ": corrupt or unreadable (" + e.what() + ")");
  }
}
}  // namespace detail

namespace {

std::string shape_text(const std::vector<hsize_t>& d) {
  std::string s = "(";
  for (std::size_t i = 0; i < d.size(); ++i) s += (i ? ", " : "") + std::to_string(d[i]);
  return s + ")";
}

/// Compound members the reader converts: each must be in the file with the same class (and, for
/// integers, the same size and sign); extra members in the file are ignored.
void check_compound(const RunFile& run, const std::string& name, hid_t file_type, hid_t mem_type) {
  if (H5Tget_class(file_type) != H5T_COMPOUND) throw sim::InputError(run.where(name) + "not a compound table");
  const int n = H5Tget_nmembers(mem_type);
  for (unsigned i = 0; i < static_cast<unsigned>(n); ++i) {
    char* raw = H5Tget_member_name(mem_type, i);
    const std::string field = raw != nullptr ? raw : "";
    H5free_memory(raw);
    const int k = H5Tget_member_index(file_type, field.c_str());
    if (k < 0) throw sim::InputError(run.where(name) + "field '" + field + "' missing");
    h5::Handle ft(H5Tget_member_type(file_type, static_cast<unsigned>(k)));
    h5::Handle mt(H5Tget_member_type(mem_type, i));
    if (!ft || !mt) throw sim::InputError(run.where(name) + "field '" + field + "' unreadable");
    const H5T_class_t fc = H5Tget_class(ft.id()), mc = H5Tget_class(mt.id());
    bool ok = fc == mc;
    if (ok && mc == H5T_INTEGER)
      ok = H5Tget_size(ft.id()) == H5Tget_size(mt.id()) && H5Tget_sign(ft.id()) == H5Tget_sign(mt.id());
    if (!ok)
      throw sim::InputError(run.where(name) + "field '" + field + "' has another type than " +
                            (mc == H5T_ENUM ? "the enum" : "the integer type") + " cscsim writes");
  }
}

void check_cohort_table(const RunFile& run, const std::string& table, hid_t mem_type) {
  const std::string name = "cohort/" + table;
  if (!h5::exists(run.handle(), name)) return;
  const auto ds = h5::Dataset::open(run.handle(), name);
  const auto dims = ds.dims();
  if (dims.size() != 1)
    throw sim::InputError(run.where(name) + "rank " + std::to_string(dims.size()) + ", expected a table (rank 1)");
  check_compound(run, name, ds.file_type().id(), mem_type);
}

/// Opens /series/NAME and checks it against /meta: shape (replicates, weeks, las), or that and
/// a last axis of one entry per child state; numeric; stored.
h5::Dataset open_series(const RunFile& run, const std::string& metric, bool allow_states) {
  const std::string name = "series/" + metric;
  auto ds = h5::Dataset::open(run.handle(), name);
  const auto dims = ds.dims();
  const bool states = dims.size() == 4 && allow_states;
  std::vector<hsize_t> expected{static_cast<hsize_t>(run.replicates), static_cast<hsize_t>(run.weeks),
                                static_cast<hsize_t>(run.las)};
  if (states) expected.push_back(models::kStateCount);
  if (dims != expected) {
    throw sim::InputError(run.where(name) + "shape " + shape_text(dims) + " does not match /meta: expected " +
                          shape_text(expected) + " (replicates, weeks, las" + (states ? ", states)" : ")"));
  }
  const auto t = ds.file_type();
  const H5T_class_t c = H5Tget_class(t.id());
  if (c != H5T_FLOAT && c != H5T_INTEGER) throw sim::InputError(run.where(name) + "not numeric");
  check_stored(run, ds);
  return ds;
}

/// Reads replicates [first, first + count) of a checked /series dataset into out.
void read_replicates(const RunFile& run, const h5::Dataset& ds, const std::string& metric, hsize_t first, hsize_t count,
                     hid_t mem_type, void* out) {
  const auto dims = ds.dims();
  std::vector<hsize_t> offset(dims.size(), 0), block = dims;
  offset[0] = first;
  block[0] = count;
  try {
    ds.read_slab(offset, block, mem_type, out);
  } catch (const std::runtime_error&) {  // a failed read: a chunk's checksum or its filters
    throw sim::InputError(run.where("series/" + metric) + "checksum mismatch or corrupt data");
  }
}

template <class T>
void require_finite(const RunFile& run, const std::string& metric, const std::vector<T>& v, std::size_t first_replicate,
                    std::size_t per_replicate_cells) {
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (std::isfinite(v[i])) continue;
    const std::size_t inner = i % per_replicate_cells;
    const std::size_t extra = per_replicate_cells / static_cast<std::size_t>(run.weeks * run.las);
    const std::size_t r = first_replicate + i / per_replicate_cells;
    const std::size_t w = inner / extra / static_cast<std::size_t>(run.las);
    const std::size_t l = inner / extra % static_cast<std::size_t>(run.las);
    char value[32];
    std::snprintf(value, sizeof value, "%g", static_cast<double>(v[i]));
    throw sim::InputError(run.where("series/" + metric) + "non-finite value " + value + " at replicate " +
                          std::to_string(r) + ", week " + std::to_string(w) + ", LA " + std::to_string(l));
  }
}

/// /meta/posterior/NAME: `count` values of a rank-1 (or, with `columns`, rank-2) dataset.
template <class T>
std::vector<T> posterior_values(const RunFile& run, const std::string& name, std::size_t count,
                                std::size_t columns = 0) {
  const std::string path = "meta/posterior/" + name;
  const auto ds = h5::Dataset::open(run.handle(), path);
  std::vector<hsize_t> expected{count};
  if (columns > 0) expected.push_back(columns);
  if (ds.dims() != expected)
    throw sim::InputError(run.where(path) + "shape " + shape_text(ds.dims()) + ", expected " + shape_text(expected));
  check_stored(run, ds);
  std::vector<T> out(h5::detail::element_count(expected));
  if (!out.empty()) h5::detail::read_numeric(ds, h5::native_type<T>(), out.data());
  return out;
}

models::PosteriorRecord read_posterior_meta(const RunFile& run) {
  const auto group = h5::open_group(run.handle(), "meta/posterior");
  const hid_t g = group.id();
  models::PosteriorRecord p;
  p.file = h5::read_attr_string(g, "file");
  p.file_digest = h5::read_attr_string(g, "file_digest");
  p.calibration = h5::read_attr_string(g, "calibration");
  std::istringstream names(h5::read_attr_string(g, "parameters"));
  for (std::string line; std::getline(names, line);) p.parameters.push_back(line);
  const std::int64_t draws = h5::read_attr_int(g, "draws"), per_draw = h5::read_attr_int(g, "per_draw");
  if (draws < 1 || per_draw < 1 || draws * per_draw != run.replicates || p.parameters.empty())
    throw sim::InputError(run.where("meta/posterior") + "draws = " + std::to_string(draws) +
                          " x per_draw = " + std::to_string(per_draw) + " do not make the run's " +
                          std::to_string(run.replicates) + " replicates, or no parameter is named");
  p.draws = static_cast<int>(draws);
  p.per_draw = static_cast<int>(per_draw);
  const auto n = static_cast<std::size_t>(run.replicates);
  p.draw = posterior_values<std::int64_t>(run, "draw", n);
  p.particle = posterior_values<std::int64_t>(run, "particle", n);
  p.theta = posterior_values<double>(run, "theta", n, p.parameters.size());
  for (std::size_t i = 0; i < n; ++i) {
    if (p.draw[i] != static_cast<std::int64_t>(i) / per_draw || p.particle[i] < 0)
      throw sim::InputError(run.where("meta/posterior/draw") + "replicate " + std::to_string(i) +
                            " does not use draw i / per_draw, or its particle is negative");
  }
  for (double v : p.theta) {
    if (!std::isfinite(v)) throw sim::InputError(run.where("meta/posterior/theta") + "a value is not finite");
  }
  return p;
}

}  // namespace

void check_stored(const RunFile& run, const h5::Dataset& ds) {
  std::string name = ds.name();
  if (!name.empty() && name.front() == '/') name.erase(0, 1);
  const std::size_t cells = h5::detail::element_count(ds.dims());
  if (cells == 0) return;
  const auto dims = ds.dims();
  const auto type = ds.file_type();
  const std::size_t type_bytes = H5Tget_size(type.id());
  double chunk_bytes = 0;
  h5::Handle dcpl(H5Dget_create_plist(ds.id()));
  if (dcpl && H5Pget_layout(dcpl.id()) == H5D_CHUNKED) {
    // Every chunk written: an unwritten one would read as zeros, not as an error.
    hsize_t chunk[H5S_MAX_RANK];
    const int rank = H5Pget_chunk(dcpl.id(), H5S_MAX_RANK, chunk);
    if (rank != static_cast<int>(dims.size()))
      throw sim::InputError(run.where(name) + "chunk rank differs from the dataset's rank");
    chunk_bytes = static_cast<double>(type_bytes);
    double expected_chunks = 1;
    for (int i = 0; i < rank; ++i) {
      if (chunk[i] == 0) throw sim::InputError(run.where(name) + "chunk dimension 0");
      chunk_bytes *= static_cast<double>(chunk[i]);
      expected_chunks *= static_cast<double>((dims[static_cast<std::size_t>(i)] + chunk[i] - 1) / chunk[i]);
    }
    hsize_t written = 0;
    h5::Handle space(H5Dget_space(ds.id()));
    if (!space || H5Dget_num_chunks(ds.id(), space.id(), &written) < 0)
      throw sim::InputError(run.where(name) + "cannot count its chunks (corrupt chunk index)");
    if (static_cast<double>(written) != expected_chunks)
      throw sim::InputError(run.where(name) + "data not written in full (" + std::to_string(written) + " of " +
                            std::to_string(static_cast<long long>(expected_chunks)) + " chunks)");
  } else {
    H5D_space_status_t status{};
    if (H5Dget_space_status(ds.id(), &status) < 0 || status != H5D_SPACE_STATUS_ALLOCATED)
      throw sim::InputError(run.where(name) + "data not written");
  }
  const double stored = static_cast<double>(H5Dget_storage_size(ds.id()));
  const double declared = static_cast<double>(cells) * static_cast<double>(type_bytes);
  if (declared > 1100.0 * stored + chunk_bytes) {
    char buf[160];
    std::snprintf(buf, sizeof buf, "declares %.0f bytes of data but stores only %.0f", declared, stored);
    throw sim::InputError(run.where(name) + buf);
  }
}

float Series::total(int r, int w) const {
  float s = 0.0f;
  for (int l = 0; l < las; ++l) s += at(r, w, l);
  return s;
}

std::string RunFile::where(const std::string& object) const { return path.string() + ": /" + object + ": "; }

RunFile RunFile::open(const std::filesystem::path& path) {
  h5::silence_library_errors();
  RunFile run;
  run.path = path;
  run.file_ = h5::open_file_readonly(path);
  return guard_read(path, [&] {
    const hid_t f = run.file_.id();
    if (!h5::exists(f, "meta")) {
      throw sim::InputError(path.string() + ": not a cscsim run file (no /meta group)");
    }
    auto meta = h5::open_group(f, "meta");
    const hid_t m = meta.id();
    const auto bad = [&](const std::string& what) { return sim::InputError(path.string() + ": /meta " + what); };
    std::int64_t complete_attr = 0;
    if (h5::has_attr(m, "complete")) complete_attr = h5::read_attr_int(m, "complete");
    if (complete_attr != 0 && complete_attr != 1)
      throw bad("complete = " + std::to_string(complete_attr) + ", expected 0 or 1");
    run.complete = complete_attr == 1;
    run.schema_version = h5::read_attr_int(m, "schema_version");
    if (run.schema_version < 1 || run.schema_version > models::kSchemaVersion)
      throw bad("schema_version = " + std::to_string(run.schema_version) + ": this cscsim reads " +
                "schema versions 1 to " + std::to_string(models::kSchemaVersion));
    run.scenario_name = h5::read_attr_string(m, "scenario_name");
    run.scenario_toml = h5::read_attr_string(m, "scenario_toml");
    run.seed = h5::read_attr_int(m, "seed");
    const auto in_range = [&](const char* name, std::int64_t lo, std::int64_t hi) {
      const std::int64_t v = h5::read_attr_int(m, name);
      if (v < lo || v > hi)
        throw bad(std::string(name) + " = " + std::to_string(v) + ", expected " + std::to_string(lo) + " to " +
                  std::to_string(hi));
      return v;
    };
    run.replicates = in_range("replicates", 1, kMaxReplicates);
    if (h5::has_attr(m, "first_replicate")) run.first_replicate = in_range("first_replicate", 0, kMaxFirstReplicate);
    run.weeks = in_range("weeks", 1, kMaxWeeks);
    run.burn_in_weeks = in_range("burn_in_weeks", 0, kMaxWeeks);
    run.las = in_range("las", 1, kMaxLas);
    if (run.replicates * run.weeks * run.las > kMaxCells)
      throw bad("replicates x weeks x las = " + std::to_string(run.replicates * run.weeks * run.las) +
                " cells per series, more " + "than this cscsim reads (" + std::to_string(kMaxCells) + ")");
    run.version = h5::read_attr_string(m, "version");
    run.build_type = h5::read_attr_string(m, "build_type");
    run.start_time = h5::read_attr_string(m, "start_time");
    run.start_date = h5::read_attr_string(m, "start_date");
    sim::Date start;
    if (!sim::Date::parse(run.start_date, start))
      throw bad("start_date '" + run.start_date + "' is not a date (YYYY-MM-DD)");
    run.host = h5::read_attr_string(m, "host");
    if (h5::has_attr(m, "price_year")) run.price_year = h5::read_attr_string(m, "price_year");
    run.threads = in_range("threads", 0, 1 << 20);
    if (h5::has_attr(m, "children")) run.children = h5::read_attr_int(m, "children");
    if (run.children < 0) throw bad("children = " + std::to_string(run.children) + ", expected >= 0");
    if (h5::has_attr(m, "wall_time_s")) run.wall_time_s = h5::read_attr_double(m, "wall_time_s");
    if (!std::isfinite(run.wall_time_s) || run.wall_time_s < 0)
      throw bad("wall_time_s = " + std::to_string(run.wall_time_s) + ", expected a time >= 0");
    std::istringstream names(h5::read_attr_string(m, "la_names"));
    for (std::string line; std::getline(names, line);) run.la_names.push_back(line);
    if (static_cast<std::int64_t>(run.la_names.size()) != run.las)
      throw bad("la_names has " + std::to_string(run.la_names.size()) +
                " name(s) for las = " + std::to_string(run.las));
    if (h5::has_attr(m, models::kChecksumAttribute)) {
      const std::string stored = h5::read_attr_string(m, models::kChecksumAttribute);
      const std::string actual = models::attribute_checksum(f);
      if (stored != actual)
        throw bad(std::string(models::kChecksumAttribute) + ": the attribute values do not match " +
                  "their checksum (" + actual + ", stored " + stored +
                  "): the file is corrupt or was changed after the run");
      run.has_checksum = true;
    }
    if (h5::exists(f, "meta/posterior")) run.posterior = read_posterior_meta(run);
    const auto types = models::CohortTypes::make();
    check_cohort_table(run, "events", types.event.id());
    check_cohort_table(run, "children", types.child.id());
    return std::move(run);
  });
}

void RunFile::require_complete() const {
  if (!complete) {
    throw sim::InputError(path.string() + ": the run did not finish (/meta complete = 0); rerun it");
  }
}

Series RunFile::series(const std::string& metric) const {
  return guard_read(path, [&] {
    const auto ds = open_series(*this, metric, false);
    Series s;
    s.replicates = static_cast<int>(replicates);
    s.weeks = static_cast<int>(weeks);
    s.las = static_cast<int>(las);
    s.values.resize(static_cast<std::size_t>(replicates * weeks * las));
    read_replicates(*this, ds, metric, 0, static_cast<hsize_t>(replicates), H5T_NATIVE_FLOAT, s.values.data());
    require_finite(*this, metric, s.values, 0, static_cast<std::size_t>(weeks * las));
    return s;
  });
}

std::vector<double> RunFile::replicate_values(const std::string& name, int replicate) const {
  return guard_read(path, [&] {
    const auto ds = open_series(*this, name, true);
    if (replicate < 0 || replicate >= replicates)
      throw std::out_of_range("replicate " + std::to_string(replicate) + " of " + name);
    const std::size_t cells = h5::detail::element_count(ds.dims()) / static_cast<std::size_t>(replicates);
    std::vector<double> out(cells);
    read_replicates(*this, ds, name, static_cast<hsize_t>(replicate), 1, H5T_NATIVE_DOUBLE, out.data());
    require_finite(*this, name, out, static_cast<std::size_t>(replicate), cells);
    return out;
  });
}

std::vector<std::string> RunFile::series_names() const {
  return guard_read(path, [&] {
    auto group = h5::open_group(file_.id(), "series");
    // The axes (replicate, week, la, state) are dimension scales, not series.
    std::vector<std::string> names;
    for (auto& name : h5::list_links(group.id())) {
      const h5::Handle obj(H5Oopen(group.id(), name.c_str(), H5P_DEFAULT));
      if (obj && H5Iget_type(obj.id()) == H5I_DATASET && h5::is_dimension_scale(obj.id())) continue;
      names.push_back(std::move(name));
    }
    return names;
  });
}

std::uint64_t RunFile::cohort_rows(const std::string& table) const {
  return guard_read(path, [&]() -> std::uint64_t {
    const std::string name = "cohort/" + table;
    if (!h5::exists(file_.id(), name)) return 0;
    const auto dims = h5::Dataset::open(file_.id(), name).dims();
    if (dims.size() != 1) throw sim::InputError(where(name) + "not a table (rank 1)");
    return dims[0];
  });
}

}  // namespace csc::analysis
