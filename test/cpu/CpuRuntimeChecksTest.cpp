//===- CpuRuntimeChecksTest.cpp - Kernels that refuse bad input ------------===//
//
// Part of the Loom project.
//
// Generated kernels check what they are given before they run: an entry
// point called directly with the wrong buffer count or a buffer smaller
// than its shape returns the status of runtime/KernelAbi.h and runs
// nothing. While they run, they check every gather/scatter index and
// integer divisor, and the executor turns a failed check into one line
// naming the node; with the checks compiled out the code clamps, skips or
// divides to 0 as documented.
//
//===----------------------------------------------------------------------===//

#include "backends/cpu/CpuCodegen.h"
#include "passes/Registration.h"
#include "runtime/Artifact.h"
#include "runtime/ArtifactWriter.h"
#include "runtime/Executor.h"
#include "runtime/KernelAbi.h"
#include "runtime/drivers/cpu/CpuExecutable.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/Parser/Parser.h"

#include <gtest/gtest.h>

using namespace loom;
using namespace mlir;

namespace {

// A 4x3 table whose rows are 0.., 10.., 20.., 30..; the kernels of the
// tests, each with its node's location.
constexpr const char *kKernels = R"(
  func.func private @gather(%t: tensor<4x3xf32>, %i: tensor<2xi64>) -> tensor<2x3xf32>
      attributes {loom.kernel = #loom.kernel<generic>} {
    %0 = loom.gather %t, %i axis 0 : (tensor<4x3xf32>, tensor<2xi64>) -> tensor<2x3xf32> loc("lookup"("model.onnx":1:0))
    return %0 : tensor<2x3xf32>
  }
  func.func private @gather_elements(%t: tensor<4x3xf32>, %i: tensor<4x2xi32>) -> tensor<4x2xf32>
      attributes {loom.kernel = #loom.kernel<generic>} {
    %0 = loom.gather_elements %t, %i axis 1 : (tensor<4x3xf32>, tensor<4x2xi32>) -> tensor<4x2xf32> loc("pick"("model.onnx":2:0))
    return %0 : tensor<4x2xf32>
  }
  func.func private @gather_nd(%t: tensor<4x3xf32>, %i: tensor<2x2xi64>) -> tensor<2xf32>
      attributes {loom.kernel = #loom.kernel<generic>} {
    %0 = loom.gather_nd %t, %i : (tensor<4x3xf32>, tensor<2x2xi64>) -> tensor<2xf32> loc("tuples"("model.onnx":3:0))
    return %0 : tensor<2xf32>
  }
  func.func private @scatter(%t: tensor<4x3xf32>, %i: tensor<1x3xi64>, %u: tensor<1x3xf32>) -> tensor<4x3xf32>
      attributes {loom.kernel = #loom.kernel<generic>} {
    %0 = loom.scatter %t, %i, %u axis 0 : (tensor<4x3xf32>, tensor<1x3xi64>, tensor<1x3xf32>) -> tensor<4x3xf32> loc("put"("model.onnx":4:0))
    return %0 : tensor<4x3xf32>
  }
  func.func private @scatter_nd(%t: tensor<4x3xf32>, %i: tensor<1x1xi64>, %u: tensor<1x3xf32>) -> tensor<4x3xf32>
      attributes {loom.kernel = #loom.kernel<generic>} {
    %0 = loom.scatter_nd %t, %i, %u reduction add : (tensor<4x3xf32>, tensor<1x1xi64>, tensor<1x3xf32>) -> tensor<4x3xf32> loc("put_rows"("model.onnx":5:0))
    return %0 : tensor<4x3xf32>
  }
  func.func private @divide(%a: tensor<4xi64>, %b: tensor<4xi64>) -> tensor<4xi64>
      attributes {loom.kernel = #loom.kernel<generic>} {
    %0 = loom.div %a, %b : (tensor<4xi64>, tensor<4xi64>) -> tensor<4xi64> loc("quotient"("model.onnx":6:0))
    return %0 : tensor<4xi64>
  }
  func.func private @remainder(%a: tensor<4xi32>, %b: tensor<4xi32>) -> tensor<4xi32>
      attributes {loom.kernel = #loom.kernel<generic>} {
    %0 = loom.rem %a, %b : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32> loc("modulo"("model.onnx":7:0))
    return %0 : tensor<4xi32>
  }
  func.func private @add(%a: tensor<4xf32>, %b: tensor<4xf32>) -> tensor<4xf32>
      attributes {loom.kernel = #loom.kernel<generic>} {
    %0 = loom.add %a, %b : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
    return %0 : tensor<4xf32>
  }
)";

std::vector<double> table() {
  return {0, 1, 2, 10, 11, 12, 20, 21, 22, 30, 31, 32};
}

class CpuRuntimeChecksTest : public ::testing::Test {
protected:
  CpuRuntimeChecksTest() {
    DialectRegistry registry;
    registerLoomDialects(registry);
    context.appendDialectRegistry(registry);
    context.loadAllAvailableDialects();
    module = parseSourceString<ModuleOp>(kKernels, &context);
  }

  /// The kernels compiled with or without run-time checks.
  const KernelLibrary &library(bool runtimeChecks) {
    std::optional<KernelLibrary> &slot = libraries[runtimeChecks];
    if (!slot) {
      std::string messages;
      ScopedDiagnosticHandler handler(&context, [&](Diagnostic &diagnostic) {
        messages += diagnostic.str() + "\n";
        return success();
      });
      cpu::TargetOptions options;
      options.runtimeChecks = runtimeChecks;
      FailureOr<KernelLibrary> compiled = cpu::compileKernels(*module, options);
      EXPECT_TRUE(succeeded(compiled)) << messages;
      if (succeeded(compiled))
        slot = std::move(*compiled);
      else
        slot.emplace();
    }
    return *slot;
  }

  /// An artifact that launches kernel `name` of `library` once over its
  /// grid, with its arguments then results as buffers.
  ByteBuffer artifactFor(const KernelLibrary &library, StringRef name) {
    auto function = module->lookupSymbol<func::FuncOp>(name);
    EXPECT_TRUE(function) << name.str();
    ArtifactWriter writer("loom-cpu-runtime-checks-test");
    std::vector<uint32_t> buffers;
    auto addBuffers = [&](TypeRange types, bool isInput) {
      for (auto [index, type] : llvm::enumerate(types)) {
        auto tensorType = cast<RankedTensorType>(type);
        DType dtype = elementDType(tensorType.getElementType());
        Shape shape(tensorType.getShape().begin(), tensorType.getShape().end());
        std::string bufferName =
            (isInput ? "in" : "out") + std::to_string(index);
        uint32_t number = isInput ? writer.addInput(bufferName, dtype, shape)
                                  : writer.addOutput(bufferName, dtype, shape);
        buffers.push_back(writer.addBuffer(
            isInput ? artifact::BufferKind_Input : artifact::BufferKind_Output,
            number, numElementsOf(shape) * dtypeSize(dtype),
            static_cast<uint32_t>(dtypeSize(dtype))));
      }
    };
    addBuffers(function.getArgumentTypes(), /*isInput=*/true);
    addBuffers(function.getResultTypes(), /*isInput=*/false);
    std::vector<std::string> entries;
    uint32_t entry = 0;
    for (const KernelInfo &kernel : library.kernels) {
      if (kernel.name == name)
        entry = static_cast<uint32_t>(entries.size());
      entries.push_back(kernel.name);
    }
    writer.addLibrary(artifact::Target_Cpu,
                      artifact::CodeFormat_ElfSharedObject, library.code,
                      entries);
    uint32_t cpu = writer.addDevice(artifact::Target_Cpu, 0);
    const KernelInfo &info = library.kernels[entry];
    writer.addLaunch(cpu, 0, entry, buffers,
                     {info.workgroupCount[0], info.workgroupCount[1],
                      info.workgroupCount[2]});
    return writer.finish();
  }

  static DType elementDType(Type type) {
    if (type.isF32())
      return DType::F32;
    if (type.isInteger(32))
      return DType::I32;
    return DType::I64;
  }

  /// Runs kernel `name` on `inputs`; the run's status, its outputs in
  /// `outputs`.
  Status run(StringRef name, std::vector<Tensor> inputs,
             std::vector<Tensor> &outputs, bool runtimeChecks = true) {
    const KernelLibrary &compiled = library(runtimeChecks);
    Artifact artifact;
    Status loaded = Artifact::load(artifactFor(compiled, name), artifact);
    EXPECT_TRUE(loaded.isOk()) << loaded.message();
    if (!loaded.isOk())
      return loaded;
    ExecutorOptions options;
    options.threads = 2;
    return loom::run(artifact, inputs, outputs, options);
  }

  /// The error message of running `name` on `inputs`, expecting a failure.
  std::string failure(StringRef name, std::vector<Tensor> inputs) {
    std::vector<Tensor> outputs;
    Status status = run(name, std::move(inputs), outputs);
    EXPECT_FALSE(status.isOk()) << name.str() << " ran";
    EXPECT_EQ(status.code(), StatusCode::Aborted) << status.message();
    return status.message();
  }

  static std::vector<double> values(const Tensor &tensor) {
    std::vector<double> result;
    for (int64_t i = 0; i < tensor.numElements(); ++i)
      result.push_back(tensor.getDouble(i));
    return result;
  }

  MLIRContext context;
  OwningOpRef<ModuleOp> module;
  std::map<bool, std::optional<KernelLibrary>> libraries;
};

TEST_F(CpuRuntimeChecksTest, EntryRefusesTheWrongBufferCountAndSizes) {
  const KernelLibrary &compiled = library(/*runtimeChecks=*/true);
  Artifact artifact;
  ASSERT_TRUE(Artifact::load(artifactFor(compiled, "add"), artifact).isOk());
  CpuExecutable executable;
  Status loaded = CpuExecutable::load(artifact, 0, executable);
  ASSERT_TRUE(loaded.isOk()) << loaded.message();
  size_t index = 0;
  while (index < executable.entryCount() &&
         executable.entryName(index) != "add")
    ++index;
  ASSERT_LT(index, executable.entryCount());
  loom_kernel_entry_t add = executable.entry(index);

  // Three buffers of 4 floats (and a spare), valid whatever the call says.
  float a[4] = {1, 2, 3, 4}, b[4] = {10, 20, 30, 40}, out[4] = {-1, -1, -1, -1};
  float spare[4] = {};
  void *buffers[4] = {a, b, out, spare};
  auto call = [&](uint32_t count, std::vector<uint64_t> sizes) {
    loom_kernel_dispatch_t dispatch = {};
    dispatch.buffers = buffers;
    dispatch.buffer_sizes = sizes.data();
    dispatch.buffer_count = count;
    for (int d = 0; d < 3; ++d)
      dispatch.workgroup_count[d] = 1;
    return add(&dispatch);
  };
  auto untouched = [&] {
    return out[0] == -1 && out[1] == -1 && out[2] == -1 && out[3] == -1;
  };

  EXPECT_EQ(call(2, {16, 16}), LOOM_KERNEL_STATUS_BUFFER_COUNT);
  EXPECT_EQ(call(4, {16, 16, 16, 16}), LOOM_KERNEL_STATUS_BUFFER_COUNT);
  EXPECT_EQ(call(0, {}), LOOM_KERNEL_STATUS_BUFFER_COUNT);
  EXPECT_EQ(call(3, {8, 16, 16}), LOOM_KERNEL_STATUS_BUFFER_SIZE);
  EXPECT_EQ(call(3, {16, 16, 12}), LOOM_KERNEL_STATUS_BUFFER_SIZE - 2);
  // The lowest bad buffer is the one reported.
  EXPECT_EQ(call(3, {16, 0, 0}), LOOM_KERNEL_STATUS_BUFFER_SIZE - 1);
  EXPECT_TRUE(untouched());

  // Exact and larger buffers run.
  EXPECT_EQ(call(3, {16, 16, 16}), LOOM_KERNEL_STATUS_OK);
  EXPECT_EQ(out[0], 11);
  EXPECT_EQ(out[3], 44);
  out[0] = -1;
  EXPECT_EQ(call(3, {16, 64, 16}), LOOM_KERNEL_STATUS_OK);
  EXPECT_EQ(out[0], 11);

  EXPECT_EQ(executable.describeStatus(LOOM_KERNEL_STATUS_BUFFER_SIZE - 2,
                                      {16, 16, 12}),
            "buffer 2 of 3 (12 bytes) is smaller than it reads or writes");
}

TEST_F(CpuRuntimeChecksTest, ExecutorReportsAnEntryThatRefusesItsBuffers) {
  // A launch that passes one buffer too few (a damaged or hand-made
  // artifact): the kernel refuses it before it reads the missing one.
  const KernelLibrary &compiled = library(/*runtimeChecks=*/true);
  ArtifactWriter writer("loom-cpu-runtime-checks-test");
  uint32_t in = writer.addBuffer(artifact::BufferKind_Input,
                                 writer.addInput("a", DType::F32, {4}), 16, 4);
  uint32_t out = writer.addBuffer(
      artifact::BufferKind_Output, writer.addOutput("y", DType::F32, {4}), 16,
      4);
  (void)out;
  std::vector<std::string> entries;
  uint32_t entry = 0;
  for (const KernelInfo &kernel : compiled.kernels) {
    if (kernel.name == "add")
      entry = static_cast<uint32_t>(entries.size());
    entries.push_back(kernel.name);
  }
  writer.addLibrary(artifact::Target_Cpu, artifact::CodeFormat_ElfSharedObject,
                    compiled.code, entries);
  uint32_t cpu = writer.addDevice(artifact::Target_Cpu, 0);
  writer.addLaunch(cpu, 0, entry, {in, in}, {1});
  Artifact artifact;
  Status loaded = Artifact::load(writer.finish(), artifact);
  ASSERT_TRUE(loaded.isOk()) << loaded.message();
  std::vector<Tensor> inputs = {
      Tensor::fromDoubles(DType::F32, {4}, {1, 2, 3, 4})};
  std::vector<Tensor> outputs;
  Status status = loom::run(artifact, inputs, outputs);
  EXPECT_EQ(status.code(), StatusCode::Aborted);
  EXPECT_EQ(status.message(),
            "command 0: kernel 'add' returned -1 in workgroup (0, 0, 0) of "
            "(1, 1, 1): it was given 2 buffers, which is not the number it "
            "takes");
}

TEST_F(CpuRuntimeChecksTest, GatherIndexOutsideTheTableFailsTheRun) {
  auto ids = [](std::vector<double> values) {
    return Tensor::fromDoubles(DType::I64, {2}, values);
  };
  Tensor data = Tensor::fromDoubles(DType::F32, {4, 3}, table());
  std::string expected = "command 0: kernel 'gather': node 'lookup' "
                         "(loom.gather): an index is outside [-4, 3]";
  EXPECT_EQ(failure("gather", {data, ids({1, 7})}), expected);
  EXPECT_EQ(failure("gather", {data, ids({-1, -5})}), expected);
  EXPECT_EQ(failure("gather", {data, ids({4, 0})}), expected);

  // Negative indices within range count from the end once.
  std::vector<Tensor> outputs;
  Status status = run("gather", {data, ids({-1, -4})}, outputs);
  ASSERT_TRUE(status.isOk()) << status.message();
  EXPECT_EQ(values(outputs[0]), (std::vector<double>{30, 31, 32, 0, 1, 2}));

  // Without the checks, the documented clamp.
  status = run("gather", {data, ids({1, 7})}, outputs, /*runtimeChecks=*/false);
  ASSERT_TRUE(status.isOk()) << status.message();
  EXPECT_EQ(values(outputs[0]),
            (std::vector<double>{10, 11, 12, 30, 31, 32}));
}

TEST_F(CpuRuntimeChecksTest, EveryGatherAndScatterChecksItsIndices) {
  Tensor data = Tensor::fromDoubles(DType::F32, {4, 3}, table());
  EXPECT_EQ(failure("gather_elements",
                    {data, Tensor::fromDoubles(DType::I32, {4, 2},
                                               {0, 1, 2, -3, 0, 0, 1, 3})}),
            "command 0: kernel 'gather_elements': node 'pick' "
            "(loom.gather_elements): an index is outside [-3, 2]");
  EXPECT_EQ(failure("gather_nd",
                    {data, Tensor::fromDoubles(DType::I64, {2, 2},
                                               {3, 2, 0, -4})}),
            "command 0: kernel 'gather_nd': node 'tuples' (loom.gather_nd): "
            "coordinate 1 of an index tuple is outside [-3, 2]");
  Tensor updates = Tensor::fromDoubles(DType::F32, {1, 3}, {7, 8, 9});
  EXPECT_EQ(failure("scatter",
                    {data, Tensor::fromDoubles(DType::I64, {1, 3}, {0, -5, 1}),
                     updates}),
            "command 0: kernel 'scatter': node 'put' (loom.scatter): an "
            "index is outside [-4, 3]");
  EXPECT_EQ(failure("scatter_nd",
                    {data, Tensor::fromDoubles(DType::I64, {1, 1}, {4}),
                     updates}),
            "command 0: kernel 'scatter_nd': node 'put_rows' "
            "(loom.scatter_nd): coordinate 0 of an index tuple is outside "
            "[-4, 3]");

  // In range, with negative indices: the evaluator's results.
  std::vector<Tensor> outputs;
  Status status =
      run("scatter_nd",
          {data, Tensor::fromDoubles(DType::I64, {1, 1}, {-1}), updates},
          outputs);
  ASSERT_TRUE(status.isOk()) << status.message();
  EXPECT_EQ(values(outputs[0]), (std::vector<double>{0, 1, 2, 10, 11, 12, 20,
                                                      21, 22, 37, 39, 41}));
  status = run("gather_nd",
               {data, Tensor::fromDoubles(DType::I64, {2, 2}, {3, -1, -4, 0})},
               outputs);
  ASSERT_TRUE(status.isOk()) << status.message();
  EXPECT_EQ(values(outputs[0]), (std::vector<double>{32, 0}));
}

TEST_F(CpuRuntimeChecksTest, IntegerDivisionByZeroFailsTheRun) {
  EXPECT_EQ(failure("divide", {Tensor::fromDoubles(DType::I64, {4},
                                                   {7, -7, 8, 9}),
                               Tensor::fromDoubles(DType::I64, {4},
                                                   {2, 0, -3, 1})}),
            "command 0: kernel 'divide': node 'quotient' (loom.div): integer "
            "division by zero");
  EXPECT_EQ(failure("remainder", {Tensor::fromDoubles(DType::I32, {4},
                                                      {7, -7, 8, 9}),
                                  Tensor::fromDoubles(DType::I32, {4},
                                                      {2, 3, 0, 1})}),
            "command 0: kernel 'remainder': node 'modulo' (loom.rem): integer "
            "division by zero");
  std::vector<Tensor> outputs;
  Status status = run("divide",
                      {Tensor::fromDoubles(DType::I64, {4}, {7, -7, 8, 9}),
                       Tensor::fromDoubles(DType::I64, {4}, {2, 2, -3, -1})},
                      outputs);
  ASSERT_TRUE(status.isOk()) << status.message();
  EXPECT_EQ(values(outputs[0]), (std::vector<double>{3, -3, -2, -9}));
  status = run("divide",
               {Tensor::fromDoubles(DType::I64, {4}, {7, -7, 8, 9}),
                Tensor::fromDoubles(DType::I64, {4}, {2, 0, -3, 1})},
               outputs, /*runtimeChecks=*/false);
  ASSERT_TRUE(status.isOk()) << status.message();
  EXPECT_EQ(values(outputs[0]), (std::vector<double>{3, 0, -2, 9}));
}

} // namespace
