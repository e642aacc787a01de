//===- LoomOps.td - Every op of the loom dialect --------------------*- tablegen -*-===//
//
// Part of the Loom project.
//
// Gathers the op groups for the dialect reference in docs/dialect.md; each
// group is also compiled on its own so that a change stays local.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_OPS_TD
#define LOOM_OPS_TD

include "ir/LoomAttributes.td"
include "ir/LoomElementwiseOps.td"
include "ir/LoomNNOps.td"
include "ir/LoomReductionOps.td"
include "ir/LoomDataMovementOps.td"
include "ir/LoomIndexingOps.td"
include "ir/LoomDataShapedOps.td"
include "ir/LoomDataShapedAxesOps.td"
include "ir/LoomDataShapedViewOps.td"
include "ir/LoomControlFlowOps.td"

#endif // LOOM_OPS_TD
