//===- EvaluatorTestUtils.cpp - Helpers for evaluator tests ------------------===//
//
// Part of the Loom project.
//
//===----------------------------------------------------------------------===//

#include "EvaluatorTestUtils.h"

#include "passes/Registration.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/Parser/Parser.h"

#include <cmath>

using namespace mlir;

namespace loom::test {

EvaluatorTest::EvaluatorTest() {
  DialectRegistry registry;
  registerLoomDialects(registry);
  context.appendDialectRegistry(registry);
  context.loadAllAvailableDialects();
}

namespace {

/// Parses and evaluates, collecting diagnostics into `diagnostics`.
FailureOr<std::vector<Tensor>> parseAndRun(MLIRContext &context,
                                           const std::string &source,
                                           const std::vector<Tensor> &inputs,
                                           eval::Precision precision,
                                           std::string &diagnostics) {
  ScopedDiagnosticHandler handler(&context, [&](Diagnostic &diagnostic) {
    diagnostics += diagnostic.str() + "\n";
    return success();
  });
  OwningOpRef<ModuleOp> module = parseSourceString<ModuleOp>(source, &context);
  if (!module)
    return failure();
  auto function = module->lookupSymbol<func::FuncOp>("main");
  if (!function) {
    diagnostics += "no func.func @main\n";
    return failure();
  }
  eval::Options options;
  options.precision = precision;
  return eval::evaluateFunction(function, inputs, options);
}

} // namespace

std::vector<Tensor> EvaluatorTest::run(const std::string &source,
                                       const std::vector<Tensor> &inputs,
                                       eval::Precision precision) {
  std::string diagnostics;
  FailureOr<std::vector<Tensor>> results =
      parseAndRun(context, source, inputs, precision, diagnostics);
  if (failed(results)) {
    ADD_FAILURE() << "evaluation failed:\n" << diagnostics;
    return {};
  }
  return *results;
}

void EvaluatorTest::expectError(const std::string &source,
                                const std::vector<Tensor> &inputs,
                                const std::string &message) {
  std::string diagnostics;
  FailureOr<std::vector<Tensor>> results = parseAndRun(
      context, source, inputs, eval::Precision::Native, diagnostics);
  EXPECT_TRUE(failed(results)) << "evaluation succeeded, expected: " << message;
  EXPECT_NE(diagnostics.find(message), std::string::npos)
      << "diagnostics:\n" << diagnostics << "expected to contain: " << message;
}

std::string unaryFunction(const std::string &op, const std::string &type) {
  // The op's attributes sit between the operand and the colon.
  size_t space = op.find(' ');
  std::string name = space == std::string::npos ? op : op.substr(0, space);
  std::string attributes =
      space == std::string::npos ? "" : op.substr(space);
  return "func.func @main(%x: " + type + ") -> " + type + " {\n" +
         "  %0 = " + name + " %x" + attributes + " : " + type + "\n" +
         "  return %0 : " + type + "\n}\n";
}

std::string binaryFunction(const std::string &op, const std::string &lhsType,
                           const std::string &rhsType,
                           const std::string &resultType) {
  return "func.func @main(%a: " + lhsType + ", %b: " + rhsType + ") -> " +
         resultType + " {\n  %0 = " + op + " %a, %b : (" + lhsType + ", " +
         rhsType + ") -> " + resultType + "\n  return %0 : " + resultType +
         "\n}\n";
}

Tensor f32(Shape shape, const std::vector<double> &values) {
  return Tensor::fromDoubles(DType::F32, std::move(shape), values);
}
Tensor f16(Shape shape, const std::vector<double> &values) {
  return Tensor::fromDoubles(DType::F16, std::move(shape), values);
}
Tensor bf16(Shape shape, const std::vector<double> &values) {
  return Tensor::fromDoubles(DType::BF16, std::move(shape), values);
}
Tensor f64(Shape shape, const std::vector<double> &values) {
  return Tensor::fromDoubles(DType::F64, std::move(shape), values);
}
Tensor i1(Shape shape, const std::vector<double> &values) {
  return Tensor::fromDoubles(DType::I1, std::move(shape), values);
}
Tensor i8(Shape shape, const std::vector<double> &values) {
  return Tensor::fromDoubles(DType::I8, std::move(shape), values);
}
Tensor i32(Shape shape, const std::vector<double> &values) {
  return Tensor::fromDoubles(DType::I32, std::move(shape), values);
}
Tensor i64(Shape shape, const std::vector<int64_t> &values) {
  Tensor tensor(DType::I64, std::move(shape));
  EXPECT_EQ(static_cast<int64_t>(values.size()), tensor.numElements());
  for (size_t i = 0; i < values.size() && i < size_t(tensor.numElements()); ++i)
    tensor.setInt(static_cast<int64_t>(i), values[i]);
  return tensor;
}

namespace {
bool sameShapeAndType(const Tensor &actual, const Tensor &expected) {
  EXPECT_EQ(dtypeName(actual.dtype()), dtypeName(expected.dtype()));
  EXPECT_EQ(actual.shape(), expected.shape());
  return actual.dtype() == expected.dtype() && actual.shape() == expected.shape();
}
} // namespace

void expectTensorEq(const Tensor &actual, const Tensor &expected) {
  if (!sameShapeAndType(actual, expected))
    return;
  for (int64_t i = 0; i < expected.numElements(); ++i) {
    if (isInteger(expected.dtype())) {
      EXPECT_EQ(actual.getInt(i), expected.getInt(i)) << "at element " << i;
      continue;
    }
    double a = actual.getDouble(i), e = expected.getDouble(i);
    if (std::isnan(e)) {
      EXPECT_TRUE(std::isnan(a)) << "at element " << i << ": " << a;
      continue;
    }
    EXPECT_EQ(a, e) << "at element " << i;
    EXPECT_EQ(std::signbit(a), std::signbit(e)) << "sign at element " << i;
  }
}

void expectTensorNear(const Tensor &actual, const Tensor &expected, double rtol,
                      double atol) {
  if (!sameShapeAndType(actual, expected))
    return;
  for (int64_t i = 0; i < expected.numElements(); ++i) {
    double a = actual.getDouble(i), e = expected.getDouble(i);
    if (std::isnan(e)) {
      EXPECT_TRUE(std::isnan(a)) << "at element " << i << ": " << a;
    } else if (std::isinf(e)) {
      EXPECT_EQ(a, e) << "at element " << i;
    } else {
      EXPECT_NEAR(a, e, atol + rtol * std::fabs(e)) << "at element " << i;
    }
  }
}

} // namespace loom::test
