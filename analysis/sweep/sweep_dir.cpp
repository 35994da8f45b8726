#include "analysis/sweep/sweep_dir.hpp"

#include <hdf5.h>

#include "analysis/merge_runs.hpp"
#include "analysis/run_reader.hpp"
#include "analysis/text_file.hpp"
#include "sim/core/errors.hpp"
#include "sim/core/text.hpp"
#include "sim/io/hdf5.hpp"
#include "sim/io/temp_name.hpp"

namespace csc::analysis::sweep {

namespace fs = std::filesystem;

namespace {

/// A run file that opens and says it is complete (a killed writer never leaves one under the
/// final name, but a file copied in by hand might be anything).
bool complete_run(const fs::path& file) {
  std::error_code ec;
  if (!fs::is_regular_file(file, ec)) return false;
  try {
    return RunFile::open(file).complete;
  } catch (const sim::InputError&) {
    return false;
  }
}

/// Temporary files (NAME.tmp-PID-N) that a killed writer on this machine left behind: those
/// whose process is gone. A live writer's (another array task's, another rank's) is kept.
void remove_temporaries(const fs::path& folder) {
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(folder, ec)) {
    if (sim::temporary_orphaned(e.path().filename().string())) fs::remove_all(e.path(), ec);
  }
}

const char* status_name(Status s) {
  switch (s) {
    case Status::done: return "done";
    case Status::failed: return "failed";
    case Status::pending: break;
  }
  return "pending";
}

/// sweep.h5: one external link per finished variant, and the design as attributes.
void write_index(const Sweep& s, const fs::path& dir, const std::vector<bool>& finished) {
  sim::h5::silence_library_errors();
  sim::h5::AtomicOutput output(dir / "sweep.h5");
  {
    sim::h5::Handle f = sim::h5::create_file(output.temp_path());
    std::string ids, labels;
    for (std::size_t v = 0; v < s.variants.size(); ++v) {
      if (v > 0) ids += '\n', labels += '\n';
      ids += s.variants[v].id;
      labels += s.variants[v].label;
    }
    sim::h5::write_attr(f.id(), "sweep_name", s.name);
    sim::h5::write_attr(f.id(), "design", s.design);
    sim::h5::write_attr(f.id(), "variant_ids", ids);
    sim::h5::write_attr(f.id(), "variant_labels", labels);
    sim::h5::write_attr(f.id(), "base_variant", std::string_view(s.has_base ? "base" : ""));
    sim::h5::write_attr(f.id(), "replicates", s.replicates);
    for (const std::string& key : s.varied) {
      std::string values;
      for (std::size_t v = 0; v < s.variants.size(); ++v) {
        if (v > 0) values += '\n';
        values += s.value_of(s.variants[v], key);
      }
      sim::h5::write_attr(f.id(), "values:" + key, values);
    }
    sim::h5::Handle group = sim::h5::create_group(f.id(), "variants");
    for (std::size_t v = 0; v < s.variants.size(); ++v) {
      if (!finished[v]) continue;
      // Relative to the index's own folder (HDF5 looks there for a relative target).
      const std::string target = "variants/" + s.variants[v].id + ".h5";
      if (H5Lcreate_external(target.c_str(), "/", group.id(), s.variants[v].id.c_str(), H5P_DEFAULT, H5P_DEFAULT) < 0) {
        throw sim::InputError((dir / "sweep.h5").string() + ": cannot write output (external link to " + target + ")");
      }
    }
    group.close();
    f.close();
  }
  output.commit();
}

}  // namespace

fs::path task_file(const fs::path& dir, const Task& t) { return dir / "tasks" / (t.id + ".h5"); }
fs::path task_log(const fs::path& dir, const Task& t) { return dir / "logs" / (t.id + ".log"); }
fs::path variant_file(const fs::path& dir, const Variant& v) { return dir / "variants" / (v.id + ".h5"); }

void prepare_dir(const Sweep& s, const fs::path& dir, bool clean) {
  std::error_code ec;
  if (fs::exists(dir, ec) && !fs::is_directory(dir, ec)) {
    throw sim::InputError(dir.string() + ": exists and is not a directory; choose another output directory");
  }
  const fs::path copy = dir / "sweep.toml";
  if (fs::exists(copy, ec)) {
    if (read_text_file(copy) != s.text) {
      throw sim::InputError(dir.string() + ": holds another sweep (its sweep.toml differs from " + s.file.string() +
                            "); choose another output directory");
    }
  } else if (fs::exists(dir, ec) && !fs::is_empty(dir, ec)) {
    throw sim::InputError(dir.string() + ": exists, is not empty and holds no sweep; choose another output directory");
  }
  for (const char* sub : {"tasks", "logs", "variants"}) {
    fs::create_directories(dir / sub, ec);
    if (ec) throw sim::InputError((dir / sub).string() + ": cannot create (" + ec.message() + ")");
  }
  // Written once (a Slurm array's tasks all prepare the directory at the same time); the
  // source is updated when a rerun names the sweep file at another path.
  if (!fs::exists(copy, ec)) write_text_file(copy, s.text);
  const fs::path source = dir / "sweep_source.txt";
  const std::string where = fs::absolute(s.file).lexically_normal().string() + "\n";
  if (!fs::exists(source, ec) || (clean && read_text_file(source) != where)) write_text_file(source, where);
  if (clean) {
    remove_temporaries(dir / "tasks");
    remove_temporaries(dir / "variants");
  }
}

Sweep sweep_of_dir(const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_regular_file(dir / "sweep_source.txt", ec) || !fs::is_regular_file(dir / "sweep.toml", ec)) {
    throw sim::InputError(dir.string() + ": not a sweep directory (no sweep.toml and sweep_source.txt)");
  }
  std::string source = read_text_file(dir / "sweep_source.txt");
  while (!source.empty() && (source.back() == '\n' || source.back() == '\r')) source.pop_back();
  Sweep s = load_sweep(source, sets_of(read_text_file(dir / "sweep.toml")));
  if (s.text != read_text_file(dir / "sweep.toml")) {
    throw sim::InputError(source + ": changed since the sweep in " + dir.string() +
                          " started (its copy there, sweep.toml, differs)");
  }
  return s;
}

Status status_of(const Sweep& s, const fs::path& dir, const Task& t) {
  std::error_code ec;
  if (fs::is_regular_file(variant_file(dir, s.variants[t.variant]), ec) || fs::is_regular_file(task_file(dir, t), ec)) {
    return Status::done;
  }
  return fs::exists(task_log(dir, t), ec) ? Status::failed : Status::pending;
}

void write_manifest(const Sweep& s, const fs::path& dir) {
  std::string csv = "task,variant,label,first_replicate,replicates";
  for (const std::string& key : s.varied) {
    csv += ',';
    csv += sim::csv_field(key);
  }
  if (!s.posterior.empty()) csv += ",posterior_kept";
  csv += ",status,output\n";
  for (const Task& t : s.tasks) {
    const Variant& v = s.variants[t.variant];
    const Status st = status_of(s, dir, t);
    std::error_code ec;
    const bool merged = fs::exists(variant_file(dir, v), ec);
    std::string output = st == Status::done ? (merged ? "variants/" + v.id + ".h5" : "tasks/" + t.id + ".h5")
                                            : (st == Status::failed ? "logs/" + t.id + ".log" : "");
    csv += t.id + "," + v.id + "," + sim::csv_field(v.label) + "," + std::to_string(t.first_replicate) + "," +
           std::to_string(t.replicates);
    for (const std::string& key : s.varied) {
      csv += ',';
      csv += sim::csv_field(s.value_of(v, key));
    }
    if (!s.posterior.empty()) {  // drawn keys the variant sets: the sweep's value, not the draw's
      std::string kept;
      for (const std::string& key : s.posterior_kept(v)) {
        if (!kept.empty()) kept += ' ';
        kept += key;
      }
      csv += ',';
      csv += sim::csv_field(kept);
    }
    csv += std::string(",") + status_name(st) + "," + sim::csv_field(output) + "\n";
  }
  write_text_file(dir / "manifest.csv", csv);
}

Collected collect(const Sweep& s, const fs::path& dir) {
  Collected c;
  c.variants = static_cast<int>(s.variants.size());
  c.tasks = static_cast<int>(s.tasks.size());
  std::vector<bool> finished(s.variants.size(), false);
  for (std::size_t v = 0; v < s.variants.size(); ++v) {
    const fs::path out = variant_file(dir, s.variants[v]);
    std::vector<fs::path> parts;
    bool all_done = true;
    for (const Task& t : s.tasks) {
      if (t.variant != v) continue;
      all_done = all_done && status_of(s, dir, t) == Status::done;
      parts.push_back(task_file(dir, t));
    }
    std::error_code ec;
    if (all_done && !complete_run(out)) {
      if (parts.size() == 1) {
        fs::rename(parts[0], out, ec);  // one task holds the whole variant
        if (ec) throw sim::InputError(out.string() + ": cannot write output (" + ec.message() + ")");
      } else {
        merge_runs(parts, out);
      }
    }
    finished[v] = all_done;
    if (all_done) {
      for (const auto& p : parts) fs::remove(p, ec);  // the variant file holds them now
    }
  }
  for (const Task& t : s.tasks) {
    const Status st = status_of(s, dir, t);
    c.tasks_done += st == Status::done ? 1 : 0;
    c.tasks_failed += st == Status::failed ? 1 : 0;
  }
  for (const bool f : finished) c.variants_done += f ? 1 : 0;
  remove_temporaries(dir / "tasks");
  write_index(s, dir, finished);
  write_manifest(s, dir);
  return c;
}

}  // namespace csc::analysis::sweep
