// outbox.hpp — MPI sends in progress. A send never blocks the loop that
// makes it (a blocking send to a rank that died never returns); each
// message's bytes live here until MPI is done with them.
#pragma once

#include <mpi.h>

#include <climits>
#include <cstdint>
#include <vector>

namespace taps::mpi {

/// The largest message MPI's int counts can describe.
inline constexpr std::size_t max_message_bytes = INT_MAX;

class Outbox {
 public:
  /// Starts sending `bytes` (at most max_message_bytes); returns MPI's code.
  int send(MPI_Comm comm, int rank, int tag, std::vector<std::uint8_t> bytes) {
    MPI_Request request = MPI_REQUEST_NULL;
    const int code =
        MPI_Isend(bytes.data(), static_cast<int>(bytes.size()), MPI_BYTE, rank, tag, comm, &request);
    if (code == MPI_SUCCESS) {
      requests_.push_back(request);
      buffers_.push_back(std::move(bytes));  // the heap block MPI reads from does not move
    }
    return code;
  }

  /// Frees what MPI has sent; sets `progress` when something completed.
  /// Returns MPI's code.
  int reap(bool& progress) {
    if (requests_.empty()) return MPI_SUCCESS;
    int done = 0;
    indices_.resize(requests_.size());
    const int code = MPI_Testsome(static_cast<int>(requests_.size()), requests_.data(), &done, indices_.data(),
                                  MPI_STATUSES_IGNORE);
    if (code != MPI_SUCCESS || done == MPI_UNDEFINED || done == 0) return code;
    progress = true;
    // Completed requests became MPI_REQUEST_NULL: keep the others, in order.
    std::size_t kept = 0;
    for (std::size_t i = 0; i < requests_.size(); ++i) {
      if (requests_[i] == MPI_REQUEST_NULL) continue;
      if (kept != i) {  // a vector moved onto itself would come out empty
        requests_[kept] = requests_[i];
        buffers_[kept] = std::move(buffers_[i]);
      }
      ++kept;
    }
    requests_.resize(kept);
    buffers_.resize(kept);
    return code;
  }

  bool empty() const { return requests_.empty(); }

  /// Forgets sends that will never complete (their peer is gone). Only
  /// once this process makes no more MPI calls: MPI moves bytes only
  /// inside them.
  void abandon() {
    requests_.clear();
    buffers_.clear();
  }

 private:
  std::vector<MPI_Request> requests_;
  std::vector<std::vector<std::uint8_t>> buffers_;
  std::vector<int> indices_;
};

}  // namespace taps::mpi
