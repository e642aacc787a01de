//===- NNKernels.cpp - Kernels of matmul, convolution, pooling and norms -----===//
//
// Part of the Loom project.
//
// Conv and the pools share `forEachWindow`, which lists, for each output
// position, where every window element lands in an input plane (or that it
// lands in the padding); each kernel only says how a window is combined.
// Transposed convolution runs the other way: each input element scatters
// into the result. Under Precision::Bf16Matmul the contractions see their
// f32 operands rounded to bf16 (`roundedToBf16`) and conv sums the input
// channels innermost, the order of the systolic chip's matrix units.
//
//===----------------------------------------------------------------------===//

#include "evaluator/Kernels.h"

#include "ir/LoomOps.h"
#include "runtime/Float16.h"

#include <cmath>
#include <limits>

using namespace mlir;

namespace loom::eval {
namespace {

/// True when `precision` rounds the operands of a contraction computed in
/// `type` to bf16.
bool roundsOperandsToBf16(Precision precision, DType type) {
  return precision == Precision::Bf16Matmul && type == DType::F32;
}

/// `tensor` (f32) with every element rounded to bf16, to nearest even, and
/// held in f32 again.
Tensor roundedToBf16(const Tensor &tensor) {
  Tensor result(DType::F32, tensor.shape());
  const float *in = tensor.data<float>();
  float *out = result.data<float>();
  for (int64_t i = 0; i < tensor.numElements(); ++i)
    out[i] = bfloat16ToFloat(floatToBFloat16(in[i]));
  return result;
}

/// The operands of a contraction as its kernel reads them under the
/// context's precision: bf16-rounded copies, or the operands themselves.
class ContractionOperands {
public:
  ContractionOperands(const KernelContext &context, ArrayRef<Tensor> operands)
      : operands(operands) {
    if (roundsOperandsToBf16(context.getPrecision(), operands[0].dtype()))
      for (const Tensor &operand : operands)
        rounded.push_back(roundedToBf16(operand));
  }
  const Tensor &operator[](size_t index) const {
    return rounded.empty() ? operands[index] : rounded[index];
  }

private:
  ArrayRef<Tensor> operands;
  std::vector<Tensor> rounded;
};

/// `body(int8_t{})` or `body(uint8_t{})` for the 8-bit operand types of the
/// integer contractions (their verifier admits no other).
template <typename Body> auto dispatchInt8(DType type, Body &&body) {
  return type == DType::UI8 ? body(uint8_t{}) : body(int8_t{});
}

/// Batched matmul with broadcast batch dimensions; accumulates over K in
/// increasing order starting from zero (integers wrap).
template <typename T, typename A = T, typename B = T>
Tensor matmul(const KernelContext &context, const Tensor &lhs, const Tensor &rhs) {
  Tensor result = context.makeResult();
  const Shape &shape = result.shape();
  int64_t rank = result.rank();
  int64_t m = shape[rank - 2], n = shape[rank - 1], k = lhs.shape().back();
  Shape batch(shape.begin(), shape.end() - 2);
  Shape lhsBatch(lhs.shape().begin(), lhs.shape().end() - 2);
  Shape rhsBatch(rhs.shape().begin(), rhs.shape().end() - 2);
  Shape lhsStrides = broadcastStrides(lhsBatch, batch);
  Shape rhsStrides = broadcastStrides(rhsBatch, batch);
  const A *a = lhs.data<A>();
  const B *b = rhs.data<B>();
  T *out = result.data<T>();
  using Unsigned = WrapType<T>;
  forEachIndex(batch, [&](int64_t linear, const Shape &index) {
    const A *lhsMatrix = a + offsetOf(index, lhsStrides) * m * k;
    const B *rhsMatrix = b + offsetOf(index, rhsStrides) * k * n;
    T *outMatrix = out + linear * m * n;
    for (int64_t i = 0; i < m; ++i)
      for (int64_t j = 0; j < n; ++j) {
        Unsigned sum = 0;
        for (int64_t p = 0; p < k; ++p)
          sum += static_cast<Unsigned>(lhsMatrix[i * k + p]) *
                 static_cast<Unsigned>(rhsMatrix[p * n + j]);
        outMatrix[i * n + j] = static_cast<T>(sum);
      }
  });
  return result;
}

//===----------------------------------------------------------------------===//
// Sliding windows
//===----------------------------------------------------------------------===//

/// Where the windows of a conv or pool lie on the spatial dimensions of an
/// `[N, C, D1..Dk]` input. The verifier has checked the attributes, and the
/// result shape already holds the output sizes.
struct WindowGeometry {
  Shape input;  // D1..Dk
  Shape window; // K1..Kk
  Shape output; // out1..outk
  ArrayRef<int64_t> strides, dilations, padLow; // no dilations: all 1

  WindowGeometry(const Shape &inputShape, ArrayRef<int64_t> window,
                 const Shape &resultShape, ArrayRef<int64_t> strides,
                 ArrayRef<int64_t> dilations, ArrayRef<int64_t> padLow)
      : input(inputShape.begin() + 2, inputShape.end()),
        window(window.begin(), window.end()),
        output(resultShape.begin() + 2, resultShape.end()), strides(strides),
        dilations(dilations), padLow(padLow) {}

  int64_t inputPlane() const { return numElementsOf(input); }
  int64_t outputPlane() const { return numElementsOf(output); }
  int64_t windowSize() const { return numElementsOf(window); }
};

/// Calls `body(position, offsets)` for every output position of one spatial
/// plane in row-major order. `offsets[j]` is the row-major offset in an
/// input plane of window element j (window elements in row-major order), or
/// -1 where that element lies in the padding.
template <typename Body>
void forEachWindow(const WindowGeometry &geometry, Body &&body) {
  Shape inputStrides = rowMajorStrides(geometry.input);
  std::vector<int64_t> offsets(geometry.windowSize());
  forEachIndex(geometry.output, [&](int64_t position, const Shape &out) {
    forEachIndex(geometry.window, [&](int64_t element, const Shape &k) {
      int64_t offset = 0;
      for (size_t dim = 0; dim < k.size(); ++dim) {
        int64_t dilation = geometry.dilations.empty() ? 1 : geometry.dilations[dim];
        int64_t at = out[dim] * geometry.strides[dim] - geometry.padLow[dim] +
                     k[dim] * dilation;
        if (at < 0 || at >= geometry.input[dim]) {
          offset = -1;
          break;
        }
        offset += at * inputStrides[dim];
      }
      offsets[element] = offset;
    });
    body(position, ArrayRef<int64_t>(offsets));
  });
}

/// Direct convolution. Each output element sums `x * w` over the group's
/// channels and the window from zero, with padded positions reading 0
/// (integers wrap): in row-major (c, k1..kk) order, or with
/// `channelsInnermost` in (k1..kk, c) order.
template <typename T, typename X = T, typename W = T, typename OpT = ConvOp>
Tensor conv(const KernelContext &context, const Tensor &input,
            const Tensor &filter, OpT op, bool channelsInnermost) {
  Tensor result = context.makeResult();
  WindowGeometry geometry(input.shape(),
                          ArrayRef<int64_t>(filter.shape()).drop_front(2),
                          result.shape(), op.getStrides(), op.getDilations(),
                          op.getPadLow());
  int64_t batch = input.shape()[0], channels = input.shape()[1];
  int64_t outChannels = filter.shape()[0], groupChannels = filter.shape()[1];
  int64_t outPerGroup = outChannels / op.getGroups();
  int64_t inPlane = geometry.inputPlane(), outPlane = geometry.outputPlane();
  int64_t windowSize = geometry.windowSize();
  const X *x = input.data<X>();
  const W *w = filter.data<W>();
  T *y = result.data<T>();
  using Acc = WrapType<T>;
  forEachWindow(geometry, [&](int64_t position, ArrayRef<int64_t> offsets) {
    for (int64_t n = 0; n < batch; ++n)
      for (int64_t o = 0; o < outChannels; ++o) {
        int64_t firstChannel = o / outPerGroup * groupChannels;
        const X *planes = x + (n * channels + firstChannel) * inPlane;
        const W *filters = w + o * groupChannels * windowSize;
        Acc sum = 0;
        if (channelsInnermost) {
          for (int64_t j = 0; j < windowSize; ++j)
            for (int64_t c = 0; c < groupChannels; ++c) {
              X value =
                  offsets[j] < 0 ? X(0) : planes[c * inPlane + offsets[j]];
              sum += static_cast<Acc>(value) *
                     static_cast<Acc>(filters[c * windowSize + j]);
            }
        } else {
          for (int64_t c = 0; c < groupChannels; ++c) {
            const X *plane = planes + c * inPlane;
            const W *weights = filters + c * windowSize;
            for (int64_t j = 0; j < windowSize; ++j) {
              X value = offsets[j] < 0 ? X(0) : plane[offsets[j]];
              sum += static_cast<Acc>(value) * static_cast<Acc>(weights[j]);
            }
          }
        }
        y[(n * outChannels + o) * outPlane + position] = static_cast<T>(sum);
      }
  });
  return result;
}

/// Direct transposed convolution: every input element scatters `x * w` into
/// the result, visiting (c, i1..ik, k1..kk) in row-major order, so each
/// result element accumulates its contributions in that order from zero
/// (integers wrap).
template <typename T>
Tensor convTranspose(const KernelContext &context, const Tensor &input,
                     const Tensor &filter, ConvTransposeOp op) {
  Tensor result = context.makeResult();
  const Shape &inShape = input.shape(), &outShape = result.shape();
  Shape spatialIn(inShape.begin() + 2, inShape.end());
  Shape spatialOut(outShape.begin() + 2, outShape.end());
  Shape window(filter.shape().begin() + 2, filter.shape().end());
  Shape outStrides = rowMajorStrides(spatialOut);
  ArrayRef<int64_t> strides = op.getStrides(), dilations = op.getDilations(),
                    padLow = op.getPadLow();
  int64_t batch = inShape[0], channels = inShape[1];
  int64_t perGroup = filter.shape()[1], outChannels = outShape[1];
  int64_t groupChannels = channels / op.getGroups();
  int64_t inPlane = numElementsOf(spatialIn), outPlane = numElementsOf(spatialOut);
  int64_t windowSize = numElementsOf(window);

  // targets[i * windowSize + j]: where input position i and window element
  // j land in an output plane, or -1 when cropped by the pads.
  std::vector<int64_t> targets(inPlane * windowSize);
  forEachIndex(spatialIn, [&](int64_t position, const Shape &i) {
    forEachIndex(window, [&](int64_t element, const Shape &k) {
      int64_t offset = 0;
      for (size_t dim = 0; dim < i.size(); ++dim) {
        int64_t at = i[dim] * strides[dim] + k[dim] * dilations[dim] - padLow[dim];
        if (at < 0 || at >= spatialOut[dim]) {
          offset = -1;
          break;
        }
        offset += at * outStrides[dim];
      }
      targets[position * windowSize + element] = offset;
    });
  });

  using Acc = WrapType<T>;
  std::vector<Acc> sums(result.numElements(), Acc(0));
  const T *x = input.data<T>();
  const T *w = filter.data<T>();
  for (int64_t n = 0; n < batch; ++n)
    for (int64_t c = 0; c < channels; ++c) {
      int64_t firstOut = c / groupChannels * perGroup;
      const T *plane = x + (n * channels + c) * inPlane;
      for (int64_t i = 0; i < inPlane; ++i)
        for (int64_t j = 0; j < windowSize; ++j) {
          int64_t target = targets[i * windowSize + j];
          if (target < 0)
            continue;
          for (int64_t o = 0; o < perGroup; ++o) {
            T weight = w[(c * perGroup + o) * windowSize + j];
            Acc &sum = sums[(n * outChannels + firstOut + o) * outPlane + target];
            sum += static_cast<Acc>(plane[i]) * static_cast<Acc>(weight);
          }
        }
    }
  T *y = result.data<T>();
  for (size_t index = 0; index < sums.size(); ++index)
    y[index] = static_cast<T>(sums[index]);
  return result;
}

/// A pool: `reduce(plane, offsets)` combines one window of one input plane
/// (offsets as forEachWindow gives them) into an output element.
template <typename T, typename Reduce>
Tensor pool(const KernelContext &context, const Tensor &input,
            const WindowGeometry &geometry, Reduce reduce) {
  Tensor result = context.makeResult();
  int64_t planes = input.shape()[0] * input.shape()[1];
  int64_t inPlane = geometry.inputPlane(), outPlane = geometry.outputPlane();
  const T *x = input.data<T>();
  T *y = result.data<T>();
  forEachWindow(geometry, [&](int64_t position, ArrayRef<int64_t> offsets) {
    for (int64_t plane = 0; plane < planes; ++plane)
      y[plane * outPlane + position] = reduce(x + plane * inPlane, offsets);
  });
  return result;
}

/// Padding never wins; a NaN in the window wins at once.
template <typename T>
Tensor maxPool(const KernelContext &context, const Tensor &input, MaxPoolOp op) {
  WindowGeometry geometry(input.shape(), op.getKernel(), context.resultShape(),
                          op.getStrides(), op.getDilations(), op.getPadLow());
  T lowest = std::numeric_limits<T>::has_infinity
                 ? -std::numeric_limits<T>::infinity()
                 : std::numeric_limits<T>::lowest();
  return pool<T>(context, input, geometry,
                 [&](const T *plane, ArrayRef<int64_t> offsets) {
    T best = lowest;
    for (int64_t offset : offsets) {
      if (offset < 0)
        continue;
      T value = plane[offset];
      if constexpr (std::is_floating_point_v<T>)
        if (std::isnan(value))
          return value;
      if (value > best)
        best = value;
    }
    return best;
  });
}

/// Sums the non-padded elements in window order from zero, then divides once.
template <typename T>
Tensor avgPool(const KernelContext &context, const Tensor &input, AvgPoolOp op) {
  WindowGeometry geometry(input.shape(), op.getKernel(), context.resultShape(),
                          op.getStrides(), /*dilations=*/{}, op.getPadLow());
  T fullWindow = static_cast<T>(geometry.windowSize());
  bool includePad = op.getCountIncludePad();
  return pool<T>(context, input, geometry,
                 [&](const T *plane, ArrayRef<int64_t> offsets) {
    T sum = 0;
    int64_t count = 0;
    for (int64_t offset : offsets) {
      if (offset < 0)
        continue;
      sum += plane[offset];
      ++count;
    }
    return sum / (includePad ? fullWindow : static_cast<T>(count));
  });
}

//===----------------------------------------------------------------------===//
// Softmax and normalization
//===----------------------------------------------------------------------===//

/// `shape` seen as `[outer, size, inner]` around `axis`.
struct AxisView {
  int64_t outer = 1, size, inner = 1;
  AxisView(const Shape &shape, int64_t axis) : size(shape[axis]) {
    for (int64_t dim = 0; dim < axis; ++dim)
      outer *= shape[dim];
    for (size_t dim = axis + 1; dim < shape.size(); ++dim)
      inner *= shape[dim];
  }
};

/// Softmax or log-softmax of each slice along `axis`, shifted by the slice's
/// maximum. The maximum skips NaN, which then reaches every result of its
/// slice through the sum.
template <typename T>
Tensor softmax(const KernelContext &context, const Tensor &input, int64_t axis,
               bool logarithm) {
  Tensor result = context.makeResult();
  AxisView view(input.shape(), axis);
  const T *x = input.data<T>();
  T *y = result.data<T>();
  std::vector<T> shifted(view.size);
  for (int64_t o = 0; o < view.outer; ++o)
    for (int64_t i = 0; i < view.inner; ++i) {
      int64_t base = o * view.size * view.inner + i;
      T max = -std::numeric_limits<T>::infinity();
      for (int64_t j = 0; j < view.size; ++j)
        if (x[base + j * view.inner] > max)
          max = x[base + j * view.inner];
      T sum = 0;
      for (int64_t j = 0; j < view.size; ++j) {
        shifted[j] = x[base + j * view.inner] - max;
        sum += std::exp(shifted[j]);
      }
      T logSum = std::log(sum);
      for (int64_t j = 0; j < view.size; ++j)
        y[base + j * view.inner] =
            logarithm ? shifted[j] - logSum : std::exp(shifted[j]) / sum;
    }
  return result;
}

/// Layer normalization over the dimensions from `axis` on: mean, then the
/// biased variance from it, each summed in row-major order from zero, of
/// the values less the slice's first element x0. The shift keeps the digits
/// that the deviation lives in: the plain f32 sum of 768 values 10000 +
/// U[0, 1] loses about 1% of the result to rounding, the shifted one
/// 1e-7 (x - x0 is exact for values within a factor 2 of each other).
template <typename T>
Tensor layerNorm(const KernelContext &context, const Tensor &input,
                 const Tensor &scale, const Tensor &bias, int64_t axis,
                 T epsilon) {
  Tensor result = context.makeResult();
  const Shape &shape = input.shape();
  Shape normalized(shape.begin() + axis, shape.end());
  int64_t count = numElementsOf(normalized);
  int64_t rows = 1;
  for (int64_t dim = 0; dim < axis; ++dim)
    rows *= shape[dim];
  // Where each normalized element reads its (broadcast) scale and bias.
  Shape scaleStrides = broadcastStrides(scale.shape(), normalized);
  Shape biasStrides = broadcastStrides(bias.shape(), normalized);
  std::vector<int64_t> scaleAt(count), biasAt(count);
  forEachIndex(normalized, [&](int64_t j, const Shape &index) {
    scaleAt[j] = offsetOf(index, scaleStrides);
    biasAt[j] = offsetOf(index, biasStrides);
  });
  const T *s = scale.data<T>();
  const T *b = bias.data<T>();
  for (int64_t row = 0; row < rows; ++row) {
    const T *x = input.data<T>() + row * count;
    T *y = result.data<T>() + row * count;
    T shift = count ? x[0] : T(0);
    T sum = 0;
    for (int64_t j = 0; j < count; ++j)
      sum += x[j] - shift;
    T mean = sum / static_cast<T>(count); // of the shifted values
    T squares = 0;
    for (int64_t j = 0; j < count; ++j)
      squares += ((x[j] - shift) - mean) * ((x[j] - shift) - mean);
    T deviation = std::sqrt(squares / static_cast<T>(count) + epsilon);
    for (int64_t j = 0; j < count; ++j)
      y[j] = ((x[j] - shift) - mean) / deviation * s[scaleAt[j]] +
             b[biasAt[j]];
  }
  return result;
}

} // namespace

void registerNNKernels(KernelRegistry &registry) {
  registry.add<MatmulOp>([](const KernelContext &context,
                            ArrayRef<Tensor> operands) -> KernelResult {
    ContractionOperands read(context, operands);
    return single(dispatchNumeric(read[0].dtype(), [&](auto tag) {
      return matmul<decltype(tag)>(context, read[0], read[1]);
    }));
  });
  registry.add<ConvOp>([](const KernelContext &context,
                          ArrayRef<Tensor> operands) -> KernelResult {
    auto op = cast<ConvOp>(context.getOp());
    ContractionOperands read(context, operands);
    bool channelsInnermost =
        roundsOperandsToBf16(context.getPrecision(), operands[0].dtype());
    return single(dispatchNumeric(read[0].dtype(), [&](auto tag) {
      return conv<decltype(tag)>(context, read[0], read[1], op,
                                 channelsInnermost);
    }));
  });
  // The integer contractions: each 8-bit operand extended by its own
  // signedness (static_cast to the unsigned i32 accumulator sign-extends an
  // int8_t), the sums wrapping in i32.
  registry.add<MatmulIntegerOp>([](const KernelContext &context,
                                   ArrayRef<Tensor> operands) -> KernelResult {
    return single(dispatchInt8(operands[0].dtype(), [&](auto a) {
      return dispatchInt8(operands[1].dtype(), [&](auto b) {
        return matmul<int32_t, decltype(a), decltype(b)>(context, operands[0],
                                                         operands[1]);
      });
    }));
  });
  registry.add<ConvIntegerOp>([](const KernelContext &context,
                                 ArrayRef<Tensor> operands) -> KernelResult {
    auto op = cast<ConvIntegerOp>(context.getOp());
    return single(dispatchInt8(operands[0].dtype(), [&](auto x) {
      return dispatchInt8(operands[1].dtype(), [&](auto w) {
        return conv<int32_t, decltype(x), decltype(w)>(
            context, operands[0], operands[1], op, /*channelsInnermost=*/false);
      });
    }));
  });
  registry.add<ConvTransposeOp>([](const KernelContext &context,
                                   ArrayRef<Tensor> operands) -> KernelResult {
    auto op = cast<ConvTransposeOp>(context.getOp());
    ContractionOperands read(context, operands);
    return single(dispatchNumeric(read[0].dtype(), [&](auto tag) {
      return convTranspose<decltype(tag)>(context, read[0], read[1], op);
    }));
  });
  registry.add<MaxPoolOp>([](const KernelContext &context,
                             ArrayRef<Tensor> operands) -> KernelResult {
    auto op = cast<MaxPoolOp>(context.getOp());
    return single(dispatchNumeric(operands[0].dtype(), [&](auto tag) {
      return maxPool<decltype(tag)>(context, operands[0], op);
    }));
  });
  registry.add<AvgPoolOp>([](const KernelContext &context,
                             ArrayRef<Tensor> operands) -> KernelResult {
    auto op = cast<AvgPoolOp>(context.getOp());
    return single(dispatchFloat(operands[0].dtype(), [&](auto tag) {
      return avgPool<decltype(tag)>(context, operands[0], op);
    }));
  });
  registry.add<SoftmaxOp>([](const KernelContext &context,
                             ArrayRef<Tensor> operands) -> KernelResult {
    auto op = cast<SoftmaxOp>(context.getOp());
    return single(dispatchFloat(operands[0].dtype(), [&](auto tag) {
      return softmax<decltype(tag)>(context, operands[0], op.getAxis(),
                                    /*logarithm=*/false);
    }));
  });
  registry.add<LogSoftmaxOp>([](const KernelContext &context,
                                ArrayRef<Tensor> operands) -> KernelResult {
    auto op = cast<LogSoftmaxOp>(context.getOp());
    return single(dispatchFloat(operands[0].dtype(), [&](auto tag) {
      return softmax<decltype(tag)>(context, operands[0], op.getAxis(),
                                    /*logarithm=*/true);
    }));
  });
  registry.add<LayerNormOp>([](const KernelContext &context,
                               ArrayRef<Tensor> operands) -> KernelResult {
    auto op = cast<LayerNormOp>(context.getOp());
    float epsilon = op.getEpsilon().convertToFloat();
    return single(dispatchFloat(operands[0].dtype(), [&](auto tag) {
      using T = decltype(tag);
      return layerNorm<T>(context, operands[0], operands[1], operands[2],
                          op.getAxis(), static_cast<T>(epsilon));
    }));
  });
}

} // namespace loom::eval
