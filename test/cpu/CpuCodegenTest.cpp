//===- CpuCodegenTest.cpp - The CPU backend against the evaluator ---------===//
//
// Part of the Loom project.
//
// Kernels written by hand in the loom dialect (as loom-form-dispatches
// outlines them) are compiled by loom::cpu::compileKernels into one shared
// object, which an artifact built here launches through the CPU executor on
// random inputs: with the grid the compiler chose, and with other workgroup
// counts, since a workgroup runs the tiles id, id + count, ... whatever the
// count. The reference evaluator computes the expected results.
//
//===----------------------------------------------------------------------===//

#include "EvaluatorTestUtils.h"

#include "backends/cpu/CpuCodegen.h"
#include "evaluator/Evaluator.h"
#include "passes/Registration.h"
#include "runtime/Artifact.h"
#include "runtime/ArtifactWriter.h"
#include "runtime/Executor.h"
#include "runtime/ThreadPool.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/Parser/Parser.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <random>

using namespace loom;
using namespace mlir;

namespace {

class CpuCodegenTest : public ::testing::Test {
protected:
  CpuCodegenTest() {
    DialectRegistry registry;
    registerLoomDialects(registry);
    context.appendDialectRegistry(registry);
    context.loadAllAvailableDialects();
  }

  OwningOpRef<ModuleOp> parse(const std::string &source) {
    OwningOpRef<ModuleOp> module =
        parseSourceString<ModuleOp>(source, &context);
    EXPECT_TRUE(module) << "cannot parse:\n" << source;
    return module;
  }

  /// Compiles the kernels of `source`, expecting success.
  std::optional<KernelLibrary> compile(ModuleOp module) {
    std::string messages;
    ScopedDiagnosticHandler handler(&context, [&](Diagnostic &diagnostic) {
      messages += diagnostic.str() + "\n";
      return success();
    });
    FailureOr<KernelLibrary> library =
        cpu::compileKernels(module, cpu::TargetOptions());
    EXPECT_TRUE(succeeded(library)) << messages;
    if (failed(library))
      return std::nullopt;
    return std::move(*library);
  }

  /// Compiles every kernel of `source` and checks each against the
  /// evaluator, with its own grid and with 1 and 3 workgroups.
  void checkKernels(const std::string &source, double rtol = 1e-5,
                    double atol = 1e-6) {
    OwningOpRef<ModuleOp> module = parse(source);
    if (!module)
      return;
    std::optional<KernelLibrary> library = compile(*module);
    if (!library)
      return;
    std::vector<std::string> entries;
    for (const KernelInfo &kernel : library->kernels)
      entries.push_back(kernel.name);
    for (auto [index, kernel] : llvm::enumerate(library->kernels)) {
      auto function = module->lookupSymbol<func::FuncOp>(kernel.name);
      ASSERT_TRUE(function) << kernel.name;
      std::vector<Tensor> inputs = randomInputs(function);
      FailureOr<std::vector<Tensor>> expected =
          eval::evaluateFunction(function, inputs);
      ASSERT_TRUE(succeeded(expected)) << kernel.name;
      uint32_t grid = kernel.workgroupCount[0] * kernel.workgroupCount[1] *
                      kernel.workgroupCount[2];
      for (uint32_t workgroups : {grid, 1u, 3u}) {
        SCOPED_TRACE(kernel.name + " on " + std::to_string(workgroups) +
                     " workgroups");
        std::vector<Tensor> actual = runKernel(
            function, library->code, entries, index, workgroups,
            inputs);
        ASSERT_EQ(actual.size(), expected->size());
        for (size_t i = 0; i < actual.size(); ++i)
          test::expectTensorNear(actual[i], (*expected)[i], rtol, atol);
      }
    }
  }

  /// Inputs in [-2, 2) (integers in [-8, 8)) for `function`'s arguments.
  std::vector<Tensor> randomInputs(func::FuncOp function) {
    std::vector<Tensor> inputs;
    for (Type type : function.getArgumentTypes()) {
      auto tensorType = cast<RankedTensorType>(type);
      DType dtype = *eval::dtypeOf(tensorType.getElementType());
      Shape shape(tensorType.getShape().begin(), tensorType.getShape().end());
      std::vector<double> values(numElementsOf(shape));
      std::uniform_real_distribution<double> real(-2, 2);
      std::uniform_int_distribution<int> integer(-8, 7);
      for (double &value : values)
        value = isFloat(dtype) ? real(random) : integer(random);
      inputs.push_back(Tensor::fromDoubles(dtype, shape, values));
    }
    return inputs;
  }

  /// Runs entry `entry` of `code` once over `workgroups` workgroups with
  /// `function`'s arguments then results as its buffers.
  std::vector<Tensor> runKernel(func::FuncOp function,
                                const ByteBuffer &code,
                                const std::vector<std::string> &entries,
                                size_t entry, uint32_t workgroups,
                                const std::vector<Tensor> &inputs) {
    ArtifactWriter writer("loom-cpu-codegen-test");
    std::vector<uint32_t> buffers;
    auto addBuffers = [&](TypeRange types, bool isInput) {
      for (auto [index, type] : llvm::enumerate(types)) {
        auto tensorType = cast<RankedTensorType>(type);
        DType dtype = *eval::dtypeOf(tensorType.getElementType());
        Shape shape(tensorType.getShape().begin(),
                    tensorType.getShape().end());
        std::string name = (isInput ? "in" : "out") + std::to_string(index);
        uint32_t number = isInput ? writer.addInput(name, dtype, shape)
                                  : writer.addOutput(name, dtype, shape);
        uint64_t bytes = numElementsOf(shape) * dtypeSize(dtype);
        buffers.push_back(writer.addBuffer(
            isInput ? artifact::BufferKind_Input : artifact::BufferKind_Output,
            number, bytes, static_cast<uint32_t>(dtypeSize(dtype))));
      }
    };
    addBuffers(function.getArgumentTypes(), /*isInput=*/true);
    addBuffers(function.getResultTypes(), /*isInput=*/false);
    writer.addLibrary(artifact::Target_Cpu,
                      artifact::CodeFormat_ElfSharedObject,
                      code, entries);
    uint32_t cpu = writer.addDevice(artifact::Target_Cpu, 0);
    writer.addLaunch(cpu, 0, static_cast<uint32_t>(entry), buffers,
                     {workgroups});
    Artifact artifact;
    Status loaded = Artifact::load(writer.finish(), artifact);
    EXPECT_TRUE(loaded.isOk()) << loaded.message();
    std::vector<Tensor> outputs;
    ExecutorOptions options;
    options.threads = 2;
    Status status = run(artifact, inputs, outputs, options);
    EXPECT_TRUE(status.isOk()) << status.message();
    return outputs;
  }

  void checkOutputInPlaceOfInput(const std::string &source);

  MLIRContext context;
  std::mt19937 random{42};
};

TEST_F(CpuCodegenTest, ElementwiseChainWithBroadcast) {
  checkKernels(R"(
    func.func private @chain(%a: tensor<512x512xf32>, %b: tensor<512xf32>)
        -> tensor<512x512xf32> attributes {loom.kernel = #loom.kernel<generic>} {
      %0 = loom.add %a, %b : (tensor<512x512xf32>, tensor<512xf32>) -> tensor<512x512xf32>
      %1 = loom.mul %0, %a : (tensor<512x512xf32>, tensor<512x512xf32>) -> tensor<512x512xf32>
      %2 = loom.sub %1, %b : (tensor<512x512xf32>, tensor<512xf32>) -> tensor<512x512xf32>
      return %2 : tensor<512x512xf32>
    })");
}

TEST_F(CpuCodegenTest, ApproximatedTranscendentals) {
  // exp, tanh, log, erf and sigmoid go through polynomial approximations;
  // sin and atan call libm.
  checkKernels(R"(
    func.func private @transcendentals(%a: tensor<300x257xf32>)
        -> tensor<300x257xf32> attributes {loom.kernel = #loom.kernel<generic>} {
      %0 = loom.tanh %a : tensor<300x257xf32>
      %1 = loom.exp %0 : tensor<300x257xf32>
      %2 = loom.log %1 : tensor<300x257xf32>
      %3 = loom.erf %2 : tensor<300x257xf32>
      %4 = loom.sigmoid %3 : tensor<300x257xf32>
      %5 = loom.exp %a : tensor<300x257xf32>
      %6 = loom.add %4, %5 : (tensor<300x257xf32>, tensor<300x257xf32>) -> tensor<300x257xf32>
      %7 = loom.sin %6 : tensor<300x257xf32>
      %8 = loom.atan %7 : tensor<300x257xf32>
      return %8 : tensor<300x257xf32>
    })",
               /*rtol=*/1e-5, /*atol=*/1e-5);
}

TEST_F(CpuCodegenTest, IntegerAndF64Elementwise) {
  checkKernels(R"(
    func.func private @integers(%a: tensor<64x33xi32>, %b: tensor<64x33xi32>)
        -> tensor<64x33xi32> attributes {loom.kernel = #loom.kernel<generic>} {
      %0 = loom.mul %a, %b : (tensor<64x33xi32>, tensor<64x33xi32>) -> tensor<64x33xi32>
      %1 = loom.max %0, %a : (tensor<64x33xi32>, tensor<64x33xi32>) -> tensor<64x33xi32>
      return %1 : tensor<64x33xi32>
    }
    func.func private @doubles(%a: tensor<17x5xf64>) -> tensor<17x5xf64>
        attributes {loom.kernel = #loom.kernel<generic>} {
      %0 = loom.exp %a : tensor<17x5xf64>
      %1 = loom.sin %0 : tensor<17x5xf64>
      return %1 : tensor<17x5xf64>
    })",
               /*rtol=*/1e-12, /*atol=*/1e-12);
}

TEST_F(CpuCodegenTest, HalfPrecisionElementwise) {
  // f16 and bf16 compute in f32 and round once, like the evaluator; bf16
  // conversions are expanded into integer code (loom-cpu-expand-arith).
  // Approximations of exp and tanh may round to the neighbouring value: the
  // tolerance is about one bf16 ulp (2^-7).
  checkKernels(R"(
    func.func private @halves(%a: tensor<64x130xf16>, %b: tensor<64x130xf16>)
        -> tensor<64x130xf16> attributes {loom.kernel = #loom.kernel<generic>} {
      %0 = loom.mul %a, %b : (tensor<64x130xf16>, tensor<64x130xf16>) -> tensor<64x130xf16>
      %1 = loom.exp %0 : tensor<64x130xf16>
      return %1 : tensor<64x130xf16>
    }
    func.func private @brains(%a: tensor<64x130xbf16>, %b: tensor<130xbf16>)
        -> tensor<64x130xbf16> attributes {loom.kernel = #loom.kernel<generic>} {
      %0 = loom.add %a, %b : (tensor<64x130xbf16>, tensor<130xbf16>) -> tensor<64x130xbf16>
      %1 = loom.tanh %0 : tensor<64x130xbf16>
      return %1 : tensor<64x130xbf16>
    })",
               /*rtol=*/1e-2, /*atol=*/1e-2);
}

TEST_F(CpuCodegenTest, IntermediateThatIsAlsoAResult) {
  // Both results are written tile by tile by the same workgroup.
  checkKernels(R"(
    func.func private @two_results(%a: tensor<1024x256xf32>, %b: tensor<1024x256xf32>)
        -> (tensor<1024x256xf32>, tensor<1024x256xf32>) attributes {loom.kernel = #loom.kernel<generic>} {
      %0 = loom.add %a, %b : (tensor<1024x256xf32>, tensor<1024x256xf32>) -> tensor<1024x256xf32>
      %1 = loom.mul %0, %0 : (tensor<1024x256xf32>, tensor<1024x256xf32>) -> tensor<1024x256xf32>
      return %0, %1 : tensor<1024x256xf32>, tensor<1024x256xf32>
    })");
}

TEST_F(CpuCodegenTest, ReturnedMatmulAndEpilogueAreDistributed) {
  // A projection whose result the backward pass keeps, and the values its
  // epilogue returns besides (a decoder's second MLP layer): every tile
  // computes its rows of the matmul, yields them and the epilogue's.
  std::string source = R"(
    func.func private @projection(%x: tensor<8x64x512xf32>, %w: tensor<512x128xf32>,
                                  %r: tensor<8x64x128xf32>, %b: tensor<128xf32>)
        -> (tensor<8x64x128xf32>, tensor<8x64x128xf32>, tensor<8x64x128xf32>)
        attributes {loom.kernel = #loom.kernel<generic>} {
      %0 = loom.matmul %x, %w : (tensor<8x64x512xf32>, tensor<512x128xf32>) -> tensor<8x64x128xf32>
      %1 = loom.mul %0, %r : (tensor<8x64x128xf32>, tensor<8x64x128xf32>) -> tensor<8x64x128xf32>
      %2 = loom.add %0, %b : (tensor<8x64x128xf32>, tensor<128xf32>) -> tensor<8x64x128xf32>
      return %0, %1, %2 : tensor<8x64x128xf32>, tensor<8x64x128xf32>, tensor<8x64x128xf32>
    })";
  checkKernels(source, /*rtol=*/1e-4, /*atol=*/1e-4);

  OwningOpRef<ModuleOp> module = parse(source);
  ASSERT_TRUE(module);
  std::optional<KernelLibrary> library = compile(*module);
  ASSERT_TRUE(library);
  ASSERT_EQ(library->kernels.size(), 1u);
  EXPECT_GT(library->kernels[0].workgroupCount[0], 1u);
}

/// Runs the first kernel of `source` on inputs a and b (same shape, f32)
/// with its first result in the buffer of a, as the memory planner may place
/// it for an elementwise kernel, and compares with the evaluator.
void CpuCodegenTest::checkOutputInPlaceOfInput(const std::string &source) {
  OwningOpRef<ModuleOp> module = parse(source);
  ASSERT_TRUE(module);
  std::optional<KernelLibrary> library = compile(*module);
  ASSERT_TRUE(library);
  const KernelInfo &kernel = library->kernels.front();
  auto function = module->lookupSymbol<func::FuncOp>(kernel.name);
  std::vector<Tensor> inputs = randomInputs(function);
  FailureOr<std::vector<Tensor>> expected =
      eval::evaluateFunction(function, inputs);
  ASSERT_TRUE(succeeded(expected));

  // Arena: a's copy (and result 0) at 0, the other results after it.
  Shape shape = inputs[0].shape();
  uint64_t bytes = inputs[0].byteSize();
  uint64_t slot = (bytes + 63) / 64 * 64;
  ArtifactWriter writer("loom-cpu-codegen-test");
  writer.addInput("a", DType::F32, shape);
  writer.addInput("b", DType::F32, shape);
  uint32_t a = writer.addBuffer(artifact::BufferKind_Input, 0, bytes, 4);
  uint32_t b = writer.addBuffer(artifact::BufferKind_Input, 1, bytes, 4);
  std::vector<uint32_t> arguments = {0, b}, results;
  for (size_t i = 0; i < expected->size(); ++i) {
    writer.addOutput("r" + std::to_string(i), DType::F32, shape);
    arguments.push_back(
        writer.addBuffer(artifact::BufferKind_Arena, i * slot, bytes, 64));
    results.push_back(
        writer.addBuffer(artifact::BufferKind_Output, i, bytes, 4));
  }
  arguments[0] = arguments[2];
  writer.setArenaSize(expected->size() * slot);
  writer.addLibrary(artifact::Target_Cpu, artifact::CodeFormat_ElfSharedObject,
                    library->code, {kernel.name});
  uint32_t cpu = writer.addDevice(artifact::Target_Cpu, 0);
  writer.addCopy(cpu, a, arguments[0], bytes);
  writer.addLaunch(cpu, 0, 0, arguments,
                   {kernel.workgroupCount.begin(), kernel.workgroupCount.end()});
  for (size_t i = 0; i < results.size(); ++i)
    writer.addCopy(cpu, arguments[2 + i], results[i], bytes);
  Artifact artifact;
  Status loaded = Artifact::load(writer.finish(), artifact);
  ASSERT_TRUE(loaded.isOk()) << loaded.message();
  std::vector<Tensor> outputs;
  ExecutorOptions options;
  options.threads = 2;
  Status status = run(artifact, inputs, outputs, options);
  ASSERT_TRUE(status.isOk()) << status.message();
  ASSERT_EQ(outputs.size(), expected->size());
  for (size_t i = 0; i < outputs.size(); ++i)
    test::expectTensorNear(outputs[i], (*expected)[i]);
}

TEST_F(CpuCodegenTest, ElementwiseOutputInPlaceOfInput) {
  // One fused op reads a and writes the result at the same element:
  // computed in place, distributed.
  checkOutputInPlaceOfInput(R"(
    func.func private @chain(%a: tensor<512x256xf32>, %b: tensor<512x256xf32>)
        -> tensor<512x256xf32>
        attributes {loom.kernel = #loom.kernel<elementwise>} {
      %0 = loom.add %a, %b : (tensor<512x256xf32>, tensor<512x256xf32>) -> tensor<512x256xf32>
      %1 = loom.mul %0, %a : (tensor<512x256xf32>, tensor<512x256xf32>) -> tensor<512x256xf32>
      return %1 : tensor<512x256xf32>
    })");
  // Two ops both reading a (the sum has two uses, so elementwise fusion
  // leaves them apart; loom-cpu-merge-elementwise makes them one generic):
  // the first result must not overwrite a before the second has read it.
  checkOutputInPlaceOfInput(R"(
    func.func private @siblings(%a: tensor<512x256xf32>, %b: tensor<512x256xf32>)
        -> (tensor<512x256xf32>, tensor<512x256xf32>)
        attributes {loom.kernel = #loom.kernel<elementwise>} {
      %0 = loom.add %a, %b : (tensor<512x256xf32>, tensor<512x256xf32>) -> tensor<512x256xf32>
      %1 = loom.mul %0, %a : (tensor<512x256xf32>, tensor<512x256xf32>) -> tensor<512x256xf32>
      %2 = loom.sub %0, %a : (tensor<512x256xf32>, tensor<512x256xf32>) -> tensor<512x256xf32>
      return %1, %2 : tensor<512x256xf32>, tensor<512x256xf32>
    })");
}

TEST_F(CpuCodegenTest, SeveralResultsInPlaceAndDistributed) {
  // An Adam-like update (a moment that the kernel returns and a parameter
  // update that reads it) and siblings (two results reading one sum)
  // become one generic each (loom-cpu-merge-elementwise), which reads and
  // writes each element in the same iteration. With the first result in
  // the buffer of a, each is computed in place and distributed.
  for (const char *source : {R"(
    func.func private @update(%a: tensor<512x256xf32>, %b: tensor<512x256xf32>)
        -> (tensor<512x256xf32>, tensor<512x256xf32>)
        attributes {loom.kernel = #loom.kernel<elementwise>} {
      %0 = loom.add %a, %b : (tensor<512x256xf32>, tensor<512x256xf32>) -> tensor<512x256xf32>
      %1 = loom.mul %0, %0 : (tensor<512x256xf32>, tensor<512x256xf32>) -> tensor<512x256xf32>
      %2 = loom.sub %b, %1 : (tensor<512x256xf32>, tensor<512x256xf32>) -> tensor<512x256xf32>
      return %0, %2 : tensor<512x256xf32>, tensor<512x256xf32>
    })",
                             R"(
    func.func private @siblings(%a: tensor<512x256xf32>, %b: tensor<512x256xf32>)
        -> (tensor<512x256xf32>, tensor<512x256xf32>)
        attributes {loom.kernel = #loom.kernel<elementwise>} {
      %0 = loom.add %a, %b : (tensor<512x256xf32>, tensor<512x256xf32>) -> tensor<512x256xf32>
      %1 = loom.mul %0, %a : (tensor<512x256xf32>, tensor<512x256xf32>) -> tensor<512x256xf32>
      %2 = loom.sub %0, %a : (tensor<512x256xf32>, tensor<512x256xf32>) -> tensor<512x256xf32>
      return %1, %2 : tensor<512x256xf32>, tensor<512x256xf32>
    })"}) {
    checkOutputInPlaceOfInput(source);
    checkKernels(source);

    OwningOpRef<ModuleOp> module = parse(source);
    ASSERT_TRUE(module);
    std::optional<KernelLibrary> library = compile(*module);
    ASSERT_TRUE(library);
    ASSERT_EQ(library->kernels.size(), 1u);
    EXPECT_GT(library->kernels[0].workgroupCount[0], 1u) << source;
  }
}

TEST_F(CpuCodegenTest, Reductions) {
  checkKernels(R"(
    func.func private @row_sum(%a: tensor<300x200xf32>) -> tensor<300xf32>
        attributes {loom.kernel = #loom.kernel<generic>} {
      %0 = loom.reduce_sum %a axes [1] : (tensor<300x200xf32>) -> tensor<300xf32>
      return %0 : tensor<300xf32>
    }
    func.func private @column_max(%a: tensor<300x200xf32>) -> tensor<1x200xf32>
        attributes {loom.kernel = #loom.kernel<generic>} {
      %0 = loom.reduce_max %a axes [0] keepdims : (tensor<300x200xf32>) -> tensor<1x200xf32>
      return %0 : tensor<1x200xf32>
    }
    func.func private @square_mean(%a: tensor<512x1024xf32>) -> tensor<512xf32>
        attributes {loom.kernel = #loom.kernel<generic>} {
      %0 = loom.mul %a, %a : (tensor<512x1024xf32>, tensor<512x1024xf32>) -> tensor<512x1024xf32>
      %1 = loom.reduce_mean %0 axes [1] : (tensor<512x1024xf32>) -> tensor<512xf32>
      return %1 : tensor<512xf32>
    })",
               /*rtol=*/1e-4, /*atol=*/1e-5);
}

/// A kernel multiplying an MxK by a KxN matrix.
std::string matmulKernel(int m, int k, int n) {
  std::string lhs = "tensor<" + std::to_string(m) + "x" + std::to_string(k) +
                    "xf32>";
  std::string rhs = "tensor<" + std::to_string(k) + "x" + std::to_string(n) +
                    "xf32>";
  std::string out = "tensor<" + std::to_string(m) + "x" + std::to_string(n) +
                    "xf32>";
  std::string name = "matmul_" + std::to_string(m) + "x" + std::to_string(k) +
                     "x" + std::to_string(n);
  return "func.func private @" + name + "(%a: " + lhs + ", %b: " + rhs +
         ") -> " + out + " attributes {loom.kernel = #loom.kernel<generic>} {\n" +
         "  %0 = loom.matmul %a, %b : (" + lhs + ", " + rhs + ") -> " + out +
         "\n  return %0 : " + out + "\n}\n";
}

TEST_F(CpuCodegenTest, MatmulShapes) {
  std::string source;
  for (auto [m, k, n] : std::vector<std::tuple<int, int, int>>{
           {1, 1, 1}, {1, 7, 1}, {3, 5, 2}, {16, 16, 16}, {130, 70, 33},
           {33, 130, 70}, {256, 64, 512}, {200, 300, 260}})
    source += matmulKernel(m, k, n);
  checkKernels(source, /*rtol=*/1e-4, /*atol=*/1e-4);
}

TEST_F(CpuCodegenTest, MatmulBiasRelu) {
  checkKernels(R"(
    func.func private @dense(%x: tensor<256x128xf32>, %w: tensor<128x384xf32>,
                             %bias: tensor<384xf32>) -> tensor<256x384xf32>
        attributes {loom.kernel = #loom.kernel<generic>} {
      %0 = loom.matmul %x, %w : (tensor<256x128xf32>, tensor<128x384xf32>) -> tensor<256x384xf32>
      %1 = loom.add %0, %bias : (tensor<256x384xf32>, tensor<384xf32>) -> tensor<256x384xf32>
      %2 = loom.relu %1 : tensor<256x384xf32>
      return %2 : tensor<256x384xf32>
    })",
               /*rtol=*/1e-4, /*atol=*/1e-4);
}

// The matmuls of a GPT-style decoder: [1, S, D] x [D, N] (with and without
// an epilogue) and attention's batched [1, H, S, S] x [1, H, S, E] with the
// scale and mask epilogue. Reshape propagation makes batched contractions of
// them whose accumulator is a reshaped tensor.empty; they used to fail to
// compile (a result copy outside the workgroup tiles) and now run through the
// micro-kernel, distributed.
TEST_F(CpuCodegenTest, BatchedMatmulsOfADecoder) {
  std::string source = R"(
    func.func private @projection(%x: tensor<1x128x96xf32>, %w: tensor<96x160xf32>)
        -> tensor<1x128x160xf32> attributes {loom.kernel = #loom.kernel<generic>} {
      %0 = loom.matmul %x, %w : (tensor<1x128x96xf32>, tensor<96x160xf32>) -> tensor<1x128x160xf32>
      return %0 : tensor<1x128x160xf32>
    }
    func.func private @projection_bias(%x: tensor<1x128x96xf32>, %w: tensor<96x288xf32>,
                                       %b: tensor<288xf32>) -> tensor<1x128x288xf32>
        attributes {loom.kernel = #loom.kernel<generic>} {
      %0 = loom.matmul %x, %w : (tensor<1x128x96xf32>, tensor<96x288xf32>) -> tensor<1x128x288xf32>
      %1 = loom.add %0, %b : (tensor<1x128x288xf32>, tensor<288xf32>) -> tensor<1x128x288xf32>
      return %1 : tensor<1x128x288xf32>
    }
    func.func private @scores(%q: tensor<1x3x128x32xf32>, %kt: tensor<1x3x32x128xf32>,
                              %mask: tensor<128x128xi1>) -> tensor<1x3x128x128xf32>
        attributes {loom.kernel = #loom.kernel<generic>} {
      %scale = loom.constant dense<1.250000e-01> : tensor<f32>
      %minus = loom.constant dense<0xFF800000> : tensor<f32>
      %0 = loom.matmul %q, %kt : (tensor<1x3x128x32xf32>, tensor<1x3x32x128xf32>) -> tensor<1x3x128x128xf32>
      %1 = loom.mul %0, %scale : (tensor<1x3x128x128xf32>, tensor<f32>) -> tensor<1x3x128x128xf32>
      %2 = loom.select %mask, %minus, %1 : (tensor<128x128xi1>, tensor<f32>, tensor<1x3x128x128xf32>) -> tensor<1x3x128x128xf32>
      return %2 : tensor<1x3x128x128xf32>
    }
    func.func private @attention_values(%p: tensor<1x3x128x128xf32>, %v: tensor<1x3x128x32xf32>)
        -> tensor<1x3x128x32xf32> attributes {loom.kernel = #loom.kernel<generic>} {
      %0 = loom.matmul %p, %v : (tensor<1x3x128x128xf32>, tensor<1x3x128x32xf32>) -> tensor<1x3x128x32xf32>
      return %0 : tensor<1x3x128x32xf32>
    })";
  checkKernels(source, /*rtol=*/1e-4, /*atol=*/1e-4);

  OwningOpRef<ModuleOp> module = parse(source);
  ASSERT_TRUE(module);
  std::optional<KernelLibrary> library = compile(*module);
  ASSERT_TRUE(library);
  for (const KernelInfo &kernel : library->kernels)
    EXPECT_GT(kernel.workgroupCount[0], 1u) << kernel.name;
}

TEST_F(CpuCodegenTest, Softmax) {
  checkKernels(R"(
    func.func private @softmax(%x: tensor<256x1000xf32>) -> tensor<256x1000xf32>
        attributes {loom.kernel = #loom.kernel<generic>} {
      %m = loom.reduce_max %x axes [1] keepdims : (tensor<256x1000xf32>) -> tensor<256x1xf32>
      %d = loom.sub %x, %m : (tensor<256x1000xf32>, tensor<256x1xf32>) -> tensor<256x1000xf32>
      %e = loom.exp %d : tensor<256x1000xf32>
      %s = loom.reduce_sum %e axes [1] keepdims : (tensor<256x1000xf32>) -> tensor<256x1xf32>
      %r = loom.div %e, %s : (tensor<256x1000xf32>, tensor<256x1xf32>) -> tensor<256x1000xf32>
      return %r : tensor<256x1000xf32>
    })",
               /*rtol=*/1e-4, /*atol=*/1e-6);
}

TEST_F(CpuCodegenTest, ConvolutionPoolingAndSoftmaxOps) {
  // The NN ops as passes/LowerToLinalgNN.cpp lowers them.
  checkKernels(R"(
    func.func private @conv_relu(%x: tensor<1x16x32x32xf32>, %w: tensor<32x16x3x3xf32>)
        -> tensor<1x32x32x32xf32> attributes {loom.kernel = #loom.kernel<generic>} {
      %0 = loom.conv %x, %w strides [1, 1] dilations [1, 1] pad_low [1, 1] pad_high [1, 1] groups 1 : (tensor<1x16x32x32xf32>, tensor<32x16x3x3xf32>) -> tensor<1x32x32x32xf32>
      %1 = loom.relu %0 : tensor<1x32x32x32xf32>
      return %1 : tensor<1x32x32x32xf32>
    }
    func.func private @max_pool(%x: tensor<2x32x32x32xf32>) -> tensor<2x32x16x16xf32>
        attributes {loom.kernel = #loom.kernel<generic>} {
      %0 = loom.max_pool %x kernel [2, 2] strides [2, 2] dilations [1, 1] pad_low [0, 0] pad_high [0, 0] : (tensor<2x32x32x32xf32>) -> tensor<2x32x16x16xf32>
      return %0 : tensor<2x32x16x16xf32>
    }
    func.func private @max_pool_padded_dilated(%x: tensor<1x1x1000x1000xf32>)
        -> tensor<1x1x43x25xf32> attributes {loom.kernel = #loom.kernel<generic>} {
      %0 = loom.max_pool %x kernel [60, 80] strides [10, 10] dilations [10, 10] pad_low [10, 20] pad_high [10, 20] : (tensor<1x1x1000x1000xf32>) -> tensor<1x1x43x25xf32>
      return %0 : tensor<1x1x43x25xf32>
    }
    func.func private @softmax_op(%x: tensor<256x500xf32>) -> tensor<256x500xf32>
        attributes {loom.kernel = #loom.kernel<generic>} {
      %0 = loom.softmax %x axis 1 : tensor<256x500xf32>
      return %0 : tensor<256x500xf32>
    })",
               /*rtol=*/1e-4, /*atol=*/1e-5);
}

TEST_F(CpuCodegenTest, ConvolutionsOfCnnsAreDistributed) {
  // The convolution kernels of ResNet and MobileNetV2, smaller: each is
  // split into workgroups (the padding and the im2col fused into every
  // tile, the contraction calling the micro-kernel per tile), and computes
  // the evaluator's results with its own grid and with 1 and 3 workgroups.
  const std::string source = R"(
    func.func private @conv3x3_residual_relu(%x: tensor<1x32x28x28xf32>, %w: tensor<32x32x3x3xf32>, %r: tensor<1x32x28x28xf32>)
        -> tensor<1x32x28x28xf32> attributes {loom.kernel = #loom.kernel<generic>} {
      %0 = loom.conv %x, %w strides [1, 1] dilations [1, 1] pad_low [1, 1] pad_high [1, 1] groups 1 : (tensor<1x32x28x28xf32>, tensor<32x32x3x3xf32>) -> tensor<1x32x28x28xf32>
      %1 = loom.add %0, %r : (tensor<1x32x28x28xf32>, tensor<1x32x28x28xf32>) -> tensor<1x32x28x28xf32>
      %2 = loom.relu %1 : tensor<1x32x28x28xf32>
      return %2 : tensor<1x32x28x28xf32>
    }
    func.func private @conv7x7_stride2_bias_relu(%x: tensor<1x3x64x64xf32>, %w: tensor<16x3x7x7xf32>, %b: tensor<1x16x1x1xf32>)
        -> tensor<1x16x32x32xf32> attributes {loom.kernel = #loom.kernel<generic>} {
      %0 = loom.conv %x, %w strides [2, 2] dilations [1, 1] pad_low [3, 3] pad_high [3, 3] groups 1 : (tensor<1x3x64x64xf32>, tensor<16x3x7x7xf32>) -> tensor<1x16x32x32xf32>
      %1 = loom.add %0, %b : (tensor<1x16x32x32xf32>, tensor<1x16x1x1xf32>) -> tensor<1x16x32x32xf32>
      %2 = loom.relu %1 : tensor<1x16x32x32xf32>
      return %2 : tensor<1x16x32x32xf32>
    }
    func.func private @conv1x1_stride2(%x: tensor<1x32x56x56xf32>, %w: tensor<64x32x1x1xf32>)
        -> tensor<1x64x28x28xf32> attributes {loom.kernel = #loom.kernel<generic>} {
      %0 = loom.conv %x, %w strides [2, 2] dilations [1, 1] pad_low [0, 0] pad_high [0, 0] groups 1 : (tensor<1x32x56x56xf32>, tensor<64x32x1x1xf32>) -> tensor<1x64x28x28xf32>
      return %0 : tensor<1x64x28x28xf32>
    }
    func.func private @conv1x1_residual(%x: tensor<1x64x28x28xf32>, %w: tensor<128x64x1x1xf32>, %r: tensor<1x128x28x28xf32>)
        -> tensor<1x128x28x28xf32> attributes {loom.kernel = #loom.kernel<generic>} {
      %0 = loom.conv %x, %w strides [1, 1] dilations [1, 1] pad_low [0, 0] pad_high [0, 0] groups 1 : (tensor<1x64x28x28xf32>, tensor<128x64x1x1xf32>) -> tensor<1x128x28x28xf32>
      %1 = loom.add %0, %r : (tensor<1x128x28x28xf32>, tensor<1x128x28x28xf32>) -> tensor<1x128x28x28xf32>
      return %1 : tensor<1x128x28x28xf32>
    }
    func.func private @conv3x3_few_rows_many_filters(%x: tensor<1x64x7x7xf32>, %w: tensor<256x64x3x3xf32>)
        -> tensor<1x256x7x7xf32> attributes {loom.kernel = #loom.kernel<generic>} {
      %0 = loom.conv %x, %w strides [1, 1] dilations [1, 1] pad_low [1, 1] pad_high [1, 1] groups 1 : (tensor<1x64x7x7xf32>, tensor<256x64x3x3xf32>) -> tensor<1x256x7x7xf32>
      return %0 : tensor<1x256x7x7xf32>
    }
    func.func private @depthwise_relu6(%x: tensor<1x32x56x56xf32>, %w: tensor<32x1x3x3xf32>)
        -> tensor<1x32x56x56xf32> attributes {loom.kernel = #loom.kernel<generic>} {
      %0 = loom.conv %x, %w strides [1, 1] dilations [1, 1] pad_low [1, 1] pad_high [1, 1] groups 32 : (tensor<1x32x56x56xf32>, tensor<32x1x3x3xf32>) -> tensor<1x32x56x56xf32>
      %1 = loom.clamp %0 min = 0.000000e+00 max = 6.000000e+00 : tensor<1x32x56x56xf32>
      return %1 : tensor<1x32x56x56xf32>
    }
    func.func private @depthwise_stride2(%x: tensor<1x96x56x56xf32>, %w: tensor<96x1x3x3xf32>)
        -> tensor<1x96x28x28xf32> attributes {loom.kernel = #loom.kernel<generic>} {
      %0 = loom.conv %x, %w strides [2, 2] dilations [1, 1] pad_low [1, 1] pad_high [1, 1] groups 96 : (tensor<1x96x56x56xf32>, tensor<96x1x3x3xf32>) -> tensor<1x96x28x28xf32>
      return %0 : tensor<1x96x28x28xf32>
    }
    func.func private @conv_batch_two(%x: tensor<2x16x20x20xf32>, %w: tensor<32x16x3x3xf32>)
        -> tensor<2x32x20x20xf32> attributes {loom.kernel = #loom.kernel<generic>} {
      %0 = loom.conv %x, %w strides [1, 1] dilations [1, 1] pad_low [1, 1] pad_high [1, 1] groups 1 : (tensor<2x16x20x20xf32>, tensor<32x16x3x3xf32>) -> tensor<2x32x20x20xf32>
      return %0 : tensor<2x32x20x20xf32>
    }
    func.func private @conv_batch_three_stride2_bias_relu(%x: tensor<3x8x30x30xf32>, %w: tensor<24x8x3x3xf32>, %b: tensor<1x24x1x1xf32>)
        -> tensor<3x24x15x15xf32> attributes {loom.kernel = #loom.kernel<generic>} {
      %0 = loom.conv %x, %w strides [2, 2] dilations [1, 1] pad_low [1, 1] pad_high [1, 1] groups 1 : (tensor<3x8x30x30xf32>, tensor<24x8x3x3xf32>) -> tensor<3x24x15x15xf32>
      %1 = loom.add %0, %b : (tensor<3x24x15x15xf32>, tensor<1x24x1x1xf32>) -> tensor<3x24x15x15xf32>
      %2 = loom.relu %1 : tensor<3x24x15x15xf32>
      return %2 : tensor<3x24x15x15xf32>
    }
    func.func private @conv1x1_batch_four_residual(%x: tensor<4x32x14x14xf32>, %w: tensor<48x32x1x1xf32>, %r: tensor<4x48x14x14xf32>)
        -> tensor<4x48x14x14xf32> attributes {loom.kernel = #loom.kernel<generic>} {
      %0 = loom.conv %x, %w strides [1, 1] dilations [1, 1] pad_low [0, 0] pad_high [0, 0] groups 1 : (tensor<4x32x14x14xf32>, tensor<48x32x1x1xf32>) -> tensor<4x48x14x14xf32>
      %1 = loom.add %0, %r : (tensor<4x48x14x14xf32>, tensor<4x48x14x14xf32>) -> tensor<4x48x14x14xf32>
      return %1 : tensor<4x48x14x14xf32>
    })";
  OwningOpRef<ModuleOp> module = parse(source);
  ASSERT_TRUE(module);
  std::optional<KernelLibrary> library = compile(*module);
  ASSERT_TRUE(library);
  for (const KernelInfo &kernel : library->kernels)
    EXPECT_GT(kernel.workgroupCount[0], 1u) << kernel.name;
  checkKernels(source, /*rtol=*/1e-4, /*atol=*/1e-4);
}

TEST_F(CpuCodegenTest, ReportsWorkgroupGrids) {
  OwningOpRef<ModuleOp> module = parse(R"(
    func.func private @tiny(%a: tensor<4xf32>) -> tensor<4xf32>
        attributes {loom.kernel = #loom.kernel<generic>} {
      %0 = loom.neg %a : tensor<4xf32>
      return %0 : tensor<4xf32>
    }
    func.func private @large(%a: tensor<2048x2048xf32>) -> tensor<2048x2048xf32>
        attributes {loom.kernel = #loom.kernel<generic>} {
      %0 = loom.neg %a : tensor<2048x2048xf32>
      return %0 : tensor<2048x2048xf32>
    }
    func.func @main(%a: tensor<4xf32>) -> tensor<4xf32> {
      return %a : tensor<4xf32>
    })");
  ASSERT_TRUE(module);
  std::optional<KernelLibrary> library = compile(*module);
  ASSERT_TRUE(library);
  ASSERT_EQ(library->kernels.size(), 2u);
  EXPECT_EQ(library->kernels[0].name, "tiny");
  EXPECT_EQ(library->kernels[0].workgroupCount,
            (std::array<uint32_t, 3>{1, 1, 1}));
  EXPECT_EQ(library->kernels[1].name, "large");
  // 4M elements at >= 64K each, at most 256 workgroups.
  EXPECT_EQ(library->kernels[1].workgroupCount,
            (std::array<uint32_t, 3>{64, 1, 1}));
  // The library is an ELF shared object.
  ASSERT_GE(library->code.size(), 4u);
  EXPECT_EQ(std::string(library->code.begin(), library->code.begin() + 4),
            "\x7f"
            "ELF");
  EXPECT_EQ(library->target, artifact::Target_Cpu);
  EXPECT_EQ(library->format, artifact::CodeFormat_ElfSharedObject);
}

TEST_F(CpuCodegenTest, UnsupportedOpIsAnErrorAtTheOp) {
  OwningOpRef<ModuleOp> module = parse(R"(
    func.func private @unsupported(%a: tensor<?x4xf32>) -> tensor<?x4xf32>
        attributes {loom.kernel = #loom.kernel<generic>} {
      %0 = loom.neg %a : tensor<?x4xf32>
      return %0 : tensor<?x4xf32>
    })");
  ASSERT_TRUE(module);
  std::string messages;
  ScopedDiagnosticHandler handler(&context, [&](Diagnostic &diagnostic) {
    messages += diagnostic.str() + "\n";
    return success();
  });
  EXPECT_TRUE(failed(cpu::compileKernels(*module, cpu::TargetOptions())));
  EXPECT_NE(messages.find("'loom.neg' op is not supported by the CPU backend"),
            std::string::npos)
      << messages;
}

// The repeated blocks of a model give kernels that differ only in their
// names and locations: each is compiled once and the others are aliases of
// its entry, with its grid. Kernels with run-time checks that name
// different nodes stay apart (their messages differ).
TEST_F(CpuCodegenTest, IdenticalKernelsAreCompiledOnce) {
  const std::string elementwise = R"(
    func.func private @first(%a: tensor<512x512xf32>, %b: tensor<512xf32>) -> tensor<512x512xf32>
        attributes {loom.kernel = #loom.kernel<generic>} {
      %0 = loom.add %a, %b : (tensor<512x512xf32>, tensor<512xf32>) -> tensor<512x512xf32> loc("block1/add")
      return %0 : tensor<512x512xf32>
    }
    func.func private @second(%a: tensor<512x512xf32>, %b: tensor<512xf32>) -> tensor<512x512xf32>
        attributes {loom.kernel = #loom.kernel<generic>} {
      %0 = loom.add %a, %b : (tensor<512x512xf32>, tensor<512xf32>) -> tensor<512x512xf32> loc("block2/add")
      return %0 : tensor<512x512xf32>
    }
    func.func private @third(%a: tensor<512x512xf32>, %b: tensor<512xf32>) -> tensor<512x512xf32>
        attributes {loom.kernel = #loom.kernel<generic>} {
      %0 = loom.mul %a, %b : (tensor<512x512xf32>, tensor<512xf32>) -> tensor<512x512xf32>
      return %0 : tensor<512x512xf32>
    })";
  const std::string gathers = R"(
    func.func private @lookup1(%t: tensor<4x3xf32>, %i: tensor<2xi64>) -> tensor<2x3xf32>
        attributes {loom.kernel = #loom.kernel<generic>} {
      %0 = loom.gather %t, %i axis 0 : (tensor<4x3xf32>, tensor<2xi64>) -> tensor<2x3xf32> loc("lookup1")
      return %0 : tensor<2x3xf32>
    }
    func.func private @lookup2(%t: tensor<4x3xf32>, %i: tensor<2xi64>) -> tensor<2x3xf32>
        attributes {loom.kernel = #loom.kernel<generic>} {
      %0 = loom.gather %t, %i axis 0 : (tensor<4x3xf32>, tensor<2xi64>) -> tensor<2x3xf32> loc("lookup2")
      return %0 : tensor<2x3xf32>
    })";
  OwningOpRef<ModuleOp> module = parse(elementwise + gathers);
  ASSERT_TRUE(module);
  std::optional<KernelLibrary> library = compile(*module);
  ASSERT_TRUE(library);
  std::vector<std::string> names;
  for (const KernelInfo &kernel : library->kernels)
    names.push_back(kernel.name);
  EXPECT_EQ(names, (std::vector<std::string>{"first", "second", "third",
                                             "lookup1", "lookup2"}));
  EXPECT_EQ(library->kernels[1].workgroupCount,
            library->kernels[0].workgroupCount);

  FailureOr<std::string> ir =
      cpu::emitKernelsLLVMIR(*module, cpu::TargetOptions());
  ASSERT_TRUE(succeeded(ir));
  EXPECT_NE(ir->find("@second = alias"), std::string::npos) << *ir;
  EXPECT_EQ(ir->find("@second("), std::string::npos) << *ir;
  EXPECT_NE(ir->find("@third("), std::string::npos) << *ir;
  EXPECT_NE(ir->find("@lookup2("), std::string::npos) << *ir;
  EXPECT_EQ(ir->find("@lookup2 = alias"), std::string::npos) << *ir;

  // Every entry, the alias too, computes its kernel (random indices would
  // fail the gathers' checks, so those are left to CpuRuntimeChecksTest).
  checkKernels(elementwise);
}

TEST_F(CpuCodegenTest, StagesForInspection) {
  OwningOpRef<ModuleOp> module = parse(matmulKernel(64, 64, 64));
  ASSERT_TRUE(module);
  FailureOr<OwningOpRef<ModuleOp>> linalg = cpu::lowerKernelsToLinalg(*module);
  ASSERT_TRUE(succeeded(linalg));
  std::string text;
  llvm::raw_string_ostream stream(text);
  (*linalg)->print(stream);
  EXPECT_NE(text.find("linalg.matmul"), std::string::npos) << text;

  FailureOr<std::string> ir =
      cpu::emitKernelsLLVMIR(*module, cpu::TargetOptions());
  ASSERT_TRUE(succeeded(ir));
  EXPECT_NE(ir->find("i32 @matmul_64x64x64(ptr"), std::string::npos) << *ir;
  EXPECT_NE(ir->find("call void @loom_ukernel_matmul_f32("), std::string::npos);
  EXPECT_NE(ir->find("@loom_kernel_abi_version = local_unnamed_addr "
                     "constant i32 1"),
            std::string::npos);

  cpu::TargetOptions generic;
  generic.cpu = "x86-64";
  generic.features = "+sse2";
  FailureOr<std::string> assembly = cpu::emitKernelsAssembly(*module, generic);
  ASSERT_TRUE(succeeded(assembly));
  EXPECT_NE(assembly->find("matmul_64x64x64:"), std::string::npos);
  // SSE2 only: no AVX registers.
  EXPECT_EQ(assembly->find("%ymm"), std::string::npos);
}

} // namespace
