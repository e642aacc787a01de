//===- Communicator.cpp - Collectives between Loom's devices --------------===//
//
// Part of the Loom project.
//
//===----------------------------------------------------------------------===//

#include "runtime/collectives/Communicator.h"

#include "runtime/collectives/Algorithms.h"
#include "runtime/collectives/Call.h"
#include "runtime/collectives/Rendezvous.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <functional>
#include <string>
#include <string_view>
#include <thread>

namespace loom::collectives {

namespace {

std::string groupString(const Group &group) {
  std::string text = "[";
  for (size_t i = 0; i < group.size(); ++i)
    text += (i ? ", " : "") + std::to_string(group[i]);
  return text + "]";
}

bool overlaps(const void *a, size_t aBytes, const void *b, size_t bBytes) {
  auto x = reinterpret_cast<uintptr_t>(a), y = reinterpret_cast<uintptr_t>(b);
  return aBytes && bBytes && x < y + bBytes && y < x + aBytes;
}

// What each rank tells every other when a distributed communicator is
// created, so that ranks that would run different programs (another
// artifact, another mesh) fail at once instead of in their first
// collective, where their messages would not match.
struct Introduction {
  int64_t numDevices = 0;
  uint64_t programHash = 0;
  char program[112] = {}; // the start of Options::program, NUL-padded
};

std::string describeIntroduction(const Introduction &intro) {
  std::string program(intro.program, strnlen(intro.program, sizeof intro.program));
  return (program.empty() ? "" : program + " on ") +
         std::to_string(intro.numDevices) + " devices";
}

// The one tag the introduction uses: device tags (sending · N + receiving)
// · 2 + step are 0 only from device 0 to itself, which never crosses
// processes, so tag 0 is free whatever N each rank believes in.
constexpr int kIntroductionTag = 0;

// Exchanges every rank's Introduction (bounded by `deadline`) and compares
// them with rank 0's. `report` says whether this rank should report an
// error at once (see createDistributed).
Status introduce(int numDevices, const Options &options, Transport &transport,
                 std::chrono::steady_clock::time_point deadline, bool &report) {
  report = true;
  const int ranks = transport.numRanks(), rank = transport.rank();
  if (ranks <= 1)
    return Status::ok();
  Introduction mine;
  mine.numDevices = numDevices;
  mine.programHash = std::hash<std::string_view>()(options.program);
  std::memcpy(mine.program, options.program.data(),
              std::min(options.program.size(), sizeof mine.program - 1));
  std::vector<Introduction> all(ranks);
  all[rank] = mine;
  std::vector<Transfer> sends, receives;
  for (int peer = 0; peer < ranks; ++peer) {
    if (peer == rank)
      continue;
    Transfer transfer;
    transfer.peerRank = peer;
    transfer.peerDevice = -1; // not yet known: the ranks may disagree
    transfer.tag = kIntroductionTag;
    transfer.blockBytes = transfer.strideBytes = sizeof(Introduction);
    transfer.data = &mine;
    sends.push_back(transfer);
    transfer.data = &all[peer];
    receives.push_back(transfer);
  }
  LOOM_RETURN_IF_ERROR(transport.exchange(
      sends, receives, deadline,
      "collectives: rank " + std::to_string(rank) + " meeting the other ranks"));
  for (int peer = 1; peer < ranks; ++peer) {
    const Introduction &first = all[0], &other = all[peer];
    if (other.numDevices == first.numDevices &&
        other.programHash == first.programHash)
      continue;
    report = peer == rank;
    return invalidArgument("collectives: rank " + std::to_string(peer) +
                           " runs " + describeIntroduction(other) +
                           " but rank 0 runs " + describeIntroduction(first) +
                           "; every rank must run the same program");
  }
  return Status::ok();
}

} // namespace

std::string describeProgram(const std::string &name, const void *bytes,
                            size_t size) {
  char hash[17];
  std::snprintf(hash, sizeof hash, "%016llx",
                static_cast<unsigned long long>(std::hash<std::string_view>()(
                    {static_cast<const char *>(bytes), size})));
  return name + " (" + std::to_string(size) + " bytes, hash " + hash + ")";
}

Communicator::Communicator(int numDevices, const Options &options,
                           std::unique_ptr<Transport> transport)
    : deviceCount(numDevices), settings(options), transport(std::move(transport)) {
  const int ranks = this->transport ? this->transport->numRanks() : 1;
  const int rank = this->transport ? this->transport->rank() : 0;
  localCount = numDevices / ranks;
  firstLocal = rank * localCount;
}

Communicator::~Communicator() = default;

Status Communicator::createInProcess(int numDevices, const Options &options,
                                     std::unique_ptr<Communicator> &result) {
  return createDistributed(numDevices, options, nullptr, result);
}

Status Communicator::createDistributed(int numDevices, const Options &options,
                                       std::unique_ptr<Transport> transport,
                                       std::unique_ptr<Communicator> &result) {
  result.reset();
  if (numDevices < 1)
    return invalidArgument("collectives: a communicator needs at least one "
                           "device, got " + std::to_string(numDevices));
  if (options.timeout.count() <= 0)
    return invalidArgument("collectives: the timeout must be positive, got " +
                           std::to_string(options.timeout.count()) + " ms");
  if (transport) {
    const auto deadline = std::chrono::steady_clock::now() + options.timeout;
    bool report = true;
    Status status = introduce(numDevices, options, *transport, deadline, report);
    const int ranks = transport->numRanks();
    if (status.isOk())
      report = transport->rank() == 0; // what follows, every rank finds
    if (status.isOk() && ranks > numDevices)
      status = invalidArgument(
          "collectives: too few devices: the mesh has " +
          std::to_string(numDevices) + " devices and the job " +
          std::to_string(ranks) + " processes; each process hosts an equal "
          "share of at least one device");
    else if (status.isOk() && numDevices % ranks != 0)
      status = invalidArgument("collectives: " + std::to_string(numDevices) +
                               " devices cannot be split evenly over " +
                               std::to_string(ranks) + " processes");
    else if (status.isOk() && maxTagFor(numDevices) > transport->maxTag())
      status = outOfRange("collectives: " + std::to_string(numDevices) +
                          " devices need message tags up to " +
                          std::to_string(maxTagFor(numDevices)) +
                          ", the transport carries " +
                          std::to_string(transport->maxTag()));
    if (!status.isOk()) {
      // Every rank found the same error; one reports it at once (rank 0,
      // or the first rank that differs from rank 0), the others only when
      // the timeout has passed, so that a caller that ends the job on the
      // error (abortJob) prints one line, not one per rank.
      if (!report)
        std::this_thread::sleep_until(deadline);
      return status;
    }
  }
  result.reset(new Communicator(numDevices, options, std::move(transport)));
  return Status::ok();
}

namespace {

// Checks what every collective shares and fills in the call's placement.
Status validateCommon(const Communicator &comm, Call &call) {
  const std::string &what = call.what;
  if (call.device < comm.firstLocalDevice() ||
      call.device >= comm.firstLocalDevice() + comm.numLocalDevices())
    return invalidArgument(
        what + ": the device is not hosted by this process (it hosts devices " +
        std::to_string(comm.firstLocalDevice()) + " to " +
        std::to_string(comm.firstLocalDevice() + comm.numLocalDevices() - 1) + ")");
  const Group &group = call.group;
  int seen = 0;
  for (size_t i = 0; i < group.size(); ++i) {
    if (group[i] < 0 || group[i] >= comm.numDevices())
      return invalidArgument(what + ": group " + groupString(group) +
                             " names device " + std::to_string(group[i]) +
                             ", outside [0, " + std::to_string(comm.numDevices()) + ")");
    if (std::find(group.begin(), group.begin() + i, group[i]) != group.begin() + i)
      return invalidArgument(what + ": group " + groupString(group) +
                             " lists device " + std::to_string(group[i]) + " twice");
    if (group[i] == call.device) {
      call.position = static_cast<int>(i);
      ++seen;
    }
  }
  if (seen != 1)
    return invalidArgument(what + ": the device is not a member of group " +
                           groupString(group));
  const ConstTensorView &in = call.input;
  const TensorView &out = call.output;
  for (int64_t d : in.shape)
    if (d < 0)
      return invalidArgument(what + ": the input shape has a negative size");
  for (int64_t d : out.shape)
    if (d < 0)
      return invalidArgument(what + ": the output shape has a negative size");
  if (in.dtype != out.dtype)
    return invalidArgument(what + ": the input is " + std::string(dtypeName(in.dtype)) +
                           " but the output " + std::string(dtypeName(out.dtype)));
  const size_t inBytes = static_cast<size_t>(numElementsOf(in.shape)) * dtypeSize(in.dtype);
  const size_t outBytes = static_cast<size_t>(numElementsOf(out.shape)) * dtypeSize(out.dtype);
  if ((inBytes && !in.data) || (outBytes && !out.data))
    return invalidArgument(what + ": a tensor with elements has a null pointer");
  if (call.collective != CollectiveKind::AllReduce &&
      overlaps(in.data, inBytes, out.data, outBytes))
    return invalidArgument(what + ": the output overlaps the input (only allReduce "
                                  "may work in place)");
  if (call.collective == CollectiveKind::AllReduce && in.data != out.data &&
      overlaps(in.data, inBytes, out.data, outBytes))
    return invalidArgument(what + ": the output partly overlaps the input");

  Placement &placement = call.placement;
  const int myRank = comm.rankOf(call.device);
  placement.ranks.resize(group.size());
  placement.localIndex.assign(group.size(), -1);
  for (size_t i = 0; i < group.size(); ++i) {
    const int rank = comm.rankOf(group[i]);
    placement.ranks[i] = rank;
    if (rank == myRank) {
      placement.localIndex[i] = static_cast<int>(placement.local.size());
      placement.local.push_back(static_cast<int>(i));
    } else if (std::find(placement.remoteRanks.begin(), placement.remoteRanks.end(),
                         rank) == placement.remoteRanks.end()) {
      placement.remoteRanks.push_back(rank);
      placement.remoteRepresentatives.push_back(static_cast<int>(i));
    }
  }
  return Status::ok();
}

Status checkAxis(const Call &call, int64_t axis, const char *name) {
  const int64_t rank = static_cast<int64_t>(call.input.shape.size());
  if (axis < 0 || axis >= rank)
    return invalidArgument(call.what + ": " + name + " " + std::to_string(axis) +
                           " is outside the input's rank " + std::to_string(rank));
  return Status::ok();
}

Status checkDivisible(const Call &call, int64_t axis, const char *name) {
  const int64_t members = static_cast<int64_t>(call.group.size());
  if (call.input.shape[axis] % members != 0)
    return invalidArgument(call.what + ": size " + std::to_string(call.input.shape[axis]) +
                           " of " + name + " " + std::to_string(axis) +
                           " does not divide over " + std::to_string(members) +
                           " group members");
  return Status::ok();
}

Status checkOutputShape(const Call &call, const Shape &expected) {
  if (call.output.shape != expected)
    return invalidArgument(call.what + ": the output is " +
                           shapeString(call.output.shape, call.output.dtype) +
                           ", expected " + shapeString(expected, call.input.dtype));
  return Status::ok();
}

Status checkReducible(const Call &call) {
  if (!isReducible(call.input.dtype))
    return invalidArgument(call.what + ": " + std::string(reduceKindName(call.kind)) +
                           " is not defined for " +
                           std::string(dtypeName(call.input.dtype)));
  return Status::ok();
}

// Every local member checks the same calls, so all of them agree on the
// outcome and hand the same status into the next barrier.
Status checkAgreement(const LocalCalls &calls) {
  const Call &first = *calls.front();
  for (const Call *other : calls) {
    std::string field;
    if (other->collective != first.collective)
      field = std::string("collective (") + collectiveName(first.collective) +
              " vs " + collectiveName(other->collective) + ")";
    else if (other->input.dtype != first.input.dtype ||
             other->input.shape != first.input.shape)
      field = "input (" + shapeString(first.input.shape, first.input.dtype) + " vs " +
              shapeString(other->input.shape, other->input.dtype) + ")";
    else if (other->kind != first.kind)
      field = "reduction kind";
    else if (other->axis != first.axis || other->concatAxis != first.concatAxis)
      field = "axis";
    else if (other->pairs.size() != first.pairs.size() ||
             !std::equal(first.pairs.begin(), first.pairs.end(), other->pairs.begin(),
                         [](const PermutePair &a, const PermutePair &b) {
                           return a.source == b.source && a.target == b.target;
                         }))
      field = "permute pairs";
    if (!field.empty())
      return invalidArgument(first.what + ": devices " + std::to_string(first.device) +
                             " and " + std::to_string(other->device) + " of group " +
                             groupString(first.group) + " disagree on the " + field);
  }
  return Status::ok();
}

} // namespace

Rendezvous &Communicator::rendezvous(const Call &call) {
  std::lock_guard<std::mutex> lock(rendezvousMutex);
  std::unique_ptr<Rendezvous> &slot = rendezvousByGroup[call.group];
  if (!slot) {
    std::string description = "local devices";
    for (int position : call.placement.local)
      description += " " + std::to_string(call.group[position]);
    description += " of group " + groupString(call.group);
    slot = std::make_unique<Rendezvous>(static_cast<int>(call.placement.local.size()),
                                        std::move(description));
    if (!abortReason.isOk())
      slot->breakWith(abortReason);
  }
  return *slot;
}

void Communicator::abort(const Status &reason) {
  std::lock_guard<std::mutex> lock(rendezvousMutex);
  if (abortReason.isOk())
    abortReason = reason.isOk() ? aborted("collectives: aborted") : reason;
  for (auto &[group, meeting] : rendezvousByGroup)
    meeting->breakWith(abortReason);
}

Status Communicator::run(Call &call) {
  using Clock = std::chrono::steady_clock;
  // The leader's exchange gives up at `deadline` with a message naming the
  // peer; local members wait a little longer so that message, not a vaguer
  // "timed out waiting for local devices", is what everyone reports.
  const Clock::time_point deadline = Clock::now() + settings.timeout;
  const Clock::time_point localDeadline =
      deadline + std::min<std::chrono::milliseconds>(settings.timeout,
                                                     std::chrono::milliseconds(1000));
  const std::string timedOut =
      call.what + " (timeout " + std::to_string(settings.timeout.count()) + " ms)";
  Rendezvous &meeting = rendezvous(call);
  const int member = call.placement.localIndex[call.position];
  LOOM_RETURN_IF_ERROR(meeting.arrive(member, &call, localDeadline, timedOut));
  // Every member arrived, so each may now use the others' calls and
  // buffers: on failure, leave only together.
  Status status = runArrived(call, meeting, localDeadline, deadline, timedOut);
  if (!status.isOk())
    meeting.depart();
  return status;
}

Status Communicator::runArrived(Call &call, Rendezvous &meeting,
                                Deadline localDeadline, Deadline deadline,
                                const std::string &timedOut) {
  const int member = call.placement.localIndex[call.position];
  LocalCalls calls(meeting.size());
  for (int m = 0; m < meeting.size(); ++m)
    calls[m] = static_cast<const Call *>(meeting.call(m));
  Status status = checkAgreement(calls);
  const bool distributed = transport && call.placement.spansRanks();
  if (status.isOk() && distributed && member == 0) {
    Transfers transfers = inputTransfers(calls, meeting, deviceCount);
    status = transport->exchange(transfers.sends, transfers.receives, deadline, call.what);
  }
  LOOM_RETURN_IF_ERROR(meeting.barrier(std::move(status), localDeadline, timedOut));

  computeShare(calls, member, meeting);

  if (distributed && call.collective == CollectiveKind::AllReduce) {
    LOOM_RETURN_IF_ERROR(meeting.barrier(Status::ok(), localDeadline, timedOut));
    Status sent;
    if (member == 0) {
      Transfers transfers = resultTransfers(calls, deviceCount);
      sent = transport->exchange(transfers.sends, transfers.receives, deadline, call.what);
    }
    LOOM_RETURN_IF_ERROR(meeting.barrier(std::move(sent), localDeadline, timedOut));
    copyRemoteChunks(calls, member);
  }
  // Nobody leaves before every local member is done with everyone's buffers.
  return meeting.barrier(Status::ok(), localDeadline, timedOut);
}

namespace {

Call makeCall(CollectiveKind collective, int device, const Group &group,
                     const ConstTensorView &input, const TensorView &output) {
  Call call;
  call.collective = collective;
  call.device = device;
  call.group = group;
  call.input = input;
  call.output = output;
  call.what = std::string(collectiveName(collective)) + " on device " +
              std::to_string(device);
  return call;
}

} // namespace

Status Communicator::allReduce(int device, const Group &group, ReduceKind kind,
                               const ConstTensorView &input,
                               const TensorView &output) {
  Call call = makeCall(CollectiveKind::AllReduce, device, group, input, output);
  call.kind = kind;
  LOOM_RETURN_IF_ERROR(validateCommon(*this, call));
  LOOM_RETURN_IF_ERROR(checkReducible(call));
  LOOM_RETURN_IF_ERROR(checkOutputShape(call, input.shape));
  return run(call);
}

Status Communicator::allGather(int device, const Group &group, int64_t axis,
                               const ConstTensorView &input,
                               const TensorView &output) {
  Call call = makeCall(CollectiveKind::AllGather, device, group, input, output);
  call.axis = axis;
  LOOM_RETURN_IF_ERROR(validateCommon(*this, call));
  LOOM_RETURN_IF_ERROR(checkAxis(call, axis, "axis"));
  Shape expected = input.shape;
  expected[axis] *= static_cast<int64_t>(group.size());
  LOOM_RETURN_IF_ERROR(checkOutputShape(call, expected));
  return run(call);
}

Status Communicator::reduceScatter(int device, const Group &group, ReduceKind kind,
                                   int64_t axis, const ConstTensorView &input,
                                   const TensorView &output) {
  Call call = makeCall(CollectiveKind::ReduceScatter, device, group, input, output);
  call.kind = kind;
  call.axis = axis;
  LOOM_RETURN_IF_ERROR(validateCommon(*this, call));
  LOOM_RETURN_IF_ERROR(checkReducible(call));
  LOOM_RETURN_IF_ERROR(checkAxis(call, axis, "axis"));
  LOOM_RETURN_IF_ERROR(checkDivisible(call, axis, "axis"));
  Shape expected = input.shape;
  expected[axis] /= static_cast<int64_t>(group.size());
  LOOM_RETURN_IF_ERROR(checkOutputShape(call, expected));
  return run(call);
}

Status Communicator::allToAll(int device, const Group &group, int64_t splitAxis,
                              int64_t concatAxis, const ConstTensorView &input,
                              const TensorView &output) {
  Call call = makeCall(CollectiveKind::AllToAll, device, group, input, output);
  call.axis = splitAxis;
  call.concatAxis = concatAxis;
  LOOM_RETURN_IF_ERROR(validateCommon(*this, call));
  LOOM_RETURN_IF_ERROR(checkAxis(call, splitAxis, "split axis"));
  LOOM_RETURN_IF_ERROR(checkAxis(call, concatAxis, "concat axis"));
  LOOM_RETURN_IF_ERROR(checkDivisible(call, splitAxis, "split axis"));
  Shape expected = input.shape;
  expected[splitAxis] /= static_cast<int64_t>(group.size());
  expected[concatAxis] *= static_cast<int64_t>(group.size());
  LOOM_RETURN_IF_ERROR(checkOutputShape(call, expected));
  return run(call);
}

Status Communicator::permute(int device, const Group &group,
                             const std::vector<PermutePair> &pairs,
                             const ConstTensorView &input, const TensorView &output) {
  Call call = makeCall(CollectiveKind::Permute, device, group, input, output);
  call.pairs = pairs;
  LOOM_RETURN_IF_ERROR(validateCommon(*this, call));
  const int members = static_cast<int>(group.size());
  std::vector<bool> isSource(members), isTarget(members);
  for (const PermutePair &pair : pairs) {
    if (pair.source < 0 || pair.source >= members || pair.target < 0 ||
        pair.target >= members)
      return invalidArgument(call.what + ": pair (" + std::to_string(pair.source) +
                             ", " + std::to_string(pair.target) +
                             ") names a position outside the group of " +
                             std::to_string(members));
    if (isSource[pair.source] || isTarget[pair.target])
      return invalidArgument(call.what + ": position " +
                             std::to_string(isSource[pair.source] ? pair.source
                                                                  : pair.target) +
                             " is the " +
                             (isSource[pair.source] ? "source" : "target") +
                             " of more than one pair");
    isSource[pair.source] = isTarget[pair.target] = true;
  }
  LOOM_RETURN_IF_ERROR(checkOutputShape(call, input.shape));
  return run(call);
}

} // namespace loom::collectives
