//===- IndexingEvalTest.cpp - Evaluator tests of gathers, scatters, resize ---===//
//
// Part of the Loom project.
//
// Hand-computed expectations, most of them the examples of the ONNX operator
// documentation: negative and out-of-range indices, empty extents, the
// order in which scatters combine duplicates (integer wrap, f16 rounding,
// NaN), and resize's coordinate transforms and rounding modes.
//
//===----------------------------------------------------------------------===//

#include "EvaluatorTestUtils.h"

#include <limits>

using namespace loom;
using namespace loom::test;

namespace {

const double kNaN = std::numeric_limits<double>::quiet_NaN();
const double kInf = std::numeric_limits<double>::infinity();

class IndexingEvalTest : public EvaluatorTest {
protected:
  /// Runs `op`, written with the operands %a, %b, %c (as many as `types`)
  /// and its attributes, e.g. "loom.gather_elements %a, %b axis 1", with a
  /// functional type.
  Tensor runOp(const std::string &op, const std::vector<std::string> &types,
               const std::string &resultType,
               const std::vector<Tensor> &inputs) {
    std::vector<Tensor> out = run(source(op, types, resultType), inputs);
    return out.empty() ? Tensor() : out[0];
  }

  void expectOpError(const std::string &op,
                     const std::vector<std::string> &types,
                     const std::string &resultType,
                     const std::vector<Tensor> &inputs,
                     const std::string &message) {
    expectError(source(op, types, resultType), inputs, message);
  }

  /// Runs `loom.resize %a <attributes> : inputType to resultType`.
  Tensor resize(const std::string &attributes, const std::string &inputType,
                const std::string &resultType, const Tensor &input) {
    std::string text = "func.func @main(%a: " + inputType + ") -> " +
                       resultType + " {\n  %0 = loom.resize %a " + attributes +
                       " : " + inputType + " to " + resultType +
                       "\n  return %0 : " + resultType + "\n}\n";
    std::vector<Tensor> out = run(text, {input});
    return out.empty() ? Tensor() : out[0];
  }

private:
  static std::string source(const std::string &op,
                            const std::vector<std::string> &types,
                            const std::string &resultType) {
    std::string arguments, signature;
    for (size_t i = 0; i < types.size(); ++i) {
      std::string separator = i ? ", " : "";
      arguments +=
          separator + "%" + std::string(1, char('a' + i)) + ": " + types[i];
      signature += separator + types[i];
    }
    return "func.func @main(" + arguments + ") -> " + resultType +
           " {\n  %0 = " + op + " : (" + signature + ") -> " + resultType +
           "\n  return %0 : " + resultType + "\n}\n";
  }
};

//===----------------------------------------------------------------------===//
// gather
//===----------------------------------------------------------------------===//

const char *kGatherColumns = R"(
  func.func @main(%data: tensor<2x3xf32>, %indices: tensor<2xi64>) -> tensor<2x2xf32> {
    %0 = loom.gather %data, %indices axis 1 : (tensor<2x3xf32>, tensor<2xi64>) -> tensor<2x2xf32>
    return %0 : tensor<2x2xf32>
  })";

TEST_F(IndexingEvalTest, GatherAlongInnerAxisWithNegativeIndex) {
  std::vector<Tensor> out =
      run(kGatherColumns, {f32({2, 3}, {1, 2, 3, 4, 5, 6}), i64({2}, {2, -3})});
  ASSERT_EQ(out.size(), 1u);
  expectTensorEq(out[0], f32({2, 2}, {3, 1, 6, 4}));
}

TEST_F(IndexingEvalTest, GatherRowsWithIndexMatrix) {
  std::vector<Tensor> out =
      run(R"(
    func.func @main(%data: tensor<3x2xi32>, %indices: tensor<2x2xi32>) -> tensor<2x2x2xi32> {
      %0 = loom.gather %data, %indices axis 0 : (tensor<3x2xi32>, tensor<2x2xi32>) -> tensor<2x2x2xi32>
      return %0 : tensor<2x2x2xi32>
    })",
          {i32({3, 2}, {1, 2, 3, 4, 5, 6}), i32({2, 2}, {0, 2, 1, 1})});
  ASSERT_EQ(out.size(), 1u);
  expectTensorEq(out[0], i32({2, 2, 2}, {1, 2, 5, 6, 3, 4, 3, 4}));
}

TEST_F(IndexingEvalTest, GatherScalarIndexDropsTheAxis) {
  expectTensorEq(runOp("loom.gather %a, %b axis 1",
                       {"tensor<2x3xi1>", "tensor<i64>"}, "tensor<2xi1>",
                       {i1({2, 3}, {0, 1, 0, 1, 0, 0}), i64({}, {-2})}),
                 i1({2}, {1, 0}));
}

TEST_F(IndexingEvalTest, GatherIndexOutOfRangeIsAnError) {
  expectError(kGatherColumns,
              {f32({2, 3}, {1, 2, 3, 4, 5, 6}), i64({2}, {0, 3})},
              "index 3 is out of range for dimension 1 of size 3");
}

//===----------------------------------------------------------------------===//
// gather_elements
//===----------------------------------------------------------------------===//

// ONNX GatherElements example 1: out[i][j] = data[i][indices[i][j]].
TEST_F(IndexingEvalTest, GatherElementsAlongColumns) {
  expectTensorEq(runOp("loom.gather_elements %a, %b axis 1",
                       {"tensor<2x2xi32>", "tensor<2x2xi64>"},
                       "tensor<2x2xi32>",
                       {i32({2, 2}, {1, 2, 3, 4}), i64({2, 2}, {0, 0, 1, 0})}),
                 i32({2, 2}, {1, 1, 4, 3}));
}

// ONNX GatherElements examples 2 and 3: out[i][j] = data[indices[i][j]][j];
// -1 and -2 are rows 2 and 1.
TEST_F(IndexingEvalTest, GatherElementsAlongRowsWithNegativeIndices) {
  std::vector<std::string> types = {"tensor<3x3xf32>", "tensor<2x3xi32>"};
  Tensor data = f32({3, 3}, {1, 2, 3, 4, 5, 6, 7, 8, 9});
  expectTensorEq(runOp("loom.gather_elements %a, %b axis 0", types,
                       "tensor<2x3xf32>",
                       {data, i32({2, 3}, {1, 2, 0, 2, 0, 0})}),
                 f32({2, 3}, {4, 8, 3, 7, 2, 3}));
  expectTensorEq(runOp("loom.gather_elements %a, %b axis 0", types,
                       "tensor<2x3xf32>",
                       {data, i32({2, 3}, {-1, -2, 0, -2, 0, 0})}),
                 f32({2, 3}, {7, 5, 3, 4, 2, 3}));
}

// Indices may be longer than data along the axis and shorter elsewhere:
// out[i][j] = data[i][indices[i][j]] with i < 1.
TEST_F(IndexingEvalTest, GatherElementsRepeatsAndSkips) {
  expectTensorEq(
      runOp("loom.gather_elements %a, %b axis 1",
            {"tensor<2x2xf16>", "tensor<1x5xi64>"}, "tensor<1x5xf16>",
            {f16({2, 2}, {0.5, -1.5, 9, 9}), i64({1, 5}, {1, 1, 0, -1, -2})}),
      f16({1, 5}, {-1.5, -1.5, 0.5, -1.5, 0.5}));
}

TEST_F(IndexingEvalTest, GatherElementsEmptyIndices) {
  Tensor out = runOp("loom.gather_elements %a, %b axis 0",
                     {"tensor<2x3xf32>", "tensor<0x3xi64>"}, "tensor<0x3xf32>",
                     {f32({2, 3}, {1, 2, 3, 4, 5, 6}), i64({0, 3}, {})});
  expectTensorEq(out, f32({0, 3}, {}));
}

TEST_F(IndexingEvalTest, GatherElementsIndexOutOfRangeIsAnError) {
  std::vector<std::string> types = {"tensor<2x3xf32>", "tensor<2x1xi64>"};
  Tensor data = f32({2, 3}, {1, 2, 3, 4, 5, 6});
  expectOpError("loom.gather_elements %a, %b axis 1", types, "tensor<2x1xf32>",
                {data, i64({2, 1}, {0, 3})},
                "index 3 is out of range for dimension 1 of size 3");
  expectOpError("loom.gather_elements %a, %b axis 1", types, "tensor<2x1xf32>",
                {data, i64({2, 1}, {-4, 0})},
                "index -4 is out of range for dimension 1 of size 3");
}

//===----------------------------------------------------------------------===//
// gather_nd (ONNX GatherND examples 1 to 5)
//===----------------------------------------------------------------------===//

TEST_F(IndexingEvalTest, GatherNdElements) {
  expectTensorEq(runOp("loom.gather_nd %a, %b",
                       {"tensor<2x2xi32>", "tensor<2x2xi64>"}, "tensor<2xi32>",
                       {i32({2, 2}, {0, 1, 2, 3}), i64({2, 2}, {0, 0, 1, 1})}),
                 i32({2}, {0, 3}));
}

TEST_F(IndexingEvalTest, GatherNdRows) {
  expectTensorEq(runOp("loom.gather_nd %a, %b",
                       {"tensor<2x2xi32>", "tensor<2x1xi64>"},
                       "tensor<2x2xi32>",
                       {i32({2, 2}, {0, 1, 2, 3}), i64({2, 1}, {1, 0})}),
                 i32({2, 2}, {2, 3, 0, 1}));
}

TEST_F(IndexingEvalTest, GatherNdSlicesOfRank3) {
  Tensor data = f32({2, 2, 2}, {0, 1, 2, 3, 4, 5, 6, 7});
  // data[0][1] = [2, 3] and data[1][0] = [4, 5].
  expectTensorEq(runOp("loom.gather_nd %a, %b",
                       {"tensor<2x2x2xf32>", "tensor<2x2xi64>"},
                       "tensor<2x2xf32>", {data, i64({2, 2}, {0, 1, 1, 0})}),
                 f32({2, 2}, {2, 3, 4, 5}));
  expectTensorEq(
      runOp("loom.gather_nd %a, %b", {"tensor<2x2x2xf32>", "tensor<2x1x2xi64>"},
            "tensor<2x1x2xf32>", {data, i64({2, 1, 2}, {0, 1, 1, 0})}),
      f32({2, 1, 2}, {2, 3, 4, 5}));
}

// Batch 0 takes its row 1 ([2, 3]), batch 1 its row 0 ([4, 5]).
TEST_F(IndexingEvalTest, GatherNdBatchDims) {
  expectTensorEq(
      runOp("loom.gather_nd %a, %b batch_dims 1",
            {"tensor<2x2x2xf32>", "tensor<2x1xi32>"}, "tensor<2x2xf32>",
            {f32({2, 2, 2}, {0, 1, 2, 3, 4, 5, 6, 7}), i32({2, 1}, {1, 0})}),
      f32({2, 2}, {2, 3, 4, 5}));
}

// (-1, -2) is (1, 0) in a 2x2 tensor; 2x3 data has (-1, -3) = (1, 0) too.
TEST_F(IndexingEvalTest, GatherNdNegativeCoordinates) {
  expectTensorEq(
      runOp("loom.gather_nd %a, %b", {"tensor<2x3xi64>", "tensor<2x2xi64>"},
            "tensor<2xi64>",
            {i64({2, 3}, {0, 1, 2, 3, 4, 5}), i64({2, 2}, {-1, -3, -2, -1})}),
      i64({2}, {3, 2}));
}

TEST_F(IndexingEvalTest, GatherNdCoordinateOutOfRangeIsAnError) {
  expectOpError("loom.gather_nd %a, %b", {"tensor<2x3xf32>", "tensor<1x2xi64>"},
                "tensor<1xf32>",
                {f32({2, 3}, {0, 1, 2, 3, 4, 5}), i64({1, 2}, {1, 3})},
                "index 3 is out of range for dimension 1 of size 3");
  // With batch_dims the coordinate indexes data dimension batch_dims + j.
  expectOpError(
      "loom.gather_nd %a, %b batch_dims 1",
      {"tensor<2x2x2xf32>", "tensor<2x1xi32>"}, "tensor<2x2xf32>",
      {f32({2, 2, 2}, {0, 1, 2, 3, 4, 5, 6, 7}), i32({2, 1}, {0, -3})},
      "index -3 is out of range for dimension 1 of size 2");
}

//===----------------------------------------------------------------------===//
// scatter
//===----------------------------------------------------------------------===//

// ONNX ScatterElements example 1: out[indices[i][j]][j] = updates[i][j].
TEST_F(IndexingEvalTest, ScatterAlongRows) {
  expectTensorEq(
      runOp("loom.scatter %a, %b, %c axis 0",
            {"tensor<3x3xf32>", "tensor<2x3xi64>", "tensor<2x3xf32>"},
            "tensor<3x3xf32>",
            {f32({3, 3}, {0, 0, 0, 0, 0, 0, 0, 0, 0}),
             i64({2, 3}, {1, 0, 2, 0, 2, 1}),
             f32({2, 3}, {1.0, 1.1, 1.2, 2.0, 2.1, 2.2})}),
      f32({3, 3}, {2.0, 1.1, 0, 1.0, 0, 2.2, 0, 2.1, 1.2}));
}

// ONNX ScatterElements example 2, once with -2 for 3.
TEST_F(IndexingEvalTest, ScatterAlongColumnsWithNegativeIndex) {
  std::vector<std::string> types = {"tensor<1x5xf32>", "tensor<1x2xi32>",
                                    "tensor<1x2xf32>"};
  Tensor data = f32({1, 5}, {1, 2, 3, 4, 5});
  Tensor updates = f32({1, 2}, {1.1, 2.1});
  Tensor expected = f32({1, 5}, {1, 1.1, 3, 2.1, 5});
  expectTensorEq(runOp("loom.scatter %a, %b, %c axis 1", types,
                       "tensor<1x5xf32>", {data, i32({1, 2}, {1, 3}), updates}),
                 expected);
  expectTensorEq(runOp("loom.scatter %a, %b, %c axis 1", types,
                       "tensor<1x5xf32>",
                       {data, i32({1, 2}, {1, -2}), updates}),
                 expected);
}

// Without a reduction the last duplicate in row-major order wins.
TEST_F(IndexingEvalTest, ScatterDuplicatesLastWins) {
  expectTensorEq(
      runOp("loom.scatter %a, %b, %c axis 0",
            {"tensor<3xi32>", "tensor<3xi64>", "tensor<3xi32>"},
            "tensor<3xi32>",
            {i32({3}, {0, 0, 0}), i64({3}, {1, -2, 1}), i32({3}, {5, 6, 7})}),
      i32({3}, {0, 7, 0}));
}

TEST_F(IndexingEvalTest, ScatterBool) {
  expectTensorEq(
      runOp("loom.scatter %a, %b, %c axis 0",
            {"tensor<4xi1>", "tensor<2xi64>", "tensor<2xi1>"}, "tensor<4xi1>",
            {i1({4}, {0, 1, 0, 0}), i64({2}, {3, 1}), i1({2}, {1, 0})}),
      i1({4}, {0, 0, 0, 1}));
}

// 2^31 - 1 + 1 wraps to -2^31, + 1 more is -2^31 + 1.
TEST_F(IndexingEvalTest, ScatterAddWraps) {
  expectTensorEq(
      runOp("loom.scatter %a, %b, %c axis 0 reduction add",
            {"tensor<2xi32>", "tensor<2xi64>", "tensor<2xi32>"},
            "tensor<2xi32>",
            {i32({2}, {2147483647, 0}), i64({2}, {0, 0}), i32({2}, {1, 1})}),
      i32({2}, {-2147483647, 0}));
}

// f16 updates are summed in f32 and rounded once: 2048 + 1 + 1 = 2050.
// Rounding after each update would give 2048 (2049 ties to even 2048).
TEST_F(IndexingEvalTest, ScatterAddRoundsHalfOnce) {
  expectTensorEq(runOp("loom.scatter %a, %b, %c axis 0 reduction add",
                       {"tensor<1xf16>", "tensor<2xi64>", "tensor<2xf16>"},
                       "tensor<1xf16>",
                       {f16({1}, {2048}), i64({2}, {0, 0}), f16({2}, {1, 1})}),
                 f16({1}, {2050}));
}

// 3 * 2 * 5 = 30 and 2 * 4 = 8 along axis 1 of a 1x2 tensor.
TEST_F(IndexingEvalTest, ScatterMul) {
  expectTensorEq(
      runOp("loom.scatter %a, %b, %c axis 1 reduction mul",
            {"tensor<1x2xi64>", "tensor<1x3xi64>", "tensor<1x3xi64>"},
            "tensor<1x2xi64>",
            {i64({1, 2}, {3, 2}), i64({1, 3}, {0, 0, 1}),
             i64({1, 3}, {2, 5, 4})}),
      i64({1, 2}, {30, 8}));
}

// Position 0 sees 3 and 2, position 1 a NaN update, position 2 NaN data.
TEST_F(IndexingEvalTest, ScatterMaxMinPropagateNaN) {
  std::vector<std::string> types = {"tensor<3xf32>", "tensor<4xi64>",
                                    "tensor<4xf32>"};
  std::vector<Tensor> inputs = {f32({3}, {1, 5, kNaN}), i64({4}, {0, 1, 2, 0}),
                                f32({4}, {3, kNaN, 0, 2})};
  expectTensorEq(runOp("loom.scatter %a, %b, %c axis 0 reduction max", types,
                       "tensor<3xf32>", inputs),
                 f32({3}, {3, kNaN, kNaN}));
  expectTensorEq(runOp("loom.scatter %a, %b, %c axis 0 reduction min", types,
                       "tensor<3xf32>", inputs),
                 f32({3}, {1, kNaN, kNaN}));
}

TEST_F(IndexingEvalTest, ScatterEmptyUpdatesCopyData) {
  expectTensorEq(
      runOp("loom.scatter %a, %b, %c axis 1 reduction add",
            {"tensor<2x2xf32>", "tensor<2x0xi64>", "tensor<2x0xf32>"},
            "tensor<2x2xf32>",
            {f32({2, 2}, {1, 2, 3, 4}), i64({2, 0}, {}), f32({2, 0}, {})}),
      f32({2, 2}, {1, 2, 3, 4}));
}

TEST_F(IndexingEvalTest, ScatterIndexOutOfRangeIsAnError) {
  std::vector<std::string> types = {"tensor<1x5xf32>", "tensor<1x2xi64>",
                                    "tensor<1x2xf32>"};
  Tensor data = f32({1, 5}, {1, 2, 3, 4, 5});
  Tensor updates = f32({1, 2}, {1, 2});
  expectOpError("loom.scatter %a, %b, %c axis 1", types, "tensor<1x5xf32>",
                {data, i64({1, 2}, {0, 5}), updates},
                "index 5 is out of range for dimension 1 of size 5");
  expectOpError("loom.scatter %a, %b, %c axis 1", types, "tensor<1x5xf32>",
                {data, i64({1, 2}, {-6, 0}), updates},
                "index -6 is out of range for dimension 1 of size 5");
}

//===----------------------------------------------------------------------===//
// scatter_nd
//===----------------------------------------------------------------------===//

// ONNX ScatterND example 1.
TEST_F(IndexingEvalTest, ScatterNdElements) {
  expectTensorEq(runOp("loom.scatter_nd %a, %b, %c",
                       {"tensor<8xi32>", "tensor<4x1xi64>", "tensor<4xi32>"},
                       "tensor<8xi32>",
                       {i32({8}, {1, 2, 3, 4, 5, 6, 7, 8}),
                        i64({4, 1}, {4, 3, 1, 7}), i32({4}, {9, 10, 11, 12})}),
                 i32({8}, {1, 11, 3, 10, 9, 6, 7, 12}));
}

// A tuple of 2 into rank-3 data replaces a row: data[1][0] = [50, 60];
// -1 is the last row of the first dimension.
TEST_F(IndexingEvalTest, ScatterNdSlices) {
  std::vector<std::string> types = {"tensor<2x2x2xf64>", "tensor<1x2xi32>",
                                    "tensor<1x2xf64>"};
  Tensor data = f64({2, 2, 2}, {1, 2, 3, 4, 5, 6, 7, 8});
  Tensor expected = f64({2, 2, 2}, {1, 2, 3, 4, 50, 60, 7, 8});
  expectTensorEq(runOp("loom.scatter_nd %a, %b, %c", types, "tensor<2x2x2xf64>",
                       {data, i32({1, 2}, {1, 0}), f64({1, 2}, {50, 60})}),
                 expected);
  expectTensorEq(runOp("loom.scatter_nd %a, %b, %c", types, "tensor<2x2x2xf64>",
                       {data, i32({1, 2}, {-1, -2}), f64({1, 2}, {50, 60})}),
                 expected);
}

TEST_F(IndexingEvalTest, ScatterNdDuplicatesLastWins) {
  expectTensorEq(
      runOp("loom.scatter_nd %a, %b, %c",
            {"tensor<2x2xi64>", "tensor<3x1xi64>", "tensor<3x2xi64>"},
            "tensor<2x2xi64>",
            {i64({2, 2}, {0, 0, 0, 0}), i64({3, 1}, {1, 0, 1}),
             i64({3, 2}, {1, 2, 3, 4, 5, 6})}),
      i64({2, 2}, {3, 4, 5, 6}));
}

// 1 + 10 + 20 = 31 and 3 + 30 = 33.
TEST_F(IndexingEvalTest, ScatterNdAdd) {
  expectTensorEq(runOp("loom.scatter_nd %a, %b, %c reduction add",
                       {"tensor<4xf32>", "tensor<3x1xi64>", "tensor<3xf32>"},
                       "tensor<4xf32>",
                       {f32({4}, {1, 2, 3, 4}), i64({3, 1}, {0, 0, 2}),
                        f32({3}, {10, 20, 30})}),
                 f32({4}, {31, 2, 33, 4}));
}

// 16 * 4 * 4 = 256 wraps to 0 in i8.
TEST_F(IndexingEvalTest, ScatterNdMulWraps) {
  expectTensorEq(
      runOp("loom.scatter_nd %a, %b, %c reduction mul",
            {"tensor<2xi8>", "tensor<2x1xi64>", "tensor<2xi8>"}, "tensor<2xi8>",
            {i8({2}, {16, 3}), i64({2, 1}, {0, 0}), i8({2}, {4, 4})}),
      i8({2}, {0, 3}));
}

TEST_F(IndexingEvalTest, ScatterNdMaxMin) {
  std::vector<std::string> types = {"tensor<2xf32>", "tensor<2x1xi64>",
                                    "tensor<2xf32>"};
  std::vector<Tensor> inputs = {f32({2}, {1, 5}), i64({2, 1}, {0, 1}),
                                f32({2}, {3, 2})};
  expectTensorEq(runOp("loom.scatter_nd %a, %b, %c reduction max", types,
                       "tensor<2xf32>", inputs),
                 f32({2}, {3, 5}));
  expectTensorEq(runOp("loom.scatter_nd %a, %b, %c reduction min", types,
                       "tensor<2xf32>", inputs),
                 f32({2}, {1, 2}));
}

TEST_F(IndexingEvalTest, ScatterNdIndexOutOfRangeIsAnError) {
  expectOpError(
      "loom.scatter_nd %a, %b, %c",
      {"tensor<2x3xf32>", "tensor<1x2xi64>", "tensor<1xf32>"},
      "tensor<2x3xf32>",
      {f32({2, 3}, {0, 1, 2, 3, 4, 5}), i64({1, 2}, {-3, 0}), f32({1}, {9})},
      "index -3 is out of range for dimension 0 of size 2");
}

//===----------------------------------------------------------------------===//
// resize
//===----------------------------------------------------------------------===//

// ONNX resize_upsample_scales_linear: half_pixel maps x to
// (x + 0.5) / 2 - 0.5 = -0.25, 0.25, 0.75, 1.25, clamped to [0, 1]; every
// weight is a multiple of 1/16, so the result is exact.
TEST_F(IndexingEvalTest, ResizeUpsampleLinearHalfPixel) {
  expectTensorEq(resize("mode linear coordinate_transform half_pixel "
                        "scales [1.0, 1.0, 2.0, 2.0]",
                        "tensor<1x1x2x2xf32>", "tensor<1x1x4x4xf32>",
                        f32({1, 1, 2, 2}, {1, 2, 3, 4})),
                 f32({1, 1, 4, 4}, {1, 1.25, 1.75, 2,     //
                                    1.5, 1.75, 2.25, 2.5, //
                                    2.5, 2.75, 3.25, 3.5, //
                                    3, 3.25, 3.75, 4}));
}

// ONNX resize_upsample_scales_linear_align_corners: x * (2 - 1) / (4 - 1).
TEST_F(IndexingEvalTest, ResizeUpsampleLinearAlignCorners) {
  const double third = 1.0 / 3, twoThirds = 2.0 / 3;
  expectTensorNear(
      resize("mode linear coordinate_transform align_corners "
             "scales [1.0, 1.0, 2.0, 2.0]",
             "tensor<1x1x2x2xf32>", "tensor<1x1x4x4xf32>",
             f32({1, 1, 2, 2}, {1, 2, 3, 4})),
      f32({1, 1, 4, 4}, {1, 1 + third, 1 + twoThirds, 2,             //
                         1 + twoThirds, 2, 2 + third, 2 + twoThirds, //
                         2 + third, 2 + twoThirds, 3, 3 + third,     //
                         3, 3 + third, 3 + twoThirds, 4}));
}

// ONNX resize_downsample_scales_linear: rows map to 0.5 / 0.6 - 0.5 = 1/3,
// columns to 1/3 and 1.5 / 0.6 - 0.5 = 2, so the results are
// (1 + 1/3) + 4/3 = 2.6667 and 3 + 4/3 = 4.3333 (ONNX lists 2.6666665 and
// 4.3333331).
TEST_F(IndexingEvalTest, ResizeDownsampleLinear) {
  expectTensorNear(resize("mode linear coordinate_transform half_pixel "
                          "scales [1.0, 1.0, 0.6, 0.6]",
                          "tensor<1x1x2x4xf32>", "tensor<1x1x1x2xf32>",
                          f32({1, 1, 2, 4}, {1, 2, 3, 4, 5, 6, 7, 8})),
                   f32({1, 1, 1, 2}, {2.6666665, 4.3333331}));
}

// ONNX resize_upsample_scales_nearest: rows map to -0.25, 0.25, 0.75, 1.25
// (rounded 0, 0, 1, 1), columns to -1/3, 0, 1/3, 2/3, 1, 4/3 (0, 0, 0, 1,
// 1, 1).
TEST_F(IndexingEvalTest, ResizeUpsampleNearest) {
  expectTensorEq(resize("mode nearest coordinate_transform half_pixel "
                        "scales [1.0, 1.0, 2.0, 3.0]",
                        "tensor<1x1x2x2xf32>", "tensor<1x1x4x6xf32>",
                        f32({1, 1, 2, 2}, {1, 2, 3, 4})),
                 f32({1, 1, 4, 6}, {1, 1, 1, 2, 2, 2, //
                                    1, 1, 1, 2, 2, 2, //
                                    3, 3, 3, 4, 4, 4, //
                                    3, 3, 3, 4, 4, 4}));
}

// ONNX resize_downsample_scales_nearest: coordinates 1/3 and (1/3, 2).
TEST_F(IndexingEvalTest, ResizeDownsampleNearest) {
  expectTensorEq(resize("mode nearest coordinate_transform half_pixel "
                        "scales [1.0, 1.0, 0.6, 0.6]",
                        "tensor<1x1x2x4xf32>", "tensor<1x1x1x2xf32>",
                        f32({1, 1, 2, 4}, {1, 2, 3, 4, 5, 6, 7, 8})),
                 f32({1, 1, 1, 2}, {1, 3}));
}

// asymmetric with scale 2 gives x / 2 = 0, 0.5, 1, ..., 3.5: ties at every
// other position, and 3.5 rounded up is clamped to 3.
TEST_F(IndexingEvalTest, ResizeNearestTies) {
  Tensor data = f32({4}, {10, 20, 30, 40});
  expectTensorEq(
      resize("mode nearest coordinate_transform asymmetric scales [2.0]",
             "tensor<4xf32>", "tensor<8xf32>", data),
      f32({8}, {10, 10, 20, 20, 30, 30, 40, 40}));
  expectTensorEq(resize("mode nearest coordinate_transform asymmetric "
                        "nearest_rounding round_prefer_ceil scales [2.0]",
                        "tensor<4xf32>", "tensor<8xf32>", data),
                 f32({8}, {10, 20, 20, 30, 30, 40, 40, 40}));
}

// tf_half_pixel_for_nn with scale 2 gives (x + 0.5) / 2 = 0.25, 0.75, ...,
// 3.75: no ties, so rounding, floor and ceil all differ.
TEST_F(IndexingEvalTest, ResizeNearestTfHalfPixelRoundings) {
  Tensor data = f32({4}, {10, 20, 30, 40});
  auto attributes = [](const std::string &rounding) {
    return "mode nearest coordinate_transform tf_half_pixel_for_nn "
           "nearest_rounding " +
           rounding + " scales [2.0]";
  };
  expectTensorEq(resize(attributes("round_prefer_floor"), "tensor<4xf32>",
                        "tensor<8xf32>", data),
                 f32({8}, {10, 20, 20, 30, 30, 40, 40, 40}));
  expectTensorEq(
      resize(attributes("floor"), "tensor<4xf32>", "tensor<8xf32>", data),
      f32({8}, {10, 10, 20, 20, 30, 30, 40, 40}));
  expectTensorEq(
      resize(attributes("ceil"), "tensor<4xf32>", "tensor<8xf32>", data),
      f32({8}, {20, 20, 30, 30, 40, 40, 40, 40}));
}

// Down to one element: half_pixel reads 0.5 / 0.25 - 0.5 = 1.5, between 20
// and 30; pytorch_half_pixel and align_corners read 0.
TEST_F(IndexingEvalTest, ResizeToOneElement) {
  Tensor data = f32({4}, {10, 20, 30, 40});
  expectTensorEq(
      resize("mode linear coordinate_transform half_pixel scales [0.25]",
             "tensor<4xf32>", "tensor<1xf32>", data),
      f32({1}, {25}));
  expectTensorEq(resize("mode linear coordinate_transform pytorch_half_pixel "
                        "scales [0.25]",
                        "tensor<4xf32>", "tensor<1xf32>", data),
                 f32({1}, {10}));
  expectTensorEq(
      resize("mode linear coordinate_transform align_corners scales [0.25]",
             "tensor<4xf32>", "tensor<1xf32>", data),
      f32({1}, {10}));
}

// asymmetric x / 3 = 0, 1/3, 2/3, 1, then clamped to 1. In f32 the weight
// 1/3 is 0.333333343, which rounds to the f16 0.333251953125 (1365 / 4096);
// 2/3 rounds to 0.66650390625 (1365 / 2048).
TEST_F(IndexingEvalTest, ResizeLinearRoundsHalfResults) {
  expectTensorEq(
      resize("mode linear coordinate_transform asymmetric scales [3.0]",
             "tensor<2xf16>", "tensor<6xf16>", f16({2}, {0, 1})),
      f16({6}, {0, 0.333251953125, 0.66650390625, 1, 1, 1}));
}

// A sample hit exactly is returned as is: its neighbour's weight is zero,
// so the infinity next to 1 is not read (0 * inf would be NaN). Between
// samples infinities and NaN propagate.
TEST_F(IndexingEvalTest, ResizeLinearInfinityAndNaN) {
  expectTensorEq(
      resize("mode linear coordinate_transform asymmetric scales [2.0]",
             "tensor<2xf32>", "tensor<4xf32>", f32({2}, {1, kInf})),
      f32({4}, {1, kInf, kInf, kInf}));
  expectTensorEq(
      resize("mode linear coordinate_transform asymmetric scales [2.0]",
             "tensor<2xf32>", "tensor<4xf32>", f32({2}, {kNaN, 1})),
      f32({4}, {kNaN, kNaN, 1, 1}));
}

TEST_F(IndexingEvalTest, ResizeEmptyDimension) {
  expectTensorEq(
      resize("mode linear coordinate_transform half_pixel scales [1.0, 2.0]",
             "tensor<0x2xf32>", "tensor<0x4xf32>", f32({0, 2}, {})),
      f32({0, 4}, {}));
}

} // namespace
