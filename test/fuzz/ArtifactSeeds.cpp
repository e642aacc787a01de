//===- ArtifactSeeds.cpp - Writes seed artifacts for the loader fuzzer -------===//
//
// Part of the Loom project.
//
// loom-artifact-seeds DIR: writes a few valid artifacts (*.loom) into DIR
// (created if needed), each exercising different parts of the format, for
// the loader's fuzz target to start from. ctest runs it as the fixture of the replay test.
//
//===----------------------------------------------------------------------===//

#include "runtime/Artifact.h"
#include "runtime/ArtifactWriter.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

using namespace loom;
using artifact::BufferKind_Arena;
using artifact::BufferKind_Constant;
using artifact::BufferKind_Input;
using artifact::BufferKind_Output;

namespace {

std::vector<uint8_t> bytesOf(size_t size, uint8_t seed) {
  std::vector<uint8_t> bytes(size);
  for (size_t i = 0; i < size; ++i)
    bytes[i] = static_cast<uint8_t>(seed * 31 + i);
  return bytes;
}

/// No devices and no data region: one scalar input and its buffer.
std::vector<uint8_t> minimal() {
  ArtifactWriter writer("loom-artifact-seeds");
  writer.addInput("x", DType::I8, {});
  writer.addBuffer(BufferKind_Input, 0, 1, 1);
  return writer.finish();
}

/// One CPU device with launches and copies over every buffer kind.
std::vector<uint8_t> cpu() {
  ArtifactWriter writer("loom-artifact-seeds");
  writer.addInput("a", DType::F32, {4, 8});
  writer.addInput("b", DType::BF16, {8});
  writer.addOutput("c", DType::F32, {4, 8});
  writer.addConstant(bytesOf(128, 1));
  writer.addConstant(bytesOf(3, 2));
  writer.addBuffer(BufferKind_Input, 0, 128, 4);
  writer.addBuffer(BufferKind_Input, 1, 16, 2);
  writer.addBuffer(BufferKind_Output, 0, 128, 4);
  writer.addBuffer(BufferKind_Constant, 0, 128, 64);
  writer.addBuffer(BufferKind_Constant, 1, 3, 1);
  writer.addBuffer(BufferKind_Arena, 0, 128, 64);
  writer.setArenaSize(128);
  writer.addLibrary(artifact::Target_Cpu, artifact::CodeFormat_ElfSharedObject,
                    bytesOf(300, 3), {"matmul", "add_bias"});
  uint32_t device = writer.addDevice(artifact::Target_Cpu, 0);
  writer.addLaunch(device, 0, 0, {0, 3, 5}, {4, 1, 1});
  writer.addLaunch(device, 0, 1, {5, 1, 4}, {1});
  writer.addCopy(device, 5, 2, 128);
  return writer.finish();
}

/// Two devices of different targets, each with its own library.
std::vector<uint8_t> twoDevices() {
  ArtifactWriter writer("loom-artifact-seeds");
  writer.addInput("tokens", DType::I64, {2, 16});
  writer.addOutput("logits", DType::F16, {2, 16, 4});
  writer.addBuffer(BufferKind_Input, 0, 256, 8);
  writer.addBuffer(BufferKind_Output, 0, 256, 2);
  writer.addBuffer(BufferKind_Arena, 0, 256, 256);
  writer.setArenaSize(512);
  writer.addLibrary(artifact::Target_Cuda, artifact::CodeFormat_Ptx,
                    bytesOf(64, 4), {"embed"});
  writer.addLibrary(artifact::Target_Systolic,
                    artifact::CodeFormat_SystolicProgram, bytesOf(65, 5),
                    {"project"});
  uint32_t gpu = writer.addDevice(artifact::Target_Cuda, 0);
  uint32_t systolic = writer.addDevice(artifact::Target_Systolic, 0);
  writer.addLaunch(gpu, 0, 0, {0, 2}, {2, 16});
  writer.addLaunch(systolic, 1, 0, {2, 1}, {1});
  return writer.finish();
}

/// A 2x2 mesh: an input split on both dimensions, an output split on one,
/// each program with its own plan and constant, a launch and two
/// collectives over different axes.
std::vector<uint8_t> mesh() {
  ArtifactWriter writer("loom-artifact-seeds");
  writer.addInput("x", DType::F32, {4, 8});
  writer.addOutput("y", DType::F32, {4, 8});
  writer.setMesh({"data", "model"}, {2, 2});
  writer.setInputSharding(0, {{0}, {1}});
  writer.setOutputSharding(0, {{0}, {}});
  writer.addLibrary(artifact::Target_Cpu, artifact::CodeFormat_ElfSharedObject,
                    bytesOf(100, 6), {"scale"});
  for (uint32_t d = 0; d < 4; ++d) {
    uint32_t device = writer.addDevice(artifact::Target_Cpu, d);
    uint32_t constant = writer.addConstant(bytesOf(4, uint8_t(7 + d)));
    writer.addProgramBuffer(device, BufferKind_Input, 0, 32, 4);
    writer.addProgramBuffer(device, BufferKind_Constant, constant, 4, 4);
    writer.addProgramBuffer(device, BufferKind_Arena, 0, 32, 64);
    writer.addProgramBuffer(device, BufferKind_Output, 0, 64, 4);
    writer.setProgramArenaSize(device, 64);
    writer.addLaunch(device, 0, 0, {0, 1, 2}, {2});
    ArtifactWriter::Collective sum;
    sum.kind = artifact::CollectiveKind_AllReduce;
    sum.meshAxes = {0};
    sum.source = 2;
    sum.destination = 2;
    sum.shape = {2, 4};
    writer.addCollective(device, sum);
    ArtifactWriter::Collective gather;
    gather.kind = artifact::CollectiveKind_AllGather;
    gather.meshAxes = {1};
    gather.source = 2;
    gather.destination = 3;
    gather.shape = {2, 4};
    gather.axis = 1;
    writer.addCollective(device, gather);
  }
  return writer.finish();
}

/// A batch dimension bounded by 8 (schema version 3): sliced inputs,
/// outputs and arena buffer, a sliced launch beside a whole one, and a
/// sliced copy.
std::vector<uint8_t> symbolic() {
  ArtifactWriter writer("loom-artifact-seeds");
  uint32_t batch = writer.addDimSymbol("x:0", 8);
  writer.addInput("x", DType::F32, {1, 8, 4});
  writer.setInputDimSymbols(0, {-1, int32_t(batch), -1});
  writer.addOutput("y", DType::F32, {16, 4});
  writer.setOutputDimSymbols(0, {int32_t(batch), -1});
  writer.addConstant(bytesOf(16, 4));
  writer.addBuffer(BufferKind_Input, 0, 128, 4, batch);
  writer.addBuffer(BufferKind_Output, 0, 256, 4, batch);
  writer.addBuffer(BufferKind_Arena, 0, 256, 64, batch);
  writer.addBuffer(BufferKind_Constant, 0, 16, 16);
  writer.addBuffer(BufferKind_Arena, 256, 16, 16);
  writer.setArenaSize(272);
  writer.addLibrary(artifact::Target_Cpu, artifact::CodeFormat_ElfSharedObject,
                    bytesOf(200, 5), {"widen", "bias"});
  uint32_t device = writer.addDevice(artifact::Target_Cpu, 0);
  writer.addLaunch(device, 0, 1, {3, 4}, {1},
                   {artifact::ArgumentAccess_Read,
                    artifact::ArgumentAccess_Write});
  writer.addLaunch(device, 0, 0, {0, 4, 2}, {2, 1},
                   {artifact::ArgumentAccess_Read,
                    artifact::ArgumentAccess_Read,
                    artifact::ArgumentAccess_Write});
  writer.addCopy(device, 2, 1, 256, batch);
  return writer.finish();
}

/// An output whose size depends on data (schema version 4): NonZero's
/// [1, n] indices at the bound [1, 8], its dims in an arena buffer that the
/// launch writes.
std::vector<uint8_t> dataShaped() {
  ArtifactWriter writer("loom-artifact-seeds");
  writer.addInput("x", DType::F32, {8});
  writer.addOutput("y", DType::I64, {1, 8});
  writer.addBuffer(BufferKind_Input, 0, 32, 4);
  writer.addBuffer(BufferKind_Output, 0, 64, 8);
  writer.addBuffer(BufferKind_Arena, 0, 16, 64);
  writer.setArenaSize(64);
  writer.setOutputDataShape(0, 2, 0);
  writer.addLibrary(artifact::Target_Cpu, artifact::CodeFormat_ElfSharedObject,
                    bytesOf(200, 5), {"nonzero"});
  uint32_t device = writer.addDevice(artifact::Target_Cpu, 0);
  writer.addLaunch(device, 0, 0, {0, 1, 2}, {1},
                   {artifact::ArgumentAccess_Read,
                    artifact::ArgumentAccess_Write,
                    artifact::ArgumentAccess_Write});
  return writer.finish();
}

/// A data-shaped output with an element bound below the product of its
/// bounds: a Reshape of 8 elements to a run-time shape of rank 2, each
/// dimension up to 8, the output's buffer of 8 elements.
std::vector<uint8_t> dataShapedElementBound() {
  ArtifactWriter writer("loom-artifact-seeds");
  writer.addInput("x", DType::F32, {8});
  writer.addInput("shape", DType::I64, {2});
  writer.addOutput("y", DType::F32, {8, 8});
  writer.addBuffer(BufferKind_Input, 0, 32, 4);
  writer.addBuffer(BufferKind_Input, 1, 16, 8);
  writer.addBuffer(BufferKind_Output, 0, 32, 4);
  writer.addBuffer(BufferKind_Arena, 0, 16, 64);
  writer.setArenaSize(64);
  writer.setOutputDataShape(0, 3, 0, 8);
  writer.addLibrary(artifact::Target_Cpu, artifact::CodeFormat_ElfSharedObject,
                    bytesOf(200, 5), {"reshape_to_shape"});
  uint32_t device = writer.addDevice(artifact::Target_Cpu, 0);
  writer.addLaunch(device, 0, 0, {0, 1, 2, 3}, {1},
                   {artifact::ArgumentAccess_Read,
                    artifact::ArgumentAccess_Read,
                    artifact::ArgumentAccess_Write,
                    artifact::ArgumentAccess_Write});
  return writer.finish();
}

} // namespace

int main(int argc, char **argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: loom-artifact-seeds DIR\n");
    return 2;
  }
  std::string dir = argv[1];
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) {
    std::fprintf(stderr, "loom-artifact-seeds: cannot create %s: %s\n",
                 dir.c_str(), error.message().c_str());
    return 1;
  }
  struct Seed {
    const char *name;
    std::vector<uint8_t> bytes;
  };
  for (const Seed &seed : {Seed{"minimal", minimal()}, Seed{"cpu", cpu()},
                           Seed{"two-devices", twoDevices()},
                           Seed{"mesh", mesh()}, Seed{"symbolic", symbolic()},
                           Seed{"data-shaped", dataShaped()},
                           Seed{"data-shaped-element-bound",
                                dataShapedElementBound()}}) {
    // A seed the loader rejects would only test the first check.
    Artifact artifact;
    Status status = Artifact::load(seed.bytes, artifact);
    if (!status.isOk()) {
      std::fprintf(stderr, "loom-artifact-seeds: %s: %s\n", seed.name,
                   status.message().c_str());
      return 1;
    }
    std::string path = dir + "/" + seed.name + ".loom";
    std::ofstream file(path, std::ios::binary);
    file.write(reinterpret_cast<const char *>(seed.bytes.data()),
               seed.bytes.size());
    if (!file.flush()) {
      std::fprintf(stderr, "loom-artifact-seeds: cannot write %s\n",
                   path.c_str());
      return 1;
    }
  }
  return 0;
}
