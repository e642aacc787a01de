/*===- conv2d_f32_generic.c - Portable direct convolution ---------*- C -*-===//
 *
 * Part of the Loom project.
 *
 * The portable loom_ukernel_conv2d_f32, for targets without AVX2+FMA: the
 * loops of conv2d_f32_portable_tile.h, vectorized by the compiler for the
 * baseline vector unit.
 *
 *===----------------------------------------------------------------------===*/

#include "backends/cpu/ukernels/conv2d_f32_portable_tile.h"

#ifndef LOOM_UKERNEL_CONV2D_F32_SYMBOL
#define LOOM_UKERNEL_CONV2D_F32_SYMBOL loom_ukernel_conv2d_f32
#endif

#define LOOM_CONV_ENTRY LOOM_UKERNEL_CONV2D_F32_SYMBOL
#include "backends/cpu/ukernels/conv2d_f32_driver.h"
