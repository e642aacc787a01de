//===- LoomDialect.cpp - The loom dialect -----------------------------------===//
//
// Part of the Loom project.
//
//===----------------------------------------------------------------------===//

#include "ir/LoomDialect.h"

#include "ir/LoomOps.h"

#include "mlir/Interfaces/FunctionInterfaces.h"
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
      ,
#define GET_OP_LIST
#include "ir/LoomDataShapedOps.cpp.inc"
      ,
#define GET_OP_LIST
#include "ir/LoomDataShapedAxesOps.cpp.inc"
      ,
#define GET_OP_LIST
#include "ir/LoomDataShapedViewOps.cpp.inc"
      ,
#define GET_OP_LIST
#include "ir/LoomControlFlowOps.cpp.inc"
      >();
}

Operation *LoomDialect::materializeConstant(OpBuilder &builder, Attribute value,
                                            Type type, Location loc) {
  auto elements = dyn_cast<ElementsAttr>(value);
  if (!elements || elements.getType() != type)
    return nullptr;
  return ConstantOp::create(builder, loc, elements);
}

LogicalResult LoomDialect::verifyRegionResultAttribute(Operation *op,
                                                       unsigned region,
                                                       unsigned result,
                                                       NamedAttribute attr) {
  if (attr.getName() != DataShapeAttrHelper::getNameStr())
    return success();
  auto shape = dyn_cast<DataShapeAttr>(attr.getValue());
  auto function = dyn_cast<FunctionOpInterface>(op);
  if (!shape || !function || region != 0)
    return op->emitError("'")
           << attr.getName()
           << "' must be a #loom.data_shape on a function result";
  ArrayRef<Type> results = function.getResultTypes();
  auto type = dyn_cast<RankedTensorType>(results[result]);
  int64_t elements = 1;
  for (int64_t bound : shape.getBounds()) {
    if (bound < 0)
      return op->emitError("result #")
             << result << ": data shape bound " << bound << " is negative";
    elements *= bound;
  }
  if (shape.getBounds().empty())
    return op->emitError("result #")
           << result << ": a data shape needs a bound per dimension";
  if (int64_t bound = shape.getElements()) {
    if (bound < 0 || bound > elements)
      return op->emitError("result #")
             << result << ": data shape element bound " << bound
             << " is outside 0 to " << elements
             << " (the product of its bounds)";
    if (!type || type.getRank() != 1 || type.getDimSize(0) != bound)
      return op->emitError("result #")
             << result << " has type " << results[result]
             << ", but its data shape needs a rank-1 tensor of " << bound
             << " elements (its element bound)";
  } else if (!type || type.getRank() != 1 || type.getDimSize(0) != elements) {
    return op->emitError("result #")
           << result << " has type " << results[result]
           << ", but its data shape needs a rank-1 tensor of " << elements
           << " elements (the product of its bounds)";
  }
  unsigned dims = shape.getDims();
  auto dimsType = dims < results.size()
                      ? dyn_cast<RankedTensorType>(results[dims])
                      : RankedTensorType();
  auto expected = RankedTensorType::get(
      {static_cast<int64_t>(shape.getBounds().size())},
      IntegerType::get(op->getContext(), 64));
  if (dims == result || dimsType != expected)
    return op->emitError("result #")
           << result << ": its data shape names result #" << dims
           << " for its dims, which must be another result of type "
           << expected;
  return success();
}
