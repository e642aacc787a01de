//===- MeshArtifactTest.cpp - The loader's checks of multi-device artifacts ===//
//
// Part of the Loom project.
//
// Every check Artifact::load makes of the version-2 parts (mesh, shardings,
// per-program buffer plans, Collective commands), one test each, on a valid
// two-device artifact with one field made wrong. Each expects the exact
// one-line message, which names the program, the command and the field.
//
//===----------------------------------------------------------------------===//

#include "runtime/Artifact.h"
#include "runtime/ArtifactWriter.h"

#include <gtest/gtest.h>

#include <functional>

using namespace loom;
using artifact::BufferKind_Arena;
using artifact::BufferKind_Input;
using artifact::BufferKind_Output;

namespace {

/// A valid artifact: mesh ("a", 2); x (4xf32) and y (4xf32) split on
/// dimension 0; each program's plan is 0: x's shard, 1: y's shard,
/// 2: arena [0, 8), and its one command all-reduces buffer 0 into 2.
/// Each field below can be made wrong.
struct Tweaks {
  std::vector<std::string> axisNames{"a"};
  std::vector<uint32_t> axisSizes{2};
  uint32_t programs = 2;
  std::vector<uint32_t> ordinals{0, 1};
  std::vector<artifact::Target> targets{artifact::Target_Cpu,
                                        artifact::Target_Cpu};
  bool mesh = true;
  bool ownPlans = true;
  Shape inputShape{4};
  std::vector<std::vector<uint32_t>> inputSharding{{0}};
  uint64_t inputBytes = 8;
  uint64_t destinationBytes = 8;
  uint32_t arenaAlignment = 8;
  uint64_t arenaSize = 64;
  ArtifactWriter::Collective collective = [] {
    ArtifactWriter::Collective c;
    c.kind = artifact::CollectiveKind_AllReduce;
    c.meshAxes = {0};
    c.source = 0;
    c.destination = 2;
    c.shape = {2};
    return c;
  }();
  bool addCollective = true;
  /// Runs last, on each program.
  std::function<void(ArtifactWriter &, uint32_t)> extra;
};

Status load(const Tweaks &t, uint32_t version = 0) {
  ArtifactWriter writer("loom-test");
  writer.addInput("x", DType::F32, t.inputShape);
  writer.addOutput("y", DType::F32, {4});
  if (t.mesh) {
    writer.setMesh(t.axisNames, t.axisSizes);
    writer.setInputSharding(0, t.inputSharding);
    writer.setOutputSharding(0, {{0}});
  }
  if (version)
    writer.overrideSchemaVersion(version);
  for (uint32_t p = 0; p < t.programs; ++p) {
    uint32_t program = writer.addDevice(t.targets[p], t.ordinals[p]);
    if (t.ownPlans) {
      writer.addProgramBuffer(program, BufferKind_Input, 0, t.inputBytes, 4);
      writer.addProgramBuffer(program, BufferKind_Output, 0, 8, 4);
      writer.addProgramBuffer(program, BufferKind_Arena, 0, t.destinationBytes,
                              t.arenaAlignment);
      writer.setProgramArenaSize(program, t.arenaSize);
    }
    if (t.addCollective)
      writer.addCollective(program, t.collective);
    if (t.extra)
      t.extra(writer, program);
  }
  Artifact artifact;
  return Artifact::load(writer.finish(), artifact);
}

void expectDataLoss(const Tweaks &tweaks, const std::string &message,
                    uint32_t version = 0) {
  Status status = load(tweaks, version);
  EXPECT_EQ(status.code(), StatusCode::DataLoss) << status.message();
  EXPECT_EQ(status.message(), message);
}

const std::string kAllReduce = "device 0 command 0 (collective all-reduce): ";

TEST(MeshArtifact, ValidArtifactLoads) {
  Status status = load(Tweaks());
  EXPECT_TRUE(status.isOk()) << status.message();
}

TEST(MeshArtifact, EveryCollectiveKindLoads) {
  Tweaks t;
  t.collective.kind = artifact::CollectiveKind_AllGather;
  t.destinationBytes = 16;
  EXPECT_TRUE(load(t).isOk());
  t.collective.kind = artifact::CollectiveKind_ReduceScatter;
  t.destinationBytes = 4;
  EXPECT_TRUE(load(t).isOk());
  t.collective.kind = artifact::CollectiveKind_AllToAll;
  t.destinationBytes = 8;
  EXPECT_TRUE(load(t).isOk());
  t.collective.kind = artifact::CollectiveKind_Permute;
  t.collective.pairs = {{0, 1}, {1, 0}};
  EXPECT_TRUE(load(t).isOk());
}

TEST(MeshArtifact, MeshNeedsVersion2) {
  expectDataLoss(Tweaks(),
                 "the artifact has a mesh but schema version 1; meshes need "
                 "version 2",
                 1);
}

TEST(MeshArtifact, MeshWithoutAxes) {
  Tweaks t;
  t.axisNames = {};
  t.axisSizes = {};
  t.inputSharding = {{}};
  expectDataLoss(t, "the mesh has no axes");
}

TEST(MeshArtifact, MeshNamesAndSizesDisagree) {
  Tweaks t;
  t.axisNames = {"a", "b"};
  expectDataLoss(t, "the mesh has 2 axis names but 1 axis sizes");
}

TEST(MeshArtifact, MeshAxisOfSizeZero) {
  Tweaks t;
  t.axisSizes = {0};
  expectDataLoss(t, "mesh axis 0 ('a') has size 0");
}

TEST(MeshArtifact, MeshAxisWithoutName) {
  Tweaks t;
  t.axisNames = {""};
  expectDataLoss(t, "mesh axis 0 has an empty name");
}

TEST(MeshArtifact, MeshAxisNamedTwice) {
  Tweaks t;
  t.axisNames = {"a", "a"};
  t.axisSizes = {2, 1};
  expectDataLoss(t, "mesh axis 1 is named 'a', like an earlier axis");
}

TEST(MeshArtifact, MeshSizeDiffersFromPrograms) {
  Tweaks t;
  t.axisSizes = {4};
  expectDataLoss(t, "the mesh has 4 devices, but the artifact has 2 device "
                    "programs");
}

TEST(MeshArtifact, OrdinalsMustBeTheProgramNumbers) {
  Tweaks t;
  t.ordinals = {0, 5};
  expectDataLoss(t, "device 1 has ordinal 5; program 1 of a mesh runs "
                    "device 1");
}

TEST(MeshArtifact, ProgramsShareOneTarget) {
  Tweaks t;
  t.targets = {artifact::Target_Cpu, artifact::Target_Cuda};
  expectDataLoss(t, "device 1 targets cuda, but device 0 targets cpu; the "
                    "devices of a mesh share one target");
}

TEST(MeshArtifact, ProgramsNeedTheirOwnPlans) {
  Tweaks t;
  t.ownPlans = false;
  t.addCollective = false;
  expectDataLoss(t, "device 0 has no buffer plan of its own, which every "
                    "program of a multi-device artifact needs");
}

TEST(MeshArtifact, NoTopLevelPlan) {
  Tweaks t;
  t.extra = [](ArtifactWriter &writer, uint32_t program) {
    if (program == 0)
      writer.addBuffer(BufferKind_Arena, 0, 0, 1);
  };
  expectDataLoss(t, "the multi-device artifact has a top-level buffer plan "
                    "of 1 buffers; each device program carries its own");
}

TEST(MeshArtifact, ShardingWithoutMesh) {
  ArtifactWriter writer("loom-test");
  writer.addInput("x", DType::F32, {4});
  writer.setInputSharding(0, {{0}});
  Artifact artifact;
  Status status = Artifact::load(writer.finish(), artifact);
  EXPECT_EQ(status.code(), StatusCode::DataLoss);
  EXPECT_EQ(status.message(),
            "input 0 ('x') has a sharding, but the artifact has no mesh");
}

TEST(MeshArtifact, ShardingRankDiffers) {
  Tweaks t;
  t.inputSharding = {{0}, {}};
  expectDataLoss(t, "input 0 ('x') has a sharding of 2 dimensions, but rank 1");
}

TEST(MeshArtifact, ShardingAxisOutOfRange) {
  Tweaks t;
  t.inputSharding = {{3}};
  expectDataLoss(t, "input 0 ('x') splits dimension 0 over mesh axis 3, but "
                    "the mesh has 1 axes");
}

TEST(MeshArtifact, ShardingAxisTwice) {
  Tweaks t;
  t.inputShape = {4, 2};
  t.inputSharding = {{0}, {0}};
  expectDataLoss(t, "input 0 ('x') splits over mesh axis 0 ('a') twice");
}

TEST(MeshArtifact, ShardingMustDivide) {
  Tweaks t;
  t.inputShape = {3};
  expectDataLoss(t, "input 0 ('x') dimension 0 (size 3) does not divide into "
                    "2 shards");
}

TEST(MeshArtifact, InputBufferHoldsTheLocalShard) {
  Tweaks t;
  t.inputBytes = 16;
  expectDataLoss(t, "device 0 buffer 0 (input) has 16 bytes, but input 0 "
                    "('x') has 8 per device");
}

TEST(MeshArtifact, ProgramArenaBounds) {
  Tweaks t;
  t.arenaSize = 4;
  expectDataLoss(t, "device 0 buffer 2 (arena) (offset 0, size 8) ends past "
                    "the arena (4 bytes)");
}

TEST(MeshArtifact, ProgramBufferAlignment) {
  Tweaks t;
  t.arenaAlignment = 3;
  expectDataLoss(t, "device 0 buffer 2 (arena) has alignment 3, which is not "
                    "a power of two");
}

TEST(MeshArtifact, ProgramConstantIndex) {
  Tweaks t;
  t.extra = [](ArtifactWriter &writer, uint32_t program) {
    writer.addProgramBuffer(program, artifact::BufferKind_Constant, 5, 4, 4);
  };
  expectDataLoss(t, "device 0 buffer 3 (constant) names constant 5, but the "
                    "artifact has 0 constants");
}

TEST(MeshArtifact, CollectiveWithoutMesh) {
  Tweaks t;
  t.mesh = false;
  t.programs = 1;
  t.inputBytes = 16;
  t.extra = nullptr;
  ArtifactWriter writer("loom-test");
  writer.addInput("x", DType::F32, {4});
  uint32_t program = writer.addDevice(artifact::Target_Cpu, 0);
  writer.addProgramBuffer(program, BufferKind_Input, 0, 16, 4);
  writer.addProgramBuffer(program, BufferKind_Arena, 0, 16, 4);
  writer.setProgramArenaSize(program, 16);
  ArtifactWriter::Collective c = t.collective;
  c.destination = 1;
  c.shape = {4};
  writer.addCollective(program, c);
  Artifact artifact;
  Status status = Artifact::load(writer.finish(), artifact);
  EXPECT_EQ(status.code(), StatusCode::DataLoss);
  EXPECT_EQ(status.message(), "device 0 command 0 (collective): the artifact "
                              "has no mesh to run it over");
}

TEST(MeshArtifact, CollectiveKindUnknown) {
  Tweaks t;
  t.collective.kind = static_cast<artifact::CollectiveKind>(9);
  expectDataLoss(t, "device 0 command 0 (collective): kind 9 is not a "
                    "collective kind");
}

TEST(MeshArtifact, CollectiveReductionUnknown) {
  Tweaks t;
  t.collective.reduction = static_cast<artifact::ReductionKind>(7);
  expectDataLoss(t, kAllReduce + "reduction 7 is not a reduction kind");
}

TEST(MeshArtifact, CollectiveElementTypeUnknown) {
  Tweaks t;
  t.collective.dtype = static_cast<DType>(42);
  expectDataLoss(t, kAllReduce + "element_type 42 is not a dtype");
}

TEST(MeshArtifact, CollectiveCannotReduceI1) {
  Tweaks t;
  t.collective.dtype = DType::I1;
  t.collective.shape = {8};
  expectDataLoss(t, kAllReduce + "element_type i1 cannot be reduced");
}

TEST(MeshArtifact, CollectiveMeshAxesEmpty) {
  Tweaks t;
  t.collective.meshAxes = {};
  expectDataLoss(t, kAllReduce + "mesh_axes is empty");
}

TEST(MeshArtifact, CollectiveMeshAxisOutOfRange) {
  Tweaks t;
  t.collective.meshAxes = {1};
  expectDataLoss(t, kAllReduce + "mesh_axes names axis 1, but the mesh has 1 "
                                 "axes");
}

TEST(MeshArtifact, CollectiveMeshAxisTwice) {
  Tweaks t;
  t.axisNames = {"a", "b"};
  t.axisSizes = {2, 1};
  t.collective.meshAxes = {0, 0};
  expectDataLoss(t, kAllReduce + "mesh_axes names axis 0 twice");
}

TEST(MeshArtifact, CollectiveSourceOutOfRange) {
  Tweaks t;
  t.collective.source = 9;
  expectDataLoss(t, kAllReduce + "source names buffer 9, but the program's "
                                 "plan has 3 buffers");
}

TEST(MeshArtifact, CollectiveDestinationOutOfRange) {
  Tweaks t;
  t.collective.destination = 3;
  expectDataLoss(t, kAllReduce + "destination names buffer 3, but the "
                                 "program's plan has 3 buffers");
}

TEST(MeshArtifact, CollectiveShapeDisagreesWithSource) {
  Tweaks t;
  t.collective.shape = {3};
  expectDataLoss(t, kAllReduce + "source buffer 0 has 8 bytes, but its shape "
                                 "3xf32 has 12");
}

TEST(MeshArtifact, CollectiveNegativeDimension) {
  Tweaks t;
  t.collective.shape = {-2};
  expectDataLoss(t, kAllReduce + "shape dimension 0 is -2");
}

TEST(MeshArtifact, CollectiveDestinationReadOnly) {
  Tweaks t;
  t.collective.destination = 0;
  expectDataLoss(t, kAllReduce + "destination buffer 0 is an input, which is "
                                 "read-only");
}

TEST(MeshArtifact, AllReduceDestinationSize) {
  Tweaks t;
  t.destinationBytes = 16;
  expectDataLoss(t, kAllReduce + "destination buffer 2 has 16 bytes, but the "
                                 "result of a source 2xf32 over 2 devices has "
                                 "8");
}

TEST(MeshArtifact, AllGatherDestinationSize) {
  Tweaks t;
  t.collective.kind = artifact::CollectiveKind_AllGather;
  expectDataLoss(t, "device 0 command 0 (collective all-gather): destination "
                    "buffer 2 has 8 bytes, but the result of a source 2xf32 "
                    "over 2 devices has 16");
}

TEST(MeshArtifact, AllGatherAxisOutOfRange) {
  Tweaks t;
  t.collective.kind = artifact::CollectiveKind_AllGather;
  t.collective.axis = 1;
  t.destinationBytes = 16;
  expectDataLoss(t, "device 0 command 0 (collective all-gather): axis 1 is out "
                    "of range for the rank-1 source 2xf32");
}

TEST(MeshArtifact, ReduceScatterMustDivide) {
  Tweaks t;
  t.inputShape = {6};
  t.inputBytes = 12;
  t.collective.kind = artifact::CollectiveKind_ReduceScatter;
  t.collective.shape = {3};
  expectDataLoss(t, "device 0 command 0 (collective reduce-scatter): "
                    "dimension 0 of the source 3xf32 does not divide over the "
                    "group of 2 devices");
}

TEST(MeshArtifact, ReduceScatterDestinationSize) {
  Tweaks t;
  t.collective.kind = artifact::CollectiveKind_ReduceScatter;
  expectDataLoss(t, "device 0 command 0 (collective reduce-scatter): "
                    "destination buffer 2 has 8 bytes, but the result of a "
                    "source 2xf32 over 2 devices has 4");
}

TEST(MeshArtifact, AllToAllConcatAxisOutOfRange) {
  Tweaks t;
  t.collective.kind = artifact::CollectiveKind_AllToAll;
  t.collective.concatAxis = 2;
  expectDataLoss(t, "device 0 command 0 (collective all-to-all): concat_axis "
                    "2 is out of range for the rank-1 source 2xf32");
}

TEST(MeshArtifact, PermutePairLeavesTheGroup) {
  Tweaks t;
  t.collective.kind = artifact::CollectiveKind_Permute;
  t.collective.pairs = {{0, 2}};
  expectDataLoss(t, "device 0 command 0 (collective permute): pairs 0 (0 -> "
                    "2) leaves the group of 2 devices");
}

TEST(MeshArtifact, PermuteTargetTwice) {
  Tweaks t;
  t.collective.kind = artifact::CollectiveKind_Permute;
  t.collective.pairs = {{0, 1}, {1, 1}};
  expectDataLoss(t, "device 0 command 0 (collective permute): pairs 1 sends "
                    "to position 1 a second time");
}

TEST(MeshArtifact, PermuteSourceTwice) {
  Tweaks t;
  t.collective.kind = artifact::CollectiveKind_Permute;
  t.collective.pairs = {{0, 1}, {0, 0}};
  expectDataLoss(t, "device 0 command 0 (collective permute): pairs 1 sends "
                    "from position 0 a second time");
}

TEST(MeshArtifact, DestinationOverlapsSource) {
  Tweaks t;
  t.collective.source = 2;
  t.collective.destination = 3;
  t.extra = [](ArtifactWriter &writer, uint32_t program) {
    writer.addProgramBuffer(program, BufferKind_Arena, 4, 8, 4);
  };
  // The all-reduce reads buffer 2 = arena [0, 8) and writes [4, 12).
  expectDataLoss(t, kAllReduce + "destination buffer 3 overlaps source buffer "
                                 "2 without being the same bytes");
}

TEST(MeshArtifact, AllReduceInPlaceLoads) {
  Tweaks t;
  t.collective.source = 2;
  t.collective.destination = 2;
  Status status = load(t);
  EXPECT_TRUE(status.isOk()) << status.message();
}

TEST(MeshArtifact, OnlyAllReduceWritesOverItsSource) {
  Tweaks t;
  t.collective.kind = artifact::CollectiveKind_AllToAll;
  t.collective.source = 2;
  t.collective.destination = 2;
  expectDataLoss(t, "device 0 command 0 (collective all-to-all): destination "
                    "buffer 2 overlaps source buffer 2; only an all-reduce "
                    "may write over its source");
}

} // namespace
