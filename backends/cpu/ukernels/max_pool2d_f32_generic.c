/*===- max_pool2d_f32_generic.c - Portable max pool ---------------*- C -*-===//
 *
 * Part of the Loom project.
 *
 * The portable loom_ukernel_max_pool2d_f32: the scalar rows of
 * max_pool2d_f32_driver.h.
 *
 *===----------------------------------------------------------------------===*/

#ifndef LOOM_UKERNEL_MAX_POOL2D_F32_SYMBOL
#define LOOM_UKERNEL_MAX_POOL2D_F32_SYMBOL loom_ukernel_max_pool2d_f32
#endif

#define LOOM_MAX_POOL_ENTRY LOOM_UKERNEL_MAX_POOL2D_F32_SYMBOL
#include "backends/cpu/ukernels/max_pool2d_f32_driver.h"
