//===- EvaluatorTestUtils.h - Helpers for evaluator tests --------*- C++ -*-===//
//
// Part of the Loom project.
//
// A fixture that parses a function written in the loom dialect, evaluates
// it with the reference evaluator, and compares results with hand-computed
// values.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_TEST_UNIT_EVALUATORTESTUTILS_H
#define LOOM_TEST_UNIT_EVALUATORTESTUTILS_H

#include "evaluator/Evaluator.h"
#include "runtime/Tensor.h"

#include "mlir/IR/MLIRContext.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace loom::test {

class EvaluatorTest : public ::testing::Test {
protected:
  EvaluatorTest();

  /// Parses `source` (one func.func named @main), evaluates it on `inputs`
  /// and returns its results; a failure is reported as a test failure.
  std::vector<Tensor> run(const std::string &source,
                          const std::vector<Tensor> &inputs,
                          eval::Precision precision = eval::Precision::Native);

  /// Expects the evaluation to fail with a diagnostic containing `message`.
  void expectError(const std::string &source, const std::vector<Tensor> &inputs,
                   const std::string &message);

  mlir::MLIRContext context;
};

/// Source of `func.func @main` applying one unary op spelled `op` (with any
/// attributes, e.g. "loom.gelu %x approximation = tanh") to %x of `type`.
std::string unaryFunction(const std::string &op, const std::string &type);

/// Source of `func.func @main(%a, %b)` applying a binary op written as
/// `op` (e.g. "loom.add" or "loom.compare lt,") with a functional type.
std::string binaryFunction(const std::string &op, const std::string &lhsType,
                           const std::string &rhsType,
                           const std::string &resultType);

/// Tensors from values, for inputs and expectations.
Tensor f32(Shape shape, const std::vector<double> &values);
Tensor f16(Shape shape, const std::vector<double> &values);
Tensor bf16(Shape shape, const std::vector<double> &values);
Tensor f64(Shape shape, const std::vector<double> &values);
Tensor i1(Shape shape, const std::vector<double> &values);
Tensor i8(Shape shape, const std::vector<double> &values);
Tensor i32(Shape shape, const std::vector<double> &values);
Tensor i64(Shape shape, const std::vector<int64_t> &values);

/// Expects same dtype and shape, and elements equal (NaN equals NaN, and
/// -0.0 differs from +0.0: the evaluator is bit-exact).
void expectTensorEq(const Tensor &actual, const Tensor &expected);

/// Expects same dtype and shape, and every element within
/// `atol + rtol * |expected|` (NaN matches NaN, infinities must be equal).
void expectTensorNear(const Tensor &actual, const Tensor &expected,
                      double rtol = 1e-6, double atol = 1e-6);

} // namespace loom::test

#endif // LOOM_TEST_UNIT_EVALUATORTESTUTILS_H
