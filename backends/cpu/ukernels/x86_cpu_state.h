/*===- x86_cpu_state.h - Which register state the OS saves --------*- C -*-===//
 *
 * Part of the Loom project.
 *
 * The AVX2+FMA object's entry points run their AVX-512 kernels only where
 * XCR0 shows the AVX-512 register state enabled. Linux enables the AVX-512
 * state components only when CPUID reports AVX512F, so they imply it. One
 * XGETBV is a few cycles; no state is kept between calls.
 *
 *===----------------------------------------------------------------------===*/

#ifndef LOOM_BACKENDS_CPU_UKERNELS_X86_CPU_STATE_H
#define LOOM_BACKENDS_CPU_UKERNELS_X86_CPU_STATE_H

#include <stdint.h>

/* Whether XCR0 has the SSE, AVX, opmask, ZMM_Hi256 and Hi16_ZMM state
 * enabled. XGETBV is available: the AVX2+FMA object runs only where AVX is
 * usable, which needs OSXSAVE. */
static inline int loomAvx512StateEnabled(void) {
  uint32_t low, high;
  __asm__("xgetbv" : "=a"(low), "=d"(high) : "c"(0));
  (void)high;
  return (low & 0xe6) == 0xe6;
}

#endif /* LOOM_BACKENDS_CPU_UKERNELS_X86_CPU_STATE_H */
