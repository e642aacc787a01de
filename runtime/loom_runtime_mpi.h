/*===- loom_runtime_mpi.h - The runtime's C API over MPI ----------*- C -*-===//
 *
 * Part of the Loom project.
 *
 * Running a multi-device artifact with its devices spread over the ranks of
 * an MPI communicator, from C: every rank loads the same artifact and makes
 * an executor on the same communicator; rank r of P then hosts devices
 * [r·N/P, (r+1)·N/P) of the artifact's N, P dividing N. Every rank passes
 * whole inputs to loom_executor_run and receives whole outputs. Link
 * loom_collectives_mpi (built where CMake finds MPI). docs/runtime.md.
 *
 *===----------------------------------------------------------------------===*/

#ifndef LOOM_RUNTIME_LOOM_RUNTIME_MPI_H
#define LOOM_RUNTIME_LOOM_RUNTIME_MPI_H

#include "runtime/loom_runtime.h"

#include <mpi.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Like loom_executor_create, with the artifact's devices spread over the
   ranks of `comm` (the executor duplicates it, so the caller's messages
   never meet Loom's). MPI must be initialised with at least
   MPI_THREAD_SERIALIZED. Every collective waits at most
   `collective_timeout_ms` (0: 60 s) for its peers; a timeout or a failed
   peer makes loom_executor_run return LOOM_STATUS_ABORTED naming the
   collective and the rank, and the caller should then end the job (e.g.
   MPI_Abort) since other ranks may still wait. An artifact without a mesh
   runs on this rank alone. */
LOOM_MUST_USE loom_status_t loom_executor_create_mpi(
    const loom_artifact_t *artifact, size_t thread_count, MPI_Comm comm,
    uint32_t collective_timeout_ms, loom_executor_t **out_executor);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* LOOM_RUNTIME_LOOM_RUNTIME_MPI_H */
