//===- MeshModels.cpp - Multi-device artifacts for the runtime's tests ----===//
//
// Part of the Loom project.
//
//===----------------------------------------------------------------------===//

#include "test/runtime/MeshModels.h"

#include <cstring>
#include <fstream>
#include <iterator>

namespace loom::test {

using artifact::BufferKind_Arena;
using artifact::BufferKind_Constant;
using artifact::BufferKind_Input;
using artifact::BufferKind_Output;

namespace {

constexpr uint32_t kAdd = 0, kScale = 1;

ByteBuffer floatBytes(float value) {
  ByteBuffer bytes(sizeof value);
  std::memcpy(bytes.data(), &value, sizeof value);
  return bytes;
}

void addKernels(ArtifactWriter &writer, const ByteBuffer &code) {
  writer.addLibrary(artifact::Target_Cpu, artifact::CodeFormat_ElfSharedObject,
                    code, {"add_f32", "scale_f32"});
}

} // namespace

ByteBuffer readBytes(const char *path) {
  std::ifstream file(path, std::ios::binary);
  return ByteBuffer(std::istreambuf_iterator<char>(file), {});
}

ArtifactWriter dataParallel(uint32_t devices, const ByteBuffer &code) {
  ArtifactWriter writer("loom-runtime-test");
  bool mesh = devices > 0;
  uint32_t programs = mesh ? devices : 1;
  writer.addInput("x", DType::F32, {8, 4});
  writer.addInput("y", DType::F32, {8, 4});
  writer.addOutput("z", DType::F32, {8, 4});
  if (mesh) {
    writer.setMesh({"batch"}, {devices});
    writer.setInputSharding(0, {{0}, {}});
    writer.setInputSharding(1, {{0}, {}});
    writer.setOutputSharding(0, {{0}, {}});
  }
  addKernels(writer, code);
  uint64_t bytes = 8 * 4 * sizeof(float) / programs;
  for (uint32_t d = 0; d < programs; ++d) {
    uint32_t program = writer.addDevice(artifact::Target_Cpu, d);
    // Each device's constants are segments of their own.
    uint32_t factor = writer.addConstant(floatBytes(2));
    auto buffer = [&](artifact::BufferKind kind, uint64_t index,
                      uint64_t size, uint32_t alignment) {
      return mesh ? writer.addProgramBuffer(program, kind, index, size,
                                            alignment)
                  : writer.addBuffer(kind, index, size, alignment);
    };
    uint32_t x = buffer(BufferKind_Input, 0, bytes, 4);
    uint32_t y = buffer(BufferKind_Input, 1, bytes, 4);
    uint32_t f = buffer(BufferKind_Constant, factor, 4, 4);
    uint32_t t = buffer(BufferKind_Arena, 0, bytes, 64);
    uint32_t z = buffer(BufferKind_Output, 0, bytes, 4);
    if (mesh)
      writer.setProgramArenaSize(program, bytes);
    else
      writer.setArenaSize(bytes);
    writer.addLaunch(program, 0, kAdd, {x, y, t}, {2});
    writer.addLaunch(program, 0, kScale, {t, f, z}, {2});
  }
  return writer;
}

ArtifactWriter tensorParallel(uint32_t devices, const ByteBuffer &code) {
  ArtifactWriter writer("loom-runtime-test");
  writer.addInput("x", DType::F32, {6});
  writer.addOutput("y", DType::F32, {6});
  writer.setMesh({"model"}, {devices});
  addKernels(writer, code);
  for (uint32_t d = 0; d < devices; ++d) {
    uint32_t program = writer.addDevice(artifact::Target_Cpu, d);
    uint32_t factor = writer.addConstant(floatBytes(float(d + 1)));
    uint32_t x = writer.addProgramBuffer(program, BufferKind_Input, 0, 24, 4);
    uint32_t f =
        writer.addProgramBuffer(program, BufferKind_Constant, factor, 4, 4);
    uint32_t partial =
        writer.addProgramBuffer(program, BufferKind_Arena, 0, 24, 64);
    uint32_t y = writer.addProgramBuffer(program, BufferKind_Output, 0, 24, 4);
    writer.setProgramArenaSize(program, 24);
    writer.addLaunch(program, 0, kScale, {x, f, partial}, {1});
    ArtifactWriter::Collective sum;
    sum.kind = artifact::CollectiveKind_AllReduce;
    sum.reduction = artifact::ReductionKind_Sum;
    sum.meshAxes = {0};
    sum.source = partial;
    sum.destination = y;
    sum.shape = {6};
    writer.addCollective(program, sum);
  }
  return writer;
}

ArtifactWriter mesh2x2(const ByteBuffer &code, int failingDevice) {
  ArtifactWriter writer("loom-runtime-test");
  writer.addInput("x", DType::F32, {4, 6});
  writer.addOutput("y", DType::F32, {4, 6});
  writer.addOutput("z", DType::F32, {4, 6});
  writer.addOutput("w", DType::F32, {4, 12});
  writer.setMesh({"data", "model"}, {2, 2});
  writer.setInputSharding(0, {{0}, {}});
  writer.setOutputSharding(1, {{0}, {}});
  writer.setOutputSharding(2, {{0}, {1}});
  addKernels(writer, code);
  for (uint32_t d = 0; d < 4; ++d) {
    uint32_t program = writer.addDevice(artifact::Target_Cpu, d);
    float value = int(d) == failingDevice ? 0.0f : float(d + 1);
    uint32_t factor = writer.addConstant(floatBytes(value));
    uint32_t x = writer.addProgramBuffer(program, BufferKind_Input, 0, 48, 4);
    uint32_t f =
        writer.addProgramBuffer(program, BufferKind_Constant, factor, 4, 4);
    uint32_t w = writer.addProgramBuffer(program, BufferKind_Output, 2, 48, 4);
    uint32_t z = writer.addProgramBuffer(program, BufferKind_Output, 1, 48, 4);
    uint32_t y = writer.addProgramBuffer(program, BufferKind_Output, 0, 96, 4);
    writer.setProgramArenaSize(program, 0);
    writer.addLaunch(program, 0, kScale, {x, f, w}, {2});
    ArtifactWriter::Collective sum;
    sum.kind = artifact::CollectiveKind_AllReduce;
    sum.meshAxes = {1};
    sum.source = w;
    sum.destination = z;
    sum.shape = {2, 6};
    writer.addCollective(program, sum);
    ArtifactWriter::Collective gather;
    gather.kind = artifact::CollectiveKind_AllGather;
    gather.meshAxes = {0};
    gather.source = z;
    gather.destination = y;
    gather.shape = {2, 6};
    gather.axis = 0;
    writer.addCollective(program, gather);
  }
  return writer;
}

ArtifactWriter reduceScatterModel(const ByteBuffer &code) {
  ArtifactWriter writer("loom-runtime-test");
  writer.addInput("x", DType::F32, {4});
  writer.addOutput("y", DType::F32, {4});
  writer.setMesh({"a"}, {2});
  writer.setOutputSharding(0, {{0}});
  addKernels(writer, code);
  for (uint32_t d = 0; d < 2; ++d) {
    uint32_t program = writer.addDevice(artifact::Target_Cpu, d);
    uint32_t factor = writer.addConstant(floatBytes(float(d + 1)));
    uint32_t x = writer.addProgramBuffer(program, BufferKind_Input, 0, 16, 4);
    uint32_t f =
        writer.addProgramBuffer(program, BufferKind_Constant, factor, 4, 4);
    uint32_t p = writer.addProgramBuffer(program, BufferKind_Arena, 0, 16, 64);
    uint32_t y = writer.addProgramBuffer(program, BufferKind_Output, 0, 8, 4);
    writer.setProgramArenaSize(program, 16);
    writer.addLaunch(program, 0, kScale, {x, f, p}, {1});
    ArtifactWriter::Collective scatter;
    scatter.kind = artifact::CollectiveKind_ReduceScatter;
    scatter.meshAxes = {0};
    scatter.source = p;
    scatter.destination = y;
    scatter.shape = {4};
    scatter.axis = 0;
    writer.addCollective(program, scatter);
  }
  return writer;
}

ArtifactWriter allToAllModel() {
  ArtifactWriter writer("loom-runtime-test");
  writer.addInput("x", DType::F32, {4, 2});
  writer.addOutput("y", DType::F32, {4, 2});
  writer.setMesh({"a"}, {2});
  writer.setInputSharding(0, {{0}, {}});
  writer.setOutputSharding(0, {{}, {0}});
  for (uint32_t d = 0; d < 2; ++d) {
    uint32_t program = writer.addDevice(artifact::Target_Cpu, d);
    uint32_t x = writer.addProgramBuffer(program, BufferKind_Input, 0, 16, 4);
    uint32_t y = writer.addProgramBuffer(program, BufferKind_Output, 0, 16, 4);
    ArtifactWriter::Collective exchange;
    exchange.kind = artifact::CollectiveKind_AllToAll;
    exchange.meshAxes = {0};
    exchange.source = x;
    exchange.destination = y;
    exchange.shape = {2, 2};
    exchange.axis = 1;
    exchange.concatAxis = 0;
    writer.addCollective(program, exchange);
  }
  return writer;
}

ArtifactWriter permuteModel() {
  ArtifactWriter writer("loom-runtime-test");
  writer.addInput("x", DType::F32, {8});
  writer.addOutput("y", DType::F32, {8});
  writer.setMesh({"ring"}, {4});
  writer.setInputSharding(0, {{0}});
  writer.setOutputSharding(0, {{0}});
  for (uint32_t d = 0; d < 4; ++d) {
    uint32_t program = writer.addDevice(artifact::Target_Cpu, d);
    uint32_t x = writer.addProgramBuffer(program, BufferKind_Input, 0, 8, 4);
    uint32_t y = writer.addProgramBuffer(program, BufferKind_Output, 0, 8, 4);
    ArtifactWriter::Collective shift;
    shift.kind = artifact::CollectiveKind_Permute;
    shift.meshAxes = {0};
    shift.source = x;
    shift.destination = y;
    shift.shape = {2};
    shift.pairs = {{0, 1}, {1, 2}, {2, 3}};
    writer.addCollective(program, shift);
  }
  return writer;
}

} // namespace loom::test
