//===- MpiTransport.cpp - Collectives across processes over MPI -----------===//
//
// Part of the Loom project.
//
//===----------------------------------------------------------------------===//

#include "runtime/collectives/mpi/MpiTransport.h"

#include <climits>
#include <cstdio>
#include <cstdlib>
#include <thread>

namespace loom::collectives {

MpiTransport::MpiTransport(MPI_Comm userComm) {
  int initialized = 0, finalized = 0;
  MPI_Initialized(&initialized);
  MPI_Finalized(&finalized);
  if (!initialized || finalized) {
    failure = invalidArgument("collectives: MPI is not initialised");
    return;
  }
  int level = MPI_THREAD_SINGLE;
  MPI_Query_thread(&level);
  if (level < MPI_THREAD_SERIALIZED) {
    failure = invalidArgument(
        "collectives: MPI must be initialised with MPI_Init_thread and at "
        "least MPI_THREAD_SERIALIZED, since device threads call it");
    return;
  }
  int code = MPI_Comm_dup(userComm, &comm);
  if (code != MPI_SUCCESS) {
    failure = mpiError("collectives", "MPI_Comm_dup", code);
    comm = MPI_COMM_NULL;
    return;
  }
  MPI_Comm_set_errhandler(comm, MPI_ERRORS_RETURN);
  MPI_Comm_rank(comm, &myRank);
  MPI_Comm_size(comm, &rankCount);
  int *upperBound = nullptr, found = 0;
  MPI_Comm_get_attr(comm, MPI_TAG_UB, &upperBound, &found);
  if (found && upperBound)
    tagUpperBound = *upperBound;
}

MpiTransport::~MpiTransport() {
  int finalized = 0;
  MPI_Finalized(&finalized);
  if (comm != MPI_COMM_NULL && !finalized)
    MPI_Comm_free(&comm);
}

Status MpiTransport::mpiError(const std::string &what, const char *call,
                              int code) const {
  char text[MPI_MAX_ERROR_STRING];
  int length = 0;
  MPI_Error_string(code, text, &length);
  return aborted(what + ": " + call + " failed on rank " + std::to_string(myRank) +
                 ": " + std::string(text, length));
}

namespace {

// A datatype for one transfer: contiguous bytes, or `blocks` runs of bytes
// `strideBytes` apart. Counts beyond int are not representable in one MPI
// call; the communicator's tensors stay far below 2 GiB per run.
int makeType(const Transfer &transfer, MPI_Datatype &type) {
  if (transfer.blocks == 1 || transfer.blockBytes == transfer.strideBytes) {
    if (transfer.blocks * transfer.blockBytes > INT_MAX)
      return MPI_ERR_COUNT;
    return MPI_Type_contiguous(static_cast<int>(transfer.blocks * transfer.blockBytes),
                               MPI_BYTE, &type);
  }
  if (transfer.blocks > INT_MAX || transfer.blockBytes > INT_MAX)
    return MPI_ERR_COUNT;
  return MPI_Type_create_hvector(static_cast<int>(transfer.blocks),
                                 static_cast<int>(transfer.blockBytes),
                                 static_cast<MPI_Aint>(transfer.strideBytes),
                                 MPI_BYTE, &type);
}

std::string describe(const Transfer &transfer, bool send) {
  return std::string(send ? "send to" : "receive from") + " rank " +
         std::to_string(transfer.peerRank) + " (" +
         (transfer.peerDevice >= 0
              ? "device " + std::to_string(transfer.peerDevice) + ", "
              : std::string()) +
         std::to_string(transfer.blocks * transfer.blockBytes) + " bytes)";
}

} // namespace

Status MpiTransport::exchange(const std::vector<Transfer> &sends,
                              const std::vector<Transfer> &receives,
                              std::chrono::steady_clock::time_point deadline,
                              const std::string &what) {
  if (!failure.isOk())
    return aborted(what + ": " + failure.message());
  std::vector<MPI_Request> requests;
  requests.reserve(receives.size() + sends.size());
  const size_t total = receives.size() + sends.size();
  auto transferAt = [&](size_t i) -> const Transfer & {
    return i < receives.size() ? receives[i] : sends[i - receives.size()];
  };
  // Releases what could not complete: receives are cancelled so nothing
  // lands in the caller's buffers later; sends are only released, as MPI
  // cannot reliably take them back.
  auto abandon = [&]() {
    for (size_t i = 0; i < requests.size(); ++i) {
      if (requests[i] == MPI_REQUEST_NULL)
        continue;
      if (i < receives.size())
        MPI_Cancel(&requests[i]);
      MPI_Request_free(&requests[i]);
    }
  };

  {
    std::lock_guard<std::mutex> lock(mpiMutex);
    // Receives first, so that most messages find their buffer posted.
    for (size_t i = 0; i < total; ++i) {
      const Transfer &transfer = transferAt(i);
      const bool send = i >= receives.size();
      MPI_Datatype type;
      int code = makeType(transfer, type);
      if (code == MPI_SUCCESS)
        code = MPI_Type_commit(&type);
      if (code != MPI_SUCCESS) {
        abandon();
        return mpiError(what + ": " + describe(transfer, send), "MPI_Type_commit", code);
      }
      MPI_Request request;
      code = send ? MPI_Isend(transfer.data, 1, type, transfer.peerRank, transfer.tag,
                              comm, &request)
                  : MPI_Irecv(transfer.data, 1, type, transfer.peerRank, transfer.tag,
                              comm, &request);
      MPI_Type_free(&type); // MPI keeps it alive until the request completes
      if (code != MPI_SUCCESS) {
        abandon();
        return mpiError(what + ": " + describe(transfer, send),
                        send ? "MPI_Isend" : "MPI_Irecv", code);
      }
      requests.push_back(request);
    }
  }

  // Poll: MPI only progresses inside its calls. Yield while the wait is
  // short, then sleep between polls so a long wait does not burn a core
  // that a device thread on the same machine could use.
  using Clock = std::chrono::steady_clock;
  const Clock::time_point start = Clock::now();
  std::vector<MPI_Status> statuses(total);
  while (true) {
    int done = 0;
    int code;
    {
      std::lock_guard<std::mutex> lock(mpiMutex);
      code = MPI_Testall(static_cast<int>(requests.size()), requests.data(), &done,
                         statuses.data());
    }
    if (code != MPI_SUCCESS) {
      for (size_t i = 0; i < total; ++i)
        if (code == MPI_ERR_IN_STATUS && statuses[i].MPI_ERROR != MPI_SUCCESS &&
            statuses[i].MPI_ERROR != MPI_ERR_PENDING) {
          std::lock_guard<std::mutex> lock(mpiMutex);
          abandon();
          return mpiError(what + ": " + describe(transferAt(i), i >= receives.size()),
                          "MPI_Testall", statuses[i].MPI_ERROR);
        }
      std::lock_guard<std::mutex> lock(mpiMutex);
      abandon();
      return mpiError(what, "MPI_Testall", code);
    }
    if (done)
      return Status::ok();
    const Clock::time_point now = Clock::now();
    if (now >= deadline) {
      std::string pending;
      for (size_t i = 0; i < total; ++i) {
        int finished = 0;
        std::lock_guard<std::mutex> lock(mpiMutex);
        if (requests[i] != MPI_REQUEST_NULL)
          MPI_Request_get_status(requests[i], &finished, MPI_STATUS_IGNORE);
        if (requests[i] != MPI_REQUEST_NULL && !finished) {
          pending = describe(transferAt(i), i >= receives.size());
          break;
        }
      }
      if (pending.empty())
        continue; // everything completed since the last test
      std::lock_guard<std::mutex> lock(mpiMutex);
      abandon();
      return aborted(what + ": " + pending + " did not complete in time on rank " +
                     std::to_string(myRank) + "; the peer may have exited or be stuck");
    }
    if (now - start < std::chrono::milliseconds(10))
      std::this_thread::yield();
    else
      std::this_thread::sleep_for(std::chrono::microseconds(200));
  }
}

Status createMpiCommunicator(MPI_Comm comm, int numDevices, const Options &options,
                             std::unique_ptr<Communicator> &result) {
  result.reset();
  auto transport = std::make_unique<MpiTransport>(comm);
  if (!transport->check().isOk())
    return transport->check();
  return Communicator::createDistributed(numDevices, options, std::move(transport),
                                         result);
}

void abortJob(MPI_Comm comm, const Status &status) {
  std::fprintf(stderr, "loom: %s\n", status.message().c_str());
  std::fflush(stderr);
  MPI_Abort(comm, 1);
  std::abort(); // MPI_Abort does not return; this keeps the promise if it did
}

} // namespace loom::collectives
