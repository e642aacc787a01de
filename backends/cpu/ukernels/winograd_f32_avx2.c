/*===- winograd_f32_avx2.c - Winograd 3x3 convolution -------------*- C -*-===//
 *
 * Part of the Loom project.
 *
 * loom_ukernel_conv2d_3x3_winograd_f32 of winograd_f32_driver.h.
 * The AVX2+FMA object's (compiled with -mavx2 -mfma): its transforms on
 * 8-lane vectors, its matmuls through the object's loom_ukernel_matmul_f32,
 * which runs the AVX-512 kernel where the CPU has it.
 *
 *===----------------------------------------------------------------------===*/

#include "backends/cpu/ukernels/winograd_f32_driver.h"
