//===- Mxu.cpp - Functional model of one matrix unit -----------------------===//
//
// Part of the Loom project.
//
// The kernel keeps four output rows in flight so each weight row is loaded
// once per four MACs per column, and walks k outermost inside that block so
// every output still sums its products in k order. The kernel is cloned for
// AVX2 (picked at load time where the CPU has it); without FMA contraction
// both clones compute bit-identical results.
//
//===----------------------------------------------------------------------===//

#include "simulator/systolic/Mxu.h"

#include "runtime/Float16.h"

#include <algorithm>
#include <cstring>

namespace loom::systolic {

namespace {

/// Widens one streamed row (or weight row) of `count` operands to f32,
/// rounding f32 sources to bf16 first.
void widenRow(const uint8_t *source, int count, bool f32Operand, float *out) {
  if (f32Operand) {
    for (int i = 0; i < count; ++i) {
      float value;
      std::memcpy(&value, source + 4 * i, 4);
      out[i] = bfloat16ToFloat(floatToBFloat16(value));
    }
    return;
  }
  for (int i = 0; i < count; ++i) {
    uint16_t bits;
    std::memcpy(&bits, source + 2 * i, 2);
    out[i] = bfloat16ToFloat(bits);
  }
}

} // namespace

#if defined(__GNUC__) && defined(__x86_64__) && !defined(__clang__)
#define LOOM_KERNEL_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define LOOM_KERNEL_CLONES
#endif

LOOM_KERNEL_CLONES
void matmulKernel(const float *a, int64_t aStride, const float *w, int k,
                  int n, float *out, int64_t outStride, int64_t rows,
                  bool accumulate) {
  int64_t r = 0;
  for (; r + 4 <= rows; r += 4) {
    float *o0 = out + r * outStride, *o1 = o0 + outStride,
          *o2 = o1 + outStride, *o3 = o2 + outStride;
    const float *a0 = a + r * aStride, *a1 = a0 + aStride, *a2 = a1 + aStride,
                *a3 = a2 + aStride;
    if (!accumulate)
      for (int j = 0; j < n; ++j)
        o0[j] = o1[j] = o2[j] = o3[j] = 0.0f;
    for (int kk = 0; kk < k; ++kk) {
      const float *wr = w + static_cast<int64_t>(kk) * n;
      float x0 = a0[kk], x1 = a1[kk], x2 = a2[kk], x3 = a3[kk];
      for (int j = 0; j < n; ++j) {
        float wj = wr[j];
        o0[j] += x0 * wj;
        o1[j] += x1 * wj;
        o2[j] += x2 * wj;
        o3[j] += x3 * wj;
      }
    }
  }
  for (; r < rows; ++r) {
    float *o = out + r * outStride;
    const float *ar = a + r * aStride;
    if (!accumulate)
      for (int j = 0; j < n; ++j)
        o[j] = 0.0f;
    for (int kk = 0; kk < k; ++kk) {
      const float *wr = w + static_cast<int64_t>(kk) * n;
      float x = ar[kk];
      for (int j = 0; j < n; ++j)
        o[j] += x * wr[j];
    }
  }
}

bool MxuState::initialize(int arrayRows, int arrayCols,
                          int64_t accumulatorRowCount) {
  rowsInArray = arrayRows;
  cols = arrayCols;
  accRows = accumulatorRowCount;
  accumulators = ZeroedBuffer(static_cast<size_t>(accRows) *
                              static_cast<size_t>(cols) * sizeof(float));
  return accumulators.valid();
}

void MxuState::reset() {
  std::fill(accumulatorRow(0), accumulatorRow(writtenRows), 0.0f);
  writtenRows = 0;
  staged = WeightTile();
  active = WeightTile();
  stagedValid = false;
  activeValid = false;
}

void MxuState::loadWeights(const uint8_t *source, int rows, int tileCols,
                           int64_t stride, bool f32Operand,
                           int64_t laneStride) {
  staged.rows = rows;
  staged.cols = tileCols;
  staged.values.resize(static_cast<size_t>(rows) * tileCols);
  int64_t bytes = f32Operand ? 4 : 2;
  for (int r = 0; r < rows; ++r) {
    float *out = staged.values.data() + static_cast<size_t>(r) * tileCols;
    if (laneStride == 1) {
      widenRow(source + r * stride, tileCols, f32Operand, out);
      continue;
    }
    for (int n = 0; n < tileCols; ++n)
      widenRow(source + r * stride + n * laneStride * bytes, 1, f32Operand,
               out + n);
  }
  stagedValid = true;
}

void MxuState::swapWeights() {
  std::swap(active, staged);
  activeValid = true;
  stagedValid = false;
}

void MxuState::matmul(const uint8_t *source, int64_t rows, int64_t stride,
                      int64_t accRow, bool accumulate, bool f32Operand) {
  const int k = active.rows;
  const int n = active.cols;
  writtenRows = std::max(writtenRows, accRow + rows);
  // Widen a block of streamed rows at a time so the scratch stays in cache.
  constexpr int64_t kBlock = 64;
  operandScratch.resize(static_cast<size_t>(kBlock) * std::max(k, 1));
  for (int64_t base = 0; base < rows; base += kBlock) {
    int64_t count = std::min(kBlock, rows - base);
    for (int64_t r = 0; r < count; ++r)
      widenRow(source + (base + r) * stride, k, f32Operand,
               operandScratch.data() + r * k);
    matmulKernel(operandScratch.data(), k, active.values.data(), k, n,
                 accumulatorRow(accRow + base), cols, count, accumulate);
  }
}

} // namespace loom::systolic
