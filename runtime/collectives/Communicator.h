//===- Communicator.h - Collectives between Loom's devices ------*- C++ -*-===//
//
// Part of the Loom project.
//
// A communicator connects numDevices devices, numbered 0..numDevices-1, of
// which this process hosts a contiguous block (all of them in process; with
// MPI, rank p of P hosts [p·N/P, (p+1)·N/P)). Each hosted device runs on its
// own thread and calls the collectives of its program; a collective is
// called by every device of its group with the same arguments, and groups
// that share no device may run the same or different collectives at the
// same time. Calls of one device are sequential.
//
// The calls block until the collective is done on this device and return a
// one-line Status naming the collective, the device and the reason. Inputs
// and outputs must stay valid and untouched by others until every member
// returns; only allReduce may write over its input (output.data ==
// input.data). After a failure the group is unusable: later calls on it fail
// at once, since peers may still be using its buffers.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_RUNTIME_COLLECTIVES_COMMUNICATOR_H
#define LOOM_RUNTIME_COLLECTIVES_COMMUNICATOR_H

#include "runtime/Status.h"
#include "runtime/collectives/Collectives.h"
#include "runtime/collectives/Transport.h"

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace loom::collectives {

class Rendezvous;
struct Call;

class Communicator {
public:
  /// A communicator of `numDevices` devices, all in this process.
  static Status createInProcess(int numDevices, const Options &options,
                                std::unique_ptr<Communicator> &result);

  /// A communicator of `numDevices` devices spread over the ranks of
  /// `transport`, each hosting numDevices / numRanks of them. Collective
  /// over the ranks: each tells the others its device count and
  /// options.program (bounded by options.timeout), and creation fails on
  /// every rank when they differ, when there are fewer devices than ranks,
  /// or when the devices do not divide evenly. Each such error is found by
  /// every rank, but only one returns it at once (rank 0, or the first rank
  /// that differs from rank 0); the others return it when the timeout has
  /// passed, so that a job ended on the first error (abortJob) reports it
  /// once.
  static Status createDistributed(int numDevices, const Options &options,
                                  std::unique_ptr<Transport> transport,
                                  std::unique_ptr<Communicator> &result);

  ~Communicator();
  Communicator(const Communicator &) = delete;
  Communicator &operator=(const Communicator &) = delete;

  int numDevices() const { return deviceCount; }
  /// The block of devices this process hosts: [firstLocalDevice(),
  /// firstLocalDevice() + numLocalDevices()).
  int firstLocalDevice() const { return firstLocal; }
  int numLocalDevices() const { return localCount; }
  /// The rank (0 in process) that hosts `device`.
  int rankOf(int device) const { return device / localCount; }
  const Options &options() const { return settings; }

  /// Every member's output: the element-wise reduction of all members'
  /// inputs in group order. Output has the input's dtype and shape.
  Status allReduce(int device, const Group &group, ReduceKind kind,
                   const ConstTensorView &input, const TensorView &output);

  /// Every member's output: the members' inputs concatenated along `axis`
  /// in group order (output.shape[axis] = group size · input.shape[axis]).
  Status allGather(int device, const Group &group, int64_t axis,
                   const ConstTensorView &input, const TensorView &output);

  /// Member i's output: the i-th of the group-size equal slices along
  /// `axis` of the element-wise reduction of all members' inputs.
  Status reduceScatter(int device, const Group &group, ReduceKind kind,
                       int64_t axis, const ConstTensorView &input,
                       const TensorView &output);

  /// Member i's output: the i-th slice along `splitAxis` of every member's
  /// input, concatenated along `concatAxis` in group order.
  Status allToAll(int device, const Group &group, int64_t splitAxis,
                  int64_t concatAxis, const ConstTensorView &input,
                  const TensorView &output);

  /// Each pair's target receives its source's input; a member that is no
  /// pair's target gets zeros. Sources and targets each appear at most once.
  Status permute(int device, const Group &group,
                 const std::vector<PermutePair> &pairs,
                 const ConstTensorView &input, const TensorView &output);

  /// Ends every collective of this process's devices with `reason`, which
  /// should name what failed: calls waiting for local peers return it at
  /// once, and so does every later call. For a device that fails outside
  /// the collectives (a kernel error), so that its peers do not wait for it
  /// until the timeout. Other processes are not told; end the job instead
  /// (abortJob in the MPI transport).
  void abort(const Status &reason);

private:
  Communicator(int numDevices, const Options &options,
               std::unique_ptr<Transport> transport);

  Status run(Call &call);
  /// run() after every local member arrived.
  using Deadline = std::chrono::steady_clock::time_point;
  Status runArrived(Call &call, Rendezvous &meeting, Deadline localDeadline,
                    Deadline deadline, const std::string &timedOut);
  Rendezvous &rendezvous(const Call &call);

  int deviceCount;
  int firstLocal;
  int localCount;
  Options settings;
  std::unique_ptr<Transport> transport;
  std::mutex rendezvousMutex; // guards the map and abortReason
  std::map<Group, std::unique_ptr<Rendezvous>> rendezvousByGroup;
  Status abortReason; // set by abort(); breaks every rendezvous

};

/// A text for Options::program that names a program by `name`, its size and
/// a hash of its `bytes` (e.g. an artifact file's), such as
/// "mlp.loom (16801280 bytes, hash 0123456789abcdef)".
std::string describeProgram(const std::string &name, const void *bytes,
                            size_t size);

} // namespace loom::collectives

#endif // LOOM_RUNTIME_COLLECTIVES_COMMUNICATOR_H
