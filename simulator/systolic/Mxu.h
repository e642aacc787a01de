//===- Mxu.h - Functional model of one matrix unit ---------------*- C++ -*-===//
//
// Part of the Loom project.
//
// What an MXU computes, independent of when. The numeric contract, which the
// reference implementation in the tests restates:
//   * operands enter as bf16: bf16 data is used as is, f32 data (the .f32
//     forms) is rounded to bf16 with round-to-nearest-even (runtime/Float16.h);
//   * out[i][j] starts at +0.0f (overwrite) or at the accumulator's value
//     (.acc), then for k = 0, 1, ..., K-1 in that order
//       out[i][j] = out[i][j] + float(a[i][k]) * float(w[k][j])
//     with each product and each sum rounded to f32 (never fused: the build
//     passes -ffp-contract=off, and a product of two bf16 values is exact
//     unless it underflows).
// Weights are converted to f32 once, at load; each streamed row once per
// matmul, so the inner loop is a contiguous f32 multiply-add the compiler
// vectorises.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_SIMULATOR_SYSTOLIC_MXU_H
#define LOOM_SIMULATOR_SYSTOLIC_MXU_H

#include "simulator/systolic/Memory.h"

#include <cstdint>
#include <vector>

namespace loom::systolic {

/// A weight tile, already widened to f32, `rows` x `cols` row-major.
struct WeightTile {
  int rows = 0;
  int cols = 0;
  std::vector<float> values;
};

class MxuState {
public:
  /// Allocates the accumulators; false if the memory is not available.
  bool initialize(int arrayRows, int arrayCols, int64_t accumulatorRows);
  /// Zeroes the accumulators (the rows matmuls wrote) and drops both
  /// weight tiles, as at power-on.
  void reset();

  /// Reads a rows x cols tile (row stride in bytes; element n of a row
  /// `laneStride` elements after element n - 1) into the staging buffer.
  void loadWeights(const uint8_t *source, int rows, int cols, int64_t stride,
                   bool f32Operand, int64_t laneStride = 1);
  bool hasStaged() const { return stagedValid; }
  bool hasActive() const { return activeValid; }
  /// Makes the staged tile the active one (the double buffer flips).
  void swapWeights();
  const WeightTile &activeWeights() const { return active; }
  const WeightTile &stagedWeights() const { return staged; }

  /// out[accRow + i][0..N) (+)= rows[i] x active weights, i < rows. Each
  /// streamed row holds K = active.rows operands at `source + i * stride`.
  void matmul(const uint8_t *source, int64_t rows, int64_t stride,
              int64_t accRow, bool accumulate, bool f32Operand);

  float *accumulatorRow(int64_t row) {
    return reinterpret_cast<float *>(accumulators.data()) + row * cols;
  }
  int arrayCols() const { return cols; }
  int64_t accumulatorRows() const { return accRows; }

private:
  int rowsInArray = 0;
  int cols = 0;
  int64_t accRows = 0;
  ZeroedBuffer accumulators; // accRows x cols f32
  WeightTile staged;
  WeightTile active;
  bool stagedValid = false;
  bool activeValid = false;
  int64_t writtenRows = 0; // accumulator rows [0, writtenRows) may be nonzero
  std::vector<float> operandScratch;
};

/// The inner kernel, exposed for the benchmark: for each of `rows` rows,
/// out[r][0..n) (+)= a[r][0..k) x w[0..k)[0..n), a and out with the given
/// row strides (in floats), w dense k x n.
void matmulKernel(const float *a, int64_t aStride, const float *w, int k,
                  int n, float *out, int64_t outStride, int64_t rows,
                  bool accumulate);

} // namespace loom::systolic

#endif // LOOM_SIMULATOR_SYSTOLIC_MXU_H
