//===- LoomDialect.cpp - The loom dialect -----------------------------------===//
//
// Part of the Loom project.
//
//===----------------------------------------------------------------------===//

#include "ir/LoomDialect.h"

#include "ir/LoomOps.h"

#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace loom;

#include "ir/LoomDialect.cpp.inc"
#include "ir/LoomEnums.cpp.inc"

#define GET_ATTRDEF_CLASSES
#include "ir/LoomAttributes.cpp.inc"

void LoomDialect::initialize() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "ir/LoomAttributes.cpp.inc"
      >();
  addOperations<
#define GET_OP_LIST
#include "ir/LoomElementwiseOps.cpp.inc"
      ,
#define GET_OP_LIST
#include "ir/LoomNNOps.cpp.inc"
      ,
#define GET_OP_LIST
#include "ir/LoomReductionOps.cpp.inc"
      ,
#define GET_OP_LIST
#include "ir/LoomDataMovementOps.cpp.inc"
      ,
#define GET_OP_LIST
#include "ir/LoomIndexingOps.cpp.inc"
      >();
}

Operation *LoomDialect::materializeConstant(OpBuilder &builder, Attribute value,
                                            Type type, Location loc) {
  auto elements = dyn_cast<ElementsAttr>(value);
  if (!elements || elements.getType() != type)
    return nullptr;
  return ConstantOp::create(builder, loc, elements);
}
