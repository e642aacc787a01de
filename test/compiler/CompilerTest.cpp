//===- CompilerTest.cpp - Tests of artifact emission and the APIs ---------===//
//
// Part of the Loom project.
//
// Artifacts are compiled for real (CPU code generation included), loaded
// with the runtime's validating loader, run, and their outputs compared
// with the reference evaluator or with values the test states. Errors are
// checked through the diagnostics the C++ and C APIs return.
//
//===----------------------------------------------------------------------===//

#include "compiler/Compiler.h"
#include "backends/cpu/CpuCodegen.h"
#include "backends/target/Target.h"
#include "compiler/ArtifactEmitter.h"
#include "compiler/MemoryPlanner.h"
#include "compiler/loom_compiler.h"
#include "evaluator/Evaluator.h"
#include "passes/Registration.h"
#include "runtime/Artifact.h"
#include "runtime/Executor.h"
#include "runtime/loom_runtime.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

using namespace mlir;

namespace loom {
namespace {

/// Runs artifact `bytes` on `inputs`; fails the test on any error.
std::vector<Tensor> runArtifact(const ByteBuffer &bytes,
                                const std::vector<Tensor> &inputs) {
  Artifact artifact;
  Status status = Artifact::load(bytes, artifact);
  EXPECT_TRUE(status.isOk()) << status.message();
  if (!status.isOk())
    return {};
  ExecutorOptions options;
  options.threads = 2;
  std::vector<Tensor> outputs;
  status = run(artifact, inputs, outputs, options);
  EXPECT_TRUE(status.isOk()) << status.message();
  return outputs;
}

std::string joined(const std::vector<std::string> &lines) {
  std::string text;
  for (const std::string &line : lines)
    text += line + "\n";
  return text;
}

// A hand-written module in the post-fusion form: an elementwise kernel, a
// kernel with two results, constants (a splat, an i1 constant returned
// directly), a reshape, and an output returned twice.
constexpr const char *kPostFusion = R"mlir(
func.func private @main_kernel_0(%a: tensor<4xf32>, %b: tensor<4xf32>) -> tensor<4xf32>
    attributes {loom.kernel = #loom.kernel<elementwise>} {
  %0 = loom.mul %a, %b : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}
func.func private @main_kernel_1(%a: tensor<2x2xf32>) -> (tensor<2x2xf32>, tensor<2x2xf32>)
    attributes {loom.kernel = #loom.kernel<generic>} {
  %one = loom.constant dense<1.0> : tensor<f32>
  %0 = loom.add %a, %one : (tensor<2x2xf32>, tensor<f32>) -> tensor<2x2xf32>
  %1 = loom.neg %a : tensor<2x2xf32>
  return %0, %1 : tensor<2x2xf32>, tensor<2x2xf32>
}
func.func @main(%x: tensor<4xf32> {loom.name = "x"})
    -> (tensor<2x2xf32> {loom.name = "sum"}, tensor<3xi1> {loom.name = "mask"},
        tensor<2x2xf32>, tensor<2x2xf32> {loom.name = "again"}) {
  %scale = loom.constant dense<3.0> : tensor<4xf32>
  %mask = loom.constant dense<[true, false, true]> : tensor<3xi1>
  %0 = func.call @main_kernel_0(%x, %scale) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %1 = loom.reshape %0 : tensor<4xf32> to tensor<2x2xf32>
  %2:2 = func.call @main_kernel_1(%1) : (tensor<2x2xf32>) -> (tensor<2x2xf32>, tensor<2x2xf32>)
  return %2#0, %mask, %2#1, %2#0 : tensor<2x2xf32>, tensor<3xi1>, tensor<2x2xf32>, tensor<2x2xf32>
}
)mlir";

TEST(ArtifactEmitterTest, WritesSignatureConstantsPlanAndCommands) {
  DialectRegistry registry;
  registerLoomDialects(registry);
  MLIRContext context(registry);
  context.loadAllAvailableDialects();
  std::string diagnostics;
  context.getDiagEngine().registerHandler(
      [&](Diagnostic &diagnostic) { diagnostics += diagnostic.str() + "\n"; });
  OwningOpRef<ModuleOp> module =
      parseSourceString<ModuleOp>(kPostFusion, &context);
  ASSERT_TRUE(module) << diagnostics;
  auto main = module->lookupSymbol<func::FuncOp>("main");
  FailureOr<MemoryPlan> plan = planMemory(main);
  ASSERT_TRUE(succeeded(plan)) << diagnostics;
  FailureOr<KernelLibrary> library =
      cpu::compileKernels(*module, cpu::TargetOptions());
  ASSERT_TRUE(succeeded(library)) << diagnostics;
  FailureOr<ByteBuffer> bytes =
      emitArtifact(main, *plan, artifact::Target_Cpu, *library, "test");
  ASSERT_TRUE(succeeded(bytes)) << diagnostics;

  Artifact artifact;
  Status status = Artifact::load(*bytes, artifact);
  ASSERT_TRUE(status.isOk()) << status.message();
  ASSERT_EQ(artifact.inputs().size(), 1u);
  EXPECT_EQ(artifact.inputs()[0].name, "x");
  ASSERT_EQ(artifact.outputs().size(), 4u);
  EXPECT_EQ(artifact.outputs()[0].name, "sum");
  EXPECT_EQ(artifact.outputs()[1].name, "mask");
  EXPECT_EQ(artifact.outputs()[1].dtype, DType::I1);
  EXPECT_EQ(artifact.outputs()[2].name, "output_2");
  EXPECT_EQ(artifact.outputs()[3].name, "again");

  const artifact::Artifact &table = artifact.table();
  // The splat is expanded to 4 floats, the i1 constant is a byte each.
  ASSERT_EQ(table.constants()->size(), 2u);
  EXPECT_EQ(table.constants()->Get(0)->size(), 16u);
  EXPECT_EQ(table.constants()->Get(1)->size(), 3u);
  EXPECT_EQ(table.arena_size(), plan->arenaSize);
  EXPECT_EQ(table.buffers()->size(), plan->buffers.size());
  // Two launches (arguments then results), then two copies: the returned
  // constant and the value returned twice.
  const auto *commands = table.devices()->Get(0)->commands();
  ASSERT_EQ(commands->size(), 4u);
  const artifact::Launch *first = commands->Get(0)->operation_as_Launch();
  ASSERT_TRUE(first);
  EXPECT_EQ(first->arguments()->size(), 3u);
  EXPECT_EQ(first->workgroups()->size(), 3u);
  const artifact::Launch *second = commands->Get(1)->operation_as_Launch();
  ASSERT_TRUE(second);
  EXPECT_EQ(second->arguments()->size(), 3u);
  EXPECT_TRUE(commands->Get(2)->operation_as_Copy());
  EXPECT_TRUE(commands->Get(3)->operation_as_Copy());

  std::vector<Tensor> outputs = runArtifact(
      *bytes, {Tensor::fromDoubles(DType::F32, {4}, {1, 2, 3, -4})});
  ASSERT_EQ(outputs.size(), 4u);
  EXPECT_TRUE(outputs[0].bitwiseEqual(
      Tensor::fromDoubles(DType::F32, {2, 2}, {4, 7, 10, -11})));
  EXPECT_TRUE(
      outputs[1].bitwiseEqual(Tensor::fromDoubles(DType::I1, {3}, {1, 0, 1})));
  EXPECT_TRUE(outputs[2].bitwiseEqual(
      Tensor::fromDoubles(DType::F32, {2, 2}, {-3, -6, -9, 12})));
  EXPECT_TRUE(outputs[3].bitwiseEqual(outputs[0]));
}

constexpr const char *kMlp = R"mlir(
func.func @mlp(%input: tensor<?x8xf32> {loom.name = "input"}) -> tensor<?x2xf32> {
  %w1 = loom.constant dense<0.125> : tensor<8x16xf32>
  %b1 = loom.constant dense<[0.0, 0.5, -0.5, 1.0, 0.0, 0.5, -0.5, 1.0,
                             0.0, 0.5, -0.5, 1.0, 0.0, 0.5, -0.5, 1.0]> : tensor<16xf32>
  %h = loom.matmul %input, %w1 : (tensor<?x8xf32>, tensor<8x16xf32>) -> tensor<?x16xf32>
  %h_bias = loom.add %h, %b1 : (tensor<?x16xf32>, tensor<16xf32>) -> tensor<?x16xf32>
  %h_act = loom.gelu %h_bias : tensor<?x16xf32>
  %w2 = loom.constant dense<-0.25> : tensor<16x2xf32>
  %out = loom.matmul %h_act, %w2 : (tensor<?x16xf32>, tensor<16x2xf32>) -> tensor<?x2xf32>
  return %out : tensor<?x2xf32>
}
)mlir";

TEST(CompilerTest, CompiledModelMatchesTheEvaluator) {
  CompileOptions options;
  options.inputShapes = {"input:5x8"};
  options.report = true;
  CompileResult compiled =
      compileBuffer(kMlp, ModelFormat::Mlir, "mlp.mlir", options);
  ASSERT_TRUE(compiled.ok) << joined(compiled.diagnostics);
  EXPECT_NE(compiled.report.find("peak arena bytes"), std::string::npos);

  // The oracle: the simplified graph, evaluated.
  options.emit = EmitKind::Loom;
  CompileResult simplified =
      compileBuffer(kMlp, ModelFormat::Mlir, "mlp.mlir", options);
  ASSERT_TRUE(simplified.ok) << joined(simplified.diagnostics);
  DialectRegistry registry;
  registerLoomDialects(registry);
  MLIRContext context(registry);
  OwningOpRef<ModuleOp> module = parseSourceString<ModuleOp>(
      std::string(simplified.output.begin(), simplified.output.end()),
      &context);
  ASSERT_TRUE(module);
  std::vector<double> values;
  for (int i = 0; i < 40; ++i)
    values.push_back(std::sin(i * 0.7) * 2);
  Tensor input = Tensor::fromDoubles(DType::F32, {5, 8}, values);
  FailureOr<std::vector<Tensor>> expected = eval::evaluateFunction(
      module->lookupSymbol<func::FuncOp>("mlp"), {input});
  ASSERT_TRUE(succeeded(expected));

  std::vector<Tensor> outputs = runArtifact(compiled.output, {input});
  ASSERT_EQ(outputs.size(), 1u);
  ASSERT_EQ(outputs[0].shape(), (Shape{5, 2}));
  for (int64_t i = 0; i < 10; ++i)
    EXPECT_NEAR(outputs[0].getDouble(i), (*expected)[0].getDouble(i),
                1e-5 + 1e-4 * std::fabs((*expected)[0].getDouble(i)))
        << "element " << i;
}

TEST(CompilerTest, ErrorsBecomeDiagnostics) {
  CompileOptions options;
  options.target = "gpu";
  CompileResult result = compileBuffer(kMlp, ModelFormat::Mlir, "m", options);
  EXPECT_FALSE(result.ok);
  EXPECT_EQ(joined(result.diagnostics),
            "unknown target 'gpu' (known targets: " +
                TargetRegistry::builtin().names() + ")\n");

  options = CompileOptions();
  options.optLevel = 4;
  result = compileBuffer(kMlp, ModelFormat::Mlir, "m", options);
  EXPECT_EQ(joined(result.diagnostics),
            "optimization level 4 is out of range (0 to 3)\n");

  // Target options and stages are the target's to declare.
  options = CompileOptions();
  options.targetOptions["tile-size"] = "8";
  result = compileBuffer(kMlp, ModelFormat::Mlir, "m", options);
  EXPECT_EQ(joined(result.diagnostics),
            "target 'cpu' has no option 'tile-size' (it takes cpu, "
            "cpu-features, runtime-checks, winograd)\n");
  options = CompileOptions();
  options.emit = EmitKind::TargetStage;
  options.stage = "ptx";
  result = compileBuffer(kMlp, ModelFormat::Mlir, "m", options);
  EXPECT_EQ(joined(result.diagnostics),
            "target 'cpu' has no stage 'ptx' to emit (its stages: linalg, "
            "llvm, asm)\n");

  // The input stays dynamic without --input-shape.
  options = CompileOptions();
  result = compileBuffer(kMlp, ModelFormat::Mlir, "mlp.mlir", options);
  EXPECT_FALSE(result.ok);
  EXPECT_TRUE(result.output.empty());
  EXPECT_NE(joined(result.diagnostics)
                .find("mlp.mlir:2:1: error: input 'input' has type "
                      "'tensor<?x8xf32>'; code generation needs static shapes"),
            std::string::npos)
      << joined(result.diagnostics);

  result =
      compileBuffer("func.func @f(", ModelFormat::Mlir, "bad.mlir", options);
  EXPECT_FALSE(result.ok);
  ASSERT_EQ(result.diagnostics.size(), 1u);
  EXPECT_EQ(result.diagnostics[0].rfind("bad.mlir:1:", 0), 0u)
      << result.diagnostics[0];

  result = compileFile("/nonexistent/model.onnx", options);
  EXPECT_FALSE(result.ok);
  EXPECT_FALSE(result.diagnostics.empty());
  result = compileFile("model.txt", options);
  EXPECT_EQ(joined(result.diagnostics),
            "model.txt: unknown model format (expected .onnx or .mlir)\n");
}

TEST(CompilerTest, CompilesAModuleOfTheCallersContext) {
  // The same model as compiling the text, without printing or parsing: the
  // same signature and the same outputs, bit for bit. (The kernel library's
  // bytes are not compared: the order of its read-only data may differ from
  // one link to the next.)
  CompileOptions options;
  options.inputShapes = {"input:5x8"};
  CompileResult fromText =
      compileBuffer(kMlp, ModelFormat::Mlir, "mlp.mlir", options);
  ASSERT_TRUE(fromText.ok) << joined(fromText.diagnostics);

  DialectRegistry registry;
  registerLoomDialects(registry);
  MLIRContext context(registry);
  OwningOpRef<ModuleOp> module = parseSourceString<ModuleOp>(kMlp, &context);
  ASSERT_TRUE(module);
  CompileResult fromModule = compileModule(*module, options);
  ASSERT_TRUE(fromModule.ok) << joined(fromModule.diagnostics);
  std::vector<double> values;
  for (int i = 0; i < 40; ++i)
    values.push_back(std::cos(i * 0.3));
  Tensor input = Tensor::fromDoubles(DType::F32, {5, 8}, values);
  std::vector<Tensor> textOutputs = runArtifact(fromText.output, {input});
  std::vector<Tensor> moduleOutputs = runArtifact(fromModule.output, {input});
  ASSERT_EQ(textOutputs.size(), 1u);
  ASSERT_EQ(moduleOutputs.size(), 1u);
  EXPECT_TRUE(moduleOutputs[0].bitwiseEqual(textOutputs[0]));
  // The module was compiled in place: @mlp now calls kernels.
  auto mlp = module->lookupSymbol<func::FuncOp>("mlp");
  EXPECT_FALSE(mlp.front().getOps<func::CallOp>().empty());

  // Its diagnostics go to the result, not to the context's handler.
  std::string leaked;
  context.getDiagEngine().registerHandler(
      [&](Diagnostic &diagnostic) { leaked += diagnostic.str(); });
  OwningOpRef<ModuleOp> dynamic = parseSourceString<ModuleOp>(kMlp, &context);
  CompileResult failed = compileModule(*dynamic, CompileOptions());
  EXPECT_FALSE(failed.ok);
  EXPECT_NE(joined(failed.diagnostics).find("code generation needs static"),
            std::string::npos)
      << joined(failed.diagnostics);
  EXPECT_EQ(leaked, "");
}

TEST(CompilerTest, EmitKindsFollowTheTarget) {
  EmitKind kind;
  std::string stage, error;
  EXPECT_TRUE(parseEmitKind("artifact", "cpu", kind, stage, error));
  EXPECT_EQ(kind, EmitKind::Artifact);
  EXPECT_TRUE(parseEmitKind("asm", "cpu", kind, stage, error));
  EXPECT_EQ(kind, EmitKind::TargetStage);
  EXPECT_EQ(stage, "asm");
  EXPECT_FALSE(parseEmitKind("binary", "cpu", kind, stage, error));
  EXPECT_EQ(error, "--emit=binary: expected loom, sharded, dispatches, "
                   "artifact or a stage of target 'cpu' (linalg, llvm, asm)");
}

TEST(CompilerCApiTest, CompilesAndReportsErrors) {
  loom_compile_options_t options;
  loom_compile_options_init(&options);
  EXPECT_EQ(options.opt_level, 3u);
  const char *shapes[] = {"0:2x8"};
  options.input_shapes = shapes;
  options.input_shape_count = 1;
  std::string source = kMlp;
  loom_compile_result_t *result = loom_compiler_compile_buffer(
      source.data(), source.size(), LOOM_MODEL_FORMAT_MLIR, "mlp.mlir",
      &options);
  ASSERT_TRUE(result);
  EXPECT_EQ(loom_compile_result_status(result), LOOM_COMPILE_OK)
      << loom_compile_result_diagnostics(result);
  size_t size = 0;
  const void *data = loom_compile_result_artifact(result, &size);
  ASSERT_TRUE(data);
  const auto *bytes = static_cast<const uint8_t *>(data);
  Artifact artifact;
  EXPECT_TRUE(
      Artifact::load(std::vector<uint8_t>(bytes, bytes + size), artifact)
          .isOk());
  loom_compile_result_free(result);

  options.target = "tpu";
  result = loom_compiler_compile_buffer(source.data(), source.size(),
                                        LOOM_MODEL_FORMAT_MLIR, "mlp.mlir",
                                        &options);
  EXPECT_EQ(loom_compile_result_status(result), LOOM_COMPILE_ERROR);
  EXPECT_EQ(std::string(loom_compile_result_diagnostics(result)),
            "unknown target 'tpu' (known targets: " +
                TargetRegistry::builtin().names() + ")\n");
  EXPECT_EQ(loom_compile_result_artifact(result, &size), nullptr);
  EXPECT_EQ(size, 0u);
  loom_compile_result_free(result);

  result = loom_compiler_compile_file(nullptr, nullptr);
  EXPECT_EQ(loom_compile_result_status(result), LOOM_COMPILE_INVALID_ARGUMENT);
  loom_compile_result_free(result);
  EXPECT_EQ(loom_compile_result_status(nullptr), LOOM_COMPILE_INVALID_ARGUMENT);
}

// The runtime's C API runs what the compiler's C API produced: the path of
// examples/embed/embed.c, with the runtime's argument checks.
TEST(CompilerCApiTest, RuntimeRunsTheArtifactFromMemory) {
  loom_compile_options_t options;
  loom_compile_options_init(&options);
  const char *shapes[] = {"input:2x8"};
  options.input_shapes = shapes;
  options.input_shape_count = 1;
  std::string source = kMlp;
  loom_compile_result_t *compiled = loom_compiler_compile_buffer(
      source.data(), source.size(), LOOM_MODEL_FORMAT_MLIR, "mlp.mlir",
      &options);
  ASSERT_EQ(loom_compile_result_status(compiled), LOOM_COMPILE_OK)
      << loom_compile_result_diagnostics(compiled);
  size_t size = 0;
  const void *bytes = loom_compile_result_artifact(compiled, &size);

  // A damaged copy is refused by the loader.
  std::vector<char> damaged(static_cast<const char *>(bytes),
                            static_cast<const char *>(bytes) + size);
  damaged[8] = 'X';
  loom_artifact_t *artifact = nullptr;
  loom_status_t status =
      loom_artifact_load_memory(damaged.data(), damaged.size(), &artifact);
  EXPECT_EQ(loom_status_code(status), LOOM_STATUS_DATA_LOSS);
  EXPECT_EQ(artifact, nullptr);
  loom_status_free(status);

  ASSERT_EQ(loom_artifact_load_memory(bytes, size, &artifact), nullptr);
  loom_compile_result_free(compiled); // the artifact holds its own copy
  loom_executor_t *executor = nullptr;
  ASSERT_EQ(loom_executor_create(artifact, 2, &executor), nullptr);

  // Every element 1: h = 8 * 0.125 + b1 per column, out = -0.25 sum gelu(h).
  std::vector<float> input(16, 1.0f), output(4, 0.0f);
  const void *inputs[] = {input.data()};
  size_t inputSizes[] = {input.size() * sizeof(float)};
  void *outputs[] = {output.data()};
  size_t outputSizes[] = {output.size() * sizeof(float)};
  ASSERT_EQ(loom_executor_run(executor, inputs, inputSizes, 1, outputs,
                              outputSizes, 1),
            nullptr);
  auto gelu = [](double x) {
    return 0.5 * x * (1 + std::erf(x / std::sqrt(2.0)));
  };
  double expected = -0.25 * 4 * (gelu(1) + gelu(1.5) + gelu(0.5) + gelu(2));
  for (float value : output)
    EXPECT_NEAR(value, expected, 1e-4);

  size_t wrongSize[] = {4};
  status = loom_executor_run(executor, inputs, wrongSize, 1, outputs,
                             outputSizes, 1);
  EXPECT_EQ(loom_status_code(status), LOOM_STATUS_INVALID_ARGUMENT);
  EXPECT_STREQ(loom_status_message(status),
               "input 'input' has 4 bytes; the model expects 64 (2x8xf32)");
  loom_status_free(status);
  status = loom_executor_run(executor, inputs, inputSizes, 0, outputs,
                             outputSizes, 1);
  EXPECT_EQ(loom_status_code(status), LOOM_STATUS_INVALID_ARGUMENT);
  loom_status_free(status);
  size_t smallOutput[] = {8};
  status = loom_executor_run(executor, inputs, inputSizes, 1, outputs,
                             smallOutput, 1);
  EXPECT_EQ(loom_status_code(status), LOOM_STATUS_INVALID_ARGUMENT);
  loom_status_free(status);

  loom_executor_release(executor);
  loom_artifact_release(artifact);
}

} // namespace
} // namespace loom
