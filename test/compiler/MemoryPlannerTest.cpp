//===- MemoryPlannerTest.cpp - Tests of the memory planner ----------------===//
//
// Part of the Loom project.
//
// Each test plans a hand-written module in the post-fusion form (kernels as
// `loom.kernel` functions, @main of calls) and checks the plan's buffers:
// liveness-based reuse, alignment, reshape aliases, in-place results, copies
// for outputs and the peak arena size.
//
//===----------------------------------------------------------------------===//

#include "compiler/MemoryPlanner.h"

#include "ir/LoomDialect.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

using namespace mlir;

namespace loom {
namespace {

class MemoryPlannerTest : public ::testing::Test {
protected:
  MemoryPlannerTest() {
    context.loadDialect<LoomDialect, func::FuncDialect>();
    context.getDiagEngine().registerHandler([this](Diagnostic &diagnostic) {
      diagnostics += diagnostic.str() + "\n";
    });
  }

  /// Parses `source` and plans its @main.
  FailureOr<MemoryPlan> plan(const std::string &source) {
    module = parseSourceString<ModuleOp>(source, &context);
    if (!module)
      return failure();
    main = module->lookupSymbol<func::FuncOp>("main");
    return planMemory(main);
  }

  /// The buffer of the value `name` (the result of the op whose
  /// `test.name` attribute is `name`) or of argument `#N`.
  const PlannedBuffer &bufferOf(const MemoryPlan &result, StringRef name) {
    return result.buffers[bufferIndex(result, name)];
  }
  unsigned bufferIndex(const MemoryPlan &result, StringRef name) {
    if (name.consume_front("#"))
      return result.bufferOfValue(main.getArgument(std::stoi(name.str())));
    Value found;
    main.walk([&](Operation *op) {
      auto attr = op->getAttrOfType<StringAttr>("test.name");
      if (attr && attr.getValue() == name)
        found = op->getResult(0);
    });
    EXPECT_TRUE(found) << "no op named " << name.str();
    return result.bufferOfValue(found);
  }

  MLIRContext context;
  OwningOpRef<ModuleOp> module;
  func::FuncOp main;
  std::string diagnostics;
};

// Kernels used below: @unary is a plain kernel (no in-place), @ew an
// elementwise one, @binary a plain kernel of two arguments.
constexpr const char *kKernels = R"mlir(
func.func private @unary(%a: tensor<16xf32>) -> tensor<16xf32> attributes {loom.kernel = #loom.kernel<generic>} {
  %0 = loom.exp %a : tensor<16xf32>
  return %0 : tensor<16xf32>
}
func.func private @ew(%a: tensor<16xf32>) -> tensor<16xf32>
    attributes {loom.kernel = #loom.kernel<elementwise>} {
  %0 = loom.exp %a : tensor<16xf32>
  return %0 : tensor<16xf32>
}
func.func private @binary(%a: tensor<16xf32>, %b: tensor<16xf32>) -> tensor<16xf32>
    attributes {loom.kernel = #loom.kernel<generic>} {
  %0 = loom.add %a, %b : (tensor<16xf32>, tensor<16xf32>) -> tensor<16xf32>
  return %0 : tensor<16xf32>
}
func.func private @small(%a: tensor<16xf32>) -> tensor<3xf32> attributes {loom.kernel = #loom.kernel<generic>} {
  %0 = loom.slice %a offsets [0] steps [1] : tensor<16xf32> to tensor<3xf32>
  return %0 : tensor<3xf32>
}
)mlir";

std::string withKernels(const std::string &main) { return kKernels + main; }

TEST_F(MemoryPlannerTest, DeadBuffersAreReused) {
  FailureOr<MemoryPlan> result = plan(withKernels(R"mlir(
func.func @main(%x: tensor<16xf32>) -> tensor<16xf32> {
  %t0 = func.call @unary(%x) {test.name = "t0"} : (tensor<16xf32>) -> tensor<16xf32>
  %t1 = func.call @unary(%t0) {test.name = "t1"} : (tensor<16xf32>) -> tensor<16xf32>
  %t2 = func.call @unary(%t1) {test.name = "t2"} : (tensor<16xf32>) -> tensor<16xf32>
  %t3 = func.call @unary(%t2) {test.name = "t3"} : (tensor<16xf32>) -> tensor<16xf32>
  return %t3 : tensor<16xf32>
}
)mlir"));
  ASSERT_TRUE(succeeded(result)) << diagnostics;
  const PlannedBuffer &t0 = bufferOf(*result, "t0");
  const PlannedBuffer &t1 = bufferOf(*result, "t1");
  const PlannedBuffer &t2 = bufferOf(*result, "t2");
  EXPECT_EQ(t0.kind, PlannedBufferKind::Arena);
  EXPECT_EQ(t0.firstUse, 0u);
  EXPECT_EQ(t0.lastUse, 1u);
  EXPECT_EQ(t1.firstUse, 1u);
  EXPECT_EQ(t1.lastUse, 2u);
  // t0 dies at the call that defines t1, so they overlap there; t2 is
  // defined after t0's last use and takes its bytes.
  EXPECT_NE(t0.index, t1.index);
  EXPECT_EQ(t0.index, t2.index);
  EXPECT_EQ(result->arenaSize, 128u);
  EXPECT_EQ(result->arenaBytesWithoutReuse, 192u);
  EXPECT_EQ(bufferOf(*result, "t3").kind, PlannedBufferKind::Output);
  EXPECT_EQ(bufferOf(*result, "#0").kind, PlannedBufferKind::Input);
  EXPECT_TRUE(result->copies.empty());
}

TEST_F(MemoryPlannerTest, ArenaBuffersAre64ByteAligned) {
  FailureOr<MemoryPlan> result = plan(withKernels(R"mlir(
func.func @main(%x: tensor<16xf32>) -> (tensor<16xf32>) {
  %a = func.call @small(%x) {test.name = "a"} : (tensor<16xf32>) -> tensor<3xf32>
  %b = func.call @small(%x) {test.name = "b"} : (tensor<16xf32>) -> tensor<3xf32>
  %c = func.call @small(%x) {test.name = "c"} : (tensor<16xf32>) -> tensor<3xf32>
  %d = loom.concat %a, %b, %c axis 0 : (tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<9xf32>
  return %x : tensor<16xf32>
}
)mlir"));
  // loom.concat may not stay in @main after fusion.
  EXPECT_TRUE(failed(result));
  EXPECT_NE(diagnostics.find("only kernel calls"), std::string::npos)
      << diagnostics;

  diagnostics.clear();
  result = plan(withKernels(R"mlir(
func.func private @three(%a: tensor<3xf32>, %b: tensor<3xf32>, %c: tensor<3xf32>) -> tensor<16xf32>
    attributes {loom.kernel = #loom.kernel<generic>} {
  %0 = loom.concat %a, %b, %c, %a, %b, %a axis 0 : (tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<18xf32>
  %1 = loom.slice %0 offsets [0] steps [1] : tensor<18xf32> to tensor<16xf32>
  return %1 : tensor<16xf32>
}
func.func @main(%x: tensor<16xf32>) -> tensor<16xf32> {
  %a = func.call @small(%x) {test.name = "a"} : (tensor<16xf32>) -> tensor<3xf32>
  %b = func.call @small(%x) {test.name = "b"} : (tensor<16xf32>) -> tensor<3xf32>
  %c = func.call @small(%x) {test.name = "c"} : (tensor<16xf32>) -> tensor<3xf32>
  %d = func.call @three(%a, %b, %c) : (tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<16xf32>
  return %d : tensor<16xf32>
}
)mlir"));
  ASSERT_TRUE(succeeded(result)) << diagnostics;
  // Three 12-byte buffers alive together take three cache lines.
  std::set<uint64_t> offsets;
  for (StringRef name : {"a", "b", "c"}) {
    const PlannedBuffer &buffer = bufferOf(*result, name);
    EXPECT_EQ(buffer.byteSize, 12u);
    EXPECT_EQ(buffer.alignment, kPlanAlignment);
    EXPECT_EQ(buffer.index % kPlanAlignment, 0u);
    offsets.insert(buffer.index);
  }
  EXPECT_EQ(offsets.size(), 3u);
  EXPECT_EQ(result->arenaSize, 3 * 64u);
  // Inputs and outputs need only element alignment.
  EXPECT_EQ(bufferOf(*result, "#0").alignment, 4u);
}

TEST_F(MemoryPlannerTest, ReshapeAliasesItsOperand) {
  FailureOr<MemoryPlan> result = plan(withKernels(R"mlir(
func.func private @matrix(%a: tensor<4x4xf32>) -> tensor<4x4xf32> attributes {loom.kernel = #loom.kernel<generic>} {
  %0 = loom.exp %a : tensor<4x4xf32>
  return %0 : tensor<4x4xf32>
}
func.func @main(%x: tensor<16xf32>) -> (tensor<16xf32>, tensor<4x4xf32>) {
  %t0 = func.call @unary(%x) {test.name = "t0"} : (tensor<16xf32>) -> tensor<16xf32>
  %v = loom.reshape %t0 {test.name = "v"} : tensor<16xf32> to tensor<4x4xf32>
  %t1 = func.call @unary(%x) {test.name = "t1"} : (tensor<16xf32>) -> tensor<16xf32>
  %t2 = func.call @matrix(%v) {test.name = "t2"} : (tensor<4x4xf32>) -> tensor<4x4xf32>
  %t3 = func.call @binary(%t1, %t1) {test.name = "t3"} : (tensor<16xf32>, tensor<16xf32>) -> tensor<16xf32>
  %out = loom.reshape %t2 {test.name = "out"} : tensor<4x4xf32> to tensor<16xf32>
  return %t3, %t2 : tensor<16xf32>, tensor<4x4xf32>
}
)mlir"));
  ASSERT_TRUE(succeeded(result)) << diagnostics;
  EXPECT_EQ(bufferIndex(*result, "v"), bufferIndex(*result, "t0"));
  // t0 lives until its view's last use (the call defining t2), so t1,
  // defined in between, may not take its bytes.
  const PlannedBuffer &t0 = bufferOf(*result, "t0");
  EXPECT_EQ(t0.lastUse, 3u);
  EXPECT_NE(t0.index, bufferOf(*result, "t1").index);
  // A view of an output is the output.
  EXPECT_EQ(bufferIndex(*result, "out"), bufferIndex(*result, "t2"));
  EXPECT_EQ(bufferOf(*result, "t2").kind, PlannedBufferKind::Output);
  EXPECT_EQ(bufferOf(*result, "t2").index, 1u);
}

TEST_F(MemoryPlannerTest, ElementwiseKernelsWriteOverDyingArguments) {
  FailureOr<MemoryPlan> result = plan(withKernels(R"mlir(
func.func @main(%x: tensor<16xf32>) -> (tensor<16xf32>, tensor<16xf32>) {
  %c = loom.constant dense<1.0> : tensor<16xf32>
  %t0 = func.call @unary(%x) {test.name = "t0"} : (tensor<16xf32>) -> tensor<16xf32>
  %t1 = func.call @ew(%t0) {test.name = "t1"} : (tensor<16xf32>) -> tensor<16xf32>
  %t2 = func.call @ew(%t1) {test.name = "t2"} : (tensor<16xf32>) -> tensor<16xf32>
  %t3 = func.call @ew(%t2) {test.name = "t3"} : (tensor<16xf32>) -> tensor<16xf32>
  %t4 = func.call @binary(%t2, %t3) {test.name = "t4"} : (tensor<16xf32>, tensor<16xf32>) -> tensor<16xf32>
  %i = func.call @ew(%x) {test.name = "i"} : (tensor<16xf32>) -> tensor<16xf32>
  %k = func.call @ew(%c) {test.name = "k"} : (tensor<16xf32>) -> tensor<16xf32>
  %t5 = func.call @binary(%i, %k) {test.name = "t5"} : (tensor<16xf32>, tensor<16xf32>) -> tensor<16xf32>
  %r = func.call @ew(%t5) {test.name = "r"} : (tensor<16xf32>) -> tensor<16xf32>
  return %t4, %r : tensor<16xf32>, tensor<16xf32>
}
)mlir"));
  ASSERT_TRUE(succeeded(result)) << diagnostics;
  // t0 and t1 die where the next elementwise kernel reads them.
  EXPECT_EQ(bufferIndex(*result, "t1"), bufferIndex(*result, "t0"));
  EXPECT_EQ(bufferIndex(*result, "t2"), bufferIndex(*result, "t0"));
  // t2 is read again after t3 is defined: t3 needs bytes of its own.
  EXPECT_NE(bufferIndex(*result, "t3"), bufferIndex(*result, "t2"));
  // Never over an input or a constant.
  EXPECT_NE(bufferIndex(*result, "i"), bufferIndex(*result, "#0"));
  EXPECT_EQ(bufferOf(*result, "k").kind, PlannedBufferKind::Arena);
  // A returned result is the output buffer, never an arena argument's.
  EXPECT_EQ(bufferOf(*result, "r").kind, PlannedBufferKind::Output);
  EXPECT_EQ(result->inPlaceResults, 2u);
  // The merged storage spans t0's definition to t2's last use.
  const PlannedBuffer &merged = bufferOf(*result, "t0");
  EXPECT_EQ(merged.firstUse, 1u);
  EXPECT_EQ(merged.lastUse, 5u);
}

// Issue 13: equal byte sizes are not enough. A broadcast operand is read at
// many result indices, and an operand of another element size sits at other
// byte offsets; only an operand of the result's shape and element size is
// written over.
TEST_F(MemoryPlannerTest, InPlaceNeedsTheResultsShapeAndElementSize) {
  FailureOr<MemoryPlan> result = plan(R"mlir(
func.func private @reduce(%a: tensor<8x5xf64>) -> tensor<8xf64> attributes {loom.kernel = #loom.kernel<generic>} {
  %0 = loom.reduce_sum %a axes [1] : (tensor<8x5xf64>) -> tensor<8xf64>
  return %0 : tensor<8xf64>
}
func.func private @make_mask(%a: tensor<8x8xf64>) -> tensor<8x8xi1> attributes {loom.kernel = #loom.kernel<generic>} {
  %z = loom.constant dense<0.0> : tensor<f64>
  %0 = loom.compare lt, %a, %z : (tensor<8x8xf64>, tensor<f64>) -> tensor<8x8xi1>
  return %0 : tensor<8x8xi1>
}
func.func private @compare(%s: tensor<8xf64>, %b: tensor<8x8xf64>) -> tensor<8x8xi1> attributes {loom.kernel = #loom.kernel<elementwise>} {
  %0 = loom.compare lt, %s, %b : (tensor<8xf64>, tensor<8x8xf64>) -> tensor<8x8xi1>
  return %0 : tensor<8x8xi1>
}
func.func private @to_i8(%m: tensor<8x8xi1>) -> tensor<8x8xi8> attributes {loom.kernel = #loom.kernel<elementwise>} {
  %0 = loom.cast %m : tensor<8x8xi1> to tensor<8x8xi8>
  return %0 : tensor<8x8xi8>
}
func.func private @flip(%m: tensor<8x8xi8>) -> tensor<8x8xi8> attributes {loom.kernel = #loom.kernel<generic>} {
  %0 = loom.transpose %m permutation [1, 0] : (tensor<8x8xi8>) -> tensor<8x8xi8>
  return %0 : tensor<8x8xi8>
}
func.func @main(%x: tensor<8x5xf64>, %b: tensor<8x8xf64>) -> tensor<8x8xi8> {
  %s = func.call @reduce(%x) {test.name = "s"} : (tensor<8x5xf64>) -> tensor<8xf64>
  %r = func.call @compare(%s, %b) {test.name = "r"} : (tensor<8xf64>, tensor<8x8xf64>) -> tensor<8x8xi1>
  %c = func.call @to_i8(%r) {test.name = "c"} : (tensor<8x8xi1>) -> tensor<8x8xi8>
  %t = func.call @flip(%c) {test.name = "t"} : (tensor<8x8xi8>) -> tensor<8x8xi8>
  return %t : tensor<8x8xi8>
}
)mlir");
  ASSERT_TRUE(succeeded(result)) << diagnostics;
  // %s (64 bytes, dying at the compare) is broadcast: %r (64 bytes) must not
  // take its buffer, and the two are alive at the same time.
  EXPECT_NE(bufferIndex(*result, "r"), bufferIndex(*result, "s"));
  const PlannedBuffer &s = bufferOf(*result, "s");
  const PlannedBuffer &r = bufferOf(*result, "r");
  EXPECT_TRUE(s.index + 64 <= r.index || r.index + 64 <= s.index);
  // %r has %c's shape and a one-byte element, as i8: that reuse is right.
  EXPECT_EQ(bufferIndex(*result, "c"), bufferIndex(*result, "r"));
  EXPECT_EQ(result->inPlaceResults, 1u);
}

TEST_F(MemoryPlannerTest, OutputsWithoutTheirOwnStorageAreCopied) {
  FailureOr<MemoryPlan> result = plan(withKernels(R"mlir(
func.func @main(%x: tensor<16xf32>) -> (tensor<16xf32>, tensor<16xf32>, tensor<16xf32>, tensor<4x4xf32>) {
  %c = loom.constant dense<2.0> : tensor<16xf32>
  %t = func.call @unary(%x) {test.name = "t"} : (tensor<16xf32>) -> tensor<16xf32>
  %v = loom.reshape %t : tensor<16xf32> to tensor<4x4xf32>
  return %x, %c, %t, %v : tensor<16xf32>, tensor<16xf32>, tensor<16xf32>, tensor<4x4xf32>
}
)mlir"));
  ASSERT_TRUE(succeeded(result)) << diagnostics;
  // %x, %c and the second return of %t's storage are copied; %t is output 2.
  const PlannedBuffer &t = bufferOf(*result, "t");
  EXPECT_EQ(t.kind, PlannedBufferKind::Output);
  EXPECT_EQ(t.index, 2u);
  ASSERT_EQ(result->copies.size(), 3u);
  auto expectCopy = [&](const PlannedCopy &copy, unsigned source,
                        uint64_t output) {
    EXPECT_EQ(copy.source, source);
    const PlannedBuffer &destination = result->buffers[copy.destination];
    EXPECT_EQ(destination.kind, PlannedBufferKind::Output);
    EXPECT_EQ(destination.index, output);
    EXPECT_EQ(copy.byteSize, 64u);
  };
  expectCopy(result->copies[0], bufferIndex(*result, "#0"), 0);
  ASSERT_EQ(result->constants.size(), 1u);
  expectCopy(result->copies[1],
             result->bufferOfValue(result->constants[0]->getResult(0)), 1);
  expectCopy(result->copies[2], bufferIndex(*result, "t"), 3);
  EXPECT_EQ(result->arenaSize, 0u);
}

TEST_F(MemoryPlannerTest, PeakArenaIsTheLargestLiveSet) {
  // Sizes 64, 256, 128 bytes: a (64) and b (256) are alive together, then b
  // and c (128). The largest, b, goes first; a and c are never alive
  // together, so they share the bytes after b: the peak is b + c.
  FailureOr<MemoryPlan> result = plan(R"mlir(
func.func private @k16(%a: tensor<4xf32>) -> tensor<16xf32> attributes {loom.kernel = #loom.kernel<generic>} {
  %0 = loom.concat %a, %a, %a, %a axis 0 : (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<16xf32>
  return %0 : tensor<16xf32>
}
func.func private @k64(%a: tensor<16xf32>) -> tensor<64xf32> attributes {loom.kernel = #loom.kernel<generic>} {
  %0 = loom.concat %a, %a, %a, %a axis 0 : (tensor<16xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>) -> tensor<64xf32>
  return %0 : tensor<64xf32>
}
func.func private @k32(%a: tensor<64xf32>) -> tensor<32xf32> attributes {loom.kernel = #loom.kernel<generic>} {
  %0 = loom.slice %a offsets [0] steps [1] : tensor<64xf32> to tensor<32xf32>
  return %0 : tensor<32xf32>
}
func.func private @k4(%a: tensor<64xf32>, %b: tensor<32xf32>) -> tensor<4xf32> attributes {loom.kernel = #loom.kernel<generic>} {
  %0 = loom.slice %b offsets [0] steps [1] : tensor<32xf32> to tensor<4xf32>
  return %0 : tensor<4xf32>
}
func.func @main(%x: tensor<4xf32>) -> tensor<4xf32> {
  %a = func.call @k16(%x) {test.name = "a"} : (tensor<4xf32>) -> tensor<16xf32>
  %b = func.call @k64(%a) {test.name = "b"} : (tensor<16xf32>) -> tensor<64xf32>
  %c = func.call @k32(%b) {test.name = "c"} : (tensor<64xf32>) -> tensor<32xf32>
  %d = func.call @k4(%b, %c) : (tensor<64xf32>, tensor<32xf32>) -> tensor<4xf32>
  return %d : tensor<4xf32>
}
)mlir");
  ASSERT_TRUE(succeeded(result)) << diagnostics;
  const PlannedBuffer &a = bufferOf(*result, "a");
  const PlannedBuffer &b = bufferOf(*result, "b");
  const PlannedBuffer &c = bufferOf(*result, "c");
  EXPECT_EQ(b.index, 0u);
  EXPECT_EQ(a.index, 256u);
  EXPECT_EQ(c.index, 256u);
  EXPECT_EQ(result->arenaSize, 384u);
  EXPECT_EQ(result->arenaBytesWithoutReuse, 448u);
}

TEST_F(MemoryPlannerTest, RejectsDynamicShapesAndNonKernelCallees) {
  EXPECT_TRUE(failed(plan(R"mlir(
func.func private @notKernel(%a: tensor<4xf32>) -> tensor<4xf32> {
  return %a : tensor<4xf32>
}
func.func @main(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = func.call @notKernel(%x) : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}
)mlir")));
  EXPECT_NE(diagnostics.find("@notKernel is not one"), std::string::npos)
      << diagnostics;
  diagnostics.clear();
  EXPECT_TRUE(failed(plan(R"mlir(
func.func @main(%x: tensor<?xf32>) -> tensor<?xf32> {
  return %x : tensor<?xf32>
}
)mlir")));
  EXPECT_NE(diagnostics.find("statically shaped"), std::string::npos)
      << diagnostics;
}

} // namespace
} // namespace loom
