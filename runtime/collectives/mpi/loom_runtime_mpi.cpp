//===- loom_runtime_mpi.cpp - The runtime's C API over MPI ----------------===//
//
// Part of the Loom project.
//
//===----------------------------------------------------------------------===//

#include "runtime/loom_runtime_mpi.h"

#include "runtime/CApi.h"
#include "runtime/collectives/mpi/MpiTransport.h"

#include <chrono>

using namespace loom;

extern "C" {

loom_status_t loom_executor_create_mpi(const loom_artifact_t *artifact,
                                       size_t thread_count, MPI_Comm comm,
                                       uint32_t collective_timeout_ms,
                                       loom_executor_t **out_executor) {
  if (!out_executor)
    return capi::makeStatus(LOOM_STATUS_INVALID_ARGUMENT,
                            "out_executor is NULL");
  *out_executor = nullptr;
  if (!artifact)
    return capi::makeStatus(LOOM_STATUS_INVALID_ARGUMENT,
                            "the artifact is NULL");
  if (comm == MPI_COMM_NULL)
    return capi::makeStatus(LOOM_STATUS_INVALID_ARGUMENT,
                            "the communicator is MPI_COMM_NULL");
  return capi::guarded([&]() -> loom_status_t {
    ExecutorOptions options;
    options.threads = static_cast<unsigned>(thread_count);
    if (collective_timeout_ms)
      options.collectiveTimeout =
          std::chrono::milliseconds(collective_timeout_ms);
    std::unique_ptr<collectives::Communicator> communicator;
    if (artifact->artifact.hasMesh()) {
      collectives::Options settings;
      settings.timeout = options.collectiveTimeout;
      // Every rank must run the same artifact; the communicator compares
      // them by size and hash.
      const ByteSpan bytes = artifact->artifact.bytes();
      settings.program =
          collectives::describeProgram("the artifact", bytes.data, bytes.size);
      Status status = collectives::createMpiCommunicator(
          comm, static_cast<int>(artifact->artifact.mesh().deviceCount()),
          settings, communicator);
      if (!status.isOk())
        return capi::fromStatus(status);
    }
    return capi::createExecutor(artifact, options, std::move(communicator),
                                out_executor);
  });
}

} // extern "C"
