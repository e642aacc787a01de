/*===- winograd_f32_generic.c - Winograd 3x3 convolution ----------*- C -*-===//
 *
 * Part of the Loom project.
 *
 * loom_ukernel_conv2d_3x3_winograd_f32 of winograd_f32_driver.h.
 * The portable object's: its transforms on the baseline vector unit, its
 * matmuls through the portable loom_ukernel_matmul_f32.
 *
 *===----------------------------------------------------------------------===*/

#include "backends/cpu/ukernels/winograd_f32_driver.h"
