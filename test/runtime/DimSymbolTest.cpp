//===- DimSymbolTest.cpp - Bounded symbolic dimensions in the runtime -----===//
//
// Part of the Loom project.
//
// Artifacts with dimension symbols (schema version 3, docs/artifact.md):
// every check the loader makes of them, one test each, on a valid model
// with one field made wrong; the executor binding the symbols from the
// inputs' shapes and each way that fails; the CPU driver running sliced
// launches and copies end to end, over the hand-written kernels of
// test/unit/Inputs/test_kernels.c; and the drivers that refuse symbols.
//
//===----------------------------------------------------------------------===//

#include "runtime/Artifact.h"
#include "runtime/ArtifactWriter.h"
#include "runtime/Executor.h"
#include "test/runtime/SymbolModels.h"

#include <gtest/gtest.h>

#include <cstring>
#include <fstream>
#include <functional>
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

using Model = test::SymbolModel;

ByteBuffer write(const Model &m) {
  return test::writeSymbolModel(m, readFile(LOOM_TEST_KERNELS));
}

Status load(const Model &m, Artifact &artifact) {
  return Artifact::load(write(m), artifact);
}

/// The message of loading `m`, which must fail with DataLoss.
std::string loadError(const Model &m) {
  Artifact artifact;
  Status status = load(m, artifact);
  EXPECT_EQ(status.code(), StatusCode::DataLoss) << status.message();
  return status.message();
}

std::vector<double> values(const Tensor &tensor) {
  std::vector<double> list;
  for (int64_t i = 0; i < tensor.numElements(); ++i)
    list.push_back(tensor.getDouble(i));
  return list;
}

Tensor batch(int64_t rows, int64_t columns, double base) {
  std::vector<double> values;
  for (int64_t i = 0; i < rows * columns; ++i)
    values.push_back(base + double(i));
  return Tensor::fromDoubles(DType::F32, {rows, columns}, values);
}

// The loader.

TEST(DimSymbols, ValidModelLoadsAsVersion3) {
  Artifact artifact;
  ASSERT_TRUE(load(Model(), artifact).isOk());
  EXPECT_EQ(artifact.schemaVersion(), 3u);
  ASSERT_EQ(artifact.dimSymbols().size(), 1u);
  EXPECT_EQ(artifact.dimSymbols()[0].name, "x:0");
  EXPECT_EQ(artifact.dimSymbols()[0].bound, 4);
  EXPECT_EQ(artifact.inputs()[0].dimSymbols, (std::vector<int32_t>{0, -1}));
  EXPECT_EQ(artifact.inputs()[0].shape, (Shape{4, 3}));
  EXPECT_EQ(artifact.specString(artifact.inputs()[0]), "?(<=4)x3xf32");
  EXPECT_EQ(artifact.runShape(artifact.outputs()[2], {3}), (Shape{3, 6}));
  EXPECT_EQ(artifact.sliceSize(artifact.buffer(6)), 24u);
  EXPECT_EQ(artifact.liveSize(artifact.buffer(6), {3}), 72u);
  EXPECT_EQ(artifact.liveSize(artifact.buffer(2), {3}), 4u);
}

TEST(DimSymbols, StaticArtifactsKeepTheirVersion) {
  ArtifactWriter writer("loom-test");
  writer.addInput("x", DType::F32, {4});
  writer.addBuffer(BufferKind_Input, 0, 16, 4);
  Artifact artifact;
  ASSERT_TRUE(Artifact::load(writer.finish(), artifact).isOk());
  EXPECT_EQ(artifact.schemaVersion(), 1u);
  EXPECT_FALSE(artifact.hasDimSymbols());
  EXPECT_EQ(artifact.inputs()[0].dimSymbols, (std::vector<int32_t>{-1}));
  EXPECT_EQ(artifact.specString(artifact.inputs()[0]), "4xf32");
}

TEST(DimSymbols, NeedVersion3) {
  Model m;
  m.version = 2;
  EXPECT_EQ(loadError(m), "the artifact has 1 dimension symbols but schema "
                          "version 2; symbolic dimensions need version 3");
}

TEST(DimSymbols, NeedASingleDevice) {
  Model m;
  m.mesh = true;
  EXPECT_EQ(loadError(m), "the artifact has both a mesh and symbolic "
                          "dimensions; symbolic dimensions need a "
                          "single-device artifact");
}

TEST(DimSymbols, NeedAName) {
  Model m;
  m.symbolName = "";
  EXPECT_EQ(loadError(m), "dimension symbol 0 has no name");
}

TEST(DimSymbols, NeedAPositiveBound) {
  Model m;
  m.bound = 0;
  EXPECT_EQ(loadError(m),
            "dimension symbol 0 ('x:0') has bound 0; a bound is at least 1");
}

TEST(DimSymbols, SpecNeedsOneEntryPerDimension) {
  Model m;
  m.xSymbols = {0};
  EXPECT_EQ(loadError(m), "input 0 ('x') has 1 dimension symbols, but rank 2");
}

TEST(DimSymbols, SpecSymbolMustExist) {
  Model m;
  m.ySymbols = {1, -1};
  EXPECT_EQ(loadError(m), "input 1 ('y') dimension 0 has symbol 1, but the "
                          "artifact has 1 dimension symbols");
  m.ySymbols = {-2, -1};
  EXPECT_EQ(loadError(m), "input 1 ('y') dimension 0 has symbol -2, but the "
                          "artifact has 1 dimension symbols");
}

TEST(DimSymbols, SymbolicSizeIsAMultipleOfTheBound) {
  Model m;
  m.xShape = {6, 2}; // 48 bytes, like the buffer
  EXPECT_EQ(loadError(m), "input 0 ('x') dimension 0 has size 6 at the bound, "
                          "which is not a positive multiple of symbol 0 "
                          "('x:0', bound 4)");
}

TEST(DimSymbols, OneSymbolicDimensionPerTensor) {
  Model m;
  m.xShape = {4, 4};
  m.xSymbols = {0, 0};
  EXPECT_EQ(loadError(m), "input 0 ('x') has symbolic dimensions 0 and 1; "
                          "this runtime slices a tensor along one");
}

TEST(DimSymbols, SymbolicDimensionIsOutermost) {
  Model m;
  m.xShape = {3, 4};
  m.xSymbols = {-1, 0};
  EXPECT_EQ(loadError(m), "input 0 ('x') has symbolic dimension 1 after "
                          "dimension 0 of size 3; only dimensions of size 1 "
                          "may come before a symbolic one");
  // Leading dimensions of size 1 keep the slices contiguous.
  m.xShape = {1, 4, 3};
  m.xSymbols = {-1, 0, -1};
  Artifact artifact;
  Status status = load(m, artifact);
  EXPECT_TRUE(status.isOk()) << status.message();
}

TEST(DimSymbols, EverySymbolIsAnInputDimension) {
  Model m;
  m.xSymbols = {-1, -1};
  m.ySymbols = {-1, -1};
  m.xBuffer = m.yBuffer = -1;
  EXPECT_EQ(loadError(m), "symbol 0 ('x:0', bound 4) is the size of no input "
                          "dimension, so no run can bind it");
}

TEST(DimSymbols, BufferSymbolMustExist) {
  Model m;
  m.tBuffer = 3;
  EXPECT_EQ(loadError(m), "buffer 3 (arena) has symbol 3, but the artifact "
                          "has 1 dimension symbols");
}

TEST(DimSymbols, SlicedBufferIsAMultipleOfTheBound) {
  Model m;
  m.tBytes = 50;
  m.copyBytes = 48;
  EXPECT_EQ(loadError(m), "buffer 3 (arena) is sliced along symbol 0 ('x:0', "
                          "bound 4), but its 50 bytes are not a multiple of "
                          "the bound");
}

TEST(DimSymbols, SymbolicInputBufferIsSliced) {
  Model m;
  m.yBuffer = -1;
  EXPECT_EQ(loadError(m), "buffer 1 (input) is not sliced, but input 1 ('y') "
                          "is sliced along symbol 0 ('x:0', bound 4)");
}

TEST(DimSymbols, StaticInputBufferIsNotSliced) {
  Model m;
  m.ySymbols = {-1, -1};
  EXPECT_EQ(loadError(m), "buffer 1 (input) is sliced along symbol 0 ('x:0', "
                          "bound 4), but input 1 ('y') has no symbolic "
                          "dimension");
}

TEST(DimSymbols, LaunchIsSlicedAlongOneSymbol) {
  // y gets a symbol of its own, so add_f32(x, y, t) mixes two.
  Model m;
  m.ySymbols = {1, -1};
  m.yBuffer = 1;
  m.extra = [](ArtifactWriter &writer, uint32_t) {
    writer.addDimSymbol("y:0", 2);
  };
  EXPECT_EQ(loadError(m),
            "device 0 command 0 (launch): argument 1 is sliced along symbol 1 "
            "('y:0', bound 2), but argument 0 along symbol 0 ('x:0', bound "
            "4); a launch is sliced along one symbol");
}

TEST(DimSymbols, SlicedLaunchRecordsAccess) {
  Model m;
  m.access = false;
  EXPECT_EQ(loadError(m), "device 0 command 0 (launch): the launch is sliced "
                          "but records no argument access, so it cannot be "
                          "shown to write only sliced buffers");
}

TEST(DimSymbols, SlicedLaunchWritesOnlySlicedBuffers) {
  Model m;
  m.extra = [](ArtifactWriter &writer, uint32_t cpu) {
    uint32_t whole = writer.addBuffer(BufferKind_Arena, 48, 16, 16);
    writer.addLaunch(cpu, 0, 0, {0, 1, whole}, {1},
                     {ArgumentAccess_Read, ArgumentAccess_Read,
                      ArgumentAccess_Write});
  };
  EXPECT_EQ(loadError(m), "device 0 command 4 (launch): argument 2 (buffer 7), "
                          "which the kernel writes, is not sliced, but the "
                          "launch is sliced along symbol 0 ('x:0', bound 4)");
}

TEST(DimSymbols, LaunchWithoutSlicedArgumentsRunsWhole) {
  Model m;
  m.extra = [](ArtifactWriter &writer, uint32_t cpu) {
    uint32_t whole = writer.addBuffer(BufferKind_Arena, 48, 16, 16);
    writer.addLaunch(cpu, 0, 1, {2, 2, whole}, {1},
                     {ArgumentAccess_Read, ArgumentAccess_Read,
                      ArgumentAccess_Write});
  };
  Artifact artifact;
  Status status = load(m, artifact);
  ASSERT_TRUE(status.isOk()) << status.message();
  EXPECT_EQ(launchSymbol(artifact.plan(0),
                         *artifact.device(0).commands()->Get(4)
                              ->operation_as_Launch()),
            -1);
  EXPECT_EQ(launchSymbol(artifact.plan(0),
                         *artifact.device(0).commands()->Get(0)
                              ->operation_as_Launch()),
            0);
}

TEST(DimSymbols, CopySymbolMustExist) {
  Model m;
  m.copySymbol = 2;
  EXPECT_EQ(loadError(m), "device 0 command 2 (copy) has symbol 2, but the "
                          "artifact has 1 dimension symbols");
}

TEST(DimSymbols, SlicedCopyIsAMultipleOfTheBound) {
  Model m;
  m.copyBytes = 46;
  EXPECT_EQ(loadError(m), "device 0 command 2 (copy): copies 46 bytes at the "
                          "bound of symbol 0 ('x:0', bound 4), which is not "
                          "a multiple of the bound");
}

TEST(DimSymbols, CopyOfSlicedBufferIsSliced) {
  Model m;
  m.copySymbol = -1;
  EXPECT_EQ(loadError(m), "device 0 command 2 (copy): the source (buffer 3) "
                          "is sliced along symbol 0 ('x:0', bound 4), but the "
                          "copy is not sliced");
}

// Binding the symbols.

/// The model's artifact, for the tests that run it.
const Artifact &model() {
  static Artifact artifact = [] {
    Artifact loaded;
    Status status = load(Model(), loaded);
    EXPECT_TRUE(status.isOk()) << status.message();
    return loaded;
  }();
  return artifact;
}

std::string bindError(const std::vector<Tensor> &inputs) {
  std::vector<int64_t> symbols;
  Status status = bindInputs(model(), inputs, symbols);
  EXPECT_EQ(status.code(), StatusCode::InvalidArgument) << status.message();
  return status.message();
}

TEST(DimSymbols, BindFromTheInputs) {
  for (int64_t rows : {1, 3, 4}) {
    std::vector<int64_t> symbols;
    Status status =
        bindInputs(model(), std::vector<Tensor>{batch(rows, 3, 0), batch(rows, 3, 0)}, symbols);
    ASSERT_TRUE(status.isOk()) << status.message();
    EXPECT_EQ(symbols, (std::vector<int64_t>{rows}));
  }
}

TEST(DimSymbols, BindRefusesAValueAboveTheBound) {
  EXPECT_EQ(bindError({batch(5, 3, 0), batch(5, 3, 0)}),
            "input 'x' dimension 0 is 5, above the bound 4 the artifact was "
            "compiled for (symbol 'x:0')");
}

TEST(DimSymbols, BindRefusesZero) {
  EXPECT_EQ(bindError({batch(0, 3, 0), batch(0, 3, 0)}),
            "input 'x' dimension 0 is 0; the artifact was compiled for sizes "
            "1 to 4 (symbol 'x:0')");
}

TEST(DimSymbols, BindRefusesDisagreement) {
  EXPECT_EQ(bindError({batch(3, 3, 0), batch(2, 3, 0)}),
            "input 'y' dimension 0 is 2, but input 'x' gives symbol 'x:0' the "
            "value 3");
}

TEST(DimSymbols, BindChecksStaticDimensionsAndDtypes) {
  EXPECT_EQ(bindError({batch(3, 2, 0), batch(3, 3, 0)}),
            "input 'x' is 3x2xf32 but the model expects ?(<=4)x3xf32");
  EXPECT_EQ(bindError({batch(3, 3, 0),
                       Tensor::fromDoubles(DType::F64, {3, 3},
                                           std::vector<double>(9, 0))}),
            "input 'y' is 3x3xf64 but the model expects ?(<=4)x3xf32");
  EXPECT_EQ(bindError({batch(3, 3, 0)}), "the model has 2 inputs but 1 were "
                                         "given");
}

TEST(DimSymbols, BindScaledDimensions) {
  // y's dimension 0 is twice the symbol: 8 at the bound 4.
  ArtifactWriter writer("loom-test");
  writer.addDimSymbol("x:0", 4);
  writer.addInput("x", DType::F32, {4, 3});
  writer.setInputDimSymbols(0, {0, -1});
  writer.addInput("y", DType::F32, {8, 3});
  writer.setInputDimSymbols(1, {0, -1});
  writer.addBuffer(BufferKind_Input, 0, 48, 4, 0);
  writer.addBuffer(BufferKind_Input, 1, 96, 4, 0);
  Artifact artifact;
  Status loaded = Artifact::load(writer.finish(), artifact);
  ASSERT_TRUE(loaded.isOk()) << loaded.message();
  EXPECT_EQ(artifact.specString(artifact.inputs()[1]),
            "?(<=8, a multiple of 2)x3xf32");
  std::vector<int64_t> symbols;
  Status status =
      bindInputs(artifact, std::vector<Tensor>{batch(3, 3, 0), batch(6, 3, 0)}, symbols);
  ASSERT_TRUE(status.isOk()) << status.message();
  EXPECT_EQ(symbols, (std::vector<int64_t>{3}));
  status = bindInputs(artifact, std::vector<Tensor>{batch(3, 3, 0), batch(5, 3, 0)}, symbols);
  EXPECT_EQ(status.message(), "input 'y' dimension 0 is 5, but input 'x' "
                              "gives symbol 'x:0' the value 3, which makes "
                              "this dimension 6");
  // Bound from y first.
  ArtifactWriter first("loom-test");
  first.addDimSymbol("y:0", 4);
  first.addInput("y", DType::F32, {8, 3});
  first.setInputDimSymbols(0, {0, -1});
  first.addBuffer(BufferKind_Input, 0, 96, 4, 0);
  ASSERT_TRUE(Artifact::load(first.finish(), artifact).isOk());
  status = bindInputs(artifact, std::vector<Tensor>{batch(5, 3, 0)}, symbols);
  EXPECT_EQ(status.message(),
            "input 'y' dimension 0 is 5, not a positive multiple of 2; the "
            "artifact was compiled for sizes 2 to 8 in steps of 2 (symbol "
            "'y:0')");
}

// Running on the CPU.

TEST(DimSymbols, CpuRunsEachSlice) {
  for (unsigned threads : {1u, 3u}) {
    for (int64_t rows : {1, 3, 4}) {
      ExecutorOptions options;
      options.threads = threads;
      Executor executor;
      ASSERT_TRUE(Executor::load(model(), options, executor).isOk());
      Tensor x = batch(rows, 3, 1), y = batch(rows, 3, 100);
      std::vector<Tensor> outputs;
      Status status = executor.run(std::vector<Tensor>{x, y}, outputs);
      ASSERT_TRUE(status.isOk()) << status.message();
      ASSERT_EQ(outputs.size(), 3u);
      EXPECT_EQ(outputs[0].shape(), (Shape{rows, 3}));
      EXPECT_EQ(outputs[1].shape(), (Shape{rows, 3}));
      EXPECT_EQ(outputs[2].shape(), (Shape{rows, 6}));
      std::vector<double> xs = values(x), ys = values(y);
      std::vector<double> z = values(outputs[0]),
                          w = values(outputs[1]);
      for (size_t i = 0; i < xs.size(); ++i) {
        EXPECT_EQ(w[i], xs[i] + ys[i]) << i;
        EXPECT_EQ(z[i], 2 * (xs[i] + ys[i])) << i;
      }
      // Every slice's workgroups ran with the ids of one slice's grid.
      std::vector<double> ids = values(outputs[2]);
      for (int64_t r = 0; r < rows; ++r)
        for (int64_t i = 0; i < 6; ++i)
          EXPECT_EQ(ids[r * 6 + i], double(i + 1)) << r << " " << i;
    }
  }
}

TEST(DimSymbols, CpuFailureNamesTheSlice) {
  Model m;
  m.factor = 0; // scale_f32 fails in workgroup 1
  Artifact artifact;
  ASSERT_TRUE(load(m, artifact).isOk());
  std::vector<Tensor> outputs;
  Status status = run(artifact, std::vector<Tensor>{batch(3, 3, 0), batch(3, 3, 0)},
                      outputs);
  EXPECT_EQ(status.code(), StatusCode::Aborted);
  EXPECT_EQ(status.message(), "command 1: kernel 'scale_f32' returned 7 in "
                              "workgroup (1, 0, 0) of (2, 1, 1), slice 0 of 3");
}

TEST(DimSymbols, CpuProfileCountsEverySlice) {
  Executor executor;
  ASSERT_TRUE(Executor::load(model(), {}, executor).isOk());
  std::vector<Tensor> outputs;
  ASSERT_TRUE(executor.run(std::vector<Tensor>{batch(3, 3, 0), batch(3, 3, 0)}, outputs).isOk());
  std::string profile = executor.profile();
  // record_ids: 2x3 workgroups in each of 3 slices.
  size_t line = profile.find("record_ids");
  ASSERT_NE(line, std::string::npos) << profile;
  std::string row = profile.substr(line, profile.find('\n', line) - line);
  EXPECT_NE(row.find(" 18 "), std::string::npos) << row;
}

TEST(DimSymbols, CpuDeviceNeedsEveryValue) {
  const Driver *driver = DriverRegistry::builtin().find(artifact::Target_Cpu);
  ASSERT_NE(driver, nullptr);
  std::unique_ptr<Device> device;
  ASSERT_TRUE(driver->open(model(), 0, DeviceOptions(), device).isOk());
  std::vector<Tensor> outputs;
  Status status = device->run(
      std::vector<Tensor>{batch(3, 3, 0), batch(3, 3, 0)}, {}, outputs);
  EXPECT_EQ(status.code(), StatusCode::InvalidArgument);
  EXPECT_EQ(status.message(), "the device was given 0 symbol values, but "
                              "the artifact has 1 dimension symbols");
  status = device->run(std::vector<Tensor>{batch(3, 3, 0), batch(3, 3, 0)},
                       {3}, outputs);
  ASSERT_TRUE(status.isOk()) << status.message();
  EXPECT_EQ(outputs[2].shape(), (Shape{3, 6}));
}

/// Sees every launch: a sliced one once per slice, with that slice's
/// arguments.
class Recorder final : public CommandObserver {
public:
  Status beforeLaunch(int, size_t command, const artifact::Launch &,
                      const std::vector<void *> &,
                      const std::vector<uint64_t> &sizes) override {
    seen.push_back({command, sizes});
    return Status::ok();
  }
  Status afterLaunch(int, size_t, const artifact::Launch &,
                     const std::vector<void *> &,
                     const std::vector<uint64_t> &) override {
    return Status::ok();
  }
  std::vector<std::pair<size_t, std::vector<uint64_t>>> seen;
};

TEST(DimSymbols, ObserverSeesEachSlice) {
  Recorder recorder;
  ExecutorOptions options;
  options.commandObserver = &recorder;
  std::vector<Tensor> outputs;
  Status status =
      run(model(), std::vector<Tensor>{batch(2, 3, 0), batch(2, 3, 0)}, outputs,
          options);
  ASSERT_TRUE(status.isOk()) << status.message();
  // Three launches of two slices each; scale_f32's factor is whole.
  ASSERT_EQ(recorder.seen.size(), 6u);
  EXPECT_EQ(recorder.seen[0].first, 0u);
  EXPECT_EQ(recorder.seen[0].second, (std::vector<uint64_t>{12, 12, 12}));
  EXPECT_EQ(recorder.seen[3].first, 1u);
  EXPECT_EQ(recorder.seen[3].second, (std::vector<uint64_t>{12, 4, 12}));
  EXPECT_EQ(recorder.seen[5].first, 3u);
  EXPECT_EQ(recorder.seen[5].second, (std::vector<uint64_t>{24}));
}

// Drivers that do not run symbols.

TEST(DimSymbols, SystolicAndCudaDriversRefuseSymbols) {
  for (auto [target, name] :
       {std::pair{artifact::Target_Systolic, "systolic"},
        std::pair{artifact::Target_Cuda, "cuda"}}) {
    ArtifactWriter writer("loom-test");
    writer.addDimSymbol("x:0", 4);
    writer.addInput("x", DType::F32, {4});
    writer.setInputDimSymbols(0, {0});
    writer.addBuffer(BufferKind_Input, 0, 16, 4, 0);
    writer.addDevice(target, 0);
    Artifact artifact;
    Status loaded = Artifact::load(writer.finish(), artifact);
    ASSERT_TRUE(loaded.isOk()) << loaded.message();
    Executor executor;
    Status status = Executor::load(artifact, {}, executor);
    EXPECT_EQ(status.code(), StatusCode::Unimplemented);
    EXPECT_EQ(status.message(),
              std::string("the ") + name +
                  " driver does not run artifacts with symbolic dimensions; "
                  "compile with static shapes");
  }
}

} // namespace
