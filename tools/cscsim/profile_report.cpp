#include "tools/cscsim/profile_report.hpp"

#include <cstdio>

namespace csc::tools {

void print_profile(const models::RunReport& report) {
  const models::WorldProfile& p = report.profile;
  const double active = static_cast<double>(p.active_child_weeks);
  const auto per_active = [&](double seconds) { return active > 0 ? seconds * 1e9 / active : 0.0; };
  std::printf("profile: %llu weeks, %llu active child-weeks, %.2f s wall on %d threads\n",
              static_cast<unsigned long long>(p.weeks), static_cast<unsigned long long>(p.active_child_weeks),
              report.wall_seconds, report.threads);
  std::printf("%-24s %10s %14s\n", "phase", "seconds", "ns/child-week");
  double total = 0.0;
  for (std::size_t i = 0; i < models::kPhaseCount; ++i) {
    total += p.seconds[i];
    std::printf("%-24s %10.3f %14.1f\n", std::string(models::kPhaseLabels[i]).c_str(), p.seconds[i],
                per_active(p.seconds[i]));
  }
  std::printf("%-24s %10.3f %14.1f\n", "all phases", total, per_active(total));
  // Per child of the council (aged 0-17 on day 0); its tables also hold every child born
  // before the end of the run.
  const double children = static_cast<double>(p.children_at_start);
  std::printf("memory (largest replicate; %llu children on day 0, %llu rows in its children table)\n",
              static_cast<unsigned long long>(p.children_at_start), static_cast<unsigned long long>(p.child_rows));
  std::printf("%-24s %10s %14s\n", "table", "MB", "bytes/child");
  std::size_t bytes = 0;
  for (const auto& t : p.memory) {
    bytes += t.bytes;
    std::printf("%-24s %10.1f %14.1f\n", t.table.c_str(), static_cast<double>(t.bytes) / 1e6,
                children > 0 ? static_cast<double>(t.bytes) / children : 0.0);
  }
  std::printf("%-24s %10.1f %14.1f\n", "all tables", static_cast<double>(bytes) / 1e6,
              children > 0 ? static_cast<double>(bytes) / children : 0.0);
}

}  // namespace csc::tools
