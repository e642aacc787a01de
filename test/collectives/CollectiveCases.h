//===- CollectiveCases.h - Collective calls shared by the tests --*- C++ -*-===//
//
// Part of the Loom project.
//
// A collective case (operation, dtype, shape, axes, the groups that run it
// at once) with deterministic inputs per device, how a device runs it on a
// communicator, and a plain serial reference. The in-process GoogleTests
// check the communicator against the reference; the MPI driver checks a
// communicator spread over processes against an in-process one.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_TEST_COLLECTIVES_COLLECTIVECASES_H
#define LOOM_TEST_COLLECTIVES_COLLECTIVECASES_H

#include "runtime/Tensor.h"
#include "runtime/collectives/Communicator.h"

#include <functional>
#include <string>
#include <vector>

namespace loom::collectives::test {

enum class Op { AllReduce, AllGather, ReduceScatter, AllToAll, Permute };

struct Case {
  Op op = Op::AllReduce;
  DType type = DType::F32;
  ReduceKind kind = ReduceKind::Sum;
  Shape shape; // every device's input
  int64_t axis = 0;
  int64_t concatAxis = 0;
  std::vector<PermutePair> pairs;
  /// Disjoint groups covering the devices, all running the case at once.
  std::vector<Group> groups;
  unsigned seed = 1;

  std::string name() const;
};

/// The output shape of a member of a group of `members`.
Shape outputShapeOf(const Case &c, int members);

/// The group containing `device`.
const Group &groupOf(const Case &c, int device);

/// Device `device`'s input: reproducible values that make reduction order
/// visible (f32 sums differ between orders) and integers that wrap.
Tensor inputOf(const Case &c, int device);

/// Runs the case as `device` on `comm`, writing `output` (allocated here).
Status runOnDevice(Communicator &comm, const Case &c, int device, Tensor &output);

/// The expected output of every device of `numDevices`, computed serially.
std::vector<Tensor> referenceOutputs(const Case &c, int numDevices);

/// Same dtype, shape and bytes; unlike Tensor::bitwiseEqual, never passes
/// an empty tensor's null data to memcmp.
bool bitIdentical(const Tensor &a, const Tensor &b);

/// Runs fn(device) for devices [first, first + count) on one thread each
/// and returns their statuses in device order.
std::vector<Status> onDeviceThreads(int first, int count,
                                    const std::function<Status(int)> &fn);

/// The cases the tests run for `numDevices` devices: every op, dtype and
/// reduction, several shapes and axes, one group of all devices, the same
/// group reversed, and (for 4 devices) the rows and columns of a 2x2 mesh.
std::vector<Case> standardCases(int numDevices);

} // namespace loom::collectives::test

#endif // LOOM_TEST_COLLECTIVES_COLLECTIVECASES_H
