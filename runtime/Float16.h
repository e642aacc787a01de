//===- Float16.h - f16 and bf16 conversions ----------------------*- C++ -*-===//
//
// Part of the Loom project.
//
// Conversions between f32 and the 16-bit float formats, bit-exact and with
// round-to-nearest-even, the rounding every Loom backend must reproduce.
// NaNs stay NaN (made quiet); overflow goes to infinity.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_RUNTIME_FLOAT16_H
#define LOOM_RUNTIME_FLOAT16_H

#include <cmath>
#include <cstdint>
#include <cstring>

namespace loom {

inline uint32_t floatBits(float value) {
  uint32_t bits;
  std::memcpy(&bits, &value, sizeof(bits));
  return bits;
}

inline float floatFromBits(uint32_t bits) {
  float value;
  std::memcpy(&value, &bits, sizeof(value));
  return value;
}

/// IEEE binary16, round to nearest even.
inline uint16_t floatToHalf(float value) {
  uint32_t bits = floatBits(value);
  uint32_t sign = (bits >> 16) & 0x8000u;
  uint32_t magnitude = bits & 0x7fffffffu;
  if (magnitude > 0x7f800000u) // NaN
    return static_cast<uint16_t>(sign | 0x7e00u | ((magnitude >> 13) & 0x1ffu));
  if (magnitude >= 0x477ff000u) // >= 65520 rounds to infinity
    return static_cast<uint16_t>(sign | 0x7c00u);
  if (magnitude < 0x38800000u) { // below 2^-14: a subnormal half or zero
    // Scaling by 2^24 is exact; nearbyint rounds half to even under the
    // default rounding mode. A result of 1024 is the smallest normal.
    float scaled = std::fabs(value) * 16777216.0f;
    return static_cast<uint16_t>(sign | static_cast<uint32_t>(std::nearbyint(scaled)));
  }
  uint32_t exponent = (magnitude >> 23) - 127 + 15;
  uint32_t mantissa = magnitude & 0x7fffffu;
  uint32_t half = (exponent << 10) | (mantissa >> 13);
  uint32_t rest = mantissa & 0x1fffu;
  if (rest > 0x1000u || (rest == 0x1000u && (half & 1u)))
    ++half; // a carry into the exponent is the correct rounding
  return static_cast<uint16_t>(sign | half);
}

inline float halfToFloat(uint16_t half) {
  uint32_t sign = static_cast<uint32_t>(half & 0x8000u) << 16;
  uint32_t exponent = (half >> 10) & 0x1fu;
  uint32_t mantissa = half & 0x3ffu;
  if (exponent == 0) {
    float magnitude = std::ldexp(static_cast<float>(mantissa), -24);
    return sign ? -magnitude : magnitude;
  }
  if (exponent == 31)
    return floatFromBits(sign | 0x7f800000u | (mantissa << 13));
  return floatFromBits(sign | ((exponent - 15 + 127) << 23) | (mantissa << 13));
}

/// bfloat16, round to nearest even.
inline uint16_t floatToBFloat16(float value) {
  uint32_t bits = floatBits(value);
  if ((bits & 0x7fffffffu) > 0x7f800000u) // NaN: keep it NaN, make it quiet
    return static_cast<uint16_t>((bits >> 16) | 0x40u);
  uint32_t roundingBias = 0x7fffu + ((bits >> 16) & 1u);
  return static_cast<uint16_t>((bits + roundingBias) >> 16);
}

inline float bfloat16ToFloat(uint16_t value) {
  return floatFromBits(static_cast<uint32_t>(value) << 16);
}

/// Rounds a double once, to nearest even, into a binary float format with
/// `exponentBits` and `mantissaBits` and returns its bit pattern. Going
/// through f32 first would round twice and can be off by one ulp.
inline uint32_t roundDoubleToFormat(double value, int exponentBits,
                                    int mantissaBits) {
  const uint32_t sign = std::signbit(value) ? 1u << (exponentBits + mantissaBits) : 0;
  const int bias = (1 << (exponentBits - 1)) - 1;
  const uint32_t infinity = ((1u << exponentBits) - 1) << mantissaBits;
  if (std::isnan(value))
    return sign | infinity | (1u << (mantissaBits - 1));
  double magnitude = std::fabs(value);
  // Values at or above max + ulp/2 round to infinity (the tie goes to the
  // even neighbour, which is infinity since max has an odd mantissa).
  double maxFinite = std::ldexp(2.0 - std::ldexp(1.0, -mantissaBits), bias);
  if (magnitude >= maxFinite + std::ldexp(1.0, bias - mantissaBits - 1))
    return sign | infinity;
  if (magnitude < std::ldexp(1.0, 1 - bias)) {
    // Subnormal: multiples of 2^(1 - bias - mantissaBits); scaling is exact
    // and nearbyint rounds half to even. 2^mantissaBits is the smallest
    // normal, whose encoding follows on naturally.
    double units = std::nearbyint(std::ldexp(magnitude, bias - 1 + mantissaBits));
    return sign | static_cast<uint32_t>(units);
  }
  int exponent;
  double fraction = std::frexp(magnitude, &exponent); // in [0.5, 1)
  double units = std::nearbyint(std::ldexp(fraction * 2.0 - 1.0, mantissaBits));
  uint32_t biased = static_cast<uint32_t>(exponent - 1 + bias);
  if (units == std::ldexp(1.0, mantissaBits)) { // rounded up into the next binade
    units = 0;
    ++biased;
  }
  if (biased >= (1u << exponentBits) - 1)
    return sign | infinity;
  return sign | (biased << mantissaBits) | static_cast<uint32_t>(units);
}

/// IEEE binary16 from a double, rounded once to nearest even.
inline uint16_t doubleToHalf(double value) {
  return static_cast<uint16_t>(roundDoubleToFormat(value, 5, 10));
}

/// bfloat16 from a double, rounded once to nearest even.
inline uint16_t doubleToBFloat16(double value) {
  return static_cast<uint16_t>(roundDoubleToFormat(value, 8, 7));
}

} // namespace loom

#endif // LOOM_RUNTIME_FLOAT16_H
