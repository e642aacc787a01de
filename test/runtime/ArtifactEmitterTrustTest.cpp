//===- ArtifactEmitterTrustTest.cpp - What the emitter tells the loader --===//
//
// Part of the Loom project.
//
// The compiler's artifact emitter records which launch arguments a kernel
// writes (its results) so that the loader can refuse a write into a
// constant or an input, and refuses a kernel grid that would run nothing.
// The kernel library is made by hand (its code is never run), so the tests
// need no code generator.
//
//===----------------------------------------------------------------------===//

#include "compiler/ArtifactEmitter.h"
#include "compiler/MemoryPlanner.h"
#include "passes/Registration.h"
#include "runtime/Artifact.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"

#include <gtest/gtest.h>

using namespace mlir;

namespace loom {
namespace {

// A kernel reading the input and a constant, and one reading the first's
// result; each writes one result.
constexpr const char *kModule = R"mlir(
func.func private @scale(%a: tensor<4xf32>, %b: tensor<4xf32>) -> tensor<4xf32>
    attributes {loom.kernel = #loom.kernel<elementwise>} {
  %0 = loom.mul %a, %b : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}
func.func private @negate(%a: tensor<4xf32>) -> tensor<4xf32>
    attributes {loom.kernel = #loom.kernel<elementwise>} {
  %0 = loom.neg %a : tensor<4xf32>
  return %0 : tensor<4xf32>
}
func.func @main(%x: tensor<4xf32>) -> tensor<4xf32> {
  %c = loom.constant dense<3.0> : tensor<4xf32>
  %0 = func.call @scale(%x, %c) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %1 = func.call @negate(%0) : (tensor<4xf32>) -> tensor<4xf32>
  return %1 : tensor<4xf32>
}
)mlir";

class ArtifactEmitterTrust : public ::testing::Test {
protected:
  ArtifactEmitterTrust() : context(registry()) {
    context.loadAllAvailableDialects();
    context.getDiagEngine().registerHandler([this](Diagnostic &diagnostic) {
      diagnostics += diagnostic.str() + "\n";
    });
  }

  static DialectRegistry registry() {
    DialectRegistry registry;
    registerLoomDialects(registry);
    return registry;
  }

  /// Emits kModule with a library whose kernels have `grid`.
  FailureOr<ByteBuffer> emit(std::array<uint32_t, 3> grid) {
    module = parseSourceString<ModuleOp>(kModule, &context);
    if (!module)
      return failure();
    auto main = module->lookupSymbol<func::FuncOp>("main");
    FailureOr<MemoryPlan> plan = planMemory(main);
    if (failed(plan))
      return failure();
    KernelLibrary library;
    library.code = ByteBuffer(64, 0xcc);
    library.kernels = {{"scale", grid}, {"negate", {1, 1, 1}}};
    return emitArtifact(main, *plan, artifact::Target_Cpu, library, "test");
  }

  MLIRContext context;
  OwningOpRef<ModuleOp> module;
  std::string diagnostics;
};

TEST_F(ArtifactEmitterTrust, LaunchesSayWhichArgumentsAreWritten) {
  FailureOr<ByteBuffer> bytes = emit({2, 1, 1});
  ASSERT_TRUE(succeeded(bytes)) << diagnostics;
  Artifact artifact;
  Status status = Artifact::load(*bytes, artifact);
  ASSERT_TRUE(status.isOk()) << status.message();
  const auto *commands = artifact.device(0).commands();
  const artifact::Launch *scale = commands->Get(0)->operation_as_Launch();
  const artifact::Launch *negate = commands->Get(1)->operation_as_Launch();
  ASSERT_TRUE(scale && negate);
  ASSERT_TRUE(scale->access() && negate->access());
  // Operands are read, results written: (x, c) -> t, then (t) -> y.
  EXPECT_EQ(std::vector<uint8_t>(scale->access()->begin(),
                                 scale->access()->end()),
            (std::vector<uint8_t>{artifact::ArgumentAccess_Read,
                                  artifact::ArgumentAccess_Read,
                                  artifact::ArgumentAccess_Write}));
  EXPECT_EQ(std::vector<uint8_t>(negate->access()->begin(),
                                 negate->access()->end()),
            (std::vector<uint8_t>{artifact::ArgumentAccess_Read,
                                  artifact::ArgumentAccess_Write}));
  // The constant is read, never written.
  const artifact::Buffer &constant =
      artifact.buffer(scale->arguments()->Get(1));
  EXPECT_EQ(constant.kind(), artifact::BufferKind_Constant);
  EXPECT_EQ(std::vector<uint32_t>(scale->workgroups()->begin(),
                                  scale->workgroups()->end()),
            (std::vector<uint32_t>{2, 1, 1}));
}

TEST_F(ArtifactEmitterTrust, RefusesAGridThatRunsNothing) {
  FailureOr<ByteBuffer> bytes = emit({4, 0, 1});
  EXPECT_TRUE(failed(bytes));
  EXPECT_NE(diagnostics.find("kernel @scale has a workgroup grid of 4x0x1; "
                             "every dimension needs at least one workgroup"),
            std::string::npos)
      << diagnostics;
}

} // namespace
} // namespace loom
