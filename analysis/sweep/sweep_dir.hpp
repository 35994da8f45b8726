#pragma once
// A sweep's output directory (docs/cluster.md, "What a sweep writes"):
//   sweep.toml          a copy of the sweep file (a resumed sweep must be the same sweep)
//   sweep_source.txt    the sweep file's absolute path (its scenarios are relative to it)
//   manifest.csv        one row per task: id, variant, label, replicates, varied values, status
//   tasks/ID.h5         a finished task's run file (renamed into place only when complete)
//   logs/ID.log         why a task failed
//   variants/ID.h5      a variant whose tasks are all done, merged (replaces its task files)
//   sweep.h5            the index: /variants/ID external links to the variant files, and the
//                       sweep's design as attributes and a table
// A task's status is read from the files, never from memory, so any back-end (threads, MPI
// ranks, Slurm array tasks, a rerun after a kill) sees the same state.
#include <filesystem>
#include <string>
#include <vector>

#include "analysis/sweep/sweep_spec.hpp"

namespace csc::analysis::sweep {

enum class Status { pending, done, failed };

/// Creates the directory layout, or checks that an existing one holds this same sweep
/// (InputError otherwise: a directory is never mixed between sweeps). With `clean`, removes
/// the temporary files that a killed run on this machine left in tasks/ and variants/ (those
/// of a live process are kept); a Slurm array task does not clean, since the writers of
/// other nodes cannot be seen from here (collect cleans after them).
void prepare_dir(const Sweep& s, const std::filesystem::path& dir, bool clean = true);

/// The sweep a directory holds: its recorded sweep file, checked against the copy.
Sweep sweep_of_dir(const std::filesystem::path& dir);

std::filesystem::path task_file(const std::filesystem::path& dir, const Task& t);
std::filesystem::path task_log(const std::filesystem::path& dir, const Task& t);
std::filesystem::path variant_file(const std::filesystem::path& dir, const Variant& v);

Status status_of(const Sweep& s, const std::filesystem::path& dir, const Task& t);

/// Writes manifest.csv (atomically) from the files.
void write_manifest(const Sweep& s, const std::filesystem::path& dir);

struct Collected {
  int variants_done = 0, variants = 0, tasks_done = 0, tasks_failed = 0, tasks = 0;
};

/// Merges every variant whose tasks are all done into variants/ID.h5 (removing its task
/// files), writes the index sweep.h5 over the finished variants, and the manifest; removes
/// temporary files of dead writers. Run it when no task of the sweep is running.
Collected collect(const Sweep& s, const std::filesystem::path& dir);

}  // namespace csc::analysis::sweep
