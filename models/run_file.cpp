#include "models/run_file.hpp"

#include <unistd.h>

#include <chrono>
#include <ctime>

namespace csc::models {
namespace {

namespace h5 = sim::h5;

std::vector<std::string> labels(auto const& array) { return {array.begin(), array.end()}; }

std::string now_iso() {
  const std::time_t t = std::time(nullptr);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
  return buf;
}

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

}  // namespace

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

RunFileWriter::RunFileWriter(const std::filesystem::path& path, RunInfo info)
    : info_(std::move(info)), file_(h5::create_file(path)), types_(CohortTypes::make()) {
  const hid_t f = file_.id();
  auto meta = h5::create_group(f, "meta");
  h5::write_attr(meta.id(), "schema_version", kSchemaVersion);
  h5::write_attr(meta.id(), "scenario_name", info_.scenario_name);
  h5::write_attr(meta.id(), "scenario_toml", info_.scenario_toml);
  h5::write_attr(meta.id(), "seed", static_cast<std::int64_t>(info_.seed));
  h5::write_attr(meta.id(), "replicates", static_cast<std::int64_t>(info_.replicates));
  h5::write_attr(meta.id(), "weeks", static_cast<std::int64_t>(info_.weeks));
  h5::write_attr(meta.id(), "burn_in_weeks", static_cast<std::int64_t>(info_.burn_in_weeks));
  h5::write_attr(meta.id(), "las", static_cast<std::int64_t>(info_.la_names.size()));
  std::string names;
  for (const auto& n : info_.la_names) {
    if (!names.empty()) names += '\n';
    names += n;
  }
  h5::write_attr(meta.id(), "la_names", names);
  h5::write_attr(meta.id(), "start_date", info_.start_date);
  h5::write_attr(meta.id(), "price_year", info_.price_year);
  h5::write_attr(meta.id(), "version", std::string_view(CSC_VERSION));
  h5::write_attr(meta.id(), "build_type", std::string_view(CSC_BUILD_TYPE));
  h5::write_attr(meta.id(), "start_time", now_iso());
  h5::write_attr(meta.id(), "host", host_name());
  h5::write_attr(meta.id(), "threads", static_cast<std::int64_t>(info_.threads));
  h5::write_attr(meta.id(), "complete", std::int64_t{0});

  const auto reps = static_cast<hsize_t>(info_.replicates);
  const auto weeks = static_cast<hsize_t>(info_.weeks);
  const auto las = static_cast<hsize_t>(info_.la_names.size());
  for (const auto& m : kMetrics) {
    auto ds = h5::Dataset::create(f, "series/" + std::string(m.name), H5T_NATIVE_FLOAT,
                                  {reps, weeks, las}, {}, {{1, weeks, las}, 4, true});
    h5::write_attr(ds.id(), "unit", m.unit);
    h5::write_attr(ds.id(), "meaning", m.meaning);
  }
  for (const char* name : {"state_count", "state_entries", "state_exits"}) {
    auto ds = h5::Dataset::create(f, std::string("series/") + name, H5T_NATIVE_INT32,
                                  {reps, weeks, las, kStateCount}, {},
                                  {{1, weeks, las, kStateCount}, 4, true});
    std::string state_names;
    for (auto s : kStateLabels) {
      if (!state_names.empty()) state_names += ',';
      state_names += s;
    }
    h5::write_attr(ds.id(), "labels", state_names);
    h5::write_attr(ds.id(), "unit", std::string_view("children"));
  }
  if (info_.record_events) {
    h5::Dataset::create(f, "cohort/events", types_.event.id(), {0}, {h5::unlimited},
                        {{65536}, 1, true});
    h5::Dataset::create(f, "cohort/children", types_.child.id(), {0}, {h5::unlimited},
                        {{16384}, 1, true});
  }
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
      ready_.wait(lock, [&] {
        return stop_ || failure_ || pending_.count(next_) > 0 ||
               next_ >= static_cast<std::uint32_t>(info_.replicates);
      });
      if (failure_ || next_ >= static_cast<std::uint32_t>(info_.replicates)) return;
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
  const auto rep = static_cast<hsize_t>(r.replicate);
  const auto weeks = static_cast<hsize_t>(r.weeks);
  const auto las = static_cast<hsize_t>(r.las);
  if (r.replicate == 0) {
    info_.children = r.children_at_start;
    h5::write_attr(h5::open_group(f, "meta").id(), "children", r.children_at_start);
  }
  for (std::size_t m = 0; m < kMetricCount; ++m) {
    auto ds = h5::Dataset::open(f, "series/" + std::string(kMetrics[m].name));
    ds.write_slab({rep, 0, 0}, {1, weeks, las}, H5T_NATIVE_FLOAT,
                  r.series.data() + m * weeks * las);
  }
  const std::pair<const char*, const std::vector<std::int32_t>*> states[] = {
      {"series/state_count", &r.state_count},
      {"series/state_entries", &r.state_entries},
      {"series/state_exits", &r.state_exits}};
  for (const auto& [name, data] : states) {
    auto ds = h5::Dataset::open(f, name);
    ds.write_slab({rep, 0, 0, 0}, {1, weeks, las, kStateCount}, H5T_NATIVE_INT32, data->data());
  }
  if (info_.record_events) {
    h5::Dataset::open(f, "cohort/events").append_rows(types_.event.id(), r.events.data(), r.events.size());
    h5::Dataset::open(f, "cohort/children").append_rows(types_.child.id(), r.children.data(), r.children.size());
  }
}

void RunFileWriter::finish(double wall_seconds) {
  {
    std::unique_lock lock(mutex_);
    ready_.wait(lock, [&] {
      return failure_ || next_ >= static_cast<std::uint32_t>(info_.replicates);
    });
    if (failure_) std::rethrow_exception(failure_);
  }
  if (thread_.joinable()) thread_.join();
  auto meta = h5::open_group(file_.id(), "meta");
  h5::write_attr(meta.id(), "wall_time_s", wall_seconds);
  h5::write_attr(meta.id(), "complete", std::int64_t{1});
  meta.close();
  file_.close();
}

}  // namespace csc::models
