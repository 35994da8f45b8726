// cscsim sweep --slurm: the sbatch scripts of a sweep (docs/cluster.md, "Slurm").
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <string>

#include "analysis/sweep/sweep_dir.hpp"
#include "analysis/text_file.hpp"
#include "sim/core/errors.hpp"
#include "sim/core/text.hpp"
#include "tools/cscsim/sweep_backends.hpp"

namespace csc::tools {

namespace fs = std::filesystem;

namespace {

/// `text` as one word for bash: single-quoted, a quote written as '\''. Control characters
/// (a newline would end an #SBATCH line) are refused before this is called.
std::string shell_word(const std::string& text) {
  std::string out = "'";
  for (const char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

/// A path that goes into a script: absolute, and free of control characters.
std::string script_path(const fs::path& p, const char* what) {
  const std::string s = fs::absolute(p).lexically_normal().string();
  if (sim::printable(s) != s) {
    throw sim::InputError(sim::printable(s) + ": the " + std::string(what) +
                          " path holds a control character; a batch script cannot name it safely");
  }
  return s;
}

/// Slurm values that go into #SBATCH lines: letters, digits and a few separators only.
std::string checked(const std::string& value, const char* option) {
  const bool ok = std::all_of(value.begin(), value.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == ':' || c == '-' || c == '_' || c == '.' || c == ',';
  });
  if (!ok) throw sim::InputError(std::string(option) + " '" + sim::printable(value) + "': not a Slurm value");
  return value;
}

std::string job_name(const std::string& name) {
  std::string out = "cscsim-";
  for (const char c : name) out += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  return out.substr(0, 64);
}

std::string header(const std::string& name, const SweepArgs& args, const std::string& log) {
  std::string h = "#!/bin/bash\n#SBATCH --job-name=" + job_name(name) + "\n#SBATCH --output=" + log + "\n";
  if (!args.slurm_partition.empty())
    h += "#SBATCH --partition=" + checked(args.slurm_partition, "--slurm-partition") + "\n";
  return h;
}

}  // namespace

int write_slurm_scripts(const analysis::sweep::Sweep& s, const fs::path& dir, const SweepArgs& args) {
  const std::string exe = script_path(fs::read_symlink("/proc/self/exe"), "cscsim program");
  const std::string sweep = script_path(s.file, "sweep file"), out = script_path(dir, "output directory");
  analysis::sweep::prepare_dir(s, dir);
  analysis::sweep::write_manifest(s, dir);
  const int tasks = static_cast<int>(s.tasks.size());
  const int chunks = std::max(1, std::min(tasks, args.slurm_array_limit));
  std::string array = "0-" + std::to_string(chunks - 1);
  if (args.slurm_max_running > 0) {
    array += '%';
    array += std::to_string(args.slurm_max_running);
  }
  std::string job = header(s.name, args, out + "/logs/slurm-%A_%a.out");
  job += "#SBATCH --array=" + array + "\n#SBATCH --cpus-per-task=" + std::to_string(args.slurm_cpus) +
         "\n#SBATCH --mem=" + checked(args.slurm_mem, "--slurm-mem") +
         "\n#SBATCH --time=" + checked(args.slurm_time, "--slurm-time") + "\n";
  job += "# Sweep '" + sim::printable(s.name) + "': " + std::to_string(tasks) + " task(s) in " +
         std::to_string(chunks) +
         " array task(s) (written by cscsim sweep --slurm).\n"
         "# At a time limit Slurm sends SIGTERM: cscsim removes the unfinished task's output and stops.\n"
         "# Submit this script again to run only what is missing; finished tasks are kept.\n";
  std::string sets;
  for (const std::string& set : args.sets) {
    if (sim::printable(set) != set) throw sim::InputError("--set '" + sim::printable(set) + "': a control character");
    sets += " --set " + shell_word(set);
  }
  if (args.snapshots.off) sets += " --no-snapshots";
  if (!args.snapshots.dir.empty()) {
    if (sim::printable(args.snapshots.dir) != args.snapshots.dir) {
      throw sim::InputError("--snapshots '" + sim::printable(args.snapshots.dir) + "': a control character");
    }
    sets += " --snapshots " + shell_word(fs::absolute(args.snapshots.dir).string());
  }
  job += "exec " + shell_word(exe) + " sweep " + shell_word(sweep) + sets + " -o " + shell_word(out) +
         " --chunk \"$SLURM_ARRAY_TASK_ID\" --chunks " + std::to_string(chunks) +
         " --threads \"$SLURM_CPUS_PER_TASK\" --quiet\n";
  std::string collect = header(s.name + "-collect", args, out + "/logs/slurm-collect-%j.out");
  collect += "#SBATCH --cpus-per-task=1\n#SBATCH --mem=" + args.slurm_mem + "\n#SBATCH --time=" + args.slurm_time +
             "\n# Merges the finished variants and writes the index (after the array job).\n";
  collect += "exec " + shell_word(exe) + " sweep --collect " + shell_word(out) + "\n";
  analysis::write_text_file(dir / "sweep.sbatch", job);
  analysis::write_text_file(dir / "collect.sbatch", collect);
  if (!args.quiet) {
    std::printf("wrote %s (%d task(s) in %d array task(s)) and %s; submit them with\n",
                sim::printable((dir / "sweep.sbatch").string()).c_str(), tasks, chunks,
                sim::printable((dir / "collect.sbatch").string()).c_str());
    std::printf("  jobid=$(sbatch --parsable %s)\n  sbatch --dependency=afterany:$jobid %s\n",
                shell_word(out + "/sweep.sbatch").c_str(), shell_word(out + "/collect.sbatch").c_str());
  }
  return sim::kExitOk;
}

}  // namespace csc::tools
