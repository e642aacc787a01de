//===- Tensor.h - Host tensors -----------------------------------*- C++ -*-===//
//
// Part of the Loom project.
//
// A dense, row-major tensor in host memory that owns its bytes. It is what a
// program hands to and gets back from Loom, and what the reference evaluator
// computes on. Storage per dtype: f32 float, f16/bf16 the raw uint16_t bits,
// f64 double, i1 one uint8_t (0 or 1), i8/i32/i64 the signed integers.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_RUNTIME_TENSOR_H
#define LOOM_RUNTIME_TENSOR_H

#include "runtime/DType.h"

#include <cassert>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace loom {

using Shape = std::vector<int64_t>;

/// Number of elements of a static shape (1 for rank 0).
int64_t numElementsOf(const Shape &shape);

/// Row-major strides, in elements.
Shape rowMajorStrides(const Shape &shape);

/// "2x3xf32" style spelling, used in messages.
std::string shapeString(const Shape &shape, DType type);

class Tensor {
public:
  Tensor() = default;
  /// A zero-filled tensor.
  Tensor(DType type, Shape shape);

  /// A tensor from values given as doubles (converted to `type` the way
  /// `setDouble` does); handy in tests and for scalars.
  static Tensor fromDoubles(DType type, Shape shape,
                            const std::vector<double> &values);

  DType dtype() const { return type; }
  const Shape &shape() const { return dims; }
  int64_t rank() const { return static_cast<int64_t>(dims.size()); }
  int64_t numElements() const { return count; }
  size_t byteSize() const { return storage.size(); }

  std::byte *bytes() { return storage.data(); }
  const std::byte *bytes() const { return storage.data(); }

  template <typename T> T *data() { return reinterpret_cast<T *>(bytes()); }
  template <typename T> const T *data() const {
    return reinterpret_cast<const T *>(bytes());
  }

  /// Element `index` (row-major) as a double: floats widened, f16/bf16
  /// decoded, integers converted (i64 beyond 2^53 loses precision).
  double getDouble(int64_t index) const;
  /// Element `index` as an int64 (floats truncated toward zero).
  int64_t getInt(int64_t index) const;
  /// Stores `value` converted to the dtype: rounded once to nearest even
  /// for floats, truncated toward zero for integers, non-zero for i1.
  void setDouble(int64_t index, double value);
  void setInt(int64_t index, int64_t value);

  /// Same dtype, shape and bytes.
  bool bitwiseEqual(const Tensor &other) const;

  /// Short human-readable form, e.g. "2x2xf32 [1, 2, 3, 4]".
  std::string toString(int64_t maxElements = 16) const;

private:
  DType type = DType::F32;
  Shape dims;
  int64_t count = 1;
  std::vector<std::byte> storage;
};

} // namespace loom

#endif // LOOM_RUNTIME_TENSOR_H
