//===- ConcurrentCompileTest.cpp - Compiles on several threads at once ----===//
//
// Part of the Loom project.
//
// Two models compiled at the same moment on two threads, through the C++
// and the C API, several times: each artifact must compute what the same
// model compiled alone computes, bit for bit. (The kernel libraries' bytes
// are not compared: lld's output is not byte-for-byte reproducible.) The
// CPU back end links with lld in process, which resets LLVM's global
// options during every link; compiles take turns so that none reads them
// meanwhile. That race had no visible effect on these models (the test
// also passed without the turns); the test holds concurrent calls to
// giving the serial results, without deadlock or state shared between
// compiles.
//
//===----------------------------------------------------------------------===//

#include "compiler/Compiler.h"
#include "compiler/loom_compiler.h"
#include "runtime/Artifact.h"
#include "runtime/Executor.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

namespace loom {
namespace {

// A dense layer, GELU and softmax.
const char *const kDense = R"mlir(
func.func @dense(%x: tensor<4x32xf32>) -> tensor<4x16xf32> {
  %w = loom.constant dense<0.03125> : tensor<32x16xf32>
  %h = loom.matmul %x, %w : (tensor<4x32xf32>, tensor<32x16xf32>) -> tensor<4x16xf32>
  %g = loom.gelu %h : tensor<4x16xf32>
  %s = loom.softmax %g axis 1 : tensor<4x16xf32>
  return %s : tensor<4x16xf32>
}
)mlir";

// Layer norm, tanh, exp and log: the approximated functions.
const char *const kNorm = R"mlir(
func.func @norm(%x: tensor<8x64xf32>, %s: tensor<64xf32>, %b: tensor<64xf32>) -> tensor<8x64xf32> {
  %y = loom.layer_norm %x, %s, %b axis 1 : (tensor<8x64xf32>, tensor<64xf32>, tensor<64xf32>) -> tensor<8x64xf32>
  %t = loom.tanh %y : tensor<8x64xf32>
  %e = loom.exp %t : tensor<8x64xf32>
  %l = loom.log %e : tensor<8x64xf32>
  return %l : tensor<8x64xf32>
}
)mlir";

Tensor wave(const Shape &shape, double phase) {
  int64_t count = 1;
  for (int64_t size : shape)
    count *= size;
  std::vector<double> values;
  for (int64_t i = 0; i < count; ++i)
    values.push_back(std::sin(i * 0.37 + phase) * 3);
  return Tensor::fromDoubles(DType::F32, shape, values);
}

const std::vector<Tensor> &denseInputs() {
  static const std::vector<Tensor> inputs = {wave({4, 32}, 0)};
  return inputs;
}

const std::vector<Tensor> &normInputs() {
  static const std::vector<Tensor> inputs = {wave({8, 64}, 1), wave({64}, 2),
                                             wave({64}, 3)};
  return inputs;
}

/// The outputs of artifact `bytes` on `inputs`, as raw bytes.
std::vector<std::vector<uint8_t>> runBytes(const ByteBuffer &bytes,
                                           const std::vector<Tensor> &inputs) {
  Artifact artifact;
  Status status = Artifact::load(bytes, artifact);
  EXPECT_TRUE(status.isOk()) << status.message();
  std::vector<Tensor> outputs;
  ExecutorOptions options;
  options.threads = 1;
  if (status.isOk()) {
    status = run(artifact, inputs, outputs, options);
    EXPECT_TRUE(status.isOk()) << status.message();
  }
  std::vector<std::vector<uint8_t>> result;
  for (const Tensor &output : outputs) {
    const auto *data = reinterpret_cast<const uint8_t *>(output.bytes());
    result.emplace_back(data, data + output.byteSize());
  }
  return result;
}

ByteBuffer compileDense() {
  CompileResult compiled =
      compileBuffer(kDense, ModelFormat::Mlir, "dense.mlir", CompileOptions());
  std::string diagnostics;
  for (const std::string &line : compiled.diagnostics)
    diagnostics += line + "\n";
  EXPECT_TRUE(compiled.ok) << diagnostics;
  return compiled.output;
}

/// Through the C API, which the runtime-embedding programs use.
ByteBuffer compileNorm() {
  loom_compile_options_t options;
  loom_compile_options_init(&options);
  std::string source = kNorm;
  loom_compile_result_t *compiled = loom_compiler_compile_buffer(
      source.data(), source.size(), LOOM_MODEL_FORMAT_MLIR, "norm.mlir",
      &options);
  EXPECT_EQ(loom_compile_result_status(compiled), LOOM_COMPILE_OK)
      << loom_compile_result_diagnostics(compiled);
  size_t size = 0;
  const auto *bytes =
      static_cast<const uint8_t *>(loom_compile_result_artifact(compiled, &size));
  ByteBuffer artifact(bytes, bytes + size);
  loom_compile_result_free(compiled);
  return artifact;
}

TEST(ConcurrentCompileTest, TwoCompilesAtOnceMatchSerialCompiles) {
  auto denseAlone = runBytes(compileDense(), denseInputs());
  auto normAlone = runBytes(compileNorm(), normInputs());
  ASSERT_EQ(denseAlone.size(), 1u);
  ASSERT_EQ(normAlone.size(), 1u);

  for (int round = 0; round < 3; ++round) {
    ByteBuffer dense, norm;
    // Both threads start compiling when both are ready.
    std::atomic<int> ready{0};
    auto startTogether = [&] {
      ready.fetch_add(1);
      while (ready.load() < 2)
        std::this_thread::yield();
    };
    std::thread first([&] {
      startTogether();
      dense = compileDense();
    });
    std::thread second([&] {
      startTogether();
      norm = compileNorm();
    });
    first.join();
    second.join();
    EXPECT_EQ(runBytes(dense, denseInputs()), denseAlone) << "round " << round;
    EXPECT_EQ(runBytes(norm, normInputs()), normAlone) << "round " << round;
  }
}

} // namespace
} // namespace loom
