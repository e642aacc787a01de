/*===- loom_ukernels_native.h - Every micro-kernel, linkable -----*- C -*-===//
 *
 * Part of the Loom project.
 *
 * The library LoomCpuUkernelsNative compiles the same sources as the embedded
 * objects (UkernelObjects.h) with the same flags, but renames each object's
 * entry point after its variant so that all of them link into one program,
 * where tests compare them with a reference and the benchmark times them:
 *   loom_ukernel_matmul_f32_generic   the portable object's entry;
 *   loom_ukernel_matmul_f32_avx2fma   the AVX2+FMA object's entry (needs
 *                                     AVX2 and FMA), which runs one of
 *   loom_ukernel_matmul_f32_avx2      its AVX2 kernel, and
 *   loom_ukernel_matmul_f32_avx512    its AVX-512 kernel (needs AVX512F).
 * The signatures and contracts are those of loom_ukernel_matmul_f32; so
 * for loom_ukernel_matmul_epilogue_f32 (_generic, _avx2fma, _avx2,
 * _avx512). The
 * depthwise convolution likewise (loom_ukernel_depthwise_conv2d_f32's):
 *   loom_ukernel_depthwise_conv2d_f32_generic, _avx2fma (the entry), and
 *   loom_ukernel_depthwise_conv2d_f32_avx2, _avx512 (its two kernels).
 * The i8 matmul likewise (loom_ukernel_matmul_i8's):
 *   loom_ukernel_matmul_i8_generic, _avx2fma (the entry), and
 *   loom_ukernel_matmul_i8_avx2, _avx512vnni (its two kernels; the second
 *   needs AVX512F, AVX512BW and AVX512_VNNI).
 * The direct convolution likewise (loom_ukernel_conv2d_f32's):
 *   loom_ukernel_conv2d_f32_generic, _avx2fma (the entry), and
 *   loom_ukernel_conv2d_f32_avx2, _avx512 (its two kernels).
 * The max pool likewise (loom_ukernel_max_pool2d_f32's):
 *   loom_ukernel_max_pool2d_f32_generic, _avx2fma (the entry), and
 *   loom_ukernel_max_pool2d_f32_avx2, _avx512 (its two kernels).
 * The Winograd convolution (loom_ukernel_conv2d_3x3_winograd_f32's):
 *   loom_ukernel_conv2d_3x3_winograd_f32_generic and _avx2fma, each running
 *   its matmuls through the matmul entry of the same object, and
 *   loom_ukernel_winograd_f32_filters_generic and _avx2fma.
 *
 *===----------------------------------------------------------------------===*/

#ifndef LOOM_BACKENDS_CPU_UKERNELS_LOOM_UKERNELS_NATIVE_H
#define LOOM_BACKENDS_CPU_UKERNELS_LOOM_UKERNELS_NATIVE_H

#include "backends/cpu/ukernels/loom_ukernels.h"
#include "backends/cpu/ukernels/conv2d_f32_isa.h"
#include "backends/cpu/ukernels/depthwise_conv2d_f32_isa.h"
#include "backends/cpu/ukernels/matmul_f32_isa.h"
#include "backends/cpu/ukernels/matmul_i8_isa.h"
#include "backends/cpu/ukernels/max_pool2d_f32_isa.h"

#ifdef __cplusplus
extern "C" {
#endif

loom_ukernel_matmul_f32_fn loom_ukernel_matmul_f32_generic,
    loom_ukernel_matmul_f32_avx2fma;
loom_ukernel_matmul_epilogue_f32_fn loom_ukernel_matmul_epilogue_f32_generic,
    loom_ukernel_matmul_epilogue_f32_avx2fma;
loom_ukernel_depthwise_conv2d_f32_fn loom_ukernel_depthwise_conv2d_f32_generic,
    loom_ukernel_depthwise_conv2d_f32_avx2fma;
loom_ukernel_conv2d_f32_fn loom_ukernel_conv2d_f32_generic,
    loom_ukernel_conv2d_f32_avx2fma;
loom_ukernel_max_pool2d_f32_fn loom_ukernel_max_pool2d_f32_generic,
    loom_ukernel_max_pool2d_f32_avx2fma;
loom_ukernel_matmul_i8_fn loom_ukernel_matmul_i8_generic,
    loom_ukernel_matmul_i8_avx2fma;
loom_ukernel_conv2d_3x3_winograd_f32_fn
    loom_ukernel_conv2d_3x3_winograd_f32_generic,
    loom_ukernel_conv2d_3x3_winograd_f32_avx2fma;
loom_ukernel_winograd_f32_filters_fn loom_ukernel_winograd_f32_filters_generic,
    loom_ukernel_winograd_f32_filters_avx2fma;

#ifdef __cplusplus
}
#endif

#endif /* LOOM_BACKENDS_CPU_UKERNELS_LOOM_UKERNELS_NATIVE_H */
