//===- CApi.h - What the runtime's C APIs share ------------------*- C++ -*-===//
//
// Part of the Loom project.
//
// The objects behind the handles of runtime/loom_runtime.h and the helpers
// every C entry point uses, so that an API in another library (the MPI one,
// runtime/loom_runtime_mpi.h) makes the same objects and statuses. Not a
// public header.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_RUNTIME_CAPI_H
#define LOOM_RUNTIME_CAPI_H

#include "runtime/Artifact.h"
#include "runtime/Executor.h"
#include "runtime/collectives/Communicator.h"
#include "runtime/loom_runtime.h"

#include <memory>
#include <string>
#include <vector>

struct loom_status_s {
  loom_status_code_t code;
  std::string message;
};

struct loom_artifact_s {
  loom::Artifact artifact;
};

struct loom_executor_s {
  const loom::Artifact *artifact = nullptr;
  /// The communicator of devices spread over processes, when the executor
  /// was made with one; it outlives the executor that uses it.
  std::unique_ptr<loom::collectives::Communicator> communicator;
  loom::Executor executor;
  /// The text loom_executor_profile last returned.
  std::string profile;
  /// Each output's shape in the last successful run (the signature's
  /// before the first), for loom_executor_output_shape.
  std::vector<loom::Shape> outputShapes;
};

namespace loom::capi {

/// A status owned by the caller; the preallocated out-of-memory status when
/// even that cannot be allocated.
loom_status_t makeStatus(loom_status_code_t code, std::string message);
/// NULL for ok; otherwise the status's code and message.
loom_status_t fromStatus(const Status &status);
/// The preallocated status that loom_status_free never frees.
loom_status_t outOfMemory();

/// The status of the exception being handled (call it only inside a catch
/// block): std::bad_alloc and std::length_error are
/// LOOM_STATUS_RESOURCE_EXHAUSTED (the preallocated status for the first);
/// a std::system_error for want of threads or memory too; anything else
/// is LOOM_STATUS_INTERNAL with its what().
loom_status_t currentExceptionStatus() noexcept;

/// Runs `body`, turning an escaping exception into a status
/// (currentExceptionStatus), so that none crosses the C ABI.
template <typename Body> loom_status_t guarded(Body body) {
  try {
    return body();
  } catch (...) {
    return currentExceptionStatus();
  }
}

/// Loads `artifact` into a new executor with `options` and, when given, the
/// communicator its options point at (which the executor then owns).
loom_status_t createExecutor(
    const loom_artifact_t *artifact, const ExecutorOptions &options,
    std::unique_ptr<collectives::Communicator> communicator,
    loom_executor_t **out_executor);

} // namespace loom::capi

#endif // LOOM_RUNTIME_CAPI_H
