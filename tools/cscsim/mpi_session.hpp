#pragma once
// MPI for the commands that spread work over ranks (`sweep --mpi`, `calibrate --mpi`;
// docs/cluster.md). In a build without MPI, starting a session is exit 2 naming the option.
#include "analysis/calibration/abc_smc.hpp"

namespace csc::tools {

class MpiSession {
 public:
  /// MPI_Init_thread (funnelled: only the main thread calls MPI). InputError naming `option`
  /// when this cscsim was built without MPI.
  explicit MpiSession(const char* option);
  ~MpiSession();  // MPI_Finalize
  MpiSession(const MpiSession&) = delete;
  MpiSession& operator=(const MpiSession&) = delete;

  [[nodiscard]] int rank() const { return rank_; }
  [[nodiscard]] int size() const { return size_; }
  /// Threads of each rank: `requested`, or the node's cores shared among its ranks.
  [[nodiscard]] int threads_per_rank(int requested) const;
  /// Ends every rank at once with `status` (a failure on one rank that the others cannot see
  /// would leave them waiting).
  [[noreturn]] static void abort(int status);

 private:
  int rank_ = 0, size_ = 1;
};

/// A calibration batch spread over the ranks: rank r simulates the candidates i with
/// i mod size = r (on its threads), then every rank receives every outcome (MPI_Allgatherv), so
/// all ranks go on with the same generation.
analysis::calibration::BatchEvaluator spread_over_ranks(const MpiSession& mpi);

}  // namespace csc::tools
