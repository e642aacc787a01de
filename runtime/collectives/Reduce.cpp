//===- Reduce.cpp - Element-wise reduction in group order -----------------===//
//
// Part of the Loom project.
//
//===----------------------------------------------------------------------===//

#include "runtime/collectives/Reduce.h"

#include "runtime/Float16.h"
#include "runtime/MinMax.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <type_traits>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace loom::collectives {

std::string_view reduceKindName(ReduceKind kind) {
  switch (kind) {
  case ReduceKind::Sum: return "sum";
  case ReduceKind::Product: return "product";
  case ReduceKind::Max: return "max";
  case ReduceKind::Min: return "min";
  }
  return "?";
}

bool isReducible(DType type) { return type != DType::I1; }

namespace {

// Elements reduced per block: the accumulator (at most 8 KiB of f64) stays
// in L1 while every source streams through it once.
constexpr int64_t kBlock = 1024;

// Outputs at least this large (per reduceElements call and output) bypass
// the cache: they are written once and read by another device later, and a
// cached store would first read every line it writes, a third more memory
// traffic for a reduction that is bound by it. Below it, the result stays in
// cache for whoever reads it next.
constexpr size_t kStreamingBytes = size_t(4) << 20;

// Copies a block of the result to an output, with non-temporal stores when
// `streaming` and the destination is 16-byte aligned.
void storeBlock(std::byte *dst, const void *src, size_t bytes, bool streaming) {
#if defined(__SSE2__)
  if (streaming && reinterpret_cast<uintptr_t>(dst) % 16 == 0) {
    const auto *from = static_cast<const std::byte *>(src);
    size_t i = 0;
    for (; i + 16 <= bytes; i += 16)
      _mm_stream_si128(reinterpret_cast<__m128i *>(dst + i),
                       _mm_loadu_si128(reinterpret_cast<const __m128i *>(from + i)));
    std::memcpy(dst + i, from + i, bytes - i);
    return;
  }
#endif
  (void)streaming;
  std::memcpy(dst, src, bytes);
}

// Orders the non-temporal stores before whatever tells another thread the
// result is ready.
void finishStreaming() {
#if defined(__SSE2__)
  _mm_sfence();
#endif
}


// How a stored element becomes an accumulator value and back: f16 and bf16
// widen to f32, everything else accumulates in its own type.
template <typename Stored> struct Native {
  using Acc = Stored;
  static Acc load(Stored v) { return v; }
  static Stored store(Acc v) { return v; }
};
struct Half {
  using Acc = float;
  static float load(uint16_t v) { return halfToFloat(v); }
  static uint16_t store(float v) { return floatToHalf(v); }
};
struct BFloat {
  using Acc = float;
  static float load(uint16_t v) { return bfloat16ToFloat(v); }
  static uint16_t store(float v) { return floatToBFloat16(v); }
};

// Integer sums and products go through the unsigned type of the same width,
// so they wrap without undefined behaviour; max and min compare signed.
template <typename T, bool = std::is_integral_v<T>> struct Wrapping {
  using type = T;
};
template <typename T> struct Wrapping<T, true> {
  using type = std::make_unsigned_t<T>;
};
template <typename T> struct Combine {
  using U = typename Wrapping<T>::type;
  static T sum(T a, T b) {
    return static_cast<T>(static_cast<U>(static_cast<U>(a) + static_cast<U>(b)));
  }
  static T product(T a, T b) {
    return static_cast<T>(static_cast<U>(static_cast<U>(a) * static_cast<U>(b)));
  }
};

template <typename Stored, typename Codec, typename Op>
void reduceBlocks(const std::byte *const *sources, int numSources, int64_t count,
                  std::byte *const *outputs, int numOutputs, Op op) {
  using Acc = typename Codec::Acc;
  const bool streaming = static_cast<size_t>(count) * sizeof(Stored) >= kStreamingBytes;
  Acc acc[kBlock];
  Stored result[kBlock];
  for (int64_t begin = 0; begin < count; begin += kBlock) {
    const int64_t n = std::min(kBlock, count - begin);
    const size_t offset = static_cast<size_t>(begin) * sizeof(Stored);
    const Stored *first = reinterpret_cast<const Stored *>(sources[0] + offset);
    for (int64_t i = 0; i < n; ++i)
      acc[i] = Codec::load(first[i]);
    for (int s = 1; s < numSources; ++s) {
      const Stored *src = reinterpret_cast<const Stored *>(sources[s] + offset);
      for (int64_t i = 0; i < n; ++i)
        acc[i] = op(acc[i], Codec::load(src[i]));
    }
    const void *bytes = acc;
    if constexpr (!std::is_same_v<Acc, Stored>) {
      for (int64_t i = 0; i < n; ++i)
        result[i] = Codec::store(acc[i]);
      bytes = result;
    }
    for (int o = 0; o < numOutputs; ++o)
      storeBlock(outputs[o] + offset, bytes, static_cast<size_t>(n) * sizeof(Stored),
                 streaming);
  }
  if (streaming)
    finishStreaming();
}

template <typename Stored, typename Codec>
void reduceAs(ReduceKind kind, const std::byte *const *sources, int numSources,
              int64_t count, std::byte *const *outputs, int numOutputs) {
  using Acc = typename Codec::Acc;
  auto run = [&](auto op) {
    reduceBlocks<Stored, Codec>(sources, numSources, count, outputs, numOutputs, op);
  };
  switch (kind) {
  case ReduceKind::Sum: return run([](Acc a, Acc b) { return Combine<Acc>::sum(a, b); });
  case ReduceKind::Product: return run([](Acc a, Acc b) { return Combine<Acc>::product(a, b); });
  case ReduceKind::Max:
    return run([](Acc a, Acc b) { return nanMaximum(a, b); });
  case ReduceKind::Min:
    return run([](Acc a, Acc b) { return nanMinimum(a, b); });
  }
}

} // namespace

void reduceElements(ReduceKind kind, DType type, const std::byte *const *sources,
                    int numSources, int64_t count, std::byte *const *outputs,
                    int numOutputs) {
  switch (type) {
  case DType::F32: return reduceAs<float, Native<float>>(kind, sources, numSources, count, outputs, numOutputs);
  case DType::F64: return reduceAs<double, Native<double>>(kind, sources, numSources, count, outputs, numOutputs);
  case DType::F16: return reduceAs<uint16_t, Half>(kind, sources, numSources, count, outputs, numOutputs);
  case DType::BF16: return reduceAs<uint16_t, BFloat>(kind, sources, numSources, count, outputs, numOutputs);
  case DType::I8: return reduceAs<int8_t, Native<int8_t>>(kind, sources, numSources, count, outputs, numOutputs);
  case DType::I32: return reduceAs<int32_t, Native<int32_t>>(kind, sources, numSources, count, outputs, numOutputs);
  case DType::I64: return reduceAs<int64_t, Native<int64_t>>(kind, sources, numSources, count, outputs, numOutputs);
  case DType::I16: return reduceAs<int16_t, Native<int16_t>>(kind, sources, numSources, count, outputs, numOutputs);
  case DType::UI8: return reduceAs<uint8_t, Native<uint8_t>>(kind, sources, numSources, count, outputs, numOutputs);
  case DType::UI16: return reduceAs<uint16_t, Native<uint16_t>>(kind, sources, numSources, count, outputs, numOutputs);
  case DType::UI32: return reduceAs<uint32_t, Native<uint32_t>>(kind, sources, numSources, count, outputs, numOutputs);
  case DType::UI64: return reduceAs<uint64_t, Native<uint64_t>>(kind, sources, numSources, count, outputs, numOutputs);
  case DType::I1: return; // not reducible; callers check isReducible first
  }
}

} // namespace loom::collectives
