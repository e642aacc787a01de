//===- Padding.h - Implicit padding cases for the micro-kernels -*- C++ -*-===//
//
// Part of the Loom project.
//
// For the tests of the micro-kernels that pad implicitly (the depthwise
// convolution, the max pool): the rows and columns of padding around an
// input, and the sides a test pads, each alone and together.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_TEST_UKERNELS_PADDING_H
#define LOOM_TEST_UKERNELS_PADDING_H

#include <array>
#include <cstdint>

namespace loom::test {

/// Implicit padding: rows above and below the input, columns left and
/// right of it.
struct Pads {
  int64_t top = 0, bottom = 0, left = 0, right = 0;
};

/// `p` rows or columns of padding on every side, on each side alone, and
/// below and left together.
inline std::array<Pads, 6> padsOnEachSide(int64_t p) {
  return {Pads{p, p, p, p}, Pads{p, 0, 0, 0}, Pads{0, p, 0, 0},
          Pads{0, 0, p, 0}, Pads{0, 0, 0, p}, Pads{0, p, p, 0}};
}

} // namespace loom::test

#endif // LOOM_TEST_UKERNELS_PADDING_H
