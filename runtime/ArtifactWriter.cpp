//===- ArtifactWriter.cpp - Building Loom artifacts ----------------------===//
//
// Part of the Loom project.
//
//===----------------------------------------------------------------------===//

#include "runtime/ArtifactWriter.h"

#include <algorithm>

#include <cassert>
#include <utility>

namespace loom {

namespace fb = flatbuffers;

ArtifactWriter::ArtifactWriter(std::string producer)
    : producer(std::move(producer)) {}

uint32_t ArtifactWriter::addInput(std::string name, DType dtype, Shape shape) {
  inputs.push_back({std::move(name), dtype, std::move(shape)});
  return inputs.size() - 1;
}

uint32_t ArtifactWriter::addOutput(std::string name, DType dtype, Shape shape) {
  outputs.push_back({std::move(name), dtype, std::move(shape)});
  return outputs.size() - 1;
}

uint32_t ArtifactWriter::addConstant(ByteBuffer bytes) {
  // Moving a vector keeps its heap buffer, so the view stays valid.
  ownedConstants.push_back(std::move(bytes));
  return addConstantView(ownedConstants.back().data(),
                         ownedConstants.back().size());
}

uint32_t ArtifactWriter::addConstantView(const uint8_t *data, size_t size) {
  constants.push_back({data, size});
  return constants.size() - 1;
}

uint32_t ArtifactWriter::addBuffer(artifact::BufferKind kind, uint64_t index,
                                   uint64_t byteSize, uint32_t alignment,
                                   int32_t symbol) {
  buffers.push_back({kind, index, byteSize, alignment, symbol});
  return buffers.size() - 1;
}

void ArtifactWriter::setLibrarySources(uint32_t library,
                                       std::vector<KernelSource> sources) {
  libraries.at(library).sources = std::move(sources);
}

uint32_t ArtifactWriter::addLibrary(artifact::Target target,
                                    artifact::CodeFormat format,
                                    ByteBuffer code,
                                    std::vector<std::string> entryPoints) {
  libraries.push_back({target, format, std::move(code), std::move(entryPoints)});
  return libraries.size() - 1;
}

uint32_t ArtifactWriter::addDevice(artifact::Target target, uint32_t ordinal) {
  devices.push_back({target, ordinal, {}});
  return devices.size() - 1;
}

void ArtifactWriter::addLaunch(uint32_t device, uint32_t library,
                               uint32_t entry, std::vector<uint32_t> arguments,
                               std::vector<uint32_t> workgroups,
                               std::vector<artifact::ArgumentAccess> access) {
  Command command{artifact::Operation_Launch, library, entry, 0,
                  std::move(arguments), std::move(workgroups), {}};
  command.access = std::move(access);
  devices.at(device).commands.push_back(std::move(command));
}

void ArtifactWriter::setLastLaunchBlock(uint32_t device,
                                       std::vector<uint32_t> block,
                                       uint32_t sharedMemoryBytes) {
  Command &command = devices.at(device).commands.back();
  command.block = std::move(block);
  command.sharedMemoryBytes = sharedMemoryBytes;
}

void ArtifactWriter::addCopy(uint32_t device, uint32_t source,
                             uint32_t destination, uint64_t byteSize,
                             int32_t symbol) {
  Command command{artifact::Operation_Copy, source, destination, byteSize,
                  {}, {}, {}};
  command.symbol = symbol;
  devices.at(device).commands.push_back(std::move(command));
}

uint32_t ArtifactWriter::addDimSymbol(std::string name, int64_t bound) {
  dimSymbols.push_back({std::move(name), bound});
  return dimSymbols.size() - 1;
}

void ArtifactWriter::setInputDimSymbols(uint32_t index,
                                        std::vector<int32_t> symbols) {
  inputs.at(index).dimSymbols = std::move(symbols);
}

void ArtifactWriter::setOutputDimSymbols(uint32_t index,
                                         std::vector<int32_t> symbols) {
  outputs.at(index).dimSymbols = std::move(symbols);
}

void ArtifactWriter::setOutputDataShape(uint32_t index, uint32_t dimsBuffer,
                                        uint64_t dimsOffset,
                                        int64_t elementBound) {
  outputs.at(index).dataShape = {dimsBuffer, dimsOffset};
  outputs.at(index).elementBound = elementBound;
}

void ArtifactWriter::setMesh(std::vector<std::string> axisNames,
                             std::vector<uint32_t> axisSizes) {
  hasMesh = true;
  meshNames = std::move(axisNames);
  meshSizes = std::move(axisSizes);
}

void ArtifactWriter::setInputSharding(
    uint32_t index, std::vector<std::vector<uint32_t>> dims) {
  inputs.at(index).sharded = true;
  inputs.at(index).sharding = std::move(dims);
}

void ArtifactWriter::setOutputSharding(
    uint32_t index, std::vector<std::vector<uint32_t>> dims) {
  outputs.at(index).sharded = true;
  outputs.at(index).sharding = std::move(dims);
}

uint32_t ArtifactWriter::addProgramBuffer(uint32_t device,
                                          artifact::BufferKind kind,
                                          uint64_t index, uint64_t byteSize,
                                          uint32_t alignment, int32_t symbol) {
  Device &program = devices.at(device);
  program.ownPlan = true;
  program.buffers.push_back({kind, index, byteSize, alignment, symbol});
  return program.buffers.size() - 1;
}

void ArtifactWriter::setProgramArenaSize(uint32_t device, uint64_t bytes) {
  devices.at(device).ownPlan = true;
  devices.at(device).arenaSize = bytes;
}

void ArtifactWriter::addCollective(uint32_t device, Collective collective) {
  Command command{artifact::Operation_Collective, 0, 0, 0, {}, {}, {}};
  command.collective = std::move(collective);
  devices.at(device).commands.push_back(std::move(command));
}

ByteBuffer ArtifactWriter::finish() const {
  auto alignUp = [](uint64_t value) {
    return (value + kArtifactSegmentAlignment - 1) /
           kArtifactSegmentAlignment * kArtifactSegmentAlignment;
  };
  std::vector<uint64_t> constantChecksums, codeChecksums;
  for (const Bytes &constant : constants)
    constantChecksums.push_back(
        artifactChecksum(constant.data, constant.size));
  for (const Library &library : libraries)
    codeChecksums.push_back(
        artifactChecksum(library.code.data(), library.code.size()));
  // Segment offsets depend on the flatbuffer's size, but not the other way
  // round: they are fixed-width struct fields. So the flatbuffer is built
  // once to measure it and once more with the real offsets.
  auto build = [&](uint64_t dataStart, std::vector<artifact::Segment> &layout) {
    layout.clear();
    uint64_t at = dataStart;
    auto place = [&](uint64_t size) {
      layout.emplace_back(at, size);
      at = alignUp(at + size);
    };
    for (const Bytes &constant : constants)
      place(constant.size);
    for (const Library &library : libraries)
      place(library.code.size());

    fb::FlatBufferBuilder builder(1024);
    // Every scalar is stored even when it equals its default, so that each
    // can be patched in place (the loader's tests rely on it).
    builder.ForceDefaults(true);
    auto specs = [&](const std::vector<Spec> &list) {
      std::vector<fb::Offset<artifact::TensorSpec>> offsets;
      for (const Spec &spec : list) {
        fb::Offset<artifact::Sharding> sharding;
        if (spec.sharded) {
          std::vector<fb::Offset<artifact::DimSplit>> dims;
          for (const std::vector<uint32_t> &axes : spec.sharding)
            dims.push_back(artifact::CreateDimSplitDirect(builder, &axes));
          sharding = artifact::CreateShardingDirect(builder, &dims);
        }
        fb::Offset<artifact::DataShape> dataShape;
        if (spec.dataShape)
          dataShape = artifact::CreateDataShape(
              builder, spec.dataShape->first, spec.dataShape->second,
              spec.elementBound);
        offsets.push_back(artifact::CreateTensorSpecDirect(
            builder, spec.name.c_str(),
            static_cast<artifact::ElementType>(spec.dtype), &spec.shape,
            sharding, spec.dimSymbols.empty() ? nullptr : &spec.dimSymbols,
            dataShape));
      }
      return builder.CreateVector(offsets);
    };
    auto inputOffsets = specs(inputs);
    auto outputOffsets = specs(outputs);
    auto signature =
        artifact::CreateSignature(builder, inputOffsets, outputOffsets);

    auto plan = [&](const std::vector<Buffer> &list) {
      std::vector<fb::Offset<artifact::Buffer>> offsets;
      for (const Buffer &buffer : list)
        offsets.push_back(artifact::CreateBuffer(builder, buffer.kind,
                                                 buffer.index, buffer.byteSize,
                                                 buffer.alignment,
                                                 buffer.symbol));
      return builder.CreateVector(offsets);
    };
    auto bufferOffsets = plan(buffers);

    std::vector<artifact::Segment> constantSegments(
        layout.begin(), layout.begin() + constants.size());
    std::vector<fb::Offset<artifact::KernelLibrary>> libraryOffsets;
    for (size_t i = 0; i < libraries.size(); ++i) {
      const Library &library = libraries[i];
      std::vector<fb::Offset<fb::String>> names;
      for (const std::string &name : library.entryPoints)
        names.push_back(builder.CreateString(name));
      std::vector<fb::Offset<artifact::KernelSource>> sources;
      for (const KernelSource &source : library.sources) {
        std::vector<fb::Offset<fb::String>> nodes;
        for (const std::string &node : source.nodes)
          nodes.push_back(builder.CreateString(node));
        sources.push_back(artifact::CreateKernelSource(
            builder, builder.CreateVector(nodes),
            builder.CreateString(source.mlir)));
      }
      artifact::Segment code = layout[constants.size() + i];
      libraryOffsets.push_back(artifact::CreateKernelLibrary(
          builder, library.target, library.format, &code,
          builder.CreateVector(names), codeChecksums[i],
          sources.empty() ? 0 : builder.CreateVector(sources)));
    }

    std::vector<fb::Offset<artifact::DeviceProgram>> deviceOffsets;
    for (const Device &device : devices) {
      std::vector<fb::Offset<artifact::Command>> commands;
      for (const Command &command : device.commands) {
        fb::Offset<void> operation;
        if (command.operation == artifact::Operation_Launch) {
          std::vector<uint8_t> access(command.access.begin(),
                                      command.access.end());
          operation = artifact::CreateLaunchDirect(
                          builder, command.a, command.b, &command.arguments,
                          &command.workgroups,
                          access.empty() ? nullptr : &access,
                          command.block.empty() ? nullptr : &command.block,
                          command.sharedMemoryBytes)
                          .Union();
        } else if (command.operation == artifact::Operation_Collective) {
          const Collective &c = command.collective;
          std::vector<artifact::PermutePair> pairs;
          for (auto [source, target] : c.pairs)
            pairs.emplace_back(source, target);
          operation =
              artifact::CreateCollectiveDirect(
                  builder, c.kind, c.reduction, &c.meshAxes, c.source,
                  c.destination, static_cast<artifact::ElementType>(c.dtype),
                  &c.shape, c.axis, c.concatAxis, &pairs)
                  .Union();
        } else {
          operation = artifact::CreateCopy(builder, command.a, command.b,
                                           command.byteSize, command.symbol)
                          .Union();
        }
        commands.push_back(
            artifact::CreateCommand(builder, command.operation, operation));
      }
      auto commandOffsets = builder.CreateVector(commands);
      fb::Offset<fb::Vector<fb::Offset<artifact::Buffer>>> ownPlan;
      if (device.ownPlan)
        ownPlan = plan(device.buffers);
      deviceOffsets.push_back(artifact::CreateDeviceProgram(
          builder, device.target, device.ordinal, commandOffsets, ownPlan,
          device.arenaSize));
    }

    fb::Offset<artifact::Mesh> mesh;
    if (hasMesh) {
      std::vector<fb::Offset<fb::String>> names;
      for (const std::string &name : meshNames)
        names.push_back(builder.CreateString(name));
      mesh = artifact::CreateMeshDirect(builder, &names, &meshSizes);
    }
    fb::Offset<fb::Vector<fb::Offset<artifact::DimSymbol>>> symbolOffsets;
    if (!dimSymbols.empty()) {
      std::vector<fb::Offset<artifact::DimSymbol>> list;
      for (const DimSymbol &symbol : dimSymbols)
        list.push_back(artifact::CreateDimSymbolDirect(
            builder, symbol.name.c_str(), symbol.bound));
      symbolOffsets = builder.CreateVector(list);
    }
    // Versions 2 to 4 only where they are needed, so older runtimes still
    // load the artifacts they can run correctly.
    bool dataShaped = std::any_of(
        outputs.begin(), outputs.end(),
        [](const Spec &spec) { return spec.dataShape.has_value(); });
    uint32_t version = forcedVersion        ? forcedVersion
                       : dataShaped          ? 4
                       : !dimSymbols.empty() ? 3
                       : hasMesh             ? 2
                                             : 1;
    // The flatbuffer's own checksum is patched in below, once it is built.
    auto root = artifact::CreateArtifact(
        builder, version, builder.CreateString(producer),
        signature, bufferOffsets, arenaSize,
        builder.CreateVectorOfStructs(constantSegments),
        builder.CreateVector(libraryOffsets),
        builder.CreateVector(deviceOffsets), mesh,
        artifact::ChecksumKind_XXH3_64, /*checksum=*/0,
        builder.CreateVector(constantChecksums), symbolOffsets);
    artifact::FinishSizePrefixedArtifactBuffer(builder, root);
    return ByteBuffer(builder.GetBufferPointer(),
                                builder.GetBufferPointer() + builder.GetSize());
  };

  std::vector<artifact::Segment> layout;
  size_t measured = build(0, layout).size();
  uint64_t dataStart = alignUp(measured);
  ByteBuffer file = build(dataStart, layout);
  assert(file.size() == measured && "segment offsets changed the size");
  // ForceDefaults stored the checksum field (as 0), so it is patched in
  // place, and the loader hashes the flatbuffer with it read as zero.
  artifact::Artifact *root =
      artifact::GetMutableSizePrefixedArtifact(file.data());
  const uint8_t *field =
      reinterpret_cast<const fb::Table &>(*root).GetAddressOf(
          artifact::Artifact::VT_CHECKSUM);
  assert(field && "the checksum field was not stored");
  root->mutate_checksum(artifactChecksum(
      file.data(), file.size(), static_cast<size_t>(field - file.data())));
  uint64_t end = dataStart;
  for (const artifact::Segment &segment : layout)
    end = std::max(end, segment.offset() + segment.size());
  // The segments lie in the order of `layout`, so each is appended after
  // its padding: the weights are written once, not zero-filled first.
  file.reserve(end);
  auto append = [&](const artifact::Segment &segment, const uint8_t *data,
                    size_t size) {
    assert(file.size() <= segment.offset() && "segments out of order");
    file.resize(segment.offset(), 0);
    file.insert(file.end(), data, data + size);
  };
  for (size_t i = 0; i < constants.size(); ++i)
    append(layout[i], constants[i].data, constants[i].size);
  for (size_t i = 0; i < libraries.size(); ++i)
    append(layout[constants.size() + i], libraries[i].code.data(),
           libraries[i].code.size());
  file.resize(end, 0);
  return file;
}

} // namespace loom
