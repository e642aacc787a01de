//===- DataShapeTest.cpp - Outputs whose size depends on data -------------===//
//
// Part of the Loom project.
//
// Artifacts with data-shaped outputs (schema version 4, docs/artifact.md):
// every check the loader makes of TensorSpec.data_shape, one test each on
// a valid model with one field made wrong, and the CPU driver returning
// outputs at the shape the run left, refusing dims above the bound or
// negative, an element bound below the product of the bounds (the buffer
// sized from it, more elements refused), over given_shape_i64 of
// test/unit/Inputs/test_kernels.c, and the C API giving the shapes, an
// empty one included.
//
//===----------------------------------------------------------------------===//

#include "runtime/Artifact.h"
#include "runtime/ArtifactWriter.h"
#include "runtime/Executor.h"
#include "runtime/loom_runtime.h"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

using namespace loom;
using artifact::ArgumentAccess_Read;
using artifact::ArgumentAccess_Write;
using artifact::BufferKind_Arena;
using artifact::BufferKind_Constant;
using artifact::BufferKind_Input;
using artifact::BufferKind_Output;

namespace {

std::vector<uint8_t> readFile(const char *path) {
  std::ifstream file(path, std::ios::binary);
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(file), {});
}

/// A valid model whose fields can be made wrong: input `shape` (i64 [2]),
/// output `y` (i64, bounds [2, 3], data-shaped), buffers 0: shape, 1: y,
/// 2: dims (arena, 16 bytes at offset 64), 3: a constant of 16 bytes;
/// y, dims = given_shape_i64(shape).
struct Model {
  uint32_t dimsBuffer = 2;
  uint64_t dimsOffset = 0;
  uint64_t dimsBytes = 16;
  artifact::ArgumentAccess dimsAccess = ArgumentAccess_Write;
  uint32_t version = 0;
  bool symbol = false;
  bool mesh = false;
  int64_t elementBound = 0;
  uint64_t outputBytes = 48;
};

ByteBuffer write(const Model &m) {
  ArtifactWriter writer("data-shape-test");
  if (m.version)
    writer.overrideSchemaVersion(m.version);
  if (m.mesh)
    writer.setMesh({"x"}, {1});
  writer.addInput("shape", DType::I64, {2});
  writer.addOutput("y", DType::I64, {2, 3});
  writer.setOutputDataShape(0, m.dimsBuffer, m.dimsOffset, m.elementBound);
  if (m.symbol) {
    writer.addInput("b", DType::F32, {4});
    writer.setInputDimSymbols(1, {int32_t(writer.addDimSymbol("b:0", 4))});
  }
  uint32_t constant = writer.addConstant(ByteBuffer(16, 0));
  auto buffer = [&](artifact::BufferKind kind, uint64_t index, uint64_t size,
                    uint32_t alignment) {
    if (m.mesh)
      writer.addProgramBuffer(0, kind, index, size, alignment);
    else
      writer.addBuffer(kind, index, size, alignment);
  };
  uint32_t device = writer.addDevice(artifact::Target_Cpu, 0);
  buffer(BufferKind_Input, 0, 16, 8);
  buffer(BufferKind_Output, 0, m.outputBytes, 8);
  buffer(BufferKind_Arena, 64, m.dimsBytes, 64);
  buffer(BufferKind_Constant, constant, 16, 8);
  if (m.symbol)
    writer.addBuffer(BufferKind_Input, 1, 16, 4, 0);
  if (m.mesh)
    writer.setProgramArenaSize(device, 128);
  else
    writer.setArenaSize(128);
  writer.addLibrary(artifact::Target_Cpu, artifact::CodeFormat_ElfSharedObject,
                    readFile(LOOM_TEST_KERNELS), {"given_shape_i64"});
  writer.addLaunch(device, 0, 0, {0, 1, 2}, {1},
                   {ArgumentAccess_Read, ArgumentAccess_Write, m.dimsAccess});
  return writer.finish();
}

std::string loadError(const Model &m) {
  Artifact artifact;
  Status status = Artifact::load(write(m), artifact);
  EXPECT_EQ(status.code(), StatusCode::DataLoss) << status.message();
  return status.message();
}

/// Runs the valid model (or `m`) with the kernel giving `dims`.
Status runWith(std::vector<int64_t> dims, std::vector<Tensor> &outputs,
               const Model &m = Model()) {
  Artifact artifact;
  Status status = Artifact::load(write(m), artifact);
  EXPECT_TRUE(status.isOk()) << status.message();
  Tensor shape(DType::I64, {2});
  shape.setInt(0, dims[0]);
  shape.setInt(1, dims[1]);
  std::vector<Tensor> inputs;
  inputs.push_back(std::move(shape));
  return run(artifact, inputs, outputs);
}

TEST(DataShapes, ValidModelLoadsAsVersion4) {
  Artifact artifact;
  ASSERT_TRUE(Artifact::load(write(Model()), artifact).isOk());
  EXPECT_EQ(artifact.schemaVersion(), 4u);
  EXPECT_TRUE(artifact.hasDataShapes());
  ASSERT_TRUE(artifact.outputs()[0].dataShape);
  EXPECT_EQ(artifact.outputs()[0].dataShape->dimsBuffer, 2u);
  EXPECT_EQ(artifact.specString(artifact.outputs()[0]), "?(<=2)x?(<=3)xi64");
}

TEST(DataShapes, NeedVersion4) {
  Model m;
  m.version = 3;
  EXPECT_EQ(loadError(m), "output 0 ('y') has a data shape but the artifact "
                          "has schema version 3; data shapes need version 4");
}

TEST(DataShapes, NeedASingleDeviceWithoutSymbols) {
  Model m;
  m.symbol = true;
  EXPECT_EQ(loadError(m), "output 0 ('y') has a data shape, which needs a "
                          "single-device artifact without symbolic "
                          "dimensions");
}

TEST(DataShapes, NeedASingleDevice) {
  Model m;
  m.mesh = true;
  EXPECT_EQ(loadError(m), "output 0 ('y') has a data shape, which needs a "
                          "single-device artifact without symbolic "
                          "dimensions");
}

TEST(DataShapes, DimsBufferMustExist) {
  Model m;
  m.dimsBuffer = 9;
  EXPECT_EQ(loadError(m), "output 0 ('y'): its dims buffer 9 is out of "
                          "range; the artifact has 4 buffers");
}

TEST(DataShapes, DimsOffsetIsAMultipleOf8) {
  Model m;
  m.dimsOffset = 4;
  EXPECT_EQ(loadError(m), "output 0 ('y'): its dims buffer 2 offset 4 is "
                          "not a multiple of 8");
}

TEST(DataShapes, DimsFitTheirBuffer) {
  Model m;
  m.dimsOffset = 8;
  EXPECT_EQ(loadError(m), "output 0 ('y'): its dims buffer 2 (16 bytes) "
                          "cannot hold 2 dimensions at offset 8");
}

TEST(DataShapes, DimsAreInTheArenaOrAConstant) {
  Model m;
  m.dimsBuffer = 0;
  EXPECT_EQ(loadError(m), "output 0 ('y'): its dims buffer 0 is a buffer of "
                          "kind input; dims are in the arena or a constant");
}

TEST(DataShapes, ArenaDimsAreWrittenByALaunch) {
  Model m;
  m.dimsAccess = ArgumentAccess_Read;
  EXPECT_EQ(loadError(m), "output 0 ('y'): its dims buffer 2 is written by "
                          "no launch, so no run gives the output's shape");
}

TEST(DataShapes, OutputComesBackAtItsShape) {
  std::vector<Tensor> outputs;
  Status status = runWith({2, 2}, outputs);
  ASSERT_TRUE(status.isOk()) << status.message();
  ASSERT_EQ(outputs.size(), 1u);
  EXPECT_EQ(outputs[0].shape(), (Shape{2, 2}));
  for (int64_t i = 0; i < 4; ++i)
    EXPECT_EQ(outputs[0].getInt(i), i + 1);
}

TEST(DataShapes, EmptyOutput) {
  std::vector<Tensor> outputs;
  Status status = runWith({2, 0}, outputs);
  ASSERT_TRUE(status.isOk()) << status.message();
  EXPECT_EQ(outputs[0].shape(), (Shape{2, 0}));
  EXPECT_EQ(outputs[0].byteSize(), 0u);
}

TEST(DataShapes, DimsAboveTheBoundFailTheRun) {
  std::vector<Tensor> outputs;
  Status status = runWith({2, 4}, outputs);
  EXPECT_EQ(status.code(), StatusCode::Aborted);
  EXPECT_EQ(status.message(),
            "output 'y' came out with dimension 1 of size 4, outside its "
            "bounds 0 to 3; the kernel that computes it is wrong");
  status = runWith({-1, 3}, outputs);
  EXPECT_EQ(status.code(), StatusCode::Aborted);
  EXPECT_NE(status.message().find("dimension 0 of size -1"), std::string::npos)
      << status.message();
}

TEST(DataShapes, InvalidShapeFailsTheRun) {
  std::vector<Tensor> outputs;
  Status status = runWith({-2, -2}, outputs);
  EXPECT_EQ(status.code(), StatusCode::InvalidArgument);
  EXPECT_EQ(status.message(),
            "output 'y': the shape its inputs give is invalid (a Reshape's "
            "run-time shape with two -1s, a negative entry other than -1, a "
            "0 past the input's rank, a size that is not its data's, or a "
            "dimension above its bound)");
}

TEST(DataShapes, InvalidViewSizesFailTheRun) {
  // The codes of loom_ukernels.h's LOOM_UKERNEL_INVALID_SLICE, _TOPK and
  // _SPLIT, each with its one line.
  const std::pair<int64_t, const char *> codes[] = {
      {-3, "output 'y': the Slice's run-time axes or steps are invalid (an "
           "axis outside [-rank, rank), an axis given twice, or a step of "
           "0)"},
      {-4, "output 'y': the TopK's run-time K is negative or above the size "
           "of its axis"},
      {-5, "output 'y': the Split's run-time sizes are invalid (a negative "
           "size, or sizes that do not add up to the size of its axis)"}};
  for (auto [code, message] : codes) {
    std::vector<Tensor> outputs;
    Status status = runWith({code, code}, outputs);
    EXPECT_EQ(status.code(), StatusCode::InvalidArgument);
    EXPECT_EQ(status.message(), message);
  }
}

/// Bounds [2, 3] but at most 4 elements: the output's buffer holds 4.
Model elementBound() {
  Model m;
  m.elementBound = 4;
  m.outputBytes = 32;
  return m;
}

TEST(DataShapes, ElementBoundSizesTheOutput) {
  Artifact artifact;
  ASSERT_TRUE(Artifact::load(write(elementBound()), artifact).isOk());
  ASSERT_TRUE(artifact.outputs()[0].dataShape);
  EXPECT_EQ(artifact.outputs()[0].dataShape->elementBound, 4);
  EXPECT_EQ(artifact.outputs()[0].byteSize, 32u);
  EXPECT_EQ(artifact.outputs()[0].shape, (Shape{2, 3}));
  std::vector<Tensor> outputs;
  Status status = runWith({2, 2}, outputs, elementBound());
  ASSERT_TRUE(status.isOk()) << status.message();
  EXPECT_EQ(outputs[0].shape(), (Shape{2, 2}));
  for (int64_t i = 0; i < 4; ++i)
    EXPECT_EQ(outputs[0].getInt(i), i + 1);
  status = runWith({1, 3}, outputs, elementBound());
  ASSERT_TRUE(status.isOk()) << status.message();
  EXPECT_EQ(outputs[0].shape(), (Shape{1, 3}));
}

TEST(DataShapes, ElementsAboveTheElementBoundFailTheRun) {
  std::vector<Tensor> outputs;
  Status status = runWith({2, 3}, outputs, elementBound());
  EXPECT_EQ(status.code(), StatusCode::Aborted);
  EXPECT_EQ(status.message(),
            "output 'y' came out with 6 elements, above its bound 4; the "
            "kernel that computes it is wrong");
}

TEST(DataShapes, ElementBoundIsAtMostTheProduct) {
  Model m;
  m.elementBound = 7;
  m.outputBytes = 56;
  EXPECT_EQ(loadError(m), "output 0 ('y') has data shape element bound 7, "
                          "outside 0 to 6 (the product of its shape)");
  m.elementBound = -1;
  EXPECT_EQ(loadError(m), "output 0 ('y') has data shape element bound -1, "
                          "outside 0 to 6 (the product of its shape)");
}

TEST(DataShapes, ElementBoundSizesTheBuffer) {
  Model m = elementBound();
  m.outputBytes = 48;
  EXPECT_NE(loadError(m).find("has 48 bytes, but output 0 ('y') has 32"),
            std::string::npos);
}

TEST(DataShapes, CApiGivesTheShapeOfEachRun) {
  ByteBuffer bytes = write(Model());
  loom_artifact_t *artifact = nullptr;
  ASSERT_EQ(loom_artifact_load_memory(bytes.data(), bytes.size(), &artifact),
            nullptr);
  loom_executor_t *executor = nullptr;
  ASSERT_EQ(loom_executor_create(artifact, 1, &executor), nullptr);
  // The output's capacity is its size at the bounds, 2x3 i64.
  int64_t out[6];
  void *outputs[] = {out};
  const size_t outputSizes[] = {sizeof(out)};
  for (auto [rows, columns] : {std::pair<int64_t, int64_t>{2, 2}, {2, 0}}) {
    const int64_t shape[] = {rows, columns};
    const void *inputs[] = {shape};
    const size_t inputSizes[] = {sizeof(shape)};
    ASSERT_EQ(loom_executor_run(executor, inputs, inputSizes, 1, outputs,
                                outputSizes, 1),
              nullptr);
    size_t rank = 0;
    const int64_t *dims = nullptr;
    ASSERT_EQ(loom_executor_output_shape(executor, 0, &rank, &dims), nullptr);
    ASSERT_EQ(rank, 2u);
    EXPECT_EQ(dims[0], rows);
    EXPECT_EQ(dims[1], columns);
  }
  EXPECT_EQ(out[3], 4) << "the 2x2 run's elements";
  loom_executor_release(executor);
  loom_artifact_release(artifact);
}

} // namespace
