//===- SignlessIntegers.cpp - Unsigned integer types made signless --------===//
//
// Part of the Loom project.
//
// The loom dialect keeps ui8..ui64 so that the ops that depend on the
// signedness know it; arith, linalg bodies and the LLVM lowering take
// signless integers only. The lowering to linalg builds its bodies on the
// unsigned types (choosing divui, cmpi ult, uitofp, ... from them), then
// makeIntegersSignless rewrites every type and attribute under the lowered
// function in place: the bits are the same, only the type's signedness
// goes.
//
//===----------------------------------------------------------------------===//

#include "passes/LinalgLoweringUtils.h"

#include "mlir/IR/AttrTypeSubElements.h"
#include "mlir/IR/BuiltinAttributes.h"

using namespace mlir;

namespace loom {

void makeIntegersSignless(Operation *root) {
  AttrTypeReplacer replacer;
  replacer.addReplacement([](IntegerType type) -> std::optional<Type> {
    if (!type.isUnsigned())
      return std::nullopt;
    return IntegerType::get(type.getContext(), type.getWidth());
  });
  // A dense constant keeps its raw bytes; only its type is rebuilt.
  replacer.addReplacement(
      [&](DenseIntOrFPElementsAttr attr) -> std::optional<Attribute> {
        auto type = cast<ShapedType>(attr.getType());
        auto element = dyn_cast<IntegerType>(type.getElementType());
        if (!element || !element.isUnsigned())
          return std::nullopt;
        return attr.bitcast(IntegerType::get(attr.getContext(),
                                             element.getWidth()));
      });
  replacer.recursivelyReplaceElementsIn(root, /*replaceAttrs=*/true,
                                        /*replaceLocs=*/false,
                                        /*replaceTypes=*/true);
}

} // namespace loom
