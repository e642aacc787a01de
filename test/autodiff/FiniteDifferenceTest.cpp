//===- FiniteDifferenceTest.cpp - Every VJP rule against finite differences -===//
//
// Part of the Loom project.
//
// One case per differentiable op and attribute variant: `loom-autodiff`
// builds @main_grad, the reference evaluator runs it in f64 with random
// cotangents, and every element of every gradient is compared with the
// central difference of sum(cotangent * main(x)) in that element.
//
//===----------------------------------------------------------------------===//

#include "evaluator/Evaluator.h"
#include "passes/Passes.h"
#include "passes/Registration.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <random>

using namespace mlir;

namespace loom {
namespace {

struct Case {
  std::string name;
  /// The body of func.func @main: its signature and ops.
  std::string function;
  /// The range random float arguments are drawn from.
  double lo = -1.0, hi = 1.0;
  /// Values of the integer arguments, by position.
  std::map<unsigned, std::vector<int64_t>> integers = {};
  /// The finite-difference step and the tolerance of the comparison.
  double step = 1e-6, tolerance = 1e-6;
};

std::ostream &operator<<(std::ostream &os, const Case &c) { return os << c.name; }

class FiniteDifference : public ::testing::TestWithParam<Case> {
protected:
  FiniteDifference() {
    DialectRegistry registry;
    registerLoomDialects(registry);
    context.appendDialectRegistry(registry);
    context.loadAllAvailableDialects();
  }
  MLIRContext context;
};

Tensor tensorOf(RankedTensorType type) {
  std::optional<DType> dtype = eval::dtypeOf(type.getElementType());
  return Tensor(*dtype, Shape(type.getShape().begin(), type.getShape().end()));
}

/// sum(cotangent * result) over the float results of @main at `inputs`.
double objective(func::FuncOp main, const std::vector<Tensor> &inputs,
                 const std::vector<Tensor> &cotangents) {
  eval::Options options;
  options.precision = eval::Precision::F64;
  FailureOr<std::vector<Tensor>> results =
      eval::evaluateFunction(main, inputs, options);
  EXPECT_TRUE(succeeded(results));
  if (failed(results))
    return NAN;
  double sum = 0.0;
  size_t seed = 0;
  for (auto [index, result] : llvm::enumerate(*results)) {
    auto type = cast<RankedTensorType>(main.getResultTypes()[index]);
    if (!isa<FloatType>(type.getElementType()))
      continue;
    const Tensor &cotangent = cotangents[seed++];
    for (int64_t i = 0; i < result.numElements(); ++i)
      sum += cotangent.getDouble(i) * result.getDouble(i);
  }
  return sum;
}

TEST_P(FiniteDifference, MatchesTheRule) {
  const Case &c = GetParam();
  std::string diagnostics;
  ScopedDiagnosticHandler handler(&context, [&](Diagnostic &diagnostic) {
    diagnostics += diagnostic.str() + "\n";
    return success();
  });
  OwningOpRef<ModuleOp> module =
      parseSourceString<ModuleOp>("func.func @main" + c.function, &context);
  ASSERT_TRUE(module) << diagnostics;
  PassManager pm(&context);
  pm.addPass(createLoomAutodiff());
  ASSERT_TRUE(succeeded(pm.run(*module))) << diagnostics;
  auto main = module->lookupSymbol<func::FuncOp>("main");
  auto grad = module->lookupSymbol<func::FuncOp>("main_grad");
  ASSERT_TRUE(grad);

  std::mt19937_64 random(42);
  std::uniform_real_distribution<double> uniform(c.lo, c.hi);
  std::uniform_real_distribution<double> signs(-1.0, 1.0);
  std::vector<Tensor> inputs;
  std::vector<unsigned> floatArgs;
  for (auto [index, type] : llvm::enumerate(main.getArgumentTypes())) {
    Tensor tensor = tensorOf(cast<RankedTensorType>(type));
    auto integers = c.integers.find(index);
    if (integers != c.integers.end()) {
      ASSERT_EQ(int64_t(integers->second.size()), tensor.numElements());
      for (auto [i, value] : llvm::enumerate(integers->second))
        tensor.setInt(i, value);
    } else {
      ASSERT_TRUE(isa<FloatType>(getElementTypeOrSelf(type))) << index;
      for (int64_t i = 0; i < tensor.numElements(); ++i)
        tensor.setDouble(i, uniform(random));
      floatArgs.push_back(index);
    }
    inputs.push_back(std::move(tensor));
  }
  std::vector<Tensor> cotangents;
  for (Type type : main.getResultTypes())
    if (isa<FloatType>(getElementTypeOrSelf(type))) {
      Tensor tensor = tensorOf(cast<RankedTensorType>(type));
      for (int64_t i = 0; i < tensor.numElements(); ++i)
        tensor.setDouble(i, signs(random));
      cotangents.push_back(std::move(tensor));
    }

  std::vector<Tensor> gradInputs = inputs;
  gradInputs.insert(gradInputs.end(), cotangents.begin(), cotangents.end());
  eval::Options options;
  options.precision = eval::Precision::F64;
  FailureOr<std::vector<Tensor>> results =
      eval::evaluateFunction(grad, gradInputs, options);
  ASSERT_TRUE(succeeded(results)) << diagnostics;
  size_t first = main.getNumResults();
  ASSERT_EQ(results->size(), first + floatArgs.size());

  int checked = 0;
  for (auto [position, arg] : llvm::enumerate(floatArgs)) {
    const Tensor &analytic = (*results)[first + position];
    for (int64_t i = 0; i < inputs[arg].numElements(); ++i) {
      std::vector<Tensor> shifted = inputs;
      double x = inputs[arg].getDouble(i);
      shifted[arg].setDouble(i, x + c.step);
      double up = objective(main, shifted, cotangents);
      shifted[arg].setDouble(i, x - c.step);
      double down = objective(main, shifted, cotangents);
      double numeric = (up - down) / (2 * c.step);
      double rule = analytic.getDouble(i);
      EXPECT_NEAR(rule, numeric, c.tolerance * (1.0 + std::fabs(numeric)))
          << "argument " << arg << " element " << i;
      ++checked;
    }
  }
  EXPECT_GT(checked, 0);
}

// Shorthands for the signatures below.
#define F(shape) "tensor<" shape "xf64>"

const Case kCases[] = {
    // Broadcasting binary ops, with operands summed back to their shapes.
    {"add", "(%a: " F("2x3") ", %b: " F("2x3") ") -> " F("2x3") " {\n"
            "%r = loom.add %a, %b : (" F("2x3") ", " F("2x3") ") -> " F("2x3") "\n"
            "return %r : " F("2x3") "\n}"},
    {"add_broadcast_rank", "(%a: " F("4x1x3") ", %b: " F("2x3") ") -> " F("4x2x3") " {\n"
            "%r = loom.add %a, %b : (" F("4x1x3") ", " F("2x3") ") -> " F("4x2x3") "\n"
            "return %r : " F("4x2x3") "\n}"},
    {"sub_broadcast", "(%a: " F("2x3") ", %b: " F("2x1") ") -> " F("2x3") " {\n"
            "%r = loom.sub %a, %b : (" F("2x3") ", " F("2x1") ") -> " F("2x3") "\n"
            "return %r : " F("2x3") "\n}"},
    {"mul_broadcast", "(%a: " F("2x3") ", %b: " F("1x3") ") -> " F("2x3") " {\n"
            "%r = loom.mul %a, %b : (" F("2x3") ", " F("1x3") ") -> " F("2x3") "\n"
            "return %r : " F("2x3") "\n}"},
    {"div_broadcast", "(%a: " F("2x3") ", %b: " F("3") ") -> " F("2x3") " {\n"
            "%r = loom.div %a, %b : (" F("2x3") ", " F("3") ") -> " F("2x3") "\n"
            "return %r : " F("2x3") "\n}", 0.5, 2.0},
    {"pow", "(%a: " F("2x3") ", %b: " F("2x3") ") -> " F("2x3") " {\n"
            "%r = loom.pow %a, %b : (" F("2x3") ", " F("2x3") ") -> " F("2x3") "\n"
            "return %r : " F("2x3") "\n}", 0.5, 2.0},
    {"pow_constant_exponent", "(%a: " F("2x3") ") -> " F("2x3") " {\n"
            "%e = loom.constant dense<2.0> : tensor<f64>\n"
            "%r = loom.pow %a, %e : (" F("2x3") ", tensor<f64>) -> " F("2x3") "\n"
            "return %r : " F("2x3") "\n}"},
    {"max", "(%a: " F("2x3") ", %b: " F("3") ") -> " F("2x3") " {\n"
            "%r = loom.max %a, %b : (" F("2x3") ", " F("3") ") -> " F("2x3") "\n"
            "return %r : " F("2x3") "\n}"},
    {"min", "(%a: " F("2x3") ", %b: " F("2x3") ") -> " F("2x3") " {\n"
            "%r = loom.min %a, %b : (" F("2x3") ", " F("2x3") ") -> " F("2x3") "\n"
            "return %r : " F("2x3") "\n}"},
    // rem away from its jumps (a / b in [0.25, 4] never an integer here):
    // Python's sign (of the divisor, made negative) and fmod's (of the
    // dividend, made negative).
    {"rem_negative_divisor", "(%a: " F("2x3") ", %b: " F("3") ") -> " F("2x3") " {\n"
            "%n = loom.neg %b : " F("3") "\n"
            "%r = loom.rem %a, %n : (" F("2x3") ", " F("3") ") -> " F("2x3") "\n"
            "return %r : " F("2x3") "\n}", 0.5, 2.0},
    {"rem_fmod_negative_dividend", "(%a: " F("2x3") ", %b: " F("2x3") ") -> " F("2x3") " {\n"
            "%n = loom.neg %a : " F("2x3") "\n"
            "%r = loom.rem %n, %b {fmod} : (" F("2x3") ", " F("2x3") ") -> " F("2x3") "\n"
            "return %r : " F("2x3") "\n}", 0.5, 2.0},
};

#define UNARY(name, op, lo, hi)                                                \
  Case {                                                                       \
    name, "(%x: " F("2x3") ") -> " F("2x3") " {\n%r = " op " : " F("2x3")     \
          "\nreturn %r : " F("2x3") "\n}",                                     \
        lo, hi                                                                 \
  }

const Case kUnaryCases[] = {
    UNARY("neg", "loom.neg %x", -1, 1),
    UNARY("abs", "loom.abs %x", -1, 1),
    UNARY("exp", "loom.exp %x", -1, 1),
    UNARY("log", "loom.log %x", 0.5, 2),
    UNARY("sqrt", "loom.sqrt %x", 0.5, 2),
    UNARY("rsqrt", "loom.rsqrt %x", 0.5, 2),
    UNARY("reciprocal", "loom.reciprocal %x", 0.5, 2),
    UNARY("tanh", "loom.tanh %x", -2, 2),
    UNARY("sigmoid", "loom.sigmoid %x", -3, 3),
    UNARY("erf", "loom.erf %x", -2, 2),
    UNARY("relu", "loom.relu %x", -1, 1),
    UNARY("gelu", "loom.gelu %x", -3, 3),
    UNARY("gelu_tanh", "loom.gelu %x approximation = tanh", -3, 3),
    UNARY("sin", "loom.sin %x", -3, 3),
    UNARY("cos", "loom.cos %x", -3, 3),
    UNARY("tan", "loom.tan %x", -1, 1),
    UNARY("sinh", "loom.sinh %x", -2, 2),
    UNARY("cosh", "loom.cosh %x", -2, 2),
    UNARY("atan", "loom.atan %x", -2, 2),
    UNARY("asin", "loom.asin %x", -0.8, 0.8),
    UNARY("acos", "loom.acos %x", -0.8, 0.8),
    UNARY("asinh", "loom.asinh %x", -2, 2),
    UNARY("acosh", "loom.acosh %x", 1.5, 3),
    UNARY("atanh", "loom.atanh %x", -0.8, 0.8),
    UNARY("clamp", "loom.clamp %x min = -0.5 max = 0.5", -1, 1),
    UNARY("clamp_min", "loom.clamp %x min = 0.0", -1, 1),
    UNARY("floor", "loom.floor %x", -3, 3),
    UNARY("ceil", "loom.ceil %x", -3, 3),
    UNARY("round", "loom.round %x", -3, 3),
    UNARY("sign", "loom.sign %x", -3, 3),
};

INSTANTIATE_TEST_SUITE_P(Binary, FiniteDifference, ::testing::ValuesIn(kCases),
                         [](const auto &info) { return info.param.name; });
INSTANTIATE_TEST_SUITE_P(Unary, FiniteDifference,
                         ::testing::ValuesIn(kUnaryCases),
                         [](const auto &info) { return info.param.name; });

// Reductions, scans, data movement, select and cast, in raw MLIR.
const Case kStructuralCases[] = {
    {"select", R"((%c: tensor<2x3xi1>, %a: tensor<2x3xf64>, %b: tensor<3xf64>) -> tensor<2x3xf64> {
      %r = loom.select %c, %a, %b : (tensor<2x3xi1>, tensor<2x3xf64>, tensor<3xf64>) -> tensor<2x3xf64>
      return %r : tensor<2x3xf64>
    })", -1, 1, {{0, {1, 0, 1, 0, 0, 1}}}},
    {"cast_f32", R"((%x: tensor<2x3xf64>) -> tensor<2x3xf64> {
      %y = loom.cast %x : tensor<2x3xf64> to tensor<2x3xf32>
      %z = loom.cast %y : tensor<2x3xf32> to tensor<2x3xf64>
      return %z : tensor<2x3xf64>
    })", -1, 1, {}, 1e-2, 1e-4},
    {"reduce_sum", R"((%x: tensor<2x3x4xf64>) -> tensor<3xf64> {
      %r = loom.reduce_sum %x axes [0, 2] : (tensor<2x3x4xf64>) -> tensor<3xf64>
      return %r : tensor<3xf64>
    })"},
    {"reduce_sum_keepdims", R"((%x: tensor<2x3x4xf64>) -> tensor<2x1x4xf64> {
      %r = loom.reduce_sum %x axes [1] keepdims : (tensor<2x3x4xf64>) -> tensor<2x1x4xf64>
      return %r : tensor<2x1x4xf64>
    })"},
    {"reduce_mean", R"((%x: tensor<2x3x4xf64>) -> tensor<2x4xf64> {
      %r = loom.reduce_mean %x axes [1] : (tensor<2x3x4xf64>) -> tensor<2x4xf64>
      return %r : tensor<2x4xf64>
    })"},
    {"reduce_max", R"((%x: tensor<2x3x4xf64>) -> tensor<2x1x1xf64> {
      %r = loom.reduce_max %x axes [1, 2] keepdims : (tensor<2x3x4xf64>) -> tensor<2x1x1xf64>
      return %r : tensor<2x1x1xf64>
    })"},
    {"reduce_min", R"((%x: tensor<2x3xf64>) -> tensor<3xf64> {
      %r = loom.reduce_min %x axes [0] : (tensor<2x3xf64>) -> tensor<3xf64>
      return %r : tensor<3xf64>
    })"},
    {"reduce_prod", R"((%x: tensor<2x3xf64>) -> tensor<2xf64> {
      %r = loom.reduce_prod %x axes [1] : (tensor<2x3xf64>) -> tensor<2xf64>
      return %r : tensor<2xf64>
    })", 0.5, 2},
    {"trilu_upper_above", R"((%x: tensor<3x4xf64>) -> tensor<3x4xf64> {
      %r = loom.trilu %x upper diagonal 1 : tensor<3x4xf64>
      return %r : tensor<3x4xf64>
    })"},
    {"trilu_lower_below", R"((%x: tensor<2x3x3xf64>) -> tensor<2x3x3xf64> {
      %r = loom.trilu %x diagonal -1 : tensor<2x3x3xf64>
      return %r : tensor<2x3x3xf64>
    })"},
    {"cumsum", R"((%x: tensor<2x4xf64>) -> tensor<2x4xf64> {
      %r = loom.cumsum %x axis 1 : tensor<2x4xf64>
      return %r : tensor<2x4xf64>
    })"},
    {"cumsum_exclusive_reverse", R"((%x: tensor<3x2xf64>) -> tensor<3x2xf64> {
      %r = loom.cumsum %x axis 0 exclusive reverse : tensor<3x2xf64>
      return %r : tensor<3x2xf64>
    })"},
    {"reshape", R"((%x: tensor<2x6xf64>) -> tensor<3x4xf64> {
      %r = loom.reshape %x : tensor<2x6xf64> to tensor<3x4xf64>
      return %r : tensor<3x4xf64>
    })"},
    {"transpose", R"((%x: tensor<2x3x4xf64>) -> tensor<4x2x3xf64> {
      %r = loom.transpose %x permutation [2, 0, 1] : (tensor<2x3x4xf64>) -> tensor<4x2x3xf64>
      return %r : tensor<4x2x3xf64>
    })"},
    {"broadcast_to", R"((%x: tensor<3x1xf64>) -> tensor<2x3x4xf64> {
      %r = loom.broadcast_to %x : tensor<3x1xf64> to tensor<2x3x4xf64>
      return %r : tensor<2x3x4xf64>
    })"},
    {"expand", R"((%x: tensor<3x1xf64>) -> tensor<3x2x4xf64> {
      %r = loom.expand %x dims [0, 2] : tensor<3x1xf64> to tensor<3x2x4xf64>
      return %r : tensor<3x2x4xf64>
    })"},
    {"concat", R"((%a: tensor<2x3xf64>, %b: tensor<2x1xf64>) -> tensor<2x4xf64> {
      %r = loom.concat %a, %b axis 1 : (tensor<2x3xf64>, tensor<2x1xf64>) -> tensor<2x4xf64>
      return %r : tensor<2x4xf64>
    })"},
    {"slice", R"((%x: tensor<4x5xf64>) -> tensor<2x3xf64> {
      %r = loom.slice %x offsets [1, 2] steps [1, 1] : tensor<4x5xf64> to tensor<2x3xf64>
      return %r : tensor<2x3xf64>
    })"},
    {"slice_strided_reversed", R"((%x: tensor<4x5xf64>) -> tensor<2x3xf64> {
      %r = loom.slice %x offsets [0, 4] steps [2, -1] : tensor<4x5xf64> to tensor<2x3xf64>
      return %r : tensor<2x3xf64>
    })"},
    {"pad", R"((%x: tensor<2x3xf64>) -> tensor<5x3xf64> {
      %r = loom.pad %x low [1, 1] high [2, -1] mode constant value 0.5 : (tensor<2x3xf64>) -> tensor<5x3xf64>
      return %r : tensor<5x3xf64>
    })"},
    // Mirrored positions add their adjoints into the positions they read.
    {"pad_reflect", R"((%x: tensor<3x4xf64>) -> tensor<7x5xf64> {
      %r = loom.pad %x low [2, 0] high [2, 1] mode reflect : (tensor<3x4xf64>) -> tensor<7x5xf64>
      return %r : tensor<7x5xf64>
    })"},
    {"pad_edge_crop", R"((%x: tensor<2x3x4xf64>) -> tensor<2x6x3xf64> {
      %r = loom.pad %x low [0, 2, -1] high [0, 1, 0] mode edge : (tensor<2x3x4xf64>) -> tensor<2x6x3xf64>
      return %r : tensor<2x6x3xf64>
    })"},
    {"pad_edge_1d", R"((%x: tensor<3xf64>) -> tensor<7xf64> {
      %r = loom.pad %x low [3] high [1] mode edge : (tensor<3xf64>) -> tensor<7xf64>
      return %r : tensor<7xf64>
    })"},
    {"two_results_and_reuse", R"((%x: tensor<2x3xf64>, %w: tensor<3xf64>) -> (tensor<2x3xf64>, tensor<2xf64>) {
      %a = loom.mul %x, %w : (tensor<2x3xf64>, tensor<3xf64>) -> tensor<2x3xf64>
      %b = loom.mul %a, %a : (tensor<2x3xf64>, tensor<2x3xf64>) -> tensor<2x3xf64>
      %s = loom.reduce_sum %b axes [1] : (tensor<2x3xf64>) -> tensor<2xf64>
      return %a, %s : tensor<2x3xf64>, tensor<2xf64>
    })"},
};

// Contractions, windows, normalization and gathers.
const Case kNNCases[] = {
    {"matmul", R"((%a: tensor<3x4xf64>, %b: tensor<4x2xf64>) -> tensor<3x2xf64> {
      %r = loom.matmul %a, %b : (tensor<3x4xf64>, tensor<4x2xf64>) -> tensor<3x2xf64>
      return %r : tensor<3x2xf64>
    })"},
    {"matmul_batched_rhs_2d", R"((%a: tensor<2x3x4xf64>, %b: tensor<4x2xf64>) -> tensor<2x3x2xf64> {
      %r = loom.matmul %a, %b : (tensor<2x3x4xf64>, tensor<4x2xf64>) -> tensor<2x3x2xf64>
      return %r : tensor<2x3x2xf64>
    })"},
    {"matmul_batch_broadcast", R"((%a: tensor<2x1x3x4xf64>, %b: tensor<3x4x2xf64>) -> tensor<2x3x3x2xf64> {
      %r = loom.matmul %a, %b : (tensor<2x1x3x4xf64>, tensor<3x4x2xf64>) -> tensor<2x3x3x2xf64>
      return %r : tensor<2x3x3x2xf64>
    })"},
    {"softmax", R"((%x: tensor<2x5xf64>) -> tensor<2x5xf64> {
      %r = loom.softmax %x axis 1 : tensor<2x5xf64>
      return %r : tensor<2x5xf64>
    })", -2, 2},
    {"log_softmax", R"((%x: tensor<3x2xf64>) -> tensor<3x2xf64> {
      %r = loom.log_softmax %x axis 0 : tensor<3x2xf64>
      return %r : tensor<3x2xf64>
    })", -2, 2},
    {"layer_norm", R"((%x: tensor<2x3x4xf64>, %s: tensor<4xf64>, %b: tensor<4xf64>) -> tensor<2x3x4xf64> {
      %r = loom.layer_norm %x, %s, %b axis 2 epsilon 1.0e-05 : (tensor<2x3x4xf64>, tensor<4xf64>, tensor<4xf64>) -> tensor<2x3x4xf64>
      return %r : tensor<2x3x4xf64>
    })"},
    {"layer_norm_two_axes", R"((%x: tensor<2x3x4xf64>, %s: tensor<3x4xf64>, %b: tensor<1xf64>) -> tensor<2x3x4xf64> {
      %r = loom.layer_norm %x, %s, %b axis 1 epsilon 1.0e-01 : (tensor<2x3x4xf64>, tensor<3x4xf64>, tensor<1xf64>) -> tensor<2x3x4xf64>
      return %r : tensor<2x3x4xf64>
    })"},
    {"conv2d", R"((%x: tensor<2x3x5x5xf64>, %w: tensor<4x3x3x3xf64>) -> tensor<2x4x3x3xf64> {
      %r = loom.conv %x, %w strides [2, 2] dilations [1, 1] pad_low [1, 1] pad_high [1, 1] groups 1 : (tensor<2x3x5x5xf64>, tensor<4x3x3x3xf64>) -> tensor<2x4x3x3xf64>
      return %r : tensor<2x4x3x3xf64>
    })"},
    {"conv2d_uneven_stride", R"((%x: tensor<1x2x6x5xf64>, %w: tensor<3x2x2x3xf64>) -> tensor<1x3x2x2xf64> {
      %r = loom.conv %x, %w strides [3, 2] dilations [1, 1] pad_low [0, 1] pad_high [0, 0] groups 1 : (tensor<1x2x6x5xf64>, tensor<3x2x2x3xf64>) -> tensor<1x3x2x2xf64>
      return %r : tensor<1x3x2x2xf64>
    })"},
    {"conv2d_dilated", R"((%x: tensor<1x2x6x6xf64>, %w: tensor<2x2x2x2xf64>) -> tensor<1x2x4x4xf64> {
      %r = loom.conv %x, %w strides [1, 1] dilations [2, 2] pad_low [0, 0] pad_high [0, 0] groups 1 : (tensor<1x2x6x6xf64>, tensor<2x2x2x2xf64>) -> tensor<1x2x4x4xf64>
      return %r : tensor<1x2x4x4xf64>
    })"},
    {"conv2d_grouped", R"((%x: tensor<2x4x4x4xf64>, %w: tensor<6x2x3x3xf64>) -> tensor<2x6x4x4xf64> {
      %r = loom.conv %x, %w strides [1, 1] dilations [1, 1] pad_low [1, 1] pad_high [1, 1] groups 2 : (tensor<2x4x4x4xf64>, tensor<6x2x3x3xf64>) -> tensor<2x6x4x4xf64>
      return %r : tensor<2x6x4x4xf64>
    })"},
    {"conv2d_depthwise", R"((%x: tensor<1x3x4x4xf64>, %w: tensor<3x1x3x3xf64>) -> tensor<1x3x2x2xf64> {
      %r = loom.conv %x, %w strides [1, 1] dilations [1, 1] pad_low [0, 0] pad_high [0, 0] groups 3 : (tensor<1x3x4x4xf64>, tensor<3x1x3x3xf64>) -> tensor<1x3x2x2xf64>
      return %r : tensor<1x3x2x2xf64>
    })"},
    // conv_transpose: strides, padding and output padding (the input
    // adjoint's convolution is one longer and cropped), and dilations.
    {"conv_transpose2d", R"((%x: tensor<1x2x3x3xf64>, %w: tensor<2x3x3x3xf64>) -> tensor<1x3x6x6xf64> {
      %r = loom.conv_transpose %x, %w strides [2, 2] dilations [1, 1] pad_low [1, 1] pad_high [1, 1] output_padding [1, 1] groups 1 : (tensor<1x2x3x3xf64>, tensor<2x3x3x3xf64>) -> tensor<1x3x6x6xf64>
      return %r : tensor<1x3x6x6xf64>
    })"},
    {"conv_transpose1d_groups", R"((%x: tensor<1x4x3xf64>, %w: tensor<4x2x2xf64>) -> tensor<1x4x4xf64> {
      %r = loom.conv_transpose %x, %w strides [1] dilations [1] pad_low [0] pad_high [0] output_padding [0] groups 2 : (tensor<1x4x3xf64>, tensor<4x2x2xf64>) -> tensor<1x4x4xf64>
      return %r : tensor<1x4x4xf64>
    })"},
    {"conv_transpose2d_depthwise_strided", R"((%x: tensor<2x2x3x3xf64>, %w: tensor<2x1x3x3xf64>) -> tensor<2x2x6x6xf64> {
      %r = loom.conv_transpose %x, %w strides [2, 2] dilations [1, 1] pad_low [1, 1] pad_high [1, 1] output_padding [1, 1] groups 2 : (tensor<2x2x3x3xf64>, tensor<2x1x3x3xf64>) -> tensor<2x2x6x6xf64>
      return %r : tensor<2x2x6x6xf64>
    })"},
    {"conv_transpose1d_dilated", R"((%x: tensor<2x2x4xf64>, %w: tensor<2x1x2xf64>) -> tensor<2x1x6xf64> {
      %r = loom.conv_transpose %x, %w strides [1] dilations [2] pad_low [0] pad_high [0] output_padding [0] groups 1 : (tensor<2x2x4xf64>, tensor<2x1x2xf64>) -> tensor<2x1x6xf64>
      return %r : tensor<2x1x6xf64>
    })"},
    {"conv1d", R"((%x: tensor<2x2x7xf64>, %w: tensor<3x2x3xf64>) -> tensor<2x3x4xf64> {
      %r = loom.conv %x, %w strides [2] dilations [1] pad_low [1] pad_high [1] groups 1 : (tensor<2x2x7xf64>, tensor<3x2x3xf64>) -> tensor<2x3x4xf64>
      return %r : tensor<2x3x4xf64>
    })"},
    {"max_pool", R"((%x: tensor<1x2x4x4xf64>) -> tensor<1x2x2x2xf64> {
      %r = loom.max_pool %x kernel [2, 2] strides [2, 2] dilations [1, 1] pad_low [0, 0] pad_high [0, 0] : (tensor<1x2x4x4xf64>) -> tensor<1x2x2x2xf64>
      return %r : tensor<1x2x2x2xf64>
    })"},
    {"max_pool_padded_overlapping", R"((%x: tensor<2x1x5x5xf64>) -> tensor<2x1x3x3xf64> {
      %r = loom.max_pool %x kernel [3, 3] strides [2, 2] dilations [1, 1] pad_low [1, 1] pad_high [1, 1] : (tensor<2x1x5x5xf64>) -> tensor<2x1x3x3xf64>
      return %r : tensor<2x1x3x3xf64>
    })"},
    {"max_pool_dilated", R"((%x: tensor<1x1x5x5xf64>) -> tensor<1x1x3x3xf64> {
      %r = loom.max_pool %x kernel [2, 2] strides [1, 1] dilations [2, 2] pad_low [0, 0] pad_high [0, 0] : (tensor<1x1x5x5xf64>) -> tensor<1x1x3x3xf64>
      return %r : tensor<1x1x3x3xf64>
    })"},
    {"avg_pool", R"((%x: tensor<1x2x4x4xf64>) -> tensor<1x2x2x2xf64> {
      %r = loom.avg_pool %x kernel [2, 2] strides [2, 2] pad_low [0, 0] pad_high [0, 0] : (tensor<1x2x4x4xf64>) -> tensor<1x2x2x2xf64>
      return %r : tensor<1x2x2x2xf64>
    })"},
    {"avg_pool_padded", R"((%x: tensor<1x1x5x5xf64>) -> tensor<1x1x3x3xf64> {
      %r = loom.avg_pool %x kernel [3, 3] strides [2, 2] pad_low [1, 1] pad_high [1, 1] : (tensor<1x1x5x5xf64>) -> tensor<1x1x3x3xf64>
      return %r : tensor<1x1x3x3xf64>
    })"},
    {"avg_pool_padded_count_include_pad", R"((%x: tensor<1x1x5x5xf64>) -> tensor<1x1x3x3xf64> {
      %r = loom.avg_pool %x kernel [3, 3] strides [2, 2] pad_low [1, 1] pad_high [1, 1] count_include_pad : (tensor<1x1x5x5xf64>) -> tensor<1x1x3x3xf64>
      return %r : tensor<1x1x3x3xf64>
    })"},
    {"gather_embedding", R"((%table: tensor<5x3xf64>, %ids: tensor<2x2xi64>) -> tensor<2x2x3xf64> {
      %r = loom.gather %table, %ids axis 0 : (tensor<5x3xf64>, tensor<2x2xi64>) -> tensor<2x2x3xf64>
      return %r : tensor<2x2x3xf64>
    })", -1, 1, {{1, {4, 0, 4, -2}}}},
    {"gather_axis1", R"((%x: tensor<2x4x3xf64>, %ids: tensor<3xi32>) -> tensor<2x3x3xf64> {
      %r = loom.gather %x, %ids axis 1 : (tensor<2x4x3xf64>, tensor<3xi32>) -> tensor<2x3x3xf64>
      return %r : tensor<2x3x3xf64>
    })", -1, 1, {{1, {1, 3, 1}}}},
    {"gather_elements", R"((%x: tensor<2x3xf64>, %ids: tensor<2x2xi64>) -> tensor<2x2xf64> {
      %r = loom.gather_elements %x, %ids axis 1 : (tensor<2x3xf64>, tensor<2x2xi64>) -> tensor<2x2xf64>
      return %r : tensor<2x2xf64>
    })", -1, 1, {{1, {0, 0, 2, 1}}}},
    {"gather_nd_elements", R"((%x: tensor<3x4xf64>, %ids: tensor<3x2xi64>) -> tensor<3xf64> {
      %r = loom.gather_nd %x, %ids : (tensor<3x4xf64>, tensor<3x2xi64>) -> tensor<3xf64>
      return %r : tensor<3xf64>
    })", -1, 1, {{1, {0, 1, 2, -1, 0, 1}}}},
    {"gather_nd_rows", R"((%x: tensor<3x4xf64>, %ids: tensor<2x1xi64>) -> tensor<2x4xf64> {
      %r = loom.gather_nd %x, %ids : (tensor<3x4xf64>, tensor<2x1xi64>) -> tensor<2x4xf64>
      return %r : tensor<2x4xf64>
    })", -1, 1, {{1, {2, 0}}}},
    {"gather_nd_batch_dims", R"((%x: tensor<2x3x4xf64>, %ids: tensor<2x3x1xi32>) -> tensor<2x3x4xf64> {
      %r = loom.gather_nd %x, %ids batch_dims 1 : (tensor<2x3x4xf64>, tensor<2x3x1xi32>) -> tensor<2x3x4xf64>
      return %r : tensor<2x3x4xf64>
    })", -1, 1, {{1, {2, 0, 2, 1, -1, 1}}}},
    {"gather_nd_batch_dims_elements", R"((%x: tensor<2x3x4xf64>, %ids: tensor<2x2xi64>) -> tensor<2xf64> {
      %r = loom.gather_nd %x, %ids batch_dims 1 : (tensor<2x3x4xf64>, tensor<2x2xi64>) -> tensor<2xf64>
      return %r : tensor<2xf64>
    })", -1, 1, {{1, {0, 3, 2, 1}}}},
    // resize: upsampling, a fractional scale and downsampling, in both
    // modes and several coordinate transforms.
    {"resize_nearest_up", R"((%x: tensor<1x2x2x3xf64>) -> tensor<1x2x4x6xf64> {
      %r = loom.resize %x mode nearest coordinate_transform asymmetric nearest_rounding floor scales [1.0, 1.0, 2.0, 2.0] : tensor<1x2x2x3xf64> to tensor<1x2x4x6xf64>
      return %r : tensor<1x2x4x6xf64>
    })"},
    {"resize_linear_half_pixel", R"((%x: tensor<1x1x3x3xf64>) -> tensor<1x1x5x7xf64> {
      %r = loom.resize %x mode linear coordinate_transform half_pixel scales [1.0, 1.0, 1.6666666666666667, 2.3333333333333335] : tensor<1x1x3x3xf64> to tensor<1x1x5x7xf64>
      return %r : tensor<1x1x5x7xf64>
    })"},
    {"resize_linear_align_corners_down", R"((%x: tensor<2x4x4xf64>) -> tensor<2x2x3xf64> {
      %r = loom.resize %x mode linear coordinate_transform align_corners scales [1.0, 0.5, 0.75] : tensor<2x4x4xf64> to tensor<2x2x3xf64>
      return %r : tensor<2x2x3xf64>
    })"},
    {"resize_nearest_half_pixel_ceil", R"((%x: tensor<1x5xf64>) -> tensor<1x3xf64> {
      %r = loom.resize %x mode nearest coordinate_transform half_pixel nearest_rounding round_prefer_ceil scales [1.0, 0.6] : tensor<1x5xf64> to tensor<1x3xf64>
      return %r : tensor<1x3xf64>
    })"},
    // scatter max and min: the winners take the adjoint (the random draws
    // make ties unlikely; a tie between data and an update shares it).
    {"scatter_max", R"((%x: tensor<2x4xf64>, %ids: tensor<2x3xi64>, %u: tensor<2x3xf64>) -> tensor<2x4xf64> {
      %r = loom.scatter %x, %ids, %u axis 1 reduction max : (tensor<2x4xf64>, tensor<2x3xi64>, tensor<2x3xf64>) -> tensor<2x4xf64>
      return %r : tensor<2x4xf64>
    })", -1, 1, {{1, {0, 2, 2, 3, 1, 3}}}},
    {"scatter_nd_min", R"((%x: tensor<4x3xf64>, %ids: tensor<3x1xi64>, %u: tensor<3x3xf64>) -> tensor<4x3xf64> {
      %r = loom.scatter_nd %x, %ids, %u reduction min : (tensor<4x3xf64>, tensor<3x1xi64>, tensor<3x3xf64>) -> tensor<4x3xf64>
      return %r : tensor<4x3xf64>
    })", -1, 1, {{1, {1, 3, 1}}}},
    // scatter mul: repeated positions, and a zero update (a constant
    // concatenated to the drawn ones) that makes its position's result and
    // the other updates' adjoints there zero.
    {"scatter_mul_repeated", R"((%x: tensor<2x4xf64>, %ids: tensor<2x3xi64>, %u: tensor<2x3xf64>) -> tensor<2x4xf64> {
      %r = loom.scatter %x, %ids, %u axis 1 reduction mul : (tensor<2x4xf64>, tensor<2x3xi64>, tensor<2x3xf64>) -> tensor<2x4xf64>
      return %r : tensor<2x4xf64>
    })", -1, 1, {{1, {0, 2, 2, 3, 1, 3}}}},
    {"scatter_nd_mul_with_zero", R"((%x: tensor<4x2xf64>, %ids: tensor<4x1xi64>, %u: tensor<3x2xf64>) -> tensor<4x2xf64> {
      %zero = loom.constant dense<[[0.0, 0.5]]> : tensor<1x2xf64>
      %all = loom.concat %u, %zero axis 0 : (tensor<3x2xf64>, tensor<1x2xf64>) -> tensor<4x2xf64>
      %r = loom.scatter_nd %x, %ids, %all reduction mul : (tensor<4x2xf64>, tensor<4x1xi64>, tensor<4x2xf64>) -> tensor<4x2xf64>
      return %r : tensor<4x2xf64>
    })", -1, 1, {{1, {1, 3, 1, 1}}}},
    {"topk_largest", R"((%x: tensor<2x5xf64>) -> tensor<2x2xf64> {
      %v, %i = loom.topk %x axis 1 k 2 : (tensor<2x5xf64>) -> (tensor<2x2xf64>, tensor<2x2xi64>)
      return %v : tensor<2x2xf64>
    })"},
    {"topk_smallest_axis0", R"((%x: tensor<4x3xf64>) -> tensor<3x3xf64> {
      %v, %i = loom.topk %x axis 0 k 3 largest = false : (tensor<4x3xf64>) -> (tensor<3x3xf64>, tensor<3x3xi64>)
      return %v : tensor<3x3xf64>
    })"},
    // Distinct positions per column: reduction none overwrites them.
    {"scatter_none", R"((%x: tensor<3x4xf64>, %ids: tensor<2x4xi64>, %u: tensor<2x4xf64>) -> tensor<3x4xf64> {
      %r = loom.scatter %x, %ids, %u axis 0 : (tensor<3x4xf64>, tensor<2x4xi64>, tensor<2x4xf64>) -> tensor<3x4xf64>
      return %r : tensor<3x4xf64>
    })", -1, 1, {{1, {0, 1, 2, 0, 2, 0, 1, 1}}}},
    // Repeated positions accumulate.
    {"scatter_add", R"((%x: tensor<3x4xf64>, %ids: tensor<2x4xi64>, %u: tensor<2x4xf64>) -> tensor<3x4xf64> {
      %r = loom.scatter %x, %ids, %u axis 0 reduction add : (tensor<3x4xf64>, tensor<2x4xi64>, tensor<2x4xf64>) -> tensor<3x4xf64>
      return %r : tensor<3x4xf64>
    })", -1, 1, {{1, {0, 0, 2, 2, 0, 1, 2, -1}}}},
    {"scatter_nd_rows", R"((%x: tensor<4x3xf64>, %ids: tensor<2x1xi64>, %u: tensor<2x3xf64>) -> tensor<4x3xf64> {
      %r = loom.scatter_nd %x, %ids, %u : (tensor<4x3xf64>, tensor<2x1xi64>, tensor<2x3xf64>) -> tensor<4x3xf64>
      return %r : tensor<4x3xf64>
    })", -1, 1, {{1, {3, 1}}}},
    {"scatter_nd_add", R"((%x: tensor<4x3xf64>, %ids: tensor<3x2xi64>, %u: tensor<3xf64>) -> tensor<4x3xf64> {
      %r = loom.scatter_nd %x, %ids, %u reduction add : (tensor<4x3xf64>, tensor<3x2xi64>, tensor<3xf64>) -> tensor<4x3xf64>
      return %r : tensor<4x3xf64>
    })", -1, 1, {{1, {0, 0, 2, 1, 0, 0}}}},
    // Batch norm in training mode as the ONNX importer writes it: batch
    // statistics over N, H, W, then scale and shift.
    {"batch_norm_training", R"((%x: tensor<2x3x2x2xf64>, %g: tensor<3x1x1xf64>, %b: tensor<3x1x1xf64>) -> tensor<2x3x2x2xf64> {
      %m = loom.reduce_mean %x axes [0, 2, 3] keepdims : (tensor<2x3x2x2xf64>) -> tensor<1x3x1x1xf64>
      %c = loom.sub %x, %m : (tensor<2x3x2x2xf64>, tensor<1x3x1x1xf64>) -> tensor<2x3x2x2xf64>
      %sq = loom.mul %c, %c : (tensor<2x3x2x2xf64>, tensor<2x3x2x2xf64>) -> tensor<2x3x2x2xf64>
      %v = loom.reduce_mean %sq axes [0, 2, 3] keepdims : (tensor<2x3x2x2xf64>) -> tensor<1x3x1x1xf64>
      %eps = loom.constant dense<1.0e-05> : tensor<f64>
      %ve = loom.add %v, %eps : (tensor<1x3x1x1xf64>, tensor<f64>) -> tensor<1x3x1x1xf64>
      %sd = loom.sqrt %ve : tensor<1x3x1x1xf64>
      %n = loom.div %c, %sd : (tensor<2x3x2x2xf64>, tensor<1x3x1x1xf64>) -> tensor<2x3x2x2xf64>
      %s = loom.mul %n, %g : (tensor<2x3x2x2xf64>, tensor<3x1x1xf64>) -> tensor<2x3x2x2xf64>
      %r = loom.add %s, %b : (tensor<2x3x2x2xf64>, tensor<3x1x1xf64>) -> tensor<2x3x2x2xf64>
      return %r : tensor<2x3x2x2xf64>
    })"},
    // A whole MLP's loss: linear, relu, linear, log_softmax, the picked
    // log-probabilities of the labels averaged.
    {"mlp_cross_entropy", R"((%x: tensor<4x3xf64>, %w1: tensor<3x5xf64>, %b1: tensor<5xf64>, %w2: tensor<5x2xf64>, %b2: tensor<2xf64>, %y: tensor<4x1xi64>) -> tensor<f64> {
      %h = loom.matmul %x, %w1 : (tensor<4x3xf64>, tensor<3x5xf64>) -> tensor<4x5xf64>
      %hb = loom.add %h, %b1 : (tensor<4x5xf64>, tensor<5xf64>) -> tensor<4x5xf64>
      %a = loom.relu %hb : tensor<4x5xf64>
      %o = loom.matmul %a, %w2 : (tensor<4x5xf64>, tensor<5x2xf64>) -> tensor<4x2xf64>
      %ob = loom.add %o, %b2 : (tensor<4x2xf64>, tensor<2xf64>) -> tensor<4x2xf64>
      %lp = loom.log_softmax %ob axis 1 : tensor<4x2xf64>
      %p = loom.gather_elements %lp, %y axis 1 : (tensor<4x2xf64>, tensor<4x1xi64>) -> tensor<4x1xf64>
      %m = loom.reduce_mean %p axes [0, 1] : (tensor<4x1xf64>) -> tensor<f64>
      %l = loom.neg %m : tensor<f64>
      return %l : tensor<f64>
    })", -1, 1, {{5, {0, 1, 1, 0}}}},
};

INSTANTIATE_TEST_SUITE_P(Structural, FiniteDifference,
                         ::testing::ValuesIn(kStructuralCases),
                         [](const auto &info) { return info.param.name; });
INSTANTIATE_TEST_SUITE_P(NN, FiniteDifference, ::testing::ValuesIn(kNNCases),
                         [](const auto &info) { return info.param.name; });

} // namespace
} // namespace loom
