//===- MathConverters.cpp - ONNX trigonometry, activations, windows, LRN -----===//
//
// Part of the Loom project.
//
// Unary math with a loom op of its own, and the ONNX activations, tests and
// signal windows that decompose into elementwise loom ops; DFT as matmuls
// with constant cosine and sine matrices, STFT as a gather of frames and
// that DFT, MelWeightMatrix as a constant, Det by Leibniz's formula.
//
//===----------------------------------------------------------------------===//

#include "frontend/onnx/NodeContext.h"
#include "frontend/onnx/converters/ConverterUtils.h"
#include "frontend/onnx/TensorProto.h"

#include "evaluator/Evaluator.h"
#include "ir/LoomOps.h"

#include "onnx/onnx_pb.h"

#include <algorithm>
#include <cmath>
#include <limits>

using namespace mlir;

namespace loom::onnx_import {
namespace {

template <typename OpT> LogicalResult convertUnary(NodeContext &node) {
  return node.setResults({node.create<OpT>(node.input(0))});
}

/// IsNaN: NaN is the only value unequal to itself.
LogicalResult convertIsNaN(NodeContext &node) {
  Value x = node.input(0);
  return node.setResults({node.create<CompareOp>(ComparePredicate::ne, x, x)});
}

/// IsInf with detect_positive / detect_negative.
LogicalResult convertIsInf(NodeContext &node) {
  Value x = node.input(0);
  Type type = elementTypeOf(x);
  bool positive = node.intAttr("detect_positive", 1) != 0;
  bool negative = node.intAttr("detect_negative", 1) != 0;
  double infinity = std::numeric_limits<double>::infinity();
  Value isPositive =
      node.create<CompareOp>(ComparePredicate::eq, x, node.scalar(type, infinity));
  Value isNegative =
      node.create<CompareOp>(ComparePredicate::eq, x, node.scalar(type, -infinity));
  if (positive && negative)
    return node.setResults({node.create<OrOp>(isPositive, isNegative)});
  if (positive)
    return node.setResults({isPositive});
  if (negative)
    return node.setResults({isNegative});
  // Neither: all false, which x < -inf is.
  return node.setResults({node.create<CompareOp>(
      ComparePredicate::lt, x, node.scalar(type, -infinity))});
}

/// Celu: max(0, x) + min(0, alpha * (exp(x / alpha) - 1)).
LogicalResult convertCelu(NodeContext &node) {
  Value x = node.input(0);
  Type type = elementTypeOf(x);
  double alpha = node.floatAttr("alpha", 1.0f);
  if (alpha == 0)
    return node.fail("alpha must not be 0");
  Value zero = node.scalar(type, 0);
  Value scaled = node.create<DivOp>(x, node.scalar(type, alpha));
  Value expm1 = node.create<SubOp>(node.create<ExpOp>(scaled), node.scalar(type, 1));
  Value negativePart =
      node.create<MinOp>(zero, node.create<MulOp>(expm1, node.scalar(type, alpha)));
  return node.setResults(
      {node.create<AddOp>(node.create<MaxOp>(zero, x), negativePart)});
}

/// ThresholdedRelu: x where x > alpha, else 0.
LogicalResult convertThresholdedRelu(NodeContext &node) {
  Value x = node.input(0);
  Type type = elementTypeOf(x);
  Value above = node.create<CompareOp>(
      ComparePredicate::gt, x, node.scalar(type, node.floatAttr("alpha", 1.0f)));
  return node.setResults({node.create<SelectOp>(above, x, node.scalar(type, 0))});
}

/// Shrink: x + bias below -lambd, x - bias above lambd, 0 between.
LogicalResult convertShrink(NodeContext &node) {
  Value x = node.input(0);
  Type type = elementTypeOf(x);
  double lambd = node.floatAttr("lambd", 0.5f), bias = node.floatAttr("bias", 0);
  Value below = node.create<CompareOp>(ComparePredicate::lt, x, node.scalar(type, -lambd));
  Value above = node.create<CompareOp>(ComparePredicate::gt, x, node.scalar(type, lambd));
  Value zero = node.scalar(type, 0);
  Value upper = node.create<SelectOp>(
      above, node.create<SubOp>(x, node.scalar(type, bias)), zero);
  return node.setResults({node.create<SelectOp>(
      below, node.create<AddOp>(x, node.scalar(type, bias)), upper)});
}

/// Mish: x * tanh(log(1 + exp(x))).
LogicalResult convertMish(NodeContext &node) {
  Value x = node.input(0);
  Value softplus = node.create<LogOp>(
      node.create<AddOp>(node.create<ExpOp>(x), node.scalar(elementTypeOf(x), 1)));
  return node.setResults({node.create<MulOp>(x, node.create<TanhOp>(softplus))});
}

/// MeanVarianceNormalization: (x - mean) / sqrt(var + 1e-9) over `axes`.
LogicalResult convertMeanVarianceNormalization(NodeContext &node) {
  Value x = node.input(0);
  RankedTensorType type = node.inputType(0);
  std::vector<int64_t> axes = node.intsAttr("axes", {0, 2, 3});
  SmallVector<int64_t> normalized;
  for (int64_t axis : axes) {
    if (axis < -type.getRank() || axis >= type.getRank())
      return node.fail("axis " + Twine(axis) + " is out of range for rank " +
                       Twine(type.getRank()));
    normalized.push_back(axis < 0 ? axis + type.getRank() : axis);
  }
  llvm::sort(normalized);
  Value mean = node.create<ReduceMeanOp>(x, normalized, /*keepdims=*/true);
  Value centered = node.create<SubOp>(x, mean);
  Value variance = node.create<ReduceMeanOp>(
      node.create<MulOp>(centered, centered), normalized, /*keepdims=*/true);
  Value deviation = node.create<SqrtOp>(
      node.create<AddOp>(variance, node.scalar(type.getElementType(), 1e-9)));
  return node.setResults({node.create<DivOp>(centered, deviation)});
}

/// LRN: x / (bias + alpha / size * sum of squares over a window of `size`
/// channels)^beta. The channel window sum is an average pool over the
/// channel axis of x^2 viewed as [N, 1, C, rest], times `size`.
LogicalResult convertLRN(NodeContext &node) {
  Value x = node.input(0);
  RankedTensorType type = node.inputType(0);
  if (type.getRank() < 3)
    return node.fail("input must have rank 3 or more, got " + Twine(type.getRank()));
  int64_t size = node.intAttr("size", 0);
  if (size < 1)
    return node.fail("size must be at least 1, got " + Twine(size));
  double alpha = node.floatAttr("alpha", 1e-4f), beta = node.floatAttr("beta", 0.75f),
         bias = node.floatAttr("bias", 1.0f);
  int64_t rest = 1;
  for (int64_t dim : type.getShape().drop_front(2))
    rest *= dim;
  Type element = type.getElementType();
  auto viewType = RankedTensorType::get(
      {type.getDimSize(0), 1, type.getDimSize(1), rest}, element);
  Value squares = node.createTyped<ReshapeOp>(viewType, node.create<MulOp>(x, x));
  int64_t low = (size - 1) / 2, high = size - 1 - low;
  Value windowMean = node.create<AvgPoolOp>(
      squares, ArrayRef<int64_t>{size, 1}, ArrayRef<int64_t>{1, 1},
      ArrayRef<int64_t>{low, 0}, ArrayRef<int64_t>{high, 0},
      /*count_include_pad=*/true);
  Value sums = node.createTyped<ReshapeOp>(
      type, node.create<MulOp>(windowMean, node.scalar(element, size)));
  Value base = node.create<AddOp>(
      node.create<MulOp>(sums, node.scalar(element, alpha / size)),
      node.scalar(element, bias));
  Value denominator = node.create<PowOp>(base, node.scalar(element, beta));
  return node.setResults({node.create<DivOp>(x, denominator)});
}

/// A window whose size is only known at run time: a data-shaped result
/// (docs/dynamic-shapes.md) of at most --max-dim elements.
LogicalResult convertRuntimeWindow(NodeContext &node, WindowKind kind,
                                   bool periodic, DType dtype) {
  auto sizeType = dyn_cast<RankedTensorType>(node.input(0).getType());
  if (!sizeType || sizeType.getNumElements() != 1 ||
      !sizeType.getElementType().isSignlessInteger() ||
      sizeType.getElementType().getIntOrFloatBitWidth() < 32)
    return node.fail("input 0 (size, '" + node.node().input(0) +
                     "') is given at run time; it must then be an int32 or "
                     "int64 scalar");
  std::optional<int64_t> bound = node.runTimeDimBound({{0, "size"}}, 1);
  if (!bound)
    return failure();
  Value size = node.input(0);
  if (sizeType.getRank() != 0)
    size = node.createTyped<ReshapeOp>(sizeType.clone(ArrayRef<int64_t>{}),
                                       size);
  Type none = node.builder().getNoneType();
  SmallVector<Value> results = node.createMulti<WindowOp>(
      none, none, size, kind, periodic,
      eval::elementTypeOf(node.builder().getContext(), dtype),
      static_cast<uint64_t>(*bound));
  if (results.size() != 2)
    return failure();
  return node.setValueResults(
      {dataShapedResult(node, results[0], results[1], {*bound})});
}

/// Hann, Hamming and Blackman windows; a constant length gives a constant.
template <int kind> LogicalResult convertWindow(NodeContext &node) {
  bool periodic = node.intAttr("periodic", 1) != 0;
  int64_t dataType = node.intAttr("output_datatype", 1);
  std::optional<DType> dtype = dtypeFromOnnx(static_cast<int>(dataType));
  if (!dtype || *dtype == DType::I1)
    return node.fail("output_datatype " + onnxTypeName(static_cast<int>(dataType)) +
                     " is not supported");
  if (node.hasInput(0) && !node.constantInput(0))
    return convertRuntimeWindow(node, static_cast<WindowKind>(kind), periodic,
                                *dtype);
  std::optional<std::vector<int64_t>> size = node.intsInput(0, "size");
  if (!size)
    return failure();
  if (size->size() != 1 || (*size)[0] < 0)
    return node.fail("size must be one non-negative integer");
  int64_t length = (*size)[0];
  if (length > node.maxConstantElements())
    return node.fail("window length " + Twine(length) + " is larger than " +
                     Twine(node.maxConstantElements()) +
                     " elements, the most Loom builds at compile time");
  Tensor window(*dtype, {length});
  double n = periodic ? static_cast<double>(length) : static_cast<double>(length - 1);
  for (int64_t i = 0; i < length; ++i) {
    double phase = 2 * M_PI * i / n;
    double value;
    if (kind == 0) // Hann
      value = 0.5 - 0.5 * std::cos(phase);
    else if (kind == 1) // Hamming
      value = 25.0 / 46 - 21.0 / 46 * std::cos(phase);
    else // Blackman
      value = 0.42 - 0.5 * std::cos(phase) + 0.08 * std::cos(2 * phase);
    window.setDouble(i, value);
  }
  return node.setResults({node.constant(window)});
}


/// `value` with dimension `axis` moved last (`back` set to undo it), or
/// itself when `axis` is already last.
Value moveLast(NodeContext &node, Value value, int64_t axis,
               SmallVector<int64_t> &back) {
  int64_t rank = cast<RankedTensorType>(value.getType()).getRank();
  SmallVector<int64_t> toLast;
  for (int64_t d = 0; d < rank; ++d)
    if (d != axis)
      toLast.push_back(d);
  toLast.push_back(axis);
  back.assign(rank, 0);
  for (int64_t d = 0; d < rank; ++d)
    back[toLast[d]] = d;
  if (axis == rank - 1)
    return value;
  return node.create<TransposeOp>(value, ArrayRef<int64_t>(toLast));
}

/// The DFT of `signal` (the last dimension holds the real part, or real
/// and imaginary) along dimension `axis` (not the last), of length
/// `length`: y[k] = sum_n x[n] e^(-2 pi i k n / L) (with `inverse`,
/// e^(+...) / L), for k < L, or k <= L / 2 with `onesided`; the signal is
/// truncated or padded with zeros to L. Built as matmuls of the real and
/// imaginary parts with constant [n, k] cosine and sine matrices (computed
/// in f64). Null (with the failure recorded) when it cannot be built.
Value buildDFT(NodeContext &node, Value signal, int64_t axis, int64_t length,
               bool inverse, bool onesided) {
  constexpr double kPi = 3.14159265358979323846;
  auto type = cast<RankedTensorType>(signal.getType());
  int64_t rank = type.getRank();
  int64_t parts = type.getShape().back();
  int64_t in = type.getDimSize(axis);
  if (length == 0 || in == 0) {
    (void)node.fail("an empty signal is not supported");
    return {};
  }
  int64_t out = onesided ? length / 2 + 1 : length;
  Type element = type.getElementType();
  // C[n, k] = cos(2 pi k n / L), S[n, k] = sin(2 pi k n / L) for n < L,
  // divided by L for the inverse; rows past L (truncated samples) are 0.
  Tensor cosines(DType::F64, {in, out}), sines(DType::F64, {in, out});
  double scale = inverse ? 1.0 / static_cast<double>(length) : 1.0;
  for (int64_t n = 0; n < in; ++n)
    for (int64_t k = 0; k < out; ++k) {
      bool used = n < length;
      // k * n mod L keeps the angle in [0, 2 pi).
      double angle = 2 * kPi * static_cast<double>((k * n) % length) /
                     static_cast<double>(length);
      cosines.setDouble(n * out + k, used ? std::cos(angle) * scale : 0.0);
      sines.setDouble(n * out + k, used ? std::sin(angle) * scale : 0.0);
    }
  auto matrix = [&](const Tensor &tensor) {
    Value constant = node.constant(tensor);
    return element.isF64() ? constant
                           : node.createTyped<CastOp>(
                                 RankedTensorType::get({in, out}, element),
                                 constant);
  };
  Value c = matrix(cosines), s = matrix(sines);
  SmallVector<int64_t> signalShape(type.getShape().drop_back());
  SmallVector<int64_t> back;
  auto part = [&](int64_t which) {
    SmallVector<int64_t> sliceShape(type.getShape());
    sliceShape.back() = 1;
    SmallVector<int64_t> offsets(rank, 0), steps(rank, 1);
    offsets.back() = which;
    Value slice = node.createTyped<SliceOp>(type.clone(sliceShape), signal,
                                            ArrayRef<int64_t>(offsets),
                                            ArrayRef<int64_t>(steps));
    Value values = node.createTyped<ReshapeOp>(type.clone(signalShape), slice);
    return moveLast(node, values, axis, back);
  };
  Value re = part(0);
  Value im = parts == 2 ? part(1) : Value();
  // Forward: (a + ib)(C - iS) = aC + bS + i(bC - aS);
  // inverse: (a + ib)(C + iS) = aC - bS + i(bC + aS).
  Value real = node.create<MatmulOp>(re, c);
  Value imag = node.create<MatmulOp>(re, s);
  if (!inverse)
    imag = node.create<NegOp>(imag);
  if (im) {
    Value bs = node.create<MatmulOp>(im, s);
    real = inverse ? node.create<SubOp>(real, bs)
                   : node.create<AddOp>(real, bs);
    imag = node.create<AddOp>(imag, node.create<MatmulOp>(im, c));
  }
  SmallVector<int64_t> resultShape(signalShape);
  resultShape[axis] = out;
  resultShape.push_back(1);
  auto finish = [&](Value v) {
    if (axis != rank - 2)
      v = node.create<TransposeOp>(v, ArrayRef<int64_t>(back));
    return node.createTyped<ReshapeOp>(type.clone(resultShape), v);
  };
  Value halves[] = {finish(real), finish(imag)};
  return node.create<ConcatOp>(ValueRange(halves),
                               static_cast<uint64_t>(rank - 1));
}

/// DFT (opset 17): buildDFT along `axis` of the signal, of length
/// dft_length (a constant) or the signal's length.
LogicalResult convertDFT(NodeContext &node) {
  RankedTensorType type = node.inputType(0);
  if (!type || !type.hasStaticShape() || type.getRank() < 2 ||
      !isa<FloatType>(type.getElementType()))
    return node.fail("input must be a float tensor of static shape with rank "
                     "2 or more");
  int64_t rank = type.getRank();
  int64_t parts = type.getShape().back();
  if (parts != 1 && parts != 2)
    return node.fail("the last dimension must be 1 (real) or 2 (complex), "
                     "not " + Twine(parts));
  // The axis counts the input's dimensions; the last holds the parts.
  int64_t axisAttr = node.intAttr("axis", 1);
  int64_t axis = axisAttr < 0 ? axisAttr + rank : axisAttr;
  if (axis < 0 || axis > rank - 2)
    return node.fail("axis " + Twine(axisAttr) + " is not a signal dimension "
                     "of the rank-" + Twine(rank) + " input (the last holds "
                     "the real and imaginary parts)");
  bool inverse = node.intAttr("inverse", 0) != 0;
  bool onesided = node.intAttr("onesided", 0) != 0;
  if (inverse && onesided)
    return node.fail("inverse and onesided together are not supported");
  int64_t length = type.getDimSize(axis);
  if (node.hasInput(1)) {
    std::optional<std::vector<int64_t>> given =
        node.intsInput(1, "dft_length");
    if (!given)
      return failure();
    if (given->size() != 1 || (*given)[0] < 1)
      return node.fail("dft_length must be one positive value");
    length = (*given)[0];
  }
  return node.setResults(
      {buildDFT(node, node.input(0), axis, length, inverse, onesided)});
}

/// STFT (opset 17): signal [batch, length, 1 or 2] cut into frames of
/// frame_length samples every frame_step samples (both constants; the
/// frame length is the window's when frame_length is absent), each frame
/// multiplied by the window (read at run time) and transformed by
/// buildDFT: [batch, frames, bins, 2], with frames = (length -
/// frame_length) / frame_step + 1 and bins = frame_length / 2 + 1 with
/// `onesided` (the default), else frame_length. The frames are a gather of
/// the signal with a constant [frames, frame_length] table of positions.
LogicalResult convertSTFT(NodeContext &node) {
  RankedTensorType type = node.inputType(0);
  if (!type || !type.hasStaticShape() || type.getRank() != 3 ||
      !isa<FloatType>(type.getElementType()))
    return node.fail("the signal must be a float tensor of static shape "
                     "[batch, length, 1 or 2]");
  int64_t parts = type.getDimSize(2), samples = type.getDimSize(1);
  if (parts != 1 && parts != 2)
    return node.fail("the signal's last dimension must be 1 (real) or 2 "
                     "(complex), not " + Twine(parts));
  // Both fix the result's shape: each one that is not a constant is named,
  // so that a caller able to bind them learns both at once.
  std::optional<std::vector<int64_t>> step, length;
  std::string missing;
  for (int index : {1, 3}) {
    if (index == 3 && !node.hasInput(3))
      continue;
    const char *what = index == 1 ? "frame_step" : "frame_length";
    std::optional<Tensor> tensor = node.constantInput(index);
    if (tensor && isInteger(tensor->dtype()) && tensor->dtype() != DType::I1) {
      std::vector<int64_t> values;
      for (int64_t i = 0; i < tensor->numElements(); ++i)
        values.push_back(tensor->getInt(i));
      (index == 1 ? step : length) = values;
      continue;
    }
    missing += (missing.empty() ? "" : "; ") + std::string("input ") +
               std::to_string(index) + " (" + what + ", '" +
               (index < node.node().input_size() ? node.node().input(index)
                                                 : std::string()) +
               "') must be a constant integer tensor computable at compile "
               "time";
  }
  if (!missing.empty())
    return node.fail(missing + ": frame_step and frame_length decide the "
                     "result's shape");
  if (step->size() != 1 || (*step)[0] < 1)
    return node.fail("frame_step must be one positive value");
  RankedTensorType windowType = node.inputType(2);
  if (windowType && (windowType.getRank() != 1 ||
                     windowType.isDynamicDim(0) ||
                     windowType.getElementType() != type.getElementType()))
    return node.fail("the window must be a 1-D tensor of static length and "
                     "the signal's element type");
  int64_t frameLength;
  if (length) {
    if (length->size() != 1 || (*length)[0] < 1)
      return node.fail("frame_length must be one positive value");
    frameLength = (*length)[0];
    if (windowType && windowType.getDimSize(0) != frameLength)
      return node.fail("the window has " + Twine(windowType.getDimSize(0)) +
                       " samples but frame_length is " + Twine(frameLength));
  } else if (windowType) {
    frameLength = windowType.getDimSize(0);
  } else {
    return node.fail("one of window and frame_length must be given");
  }
  if (frameLength < 1 || frameLength > samples)
    return node.fail("frame_length " + Twine(frameLength) +
                     " does not fit in the signal's " + Twine(samples) +
                     " samples");
  int64_t frameStep = (*step)[0];
  int64_t frames = (samples - frameLength) / frameStep + 1;
  if (frames * frameLength > node.maxConstantElements())
    return node.fail(Twine(frames) + " frames of " + Twine(frameLength) +
                     " samples are more than the " +
                     Twine(node.maxConstantElements()) +
                     " positions Loom builds at compile time");
  Tensor positions(DType::I64, {frames, frameLength});
  for (int64_t f = 0; f < frames; ++f)
    for (int64_t n = 0; n < frameLength; ++n)
      positions.setInt(f * frameLength + n, f * frameStep + n);
  // [batch, frames, frame_length, parts]
  Value framed = node.create<GatherOp>(node.input(0), node.constant(positions),
                                       int64_t{1});
  if (windowType)
    framed = node.create<MulOp>(
        framed, node.createTyped<ReshapeOp>(
                    windowType.clone({1, 1, frameLength, 1}), node.input(2)));
  bool onesided = node.intAttr("onesided", 1) != 0;
  return node.setResults({buildDFT(node, framed, /*axis=*/2, frameLength,
                                   /*inverse=*/false, onesided)});
}

/// MelWeightMatrix (opset 17): the [dft_length / 2 + 1, num_mel_bins]
/// matrix of triangular filters that maps a onesided spectrum to mel
/// bands, computed here as ONNX's reference does (the edges converted to
/// mels, num_mel_bins + 2 points spaced evenly between them converted back
/// to hertz and to spectrogram bins, filter i rising from point i to i + 1
/// and falling to i + 2). Its inputs fix the result's shape and values, so
/// all five must be constants; the matrix is a constant of
/// `output_datatype`.
LogicalResult convertMelWeightMatrix(NodeContext &node) {
  // Every input that is not a constant is named, so that a caller able to
  // bind them (the conformance runner) learns all of them at once.
  const char *names[] = {"num_mel_bins", "dft_length", "sample_rate",
                         "lower_edge_hertz", "upper_edge_hertz"};
  double values[5] = {};
  std::string missing;
  bool edgesAreF32 = false;
  for (int index = 0; index < 5; ++index) {
    std::optional<Tensor> tensor = node.constantInput(index);
    bool integer = index < 3;
    if (tensor && tensor->numElements() == 1 &&
        (integer ? isInteger(tensor->dtype()) && tensor->dtype() != DType::I1
                 : isFloat(tensor->dtype()))) {
      values[index] = integer ? static_cast<double>(tensor->getInt(0))
                              : tensor->getDouble(0);
      edgesAreF32 |= !integer && tensor->dtype() == DType::F32;
      continue;
    }
    missing += (missing.empty() ? "" : "; ") + std::string("input ") +
               std::to_string(index) + " (" + names[index] + ", '" +
               (index < node.node().input_size() ? node.node().input(index)
                                                 : std::string()) +
               "') must be a constant " + (integer ? "integer" : "float") +
               " scalar computable at compile time";
  }
  if (!missing.empty())
    return node.fail(missing + ": the inputs decide the matrix's shape and "
                     "values, which Loom builds at compile time");
  int64_t melBins = static_cast<int64_t>(values[0]);
  int64_t dftLength = static_cast<int64_t>(values[1]);
  int64_t sampleRate = static_cast<int64_t>(values[2]);
  double lower = values[3], upper = values[4];
  if (melBins < 1 || dftLength < 1 || sampleRate < 1)
    return node.fail("num_mel_bins, dft_length and sample_rate must be "
                     "positive, got " + Twine(melBins) + ", " +
                     Twine(dftLength) + " and " + Twine(sampleRate));
  if (!(lower >= 0 && lower < upper) || std::isinf(upper))
    return node.fail("the edges must satisfy 0 <= lower_edge_hertz < "
                     "upper_edge_hertz (finite), got " + formatNumber(lower) +
                     " and " + formatNumber(upper));
  int64_t dataType = node.intAttr("output_datatype", 1);
  std::optional<DType> dtype = dtypeFromOnnx(static_cast<int>(dataType));
  if (!dtype || *dtype == DType::I1)
    return node.fail("output_datatype " +
                     onnxTypeName(static_cast<int>(dataType)) +
                     " is not supported");
  int64_t spectrumBins = dftLength / 2 + 1;
  if (spectrumBins * melBins > node.maxConstantElements())
    return node.fail("a matrix of " + Twine(spectrumBins) + " x " +
                     Twine(melBins) + " is larger than the " +
                     Twine(node.maxConstantElements()) +
                     " elements Loom builds at compile time");
  // The reference computes the mels in the edges' precision and the
  // points in f64.
  auto edgePrecision = [&](double v) {
    return edgesAreF32 ? static_cast<double>(static_cast<float>(v)) : v;
  };
  auto toMel = [&](double hertz) {
    return edgePrecision(2595 * std::log10(1 + hertz / 700));
  };
  double lowMel = toMel(lower), highMel = toMel(upper);
  double melStep =
      edgePrecision((highMel - lowMel) / static_cast<double>(melBins + 2));
  std::vector<int64_t> points(melBins + 2);
  for (int64_t i = 0; i < melBins + 2; ++i) {
    double mel = static_cast<double>(i) * melStep + lowMel;
    double hertz = 700 * (std::pow(10.0, mel / 2595) - 1);
    points[i] = static_cast<int64_t>(std::floor(
        static_cast<double>(dftLength + 1) * hertz /
        static_cast<double>(sampleRate)));
  }
  Tensor matrix(*dtype, {spectrumBins, melBins});
  for (int64_t i = 0; i < matrix.numElements(); ++i)
    matrix.setDouble(i, 0.0);
  for (int64_t i = 0; i < melBins; ++i) {
    int64_t left = points[i], center = points[i + 1], right = points[i + 2];
    if (left < 0 || std::max(center, right - 1) >= spectrumBins)
      return node.fail("mel filter " + Twine(i) + " spans spectrogram bins " +
                       Twine(left) + " to " + Twine(right) +
                       ", outside the " + Twine(spectrumBins) +
                       " bins of dft_length " + Twine(dftLength));
    auto set = [&](int64_t bin, double value) {
      matrix.setDouble(bin * melBins + i, value);
    };
    if (center == left)
      set(center, 1.0);
    for (int64_t bin = left; center != left && bin <= center; ++bin)
      set(bin, static_cast<double>(bin - left) /
                   static_cast<double>(center - left));
    for (int64_t bin = center; bin < right; ++bin)
      set(bin, static_cast<double>(right - bin) /
                   static_cast<double>(right - center));
  }
  return node.setResults({node.constant(matrix)});
}

/// Det: the determinant of the last two (square, n <= 4) dimensions by
/// Leibniz's formula, a signed sum of the n! products of one entry per row
/// and column (at most 24 products of 4), elementwise over the batch.
LogicalResult convertDet(NodeContext &node) {
  RankedTensorType type = node.inputType(0);
  if (!type || !type.hasStaticShape() || type.getRank() < 2 ||
      !isa<FloatType>(type.getElementType()))
    return node.fail("input must be a float tensor of static shape [..., n, "
                     "n]");
  int64_t rank = type.getRank(), n = type.getShape().back();
  if (type.getDimSize(rank - 2) != n)
    return node.fail("the last two dimensions must be equal, got " +
                     Twine(type.getDimSize(rank - 2)) + " and " + Twine(n));
  if (n < 1 || n > 4)
    return node.fail("matrices of size " + Twine(n) +
                     " are not supported (1 to 4 are)");
  SmallVector<int64_t> batch(type.getShape().drop_back(2));
  auto entry = [&](int64_t i, int64_t j) {
    SmallVector<int64_t> shape(type.getShape()), offsets(rank, 0),
        steps(rank, 1);
    shape[rank - 2] = shape[rank - 1] = 1;
    offsets[rank - 2] = i;
    offsets[rank - 1] = j;
    Value slice = node.createTyped<SliceOp>(type.clone(shape), node.input(0),
                                            ArrayRef<int64_t>(offsets),
                                            ArrayRef<int64_t>(steps));
    return node.createTyped<ReshapeOp>(type.clone(batch), slice);
  };
  SmallVector<int64_t> permutation(n);
  for (int64_t i = 0; i < n; ++i)
    permutation[i] = i;
  Value sum;
  do {
    // The sign is the parity of the permutation's inversions.
    int64_t inversions = 0;
    for (int64_t i = 0; i < n; ++i)
      for (int64_t j = i + 1; j < n; ++j)
        inversions += permutation[i] > permutation[j];
    Value product = entry(0, permutation[0]);
    for (int64_t i = 1; i < n; ++i)
      product = node.create<MulOp>(product, entry(i, permutation[i]));
    if (!sum)
      sum = inversions % 2 ? node.create<NegOp>(product) : product;
    else
      sum = inversions % 2 ? node.create<SubOp>(sum, product)
                           : node.create<AddOp>(sum, product);
  } while (std::next_permutation(permutation.begin(), permutation.end()));
  return node.setResults({sum});
}
} // namespace

void registerMathConverters(ConverterRegistry &registry) {
  registry.add("Tan", convertUnary<TanOp>);
  registry.add("Asin", convertUnary<AsinOp>);
  registry.add("Acos", convertUnary<AcosOp>);
  registry.add("Atan", convertUnary<AtanOp>);
  registry.add("Sinh", convertUnary<SinhOp>);
  registry.add("Cosh", convertUnary<CoshOp>);
  registry.add("Asinh", convertUnary<AsinhOp>);
  registry.add("Acosh", convertUnary<AcoshOp>);
  registry.add("Atanh", convertUnary<AtanhOp>);
  registry.add("IsNaN", convertIsNaN);
  registry.add("IsInf", convertIsInf);
  registry.add("Celu", convertCelu);
  registry.add("ThresholdedRelu", convertThresholdedRelu);
  registry.add("Shrink", convertShrink);
  registry.add("Mish", convertMish);
  registry.add("MeanVarianceNormalization", convertMeanVarianceNormalization);
  registry.add("LRN", convertLRN);
  registry.add("HannWindow", convertWindow<0>);
  registry.add("HammingWindow", convertWindow<1>);
  registry.add("BlackmanWindow", convertWindow<2>);
  registry.add("DFT", convertDFT);
  registry.add("STFT", convertSTFT);
  registry.add("MelWeightMatrix", convertMelWeightMatrix);
  registry.add("Det", convertDet);
}

} // namespace loom::onnx_import
