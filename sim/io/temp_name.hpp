#pragma once
// The temporary names of outputs written beside their final place and renamed when complete
// (sim::h5::AtomicOutput, sim::OutputDirectory, analysis::write_text_file): FINAL.tmp-PID-N, of
// this process's own, so writers in other processes (MPI ranks, Slurm array tasks) never share
// one, and a sweep can tell a dead writer's leftovers from a live one's.
#include <filesystem>
#include <string>

namespace csc::sim {

/// FINAL.TAG-PID-N with this process's id and a counter of its own ("tmp": a temporary output;
/// OutputDirectory also moves a folder it replaces aside as FINAL.old-PID-N).
std::filesystem::path temporary_sibling(const std::filesystem::path& final_path, const std::string& tag = "tmp");

/// The process id in a name temporary_sibling made (its file name), or 0 when it is not one.
long temporary_owner(const std::string& file_name);

/// A temporary name whose writer on this machine is gone (killed): its leftovers can go. A live
/// writer's (another array task's, another rank's) is not.
bool temporary_orphaned(const std::string& file_name);

}  // namespace csc::sim
