/*===- x86_cpu_state.h - Which register state the OS saves --------*- C -*-===//
 *
 * Part of the Loom project.
 *
 * The AVX2+FMA object's entry points run their AVX-512 kernels only where
 * XCR0 shows the AVX-512 register state enabled. Linux enables the AVX-512
 * state components only when CPUID reports AVX512F, so they imply it. One
 * XGETBV is a few cycles; no state is kept between calls. The i8 matmul's
 * VNNI kernel also needs AVX512BW and AVX512_VNNI, which only CPUID tells:
 * about 100 cycles on bare metal, but a trap to the hypervisor in a virtual
 * machine (1.7 us on the Zen 5 VM), so its caller asks only for products
 * large enough to repay it.
 *
 *===----------------------------------------------------------------------===*/

#ifndef LOOM_BACKENDS_CPU_UKERNELS_X86_CPU_STATE_H
#define LOOM_BACKENDS_CPU_UKERNELS_X86_CPU_STATE_H

#include <cpuid.h>
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

/* Whether the AVX-512 state is enabled and CPUID leaf 7 reports AVX512F
 * (EBX bit 16), AVX512BW (EBX bit 30) and AVX512_VNNI (ECX bit 11). Leaf 7
 * exists wherever the AVX-512 state is enabled (AVX512F is reported
 * there). */
static inline int loomAvx512VnniUsable(void) {
  if (!loomAvx512StateEnabled())
    return 0;
  uint32_t eax, ebx, ecx, edx;
  __cpuid_count(7, 0, eax, ebx, ecx, edx);
  (void)eax;
  (void)edx;
  return (ebx & (1u << 16)) && (ebx & (1u << 30)) && (ecx & (1u << 11));
}

#endif /* LOOM_BACKENDS_CPU_UKERNELS_X86_CPU_STATE_H */
