#include "tools/cscsim/mpi_session.hpp"

#include <algorithm>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "sim/core/errors.hpp"
#include "sim/run/parallel.hpp"

#ifdef CSC_HAVE_MPI
#include <mpi.h>
#endif

namespace csc::tools {

namespace cal = analysis::calibration;

#ifndef CSC_HAVE_MPI

MpiSession::MpiSession(const char* option) {
  throw sim::InputError(std::string(option) +
                        ": this cscsim was built without MPI (install libopenmpi-dev and rebuild)");
}
MpiSession::~MpiSession() = default;
int MpiSession::threads_per_rank(int requested) const { return requested; }
void MpiSession::abort(int status) { std::_Exit(status); }
cal::BatchEvaluator spread_over_ranks(const MpiSession&) { return {}; }

#else

MpiSession::MpiSession(const char*) {
  int provided = 0;
  MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided);
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
}

MpiSession::~MpiSession() { MPI_Finalize(); }

int MpiSession::threads_per_rank(int requested) const {
  if (requested > 0) return requested;
  MPI_Comm node;
  MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, 0, MPI_INFO_NULL, &node);
  int ranks_here = 1;
  MPI_Comm_size(node, &ranks_here);
  MPI_Comm_free(&node);
  return std::max(1, static_cast<int>(std::thread::hardware_concurrency()) / ranks_here);
}

void MpiSession::abort(int status) {
  MPI_Abort(MPI_COMM_WORLD, status);
  std::_Exit(status);
}

namespace {

/// This rank's outcomes as doubles: per outcome its index, distance, count of statistics and
/// the statistics.
std::vector<double> pack(const std::vector<std::uint64_t>& mine, const std::vector<cal::Outcome>& out) {
  std::vector<double> buf;
  for (const std::uint64_t i : mine) {
    buf.push_back(static_cast<double>(i));
    buf.push_back(out[i].distance);
    buf.push_back(static_cast<double>(out[i].statistics.size()));
    buf.insert(buf.end(), out[i].statistics.begin(), out[i].statistics.end());
  }
  return buf;
}

void unpack(const std::vector<double>& buf, std::vector<cal::Outcome>& out) {
  for (std::size_t at = 0; at < buf.size();) {
    const auto i = static_cast<std::size_t>(buf[at]);
    out[i].distance = buf[at + 1];
    const auto n = static_cast<std::size_t>(buf[at + 2]);
    out[i].statistics.assign(buf.begin() + static_cast<std::ptrdiff_t>(at + 3),
                             buf.begin() + static_cast<std::ptrdiff_t>(at + 3 + n));
    at += 3 + n;
  }
}

}  // namespace

cal::BatchEvaluator spread_over_ranks(const MpiSession& mpi) {
  const int rank = mpi.rank(), size = mpi.size();
  return [rank, size](const std::function<cal::Outcome(std::uint64_t)>& one, std::vector<cal::Outcome>& out) {
    std::vector<std::uint64_t> mine;
    for (std::uint64_t i = static_cast<std::uint64_t>(rank); i < out.size(); i += static_cast<std::uint64_t>(size)) {
      mine.push_back(i);
    }
    sim::parallel_for(std::size_t{0}, mine.size(), [&](std::size_t k) { out[mine[k]] = one(mine[k]); });
    const std::vector<double> send = pack(mine, out);
    const int count = static_cast<int>(send.size());
    std::vector<int> counts(static_cast<std::size_t>(size)), offsets(static_cast<std::size_t>(size));
    MPI_Allgather(&count, 1, MPI_INT, counts.data(), 1, MPI_INT, MPI_COMM_WORLD);
    int total = 0;
    for (int r = 0; r < size; ++r) {
      offsets[static_cast<std::size_t>(r)] = total;
      total += counts[static_cast<std::size_t>(r)];
    }
    std::vector<double> all(static_cast<std::size_t>(total));
    MPI_Allgatherv(send.data(), count, MPI_DOUBLE, all.data(), counts.data(), offsets.data(), MPI_DOUBLE,
                   MPI_COMM_WORLD);
    unpack(all, out);
  };
}

#endif

}  // namespace csc::tools
