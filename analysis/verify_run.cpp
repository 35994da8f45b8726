#include "analysis/verify_run.hpp"

#include <cstdio>
#include <functional>
#include <map>
#include <optional>

#include "analysis/cohort_reader.hpp"
#include "analysis/run_reader.hpp"
#include "models/core/metrics.hpp"
#include "models/core/states.hpp"
#include "models/output/run_file.hpp"
#include "sim/core/errors.hpp"

namespace csc::analysis {
namespace {

namespace h5 = sim::h5;
using models::ChildState;
using models::Metric;

constexpr const char* kStateDatasets[] = {"state_count", "state_entries", "state_exits"};

std::string name_of(Metric m) { return std::string(models::kMetrics[models::midx(m)].name); }
std::size_t sidx(ChildState s) { return static_cast<std::size_t>(s); }

std::string number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.9g", v);
  return buf;
}

/// A check's body returns its detail on success and throws InputError (or returns a failure)
/// otherwise.
struct Outcome {
  bool passed;
  std::string detail;
};

/// total = parts summed in float, in this order (as the model sums them).
struct SumIdentity {
  Metric total;
  std::vector<Metric> parts;
};

const std::vector<SumIdentity>& sum_identities() {
  static const std::vector<SumIdentity> ids = [] {
    std::vector<SumIdentity> v{
        {Metric::stock_cin,
         {Metric::stock_assessment, Metric::stock_section17, Metric::stock_s47, Metric::stock_cp,
          Metric::stock_looked_after}},
        {Metric::stock_looked_after,
         {Metric::stock_kinship_foster, Metric::stock_la_foster, Metric::stock_agency_foster,
          Metric::stock_childrens_home, Metric::stock_placed_with_parents, Metric::stock_placed_for_adoption}},
        {Metric::cp_ends,
         {Metric::cp_ends_3m, Metric::cp_ends_3_6m, Metric::cp_ends_6_12m, Metric::cp_ends_1_2y, Metric::cp_ends_2y}},
        {Metric::spend_total, {}}};
    for (Metric m : models::kSpendComponents) v.back().parts.push_back(m);
    return v;
  }();
  return ids;
}

/// Stock series equal to the state count of one state.
const std::pair<Metric, ChildState> kStateStocks[] = {{Metric::stock_assessment, ChildState::assessment},
                                                      {Metric::stock_section17, ChildState::cin},
                                                      {Metric::stock_s47, ChildState::s47},
                                                      {Metric::stock_cp, ChildState::cp},
                                                      {Metric::stock_looked_after, ChildState::looked_after}};

std::string cell_text(int r, std::size_t w, std::size_t l) {
  return "replicate " + std::to_string(r) + ", week " + std::to_string(w) + ", LA " + std::to_string(l);
}

class Verifier {
 public:
  explicit Verifier(Verification& v) : v_(v) {}

  /// Runs one check; an InputError (or any other failure) is a failed check.
  bool operator()(const std::string& name, const std::function<Outcome()>& body) {
    VerifyCheck c{name, false, ""};
    try {
      const Outcome o = body();
      c.passed = o.passed;
      c.detail = o.detail;
    } catch (const sim::InputError& e) {
      c.detail = e.what();
    } catch (const std::exception& e) {
      c.detail = std::string("cannot check (") + e.what() + ")";
    }
    v_.checks.push_back(c);
    return c.passed;
  }

 private:
  Verification& v_;
};

Outcome fletcher_everywhere(const RunFile& run) {
  std::vector<std::string> datasets;
  for (const auto& n : run.series_names()) datasets.push_back("series/" + n);
  for (const char* t : {"cohort/events", "cohort/children"})
    if (h5::exists(run.handle(), t)) datasets.push_back(t);
  for (const auto& name : datasets) {
    const auto ds = h5::Dataset::open(run.handle(), name);
    h5::Handle dcpl(H5Dget_create_plist(ds.id()));
    if (!dcpl) return {false, run.where(name) + "cannot read its creation properties"};
    if (H5Pget_layout(dcpl.id()) != H5D_CHUNKED)
      return {false, run.where(name) + "not chunked, so it has no Fletcher32 checksum"};
    unsigned flags = 0;
    std::size_t nelmts = 0;
    char fname[64];
    if (H5Pget_filter_by_id2(dcpl.id(), H5Z_FILTER_FLETCHER32, &flags, &nelmts, nullptr, sizeof fname, fname, nullptr) <
        0)
      return {false, run.where(name) + "no Fletcher32 checksum filter (written before cscsim " + "wrote checksums)"};
  }
  return {true, std::to_string(datasets.size()) + " datasets carry the Fletcher32 filter"};
}

Outcome every_series_present(const RunFile& run) {
  std::vector<std::string> missing;
  for (const auto& m : models::kMetrics)
    if (!h5::exists(run.handle(), "series/" + std::string(m.name))) missing.emplace_back(m.name);
  for (const char* s : kStateDatasets)
    if (!h5::exists(run.handle(), std::string("series/") + s)) missing.emplace_back(s);
  if (missing.empty()) return {true, std::to_string(models::kMetricCount + 3) + " series cscsim writes"};
  std::string list;
  for (const auto& m : missing) list += (list.empty() ? "" : ", ") + m;
  return {false, run.path.string() + ": /series lacks " + list};
}

Outcome shapes(const RunFile& run) {
  const auto names = run.series_names();
  for (const auto& n : names) {
    const auto dims = h5::Dataset::open(run.handle(), "series/" + n).dims();
    std::vector<hsize_t> expected{static_cast<hsize_t>(run.replicates), static_cast<hsize_t>(run.weeks),
                                  static_cast<hsize_t>(run.las)};
    if (dims.size() == 4) expected.push_back(models::kStateCount);
    if (dims != expected) {
      std::string got;
      for (auto d : dims) got += (got.empty() ? "" : ", ") + std::to_string(d);
      return {false, run.where("series/" + n) + "shape (" + got + ") does not match /meta (" +
                         std::to_string(run.replicates) + ", " + std::to_string(run.weeks) + ", " +
                         std::to_string(run.las) + (dims.size() == 4 ? ", 8)" : ")")};
    }
  }
  return {true, std::to_string(names.size()) + " datasets of shape (" + std::to_string(run.replicates) + ", " +
                    std::to_string(run.weeks) + ", " + std::to_string(run.las) + "[, 8])"};
}

Outcome read_everything(const RunFile& run) {
  const auto names = run.series_names();
  std::size_t values = 0;
  for (const auto& n : names)
    for (int r = 0; r < run.replicates; ++r) values += run.replicate_values(n, r).size();
  return {true, std::to_string(names.size()) + " datasets, " + std::to_string(values) +
                    " values, read in full: checksums match, all finite"};
}

Outcome cohort(const RunFile& run) {
  if (!h5::exists(run.handle(), "cohort")) return {true, "no /cohort group (events not recorded)"};
  const auto events = read_events(run);
  const auto children = read_children(run);
  return {true, std::to_string(events.size()) + " events and " + std::to_string(children.size()) +
                    " children read in full; replicates, LAs and enum values in range"};
}

/// One conservation identity's result, gathered over every replicate.
struct IdentityResult {
  std::string name;
  std::optional<std::string> failure;
  std::size_t cells = 0;

  /// Keeps the first failure: the line names the first cell where the identity breaks.
  void fail_once(const std::string& what) {
    if (!failure) failure = what;
  }
};

/// The results of the identities, in the order their names were first asked for.
class IdentityResults {
 public:
  /// The result named `name`, added at the end when there is none yet.
  IdentityResult& operator()(const std::string& name) {
    for (auto& r : results_)
      if (r.name == name) return r;
    results_.push_back({name, std::nullopt, 0});
    return results_.back();
  }

  /// One outcome per identity: its first failure, or the number of cells it holds in.
  [[nodiscard]] std::vector<std::pair<std::string, Outcome>> outcomes() const {
    std::vector<std::pair<std::string, Outcome>> out;
    for (const auto& res : results_) {
      if (res.failure)
        out.push_back({res.name, {false, *res.failure}});
      else
        out.push_back({res.name, {true, std::to_string(res.cells) + " cells"}});
    }
    return out;
  }

 private:
  std::vector<IdentityResult> results_;
};

/// The series of one replicate, each read when first used and kept for the other identities.
class ReplicateSeries {
 public:
  ReplicateSeries(const RunFile& run, int replicate) : run_(run), replicate_(replicate) {}

  const std::vector<double>& operator()(const std::string& n) {
    auto it = data_.find(n);
    if (it == data_.end()) it = data_.emplace(n, run_.replicate_values(n, replicate_)).first;
    return it->second;
  }

 private:
  const RunFile& run_;
  int replicate_;
  std::map<std::string, std::vector<double>> data_;
};

constexpr const char* kNonNegative = "conservation: stocks and state counts are >= 0";
constexpr const char* kFlow = "conservation: state_count[w] = state_count[w-1] + state_entries[w] - state_exits[w]";

std::string stock_identity_name(Metric m, ChildState s) {
  return "conservation: " + name_of(m) + " = state_count[" + std::string(models::kStateLabels[sidx(s)]) + "]";
}

std::string sum_identity_name(const SumIdentity& id) {
  std::string parts;
  for (Metric p : id.parts) parts += (parts.empty() ? "" : " + ") + name_of(p);
  return "conservation: " + name_of(id.total) + " = " + parts;
}

/// Every stock series and state dataset of replicate `r` is >= 0.
void check_non_negative(const RunFile& run, int r, ReplicateSeries& get, IdentityResult& res) {
  const auto weeks = static_cast<std::size_t>(run.weeks);
  const auto las = static_cast<std::size_t>(run.las);
  std::vector<std::string> names;
  for (const auto& m : models::kMetrics)
    if (m.name.rfind("stock_", 0) == 0) names.emplace_back(m.name);
  names.insert(names.end(), std::begin(kStateDatasets), std::end(kStateDatasets));
  for (const auto& n : names) {
    const auto& v = get(n);
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (v[i] >= 0) continue;
      const std::size_t per = v.size() / weeks;  // las or las * states
      res.fail_once(run.where("series/" + n) + cell_text(r, i / per, i % per / (per / las)) + ": " + number(v[i]) +
                    " < 0");
    }
    res.cells += v.size();
  }
}

/// Each week's state count is the week before's plus its entries minus its exits.
void check_flow(const RunFile& run, int r, const std::vector<double>& count, const std::vector<double>& entries,
                const std::vector<double>& exits, IdentityResult& res) {
  const auto weeks = static_cast<std::size_t>(run.weeks);
  const auto las = static_cast<std::size_t>(run.las);
  const std::size_t S = models::kStateCount;
  for (std::size_t w = 1; w < weeks; ++w)
    for (std::size_t l = 0; l < las; ++l)
      for (std::size_t s = 0; s < S; ++s) {
        const std::size_t i = (w * las + l) * S + s, prev = ((w - 1) * las + l) * S + s;
        const double expected = count[prev] + entries[i] - exits[i];
        ++res.cells;
        if (count[i] != expected)
          res.fail_once(run.where("series/state_count") + cell_text(r, w, l) + ", state " +
                        std::string(models::kStateLabels[s]) + ": " + number(count[i]) +
                        ", but the week before plus entries minus exits is " + number(expected));
      }
}

/// The stock series of metric `m` equals the state count of state `st`.
void check_state_stock(const RunFile& run, int r, Metric m, ChildState st, const std::vector<double>& count,
                       ReplicateSeries& get, IdentityResult& res) {
  const auto weeks = static_cast<std::size_t>(run.weeks);
  const auto las = static_cast<std::size_t>(run.las);
  const std::size_t S = models::kStateCount;
  const auto& v = get(name_of(m));
  for (std::size_t w = 0; w < weeks; ++w)
    for (std::size_t l = 0; l < las; ++l) {
      const double c = count[(w * las + l) * S + sidx(st)];
      ++res.cells;
      if (v[w * las + l] != c)
        res.fail_once(run.where("series/" + name_of(m)) + cell_text(r, w, l) + ": " + number(v[w * las + l]) +
                      " != state_count " + number(c));
    }
}

/// The total of `id` equals its parts summed in float, in the model's order (so exactly).
void check_sum(const RunFile& run, int r, const SumIdentity& id, ReplicateSeries& get, IdentityResult& res) {
  const auto weeks = static_cast<std::size_t>(run.weeks);
  const auto las = static_cast<std::size_t>(run.las);
  const auto& total = get(name_of(id.total));
  std::vector<const std::vector<double>*> pv;
  for (Metric p : id.parts) pv.push_back(&get(name_of(p)));
  for (std::size_t i = 0; i < weeks * las; ++i) {
    float sum = 0.0f;  // float, in the model's order: the identity is exact
    for (const auto* p : pv) sum += static_cast<float>((*p)[i]);
    ++res.cells;
    if (static_cast<float>(total[i]) != sum)
      res.fail_once(run.where("series/" + name_of(id.total)) + cell_text(r, i / las, i % las) + ": " +
                    number(total[i]) + " != sum of its parts " + number(sum));
  }
}

/// Every identity over every week and LA of replicate `r`.
void check_replicate(const RunFile& run, int r, IdentityResults& result) {
  ReplicateSeries get(run, r);
  check_non_negative(run, r, get, result(kNonNegative));
  const auto& count = get("state_count");
  const auto& entries = get("state_entries");
  const auto& exits = get("state_exits");
  check_flow(run, r, count, entries, exits, result(kFlow));
  for (const auto& [m, st] : kStateStocks)
    check_state_stock(run, r, m, st, count, get, result(stock_identity_name(m, st)));
  for (const auto& id : sum_identities()) check_sum(run, r, id, get, result(sum_identity_name(id)));
}

/// Conservation: every identity over every replicate, week and LA. Returns one outcome per
/// identity, in a fixed order.
std::vector<std::pair<std::string, Outcome>> conservation(const RunFile& run) {
  IdentityResults result;
  // Names first, so that the order of lines does not depend on what fails.
  result(kNonNegative);
  result(kFlow);
  for (const auto& [m, s] : kStateStocks) result(stock_identity_name(m, s));
  for (const auto& id : sum_identities()) result(sum_identity_name(id));
  for (int r = 0; r < run.replicates; ++r) check_replicate(run, r, result);
  return result.outcomes();
}

}  // namespace

bool Verification::ok() const {
  for (const auto& c : checks)
    if (!c.passed) return false;
  return !checks.empty();
}

std::vector<std::string> Verification::failures() const {
  std::vector<std::string> out;
  for (const auto& c : checks) {
    if (c.passed) continue;
    // Details from the readers already start with the file name.
    const std::string file = path.string();
    out.push_back(c.detail.rfind(file, 0) == 0 ? c.name + ": " + c.detail : file + ": " + c.name + ": " + c.detail);
  }
  return out;
}

Verification verify_run(const std::filesystem::path& path) {
  Verification v;
  v.path = path;
  Verifier check(v);
  std::optional<RunFile> run;
  const bool opened = check("open", [&]() -> Outcome {
    run.emplace(RunFile::open(path));
    return {true, "HDF5 file with a consistent /meta (" + std::to_string(run->replicates) + " replicates, " +
                      std::to_string(run->weeks) + " weeks, " + std::to_string(run->las) + " LA(s))"};
  });
  if (!opened) return v;
  const RunFile& r = *run;
  check("schema version", [&]() -> Outcome {
    if (r.schema_version != models::kSchemaVersion)
      return {false, "schema_version " + std::to_string(r.schema_version) + ", expected " +
                         std::to_string(models::kSchemaVersion)};
    return {true, std::to_string(r.schema_version)};
  });
  check("complete", [&]() -> Outcome {
    if (!r.complete) return {false, "/meta complete = 0: the run did not finish"};
    return {true, "/meta complete = 1"};
  });
  check("attribute checksum", [&]() -> Outcome {
    if (!r.has_checksum)
      return {false,
              "/meta has no 'checksum' attribute (written before cscsim wrote "
              "checksums): its strings cannot be verified"};
    return {true, "/meta checksum matches every attribute value"};
  });
  check("data checksums", [&] { return guard_read(path, [&] { return fletcher_everywhere(r); }); });
  check("series present", [&] { return guard_read(path, [&] { return every_series_present(r); }); });
  check("series shapes", [&] { return guard_read(path, [&] { return shapes(r); }); });
  const bool readable = check("series data", [&] { return guard_read(path, [&] { return read_everything(r); }); });
  check("cohort tables", [&] { return guard_read(path, [&] { return cohort(r); }); });
  if (!readable) {
    v.checks.push_back({"conservation", false, "not checked: the series do not read"});
    return v;
  }
  std::vector<std::pair<std::string, Outcome>> identities;
  if (check("conservation data", [&]() -> Outcome {
        identities = guard_read(path, [&] { return conservation(r); });
        return {true, "the series the identities use are present"};
      })) {
    v.checks.pop_back();  // only a line when it fails
    for (auto& [name, o] : identities) v.checks.push_back({name, o.passed, o.detail});
  }
  return v;
}

std::string format_verification(const Verification& v) {
  std::string out = v.path.string() + "\n";
  for (const auto& c : v.checks) out += std::string(c.passed ? "ok    " : "FAIL  ") + c.name + ": " + c.detail + "\n";
  out += v.ok() ? "verified: every check passed\n" : "NOT verified: a check failed\n";
  return out;
}

}  // namespace csc::analysis
