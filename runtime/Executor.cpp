//===- Executor.cpp - Running an artifact ---------------------------------===//
//
// Part of the Loom project.
//
// A multi-device run has three phases. The caller's thread cuts every input
// into each local device's shard. Then each local device runs its program
// on a thread of its own; under MPI, where this process holds only some
// devices, each device then all-gathers every split output's shards over
// all the mesh's devices, so every rank can assemble whole outputs. Last,
// the caller's thread copies the shards into whole outputs. Every step is a
// copy of bytes, so outputs are bit-identical however the devices are
// spread over processes.
//
//===----------------------------------------------------------------------===//

#include "runtime/Executor.h"
#include "runtime/ThreadPool.h"
#include "runtime/collectives/Communicator.h"

#include <algorithm>
#include <cstring>
#include <mutex>
#include <string>
#include <thread>

namespace loom {

namespace {

const char *targetName(artifact::Target target) {
  const char *name = artifact::EnumNameTarget(target);
  return name && *name ? name : "an unknown target";
}

static_assert(int(collectives::ReduceKind::Sum) == artifact::ReductionKind_Sum &&
              int(collectives::ReduceKind::Product) ==
                  artifact::ReductionKind_Product &&
              int(collectives::ReduceKind::Max) == artifact::ReductionKind_Max &&
              int(collectives::ReduceKind::Min) == artifact::ReductionKind_Min);

/// Runs one device's Collective commands over the communicator: the group
/// comes from the mesh, the device id and the command's mesh axes.
class MeshRunner final : public CollectiveRunner {
public:
  MeshRunner(collectives::Communicator &communicator, const MeshSpec &mesh,
             int device)
      : communicator(communicator), mesh(mesh), device(device) {}

  Status run(const artifact::Collective &op, const void *source,
             void *destination) override {
    std::vector<uint32_t> axes(op.mesh_axes()->begin(), op.mesh_axes()->end());
    collectives::Group group = mesh.group(device, axes);
    int64_t members = static_cast<int64_t>(group.size());
    DType dtype = static_cast<DType>(op.element_type());
    Shape shape;
    if (op.shape())
      shape.assign(op.shape()->begin(), op.shape()->end());
    collectives::ConstTensorView in{source, dtype, shape};
    collectives::TensorView out{destination, dtype, shape};
    auto reduction = static_cast<collectives::ReduceKind>(op.reduction());
    switch (op.kind()) {
    case artifact::CollectiveKind_AllReduce:
      return communicator.allReduce(device, group, reduction, in, out);
    case artifact::CollectiveKind_AllGather:
      out.shape[op.axis()] *= members;
      return communicator.allGather(device, group, op.axis(), in, out);
    case artifact::CollectiveKind_ReduceScatter:
      out.shape[op.axis()] /= members;
      return communicator.reduceScatter(device, group, reduction, op.axis(),
                                        in, out);
    case artifact::CollectiveKind_AllToAll:
      out.shape[op.axis()] /= members;
      out.shape[op.concat_axis()] *= members;
      return communicator.allToAll(device, group, op.axis(), op.concat_axis(),
                                   in, out);
    case artifact::CollectiveKind_Permute: {
      std::vector<collectives::PermutePair> pairs;
      for (size_t i = 0; op.pairs() && i < op.pairs()->size(); ++i)
        pairs.push_back({static_cast<int>(op.pairs()->Get(i)->source()),
                         static_cast<int>(op.pairs()->Get(i)->target())});
      return communicator.permute(device, group, pairs, in, out);
    }
    }
    return unimplemented("collective kind " + std::to_string(op.kind()) +
                         " is unknown");
  }

private:
  collectives::Communicator &communicator;
  const MeshSpec &mesh;
  int device;
};

/// Copies the block of shape `block` that starts at `offsets` between the
/// whole row-major tensor `whole` and the dense `shard`.
void copyBlock(std::byte *whole, const Shape &wholeShape, std::byte *shard,
               const Shape &block, const std::vector<int64_t> &offsets,
               size_t elementSize, bool intoShard) {
  size_t rank = wholeShape.size();
  for (int64_t dim : block)
    if (dim == 0)
      return;
  if (rank == 0) {
    intoShard ? std::memcpy(shard, whole, elementSize)
              : std::memcpy(whole, shard, elementSize);
    return;
  }
  std::vector<int64_t> strides(rank, int64_t(elementSize));
  for (size_t d = rank - 1; d-- > 0;)
    strides[d] = strides[d + 1] * wholeShape[d + 1];
  size_t run = size_t(block[rank - 1]) * elementSize;
  std::vector<int64_t> index(rank, 0); // over the leading rank-1 dims
  for (std::byte *at = shard;; at += run) {
    int64_t position = 0;
    for (size_t d = 0; d < rank; ++d)
      position += (offsets[d] + index[d]) * strides[d];
    intoShard ? std::memcpy(at, whole + position, run)
              : std::memcpy(whole + position, at, run);
    size_t d = rank - 1;
    while (d-- > 0) {
      if (++index[d] < block[d])
        break;
      index[d] = 0;
    }
    if (d == size_t(-1))
      return;
  }
}

bool isSplit(const TensorSpec &spec) { return spec.localShape != spec.shape; }

} // namespace

struct Executor::State {
  const Artifact *model = nullptr;
  /// The communicator the executor made, when the caller gave none.
  std::unique_ptr<collectives::Communicator> ownCommunicator;
  collectives::Communicator *communicator = nullptr;
  /// Device firstLocal + i runs devices[i] with runners[i].
  int firstLocal = 0;
  std::vector<std::unique_ptr<MeshRunner>> runners;
  std::vector<std::unique_ptr<Device>> devices;
  /// The whole mesh, when its driver opened it as one group (then devices
  /// and runners are empty and every device is local).
  std::unique_ptr<MeshDevice> meshDevice;
  /// Set when a multi-device run failed; the executor is then unusable.
  std::string failure;
  std::function<void(const Status &)> onDeviceFailure;

  Status runMesh(TensorList inputs, std::vector<Tensor> &outputs);
};

Executor::Executor() = default;
Executor::Executor(Executor &&) = default;
Executor &Executor::operator=(Executor &&) = default;
Executor::~Executor() = default;

Status Executor::load(const Artifact &artifact, const ExecutorOptions &options,
                      Executor &out, const DriverRegistry &drivers) {
  out = Executor();
  size_t programs = artifact.deviceCount();
  if (programs == 0)
    return notFound("the artifact has no device program");
  // Every program is checked before any is opened: an artifact whose
  // programs this runtime cannot all run is refused as a whole.
  for (size_t p = 0; p < programs; ++p) {
    artifact::Target target = artifact.device(p).target();
    if (!drivers.find(target))
      return unimplemented(
          "device program " + std::to_string(p) + " targets " +
          targetName(target) + ", which this runtime has no driver for "
          "(drivers: " + drivers.names() + ")");
  }
  LOOM_RETURN_IF_ERROR(
      drivers.checkOptionKeys(options.driverOptions, artifact));
  auto state = std::make_unique<State>();
  state->model = &artifact;
  const Driver &driver = *drivers.find(artifact.device(0).target());

  if (!artifact.hasMesh()) {
    if (programs > 1)
      return unimplemented("the artifact has " + std::to_string(programs) +
                           " device programs but no mesh; only artifacts "
                           "with a mesh run on several devices");
    DeviceOptions deviceOptions;
    deviceOptions.threads = options.threads;
    deviceOptions.driverOptions = options.driverOptions;
    deviceOptions.trace = options.trace;
    deviceOptions.commandObserver = options.commandObserver;
    state->devices.emplace_back();
    LOOM_RETURN_IF_ERROR(
        driver.open(artifact, 0, deviceOptions, state->devices.back()));
    out.state = std::move(state);
    return Status::ok();
  }

  const MeshSpec &mesh = artifact.mesh();
  int devices = static_cast<int>(mesh.deviceCount());
  // A driver whose devices run a mesh together gets all of it when this
  // process hosts every device.
  if (!options.communicator ||
      options.communicator->numLocalDevices() == devices) {
    DeviceOptions groupOptions;
    groupOptions.threads = options.threads;
    groupOptions.driverOptions = options.driverOptions;
    groupOptions.trace = options.trace;
    groupOptions.commandObserver = options.commandObserver;
    LOOM_RETURN_IF_ERROR(
        driver.openMesh(artifact, groupOptions, state->meshDevice));
    if (state->meshDevice) {
      out.state = std::move(state);
      return Status::ok();
    }
  }
  state->communicator = options.communicator;
  if (!state->communicator) {
    collectives::Options communicatorOptions;
    communicatorOptions.timeout = options.collectiveTimeout;
    LOOM_RETURN_IF_ERROR(collectives::Communicator::createInProcess(
        devices, communicatorOptions, state->ownCommunicator));
    state->communicator = state->ownCommunicator.get();
  } else if (state->communicator->numDevices() != devices) {
    return invalidArgument(
        "the communicator connects " +
        std::to_string(state->communicator->numDevices()) +
        " devices, but the artifact's mesh has " + std::to_string(devices));
  }
  collectives::Communicator &communicator = *state->communicator;
  state->onDeviceFailure = options.onDeviceFailure;
  state->firstLocal = communicator.firstLocalDevice();
  unsigned local = static_cast<unsigned>(communicator.numLocalDevices());
  DeviceOptions deviceOptions;
  deviceOptions.threads =
      std::max(1u, ThreadPool::resolve(options.threads) / local);
  deviceOptions.driverOptions = options.driverOptions;
  deviceOptions.trace = options.trace;
  deviceOptions.commandObserver = options.commandObserver;
  for (unsigned i = 0; i < local; ++i) {
    int device = state->firstLocal + static_cast<int>(i);
    deviceOptions.traceDevice = device;
    state->runners.push_back(
        std::make_unique<MeshRunner>(communicator, mesh, device));
    deviceOptions.collectives = state->runners.back().get();
    state->devices.emplace_back();
    Status status =
        driver.open(artifact, device, deviceOptions, state->devices.back());
    if (!status.isOk())
      return Status(status.code(), "device " + std::to_string(device) + ": " +
                                       status.message());
  }
  out.state = std::move(state);
  return Status::ok();
}

Status bindInputs(const Artifact &artifact, TensorList inputs,
                  std::vector<int64_t> &symbols) {
  const std::vector<TensorSpec> &specs = artifact.inputs();
  const std::vector<DimSymbolSpec> &declared = artifact.dimSymbols();
  symbols.assign(declared.size(), 0);
  if (inputs.size() != specs.size())
    return invalidArgument("the model has " + std::to_string(specs.size()) +
                           " inputs but " + std::to_string(inputs.size()) +
                           " were given");
  // The dtypes, ranks and static dimensions first, so that a wrong tensor
  // is reported as a whole.
  for (size_t i = 0; i < inputs.size(); ++i) {
    const TensorSpec &spec = specs[i];
    const Shape &shape = inputs[i].shape();
    bool matches = inputs[i].dtype() == spec.dtype &&
                   shape.size() == spec.shape.size();
    for (size_t d = 0; matches && d < shape.size(); ++d)
      matches = spec.dimSymbols[d] >= 0 || shape[d] == spec.shape[d];
    if (!matches)
      return invalidArgument("input '" + spec.name + "' is " +
                             shapeString(shape, inputs[i].dtype()) +
                             " but the model expects " +
                             artifact.specString(spec));
  }
  // Then each symbol from the first input dimension that names it; every
  // later one must agree. The loader proved every symbol has one.
  std::vector<std::string> boundBy(declared.size());
  for (size_t i = 0; i < inputs.size(); ++i) {
    const TensorSpec &spec = specs[i];
    for (size_t d = 0; d < spec.shape.size(); ++d) {
      int32_t k = spec.dimSymbols[d];
      if (k < 0)
        continue;
      const DimSymbolSpec &symbol = declared[k];
      int64_t actual = inputs[i].shape()[d];
      int64_t scale = spec.shape[d] / symbol.bound;
      std::string where = "input '" + spec.name + "' dimension " +
                          std::to_string(d) + " is " + std::to_string(actual);
      if (!boundBy[k].empty()) {
        if (actual != symbols[k] * scale)
          return invalidArgument(
              where + ", but input '" + boundBy[k] + "' gives symbol '" +
              symbol.name + "' the value " + std::to_string(symbols[k]) +
              (scale == 1 ? std::string()
                          : ", which makes this dimension " +
                                std::to_string(symbols[k] * scale)));
        continue;
      }
      if (actual > spec.shape[d])
        return invalidArgument(where + ", above the bound " +
                               std::to_string(spec.shape[d]) +
                               " the artifact was compiled for (symbol '" +
                               symbol.name + "')");
      if (actual < scale || actual % scale)
        return invalidArgument(
            where + (scale == 1 ? std::string()
                                : ", not a positive multiple of " +
                                      std::to_string(scale)) +
            "; the artifact was compiled for sizes " + std::to_string(scale) +
            " to " + std::to_string(spec.shape[d]) +
            (scale == 1 ? std::string()
                        : " in steps of " + std::to_string(scale)) +
            " (symbol '" + symbol.name + "')");
      symbols[k] = actual / scale;
      boundBy[k] = spec.name;
    }
  }
  return Status::ok();
}

Status Executor::run(TensorList inputs, std::vector<Tensor> &outputs) const {
  outputs.clear();
  std::vector<int64_t> symbols;
  LOOM_RETURN_IF_ERROR(bindInputs(*state->model, inputs, symbols));
  if (!state->model->hasMesh())
    return state->devices[0]->run(inputs, symbols, outputs);
  return state->runMesh(inputs, outputs);
}

std::string Executor::profile() const {
  if (!state)
    return {};
  if (!state->model->hasMesh())
    return state->devices[0]->profile();
  if (state->meshDevice)
    return state->meshDevice->profile();
  std::string text;
  for (size_t i = 0; i < state->devices.size(); ++i)
    if (std::string device = state->devices[i]->profile(); !device.empty())
      text += "device " + std::to_string(state->firstLocal + int(i)) + ":\n" +
              device;
  return text;
}

Status Executor::State::runMesh(TensorList inputs,
                                std::vector<Tensor> &outputs) {
  if (!failure.empty())
    return aborted("the executor is unusable after a failed run (" + failure +
                   ")");
  const Artifact &artifact = *model;
  const MeshSpec &mesh = artifact.mesh();
  size_t local = meshDevice ? mesh.deviceCount() : devices.size();
  int meshDevices = static_cast<int>(mesh.deviceCount());
  bool distributed = static_cast<int>(local) < meshDevices;

  // Each local device's shard of every input.
  std::vector<std::vector<Tensor>> shards(local);
  for (size_t i = 0; i < local; ++i) {
    uint32_t device = static_cast<uint32_t>(firstLocal + int(i));
    for (size_t n = 0; n < inputs.size(); ++n) {
      const TensorSpec &spec = artifact.inputs()[n];
      Tensor shard(spec.dtype, spec.localShape);
      copyBlock(const_cast<std::byte *>(inputs[n].bytes()), spec.shape,
                shard.bytes(), spec.localShape,
                mesh.shardOffsets(spec, device), dtypeSize(spec.dtype),
                /*intoShard=*/true);
      shards[i].push_back(std::move(shard));
    }
  }

  // Run every local device; under MPI, then gather every split output's
  // shards from all devices, as one flat vector per output in device order.
  const std::vector<TensorSpec> &outputSpecs = artifact.outputs();
  std::vector<std::vector<Tensor>> results(local);
  std::vector<std::vector<Tensor>> gathered(local);
  std::mutex failureMutex;
  Status firstFailure;
  auto work = [&](size_t i) {
    int device = firstLocal + static_cast<int>(i);
    // The loader refuses symbols in a mesh artifact.
    Status status = devices[i]->run(shards[i], {}, results[i]);
    for (size_t n = 0; status.isOk() && distributed && n < outputSpecs.size();
         ++n) {
      const TensorSpec &spec = outputSpecs[n];
      Tensor all;
      if (isSplit(spec) && spec.localByteSize) {
        int64_t elements = results[i][n].numElements();
        all = Tensor(spec.dtype, {elements * meshDevices});
        collectives::Group everyone(meshDevices);
        for (int d = 0; d < meshDevices; ++d)
          everyone[d] = d;
        status = communicator->allGather(
            device, everyone, 0,
            {results[i][n].bytes(), spec.dtype, {elements}},
            {all.bytes(), spec.dtype, {elements * meshDevices}});
        if (!status.isOk())
          status = Status(status.code(), "gathering output '" + spec.name +
                                             "': " + status.message());
      }
      gathered[i].push_back(std::move(all));
    }
    if (!status.isOk()) {
      // The first failure is the cause; local peers waiting for the failed
      // device in a collective return at once (the communicator is
      // aborted), peers on other ranks when the job ends (onDeviceFailure)
      // or their collectives time out.
      std::lock_guard<std::mutex> lock(failureMutex);
      if (firstFailure.isOk()) {
        firstFailure = Status(status.code(), "device " +
                                                 std::to_string(device) +
                                                 ": " + status.message());
        if (onDeviceFailure)
          onDeviceFailure(firstFailure);
        communicator->abort(firstFailure);
      }
    }
  };
  if (meshDevice) {
    // One group runs every device; it stays usable after a failure.
    if (Status status = meshDevice->run(shards, results); !status.isOk())
      return status;
  } else {
    std::vector<std::thread> threads;
    for (size_t i = 1; i < local; ++i)
      threads.emplace_back(work, i);
    work(0);
    for (std::thread &thread : threads)
      thread.join();
  }
  if (!firstFailure.isOk()) {
    failure = firstFailure.message();
    return firstFailure;
  }

  // Whole outputs from the shards.
  for (size_t n = 0; n < outputSpecs.size(); ++n) {
    const TensorSpec &spec = outputSpecs[n];
    Tensor whole(spec.dtype, spec.shape);
    size_t elementSize = dtypeSize(spec.dtype);
    if (!isSplit(spec)) {
      if (spec.byteSize)
        std::memcpy(whole.bytes(), results[0][n].bytes(), spec.byteSize);
    } else if (!distributed) {
      for (size_t i = 0; i < local; ++i)
        copyBlock(whole.bytes(), spec.shape, results[i][n].bytes(),
                  spec.localShape,
                  mesh.shardOffsets(spec, uint32_t(firstLocal + int(i))),
                  elementSize, /*intoShard=*/false);
    } else if (spec.localByteSize) {
      for (int d = 0; d < meshDevices; ++d)
        copyBlock(whole.bytes(), spec.shape,
                  gathered[0][n].bytes() + size_t(d) * spec.localByteSize,
                  spec.localShape, mesh.shardOffsets(spec, uint32_t(d)),
                  elementSize, /*intoShard=*/false);
    }
    outputs.push_back(std::move(whole));
  }
  return Status::ok();
}

Status run(const Artifact &artifact, TensorList inputs,
           std::vector<Tensor> &outputs, const ExecutorOptions &options) {
  outputs.clear();
  Executor executor;
  LOOM_RETURN_IF_ERROR(Executor::load(artifact, options, executor));
  return executor.run(inputs, outputs);
}

} // namespace loom
