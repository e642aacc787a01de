//===- SymbolModels.h - Artifacts with dimension symbols for tests -*- C++ -*-===//
//
// Part of the Loom project.
//
// A small model with a symbolic batch dimension, over the kernels of
// test/unit/Inputs/test_kernels.c, for DimSymbolTest.cpp (whose loader tests
// make one field of it wrong at a time) and loom-symbol-artifacts (which
// writes it for the loom-run tests).
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_TEST_RUNTIME_SYMBOLMODELS_H
#define LOOM_TEST_RUNTIME_SYMBOLMODELS_H

#include "runtime/ArtifactWriter.h"

#include <functional>
#include <string>
#include <vector>

namespace loom::test {

/// A valid model of batch ?(<=4), symbol 0 "x:0", whose fields can be made
/// wrong:
///   inputs x, y: ?x3xf32; outputs z, w: ?x3xf32, ids: ?x6xi32
///   buffers 0: x, 1: y, 2: factor (constant f32), 3: t (arena), 4: z,
///           5: w, 6: ids; all but the factor sliced along symbol 0
///   t = add_f32(x, y)          over 2 workgroups a slice
///   z = scale_f32(t, factor)   over 2 workgroups a slice, factor whole
///   w = copy of t
///   ids = record_ids()         over 2x3 workgroups a slice
struct SymbolModel {
  int64_t bound = 4;
  std::string symbolName = "x:0";
  Shape xShape{4, 3}, yShape{4, 3};
  std::vector<int32_t> xSymbols{0, -1}, ySymbols{0, -1};
  std::vector<int32_t> zSymbols{0, -1};
  /// Buffer.symbol of x, y, t.
  int32_t xBuffer = 0, yBuffer = 0, tBuffer = 0;
  uint64_t tBytes = 48;
  int32_t copySymbol = 0;
  uint64_t copyBytes = 48;
  bool access = true;
  float factor = 2;
  uint32_t version = 0;
  bool mesh = false;
  /// Runs last, with the CPU program's number.
  std::function<void(ArtifactWriter &, uint32_t)> extra;
};

/// The artifact of `m`, with `code` (the test kernels' shared object) as its
/// kernel library.
ByteBuffer writeSymbolModel(const SymbolModel &m, ByteBuffer code);

} // namespace loom::test

#endif // LOOM_TEST_RUNTIME_SYMBOLMODELS_H
