//===- Variants.h - The micro-kernels' variants under test ------*- C++ -*-===//
//
// Part of the Loom project.
//
// For the micro-kernel tests: a kernel's variants (the portable object's
// entry, the AVX2+FMA object's entry and each kernel it chooses between),
// each with the instruction set it needs, and the skip of a variant this
// CPU cannot run.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_TEST_UKERNELS_VARIANTS_H
#define LOOM_TEST_UKERNELS_VARIANTS_H

#include <gtest/gtest.h>

#include <ostream>

namespace loom::test {

/// What a variant needs of the CPU.
enum class Isa { Baseline, Avx2Fma, Avx512F, Avx512Vnni };

/// Whether this CPU runs code that needs `isa`. __builtin_cpu_supports also
/// checks that the OS saves the registers.
inline bool cpuSupports(Isa isa) {
  switch (isa) {
  case Isa::Baseline:
    return true;
  case Isa::Avx2Fma:
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  case Isa::Avx512F:
    return __builtin_cpu_supports("avx512f");
  case Isa::Avx512Vnni:
    return __builtin_cpu_supports("avx512f") &&
           __builtin_cpu_supports("avx512bw") &&
           __builtin_cpu_supports("avx512vnni");
  }
  return false;
}

inline const char *isaName(Isa isa) {
  switch (isa) {
  case Isa::Baseline:
    return "the baseline ISA";
  case Isa::Avx2Fma:
    return "AVX2 and FMA";
  case Isa::Avx512F:
    return "AVX512F";
  case Isa::Avx512Vnni:
    return "AVX512F, AVX512BW and AVX512_VNNI";
  }
  return "";
}

/// One variant of a micro-kernel whose entry points have type `Fn`.
template <typename Fn> struct Variant {
  const char *name;
  Fn *fn;
  Isa needs;
};

// Names the variant in test names and messages, not its bytes.
template <typename Fn>
void PrintTo(const Variant<Fn> &variant, std::ostream *os) {
  *os << variant.name;
}

} // namespace loom::test

/// Skips the current test when this CPU cannot run `variant`.
#define LOOM_SKIP_UNSUPPORTED(variant)                                         \
  do {                                                                         \
    if (!::loom::test::cpuSupports((variant).needs))                           \
      GTEST_SKIP() << "this CPU lacks "                                        \
                   << ::loom::test::isaName((variant).needs) << ", which the " \
                   << (variant).name << " variant needs";                      \
  } while (0)

#endif // LOOM_TEST_UKERNELS_VARIANTS_H
