#include "models/output/run_file.hpp"

#include <unistd.h>

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <limits>
#include <stdexcept>

#include "sim/core/fnv1a.hpp"
#include "sim/core/time.hpp"

namespace csc::models {
namespace {

namespace h5 = sim::h5;

std::vector<std::string> labels(auto const& array) { return {array.begin(), array.end()}; }

std::string host_name() {
  char buf[256] = {};
  if (gethostname(buf, sizeof buf - 1) != 0) return "unknown";
  return buf;
}

#ifndef CSC_VERSION
#define CSC_VERSION "unknown"
#endif
#ifndef CSC_BUILD_TYPE
#define CSC_BUILD_TYPE "unknown"
#endif

/// The checksum's framing over FNV-1a: a field is its length in decimal, ':', then its bytes.
struct ChecksumHash : sim::Fnv1a {
  void add_field(std::string_view s) {
    bytes(std::to_string(s.size()));
    bytes(":");
    bytes(s);
  }
};

herr_t collect_object(hid_t, const char* name, const H5O_info_t*, void* out) {
  static_cast<std::vector<std::string>*>(out)->emplace_back(name);
  return 0;
}

std::vector<std::string> attribute_names(hid_t obj, const std::string& path) {
  H5O_info_t info{};
  if (H5Oget_info2(obj, &info, H5O_INFO_NUM_ATTRS) < 0) throw std::runtime_error("H5Oget_info failed for " + path);
  std::vector<std::string> names;
  for (hsize_t i = 0; i < info.num_attrs; ++i) {
    const ssize_t n = H5Aget_name_by_idx(obj, ".", H5_INDEX_NAME, H5_ITER_INC, i, nullptr, 0, H5P_DEFAULT);
    if (n < 0) throw std::runtime_error("H5Aget_name_by_idx failed for " + path);
    std::string s(static_cast<std::size_t>(n) + 1, '\0');
    H5Aget_name_by_idx(obj, ".", H5_INDEX_NAME, H5_ITER_INC, i, s.data(), s.size(), H5P_DEFAULT);
    s.resize(static_cast<std::size_t>(n));
    names.push_back(std::move(s));
  }
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace

std::string attribute_checksum(hid_t file) {
  std::vector<std::string> objects;
  // Native order, sorted below: iterating a group's dense link storage in any other order makes
  // HDF5 1.10.8 build a link table that, when a corrupt heap block stops it half way, it frees
  // with uninitialised pointers in it (found under AddressSanitizer with corrupt files).
  if (H5Ovisit2(file, H5_INDEX_NAME, H5_ITER_NATIVE, collect_object, &objects, H5O_INFO_BASIC) < 0)
    throw std::runtime_error("H5Ovisit failed: cannot list the objects of the file");
  std::sort(objects.begin(), objects.end());
  ChecksumHash hash;
  for (const std::string& path : objects) {
    h5::Handle obj(H5Oopen(file, path.c_str(), H5P_DEFAULT));
    if (!obj) throw std::runtime_error("H5Oopen failed for " + path);
    const bool meta = path == "meta";
    for (const std::string& name : attribute_names(obj.id(), path)) {
      if (meta && (name == kChecksumAttribute || name == "complete")) continue;
      hash.add_field(path);
      hash.add_field(name);
      h5::Handle attr(H5Aopen(obj.id(), name.c_str(), H5P_DEFAULT));
      h5::Handle type(attr ? H5Aget_type(attr.id()) : H5I_INVALID_HID);
      h5::Handle space(attr ? H5Aget_space(attr.id()) : H5I_INVALID_HID);
      if (!attr || !type || !space) throw std::runtime_error("H5Aopen failed for " + path + " attribute " + name);
      const H5T_class_t c = H5Tget_class(type.id());
      if (H5Sget_simple_extent_npoints(space.id()) != 1) {
        hash.add_field("?");  // not a single value: only its name is covered
      } else if (c == H5T_INTEGER) {
        hash.add_field("i");
        hash.add_field(std::to_string(h5::read_attr_int(obj.id(), name)));
      } else if (c == H5T_FLOAT) {
        const double v = h5::read_attr_double(obj.id(), name);
        std::uint64_t bits = 0;
        std::memcpy(&bits, &v, sizeof bits);
        hash.add_field("f");
        hash.add_field(std::to_string(bits));
      } else if (c == H5T_STRING) {
        hash.add_field("s");
        hash.add_field(h5::read_attr_string(obj.id(), name));
      } else {
        hash.add_field("?");
      }
    }
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, "fnv1a64:%016" PRIx64, hash.value());
  return buf;
}

CohortTypes CohortTypes::make() {
  CohortTypes t;
  t.state = h5::make_enum_type(labels(kStateLabels));
  t.reason = h5::make_enum_type(labels(kReasonLabels));
  t.placement = h5::make_enum_type(labels(kPlacementLabels));

  t.event = h5::Handle(H5Tcreate(H5T_COMPOUND, sizeof(EventRow)));
  const hid_t e = t.event.id();
  H5Tinsert(e, "replicate", HOFFSET(EventRow, replicate), H5T_NATIVE_UINT32);
  H5Tinsert(e, "child", HOFFSET(EventRow, child), H5T_NATIVE_UINT32);
  H5Tinsert(e, "family", HOFFSET(EventRow, family), H5T_NATIVE_UINT32);
  H5Tinsert(e, "la", HOFFSET(EventRow, la), H5T_NATIVE_UINT16);
  H5Tinsert(e, "day", HOFFSET(EventRow, day), H5T_NATIVE_INT32);
  H5Tinsert(e, "from_state", HOFFSET(EventRow, from_state), t.state.id());
  H5Tinsert(e, "to_state", HOFFSET(EventRow, to_state), t.state.id());
  H5Tinsert(e, "reason", HOFFSET(EventRow, reason), t.reason.id());
  H5Tinsert(e, "placement", HOFFSET(EventRow, placement), t.placement.id());

  t.child = h5::Handle(H5Tcreate(H5T_COMPOUND, sizeof(ChildRow)));
  const hid_t c = t.child.id();
  H5Tinsert(c, "replicate", HOFFSET(ChildRow, replicate), H5T_NATIVE_UINT32);
  H5Tinsert(c, "child", HOFFSET(ChildRow, child), H5T_NATIVE_UINT32);
  H5Tinsert(c, "family", HOFFSET(ChildRow, family), H5T_NATIVE_UINT32);
  H5Tinsert(c, "la", HOFFSET(ChildRow, la), H5T_NATIVE_UINT16);
  H5Tinsert(c, "birth_day", HOFFSET(ChildRow, birth_day), H5T_NATIVE_INT32);
  for (std::size_t r = 0; r < kRiskCount; ++r) {
    const std::string name = "risk_" + std::string(kRiskLabels[r]);
    H5Tinsert(c, name.c_str(), HOFFSET(ChildRow, risk) + r, H5T_NATIVE_UINT8);
  }
  H5Tinsert(c, "first_referral_day", HOFFSET(ChildRow, first_referral_day), H5T_NATIVE_INT32);
  H5Tinsert(c, "referrals", HOFFSET(ChildRow, referrals), H5T_NATIVE_UINT16);
  H5Tinsert(c, "cp_plans", HOFFSET(ChildRow, cp_plans), H5T_NATIVE_UINT16);
  H5Tinsert(c, "days_assessment", HOFFSET(ChildRow, days_assessment), H5T_NATIVE_INT32);
  H5Tinsert(c, "days_cin", HOFFSET(ChildRow, days_cin), H5T_NATIVE_INT32);
  H5Tinsert(c, "days_s47", HOFFSET(ChildRow, days_s47), H5T_NATIVE_INT32);
  H5Tinsert(c, "days_cp", HOFFSET(ChildRow, days_cp), H5T_NATIVE_INT32);
  H5Tinsert(c, "days_looked_after", HOFFSET(ChildRow, days_looked_after), H5T_NATIVE_INT32);
  H5Tinsert(c, "final_state", HOFFSET(ChildRow, final_state), t.state.id());
  H5Tinsert(c, "final_placement", HOFFSET(ChildRow, final_placement), t.placement.id());
  return t;
}

namespace {

/// /meta: what was run (the scenario, its seed and shape), by which build, where and when;
/// `complete` is 0 until finish().
void write_meta(hid_t f, const RunInfo& info) {
  auto meta = h5::create_group(f, "meta");
  h5::write_attr(meta.id(), "schema_version", kSchemaVersion);
  h5::write_attr(meta.id(), "scenario_name", info.scenario_name);
  h5::write_attr(meta.id(), "scenario_toml", info.scenario_toml);
  h5::write_attr(meta.id(), "seed", static_cast<std::int64_t>(info.seed));
  h5::write_attr(meta.id(), "replicates", static_cast<std::int64_t>(info.replicates));
  h5::write_attr(meta.id(), "first_replicate", static_cast<std::int64_t>(info.first_replicate));
  h5::write_attr(meta.id(), "weeks", static_cast<std::int64_t>(info.weeks));
  h5::write_attr(meta.id(), "burn_in_weeks", static_cast<std::int64_t>(info.burn_in_weeks));
  h5::write_attr(meta.id(), "las", static_cast<std::int64_t>(info.la_names.size()));
  std::string names;
  for (const auto& n : info.la_names) {
    if (!names.empty()) names += '\n';
    names += n;
  }
  h5::write_attr(meta.id(), "la_names", names);
  h5::write_attr(meta.id(), "start_date", info.start_date);
  h5::write_attr(meta.id(), "price_year", info.price_year);
  h5::write_attr(meta.id(), "version", std::string_view(CSC_VERSION));
  h5::write_attr(meta.id(), "build_type", std::string_view(CSC_BUILD_TYPE));
  h5::write_attr(meta.id(), "start_time", sim::utc_now());
  h5::write_attr(meta.id(), "host", host_name());
  h5::write_attr(meta.id(), "threads", static_cast<std::int64_t>(info.threads));
  h5::write_attr(meta.id(), "complete", std::int64_t{0});
}

/// /meta/posterior, for a run whose replicates drew their parameters from a posterior: the file,
/// the design (draws x replicates per draw) and, per replicate, its draw, particle and values.
void write_posterior_meta(hid_t f, const PosteriorRecord& p) {
  auto group = h5::create_group(f, "meta/posterior");
  const hid_t g = group.id();
  h5::write_attr(g, "file", p.file);
  h5::write_attr(g, "file_digest", p.file_digest);
  h5::write_attr(g, "calibration", p.calibration);
  std::string names;
  for (const auto& n : p.parameters) names += (names.empty() ? "" : "\n") + n;
  h5::write_attr(g, "parameters", names);
  h5::write_attr(g, "draws", static_cast<std::int64_t>(p.draws));
  h5::write_attr(g, "per_draw", static_cast<std::int64_t>(p.per_draw));
  h5::write_attr(g, "method",
                 "nested design: draws x replicates per draw; replicate i uses draw i / per_draw, drawn by "
                 "weight from the posterior's particles, keyed by (seed, draw)");
  const auto n = static_cast<hsize_t>(p.draw.size());
  const auto k = static_cast<hsize_t>(p.parameters.size());
  const h5::Layout layout{{n}, 0, false};  // chunked, with the Fletcher32 checksum
  h5::Dataset::create(g, "draw", H5T_STD_I64LE, {n}, {}, layout).write_slab({0}, {n}, H5T_NATIVE_INT64, p.draw.data());
  h5::Dataset::create(g, "particle", H5T_STD_I64LE, {n}, {}, layout)
      .write_slab({0}, {n}, H5T_NATIVE_INT64, p.particle.data());
  h5::Dataset::create(g, "theta", H5T_IEEE_F64LE, {n, k}, {}, h5::Layout{{n, k}, 0, false})
      .write_slab({0, 0}, {n, k}, H5T_NATIVE_DOUBLE, p.theta.data());
}

/// /series: the axes (dimension scales) and one chunked dataset per metric and state table.
void create_series(hid_t f, const RunInfo& info) {
  const auto reps = static_cast<hsize_t>(info.replicates);
  const auto weeks = static_cast<hsize_t>(info.weeks);
  const auto las = static_cast<hsize_t>(info.la_names.size());
  // Coordinates first (dimension scales): netCDF readers such as xarray then open /series
  // with named, labelled axes (docs/output.md): replicate number, the week's first day (days
  // since start_date, which xarray shows as dates), council name and, for the state tables,
  // the state's label.
  std::vector<std::int32_t> replicate_ids(reps), week_days(weeks);
  for (hsize_t r = 0; r < reps; ++r) replicate_ids[r] = static_cast<std::int32_t>(info.first_replicate + r);
  for (hsize_t w = 0; w < weeks; ++w) week_days[w] = static_cast<std::int32_t>(7 * w);
  auto replicate = h5::Dataset::create(f, "series/replicate", H5T_STD_I32LE, {reps}, {}, h5::Layout{{reps}, 0, false});
  replicate.write_slab({0}, {reps}, H5T_NATIVE_INT32, replicate_ids.data());
  h5::write_attr(replicate.id(), "long_name", "replicate (independent random world)");
  auto week = h5::Dataset::create(f, "series/week", H5T_STD_I32LE, {weeks}, {}, h5::Layout{{weeks}, 0, false});
  week.write_slab({0}, {weeks}, H5T_NATIVE_INT32, week_days.data());
  h5::write_attr(week.id(), "units", "days since " + info.start_date);
  h5::write_attr(week.id(), "calendar", "proleptic_gregorian");
  h5::write_attr(week.id(), "long_name", "first day of the week");
  auto la = h5::create_string_dataset(f, "series/la", info.la_names);
  h5::write_attr(la.id(), "long_name", "local authority (council)");
  auto state =
      h5::create_string_dataset(f, "series/state", std::vector<std::string>(kStateLabels.begin(), kStateLabels.end()));
  h5::write_attr(state.id(), "long_name", "state of a child");
  h5::make_dimension_scale(replicate.id(), "replicate");
  h5::make_dimension_scale(week.id(), "week");
  h5::make_dimension_scale(la.id(), "la");
  h5::make_dimension_scale(state.id(), "state");
  const hid_t axes[] = {replicate.id(), week.id(), la.id(), state.id()};

  for (const auto& m : kMetrics) {
    auto ds = h5::Dataset::create(f, "series/" + std::string(m.name), H5T_NATIVE_FLOAT, {reps, weeks, las}, {},
                                  h5::Layout{{1, weeks, las}, 4, true, true, true});
    h5::write_attr(ds.id(), "units", m.unit);
    h5::write_attr(ds.id(), "meaning", m.meaning);
    for (unsigned d = 0; d < 3; ++d) h5::attach_dimension_scale(ds.id(), axes[d], d);
  }
  for (const char* name : {"state_count", "state_entries", "state_exits"}) {
    auto ds = h5::Dataset::create(f, std::string("series/") + name, H5T_NATIVE_INT32, {reps, weeks, las, kStateCount},
                                  {}, {{1, weeks, las, kStateCount}, 4, true});
    std::string state_names;
    for (auto s : kStateLabels) {
      if (!state_names.empty()) state_names += ',';
      state_names += s;
    }
    h5::write_attr(ds.id(), "labels", state_names);
    h5::write_attr(ds.id(), "units", "children");
    for (unsigned d = 0; d < 4; ++d) h5::attach_dimension_scale(ds.id(), axes[d], d);
  }
}

/// /cohort: the event and children tables, appended to as replicates finish.
void create_cohort(hid_t f, const RunInfo& info, const CohortTypes& types) {
  auto events = h5::Dataset::create(f, "cohort/events", types.event.id(), {0}, {h5::unlimited}, {{65536}, 1, true});
  h5::write_attr(events.id(), "description",
                 "One row per change of state of a child: from_state -> to_state on day, for "
                 "reason, with the placement when the child is looked after (docs/output.md).");
  h5::write_attr(events.id(), "day_units", "days since " + info.start_date);
  auto children = h5::Dataset::create(f, "cohort/children", types.child.id(), {0}, {h5::unlimited}, {{16384}, 1, true});
  h5::write_attr(children.id(), "description",
                 "One row per child known to services within the horizon: ids, birth day, "
                 "risk factors, first referral, counts and days in each state, final state "
                 "(docs/output.md).");
  h5::write_attr(children.id(), "day_units", "days since " + info.start_date);
  h5::write_attr(children.id(), "first_referral_day_missing",
                 static_cast<std::int64_t>(std::numeric_limits<std::int32_t>::min()));
}

}  // namespace

RunFileWriter::RunFileWriter(const std::filesystem::path& path, RunInfo info)
    : info_(std::move(info)), file_(h5::create_file(path)), types_(CohortTypes::make()), next_(info_.first_replicate) {
  write_meta(file_.id(), info_);
  if (info_.posterior) write_posterior_meta(file_.id(), *info_.posterior);
  create_series(file_.id(), info_);
  if (info_.record_events) create_cohort(file_.id(), info_, types_);
  thread_ = std::thread([this] { writer_loop(); });
}

RunFileWriter::~RunFileWriter() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  ready_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void RunFileWriter::submit(ReplicateResult result) {
  {
    std::lock_guard lock(mutex_);
    pending_.emplace(result.replicate, std::move(result));
  }
  ready_.notify_all();
}

void RunFileWriter::writer_loop() {
  // HDF5 is not thread-safe: this thread makes every call while the file is being filled.
  // Its error stack printing is per thread: our own messages replace it here too.
  sim::h5::silence_library_errors();
  for (;;) {
    ReplicateResult r;
    {
      std::unique_lock lock(mutex_);
      ready_.wait(lock, [&] { return stop_ || failure_ || pending_.count(next_) > 0 || next_ >= end_replicate(); });
      if (failure_ || next_ >= end_replicate()) return;
      auto it = pending_.find(next_);
      if (it == pending_.end()) return;  // stopping
      r = std::move(it->second);
      pending_.erase(it);
    }
    try {
      write(r);
    } catch (...) {
      std::lock_guard lock(mutex_);
      failure_ = std::current_exception();
      ready_.notify_all();
      return;
    }
    {
      std::lock_guard lock(mutex_);
      ++next_;
    }
    ready_.notify_all();
  }
}

void RunFileWriter::write(const ReplicateResult& r) {
  const hid_t f = file_.id();
  const auto rep = static_cast<hsize_t>(r.replicate - info_.first_replicate);  // its row in this file
  const auto weeks = static_cast<hsize_t>(r.weeks);
  const auto las = static_cast<hsize_t>(r.las);
  if (r.replicate == info_.first_replicate) {
    info_.children = r.children_at_start;
    h5::write_attr(h5::open_group(f, "meta").id(), "children", r.children_at_start);
  }
  for (std::size_t m = 0; m < kMetricCount; ++m) {
    auto ds = h5::Dataset::open(f, "series/" + std::string(kMetrics[m].name));
    ds.write_slab({rep, 0, 0}, {1, weeks, las}, H5T_NATIVE_FLOAT, r.series.data() + m * weeks * las);
  }
  const std::pair<const char*, const std::vector<std::int32_t>*> states[] = {{"series/state_count", &r.state_count},
                                                                             {"series/state_entries", &r.state_entries},
                                                                             {"series/state_exits", &r.state_exits}};
  for (const auto& [name, data] : states) {
    auto ds = h5::Dataset::open(f, name);
    ds.write_slab({rep, 0, 0, 0}, {1, weeks, las, kStateCount}, H5T_NATIVE_INT32, data->data());
  }
  if (info_.record_events) {
    auto events = h5::Dataset::open(f, "cohort/events");
    r.event_chunks.for_each([&](std::span<const EventRow> rows) {  // the compressed rows come first
      events.append_rows(types_.event.id(), rows.data(), rows.size());
    });
    events.append_rows(types_.event.id(), r.events.data(), r.events.size());
    h5::Dataset::open(f, "cohort/children").append_rows(types_.child.id(), r.children.data(), r.children.size());
  }
}

void RunFileWriter::finish(double wall_seconds) {
  {
    std::unique_lock lock(mutex_);
    ready_.wait(lock, [&] { return failure_ || next_ >= end_replicate(); });
    if (failure_) std::rethrow_exception(failure_);
  }
  if (thread_.joinable()) thread_.join();
  auto meta = h5::open_group(file_.id(), "meta");
  h5::write_attr(meta.id(), "wall_time_s", wall_seconds);
  h5::write_attr(meta.id(), "complete", std::int64_t{1});
  // Last: the checksum of every attribute value written above and before.
  h5::write_attr(meta.id(), kChecksumAttribute, attribute_checksum(file_.id()));
  meta.close();
  file_.close();
}

}  // namespace csc::models
