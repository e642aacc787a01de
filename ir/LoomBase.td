//===- LoomBase.td - The loom dialect, its types and base op ------*- tablegen -*-===//
//
// Part of the Loom project.
//
// The `loom` dialect: its definition, the tensor type constraints every op
// uses, the op base class and the type-inference trait list.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_BASE_TD
#define LOOM_BASE_TD

include "mlir/IR/OpBase.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/EnumAttr.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

def Loom_Dialect : Dialect {
  let name = "loom";
  let cppNamespace = "::loom";
  let summary = "Loom's graph-level IR for machine-learning models";
  let description = [{
    The `loom` dialect holds a model as a graph of tensor operations at the
    level an ONNX or PyTorch graph is written: elementwise math with NumPy
    broadcasting, matmul and convolution, pooling, reductions, normalization
    and data movement, and two ops with regions: `loom.scan`, a counted loop
    (a recurrent layer's cells, ONNX's Scan and Loop), and `loom.if`. Every value is a ranked tensor of one of the element
    types f32, f16, bf16, f64, i1, i8, i32 and i64 (integers are signless and
    read as two's-complement signed). A dimension may be dynamic (`?`) while a
    graph is being imported; `loom-refine-shapes` makes it static once the
    inputs are known, and code generation requires static shapes.

    Every op is free of side effects, verifies its operands and attributes
    with messages that name the offending dimension or attribute, and infers
    its result type where the operands and attributes determine it. The ops
    take plain ranked tensors, so the upstream `shard` dialect's annotations
    (`shard.shard` on values, `shard.grid` for the device grid) attach to a
    `loom` graph without changing it.

    The numerical meaning of each op is the reference evaluator's
    (`evaluator/`), which documents rounding and accumulation order.
  }];
  let hasConstantMaterializer = 1;
  let hasCanonicalizer = 0;
  let useDefaultAttributePrinterParser = 1;
  // Attributes the dialect's passes attach to ops of other dialects, with
  // typed accessors (LoomDialect::getKernelAttrHelper() ...), so that no
  // pass spells their names as strings.
  let discardableAttrs = (ins
    // On functions formed by fusion (ir/LoomAttributes.td).
    "::loom::KernelAttr":$kernel,
    // On a kernel after workgroup distribution: its grid, three counts.
    "::mlir::DenseI64ArrayAttr":$workgroup_count,
    // On a kernel after bufferization: the memref type of each buffer the
    // kernel ABI passes it, arguments then results.
    "::mlir::ArrayAttr":$kernel_buffers,
    // Sharding (docs/sharding.md). On a `shard.grid`: the names of its
    // axes, one string each.
    "::mlir::ArrayAttr":$mesh_axes,
    // On an op of the sharded entry function with one tensor result, and
    // as argument/result attribute of that function: the tensor's layout.
    "::loom::ShardingAttr":$sharding,
    // On an op with several tensor results: one ShardingAttr per result.
    "::mlir::ArrayAttr":$result_shardings,
    // On an op that reads an operand in another layout than the operand
    // has: one ShardingAttr per operand, the layout each is read in.
    "::mlir::ArrayAttr":$operand_shardings,
    // Symbolic dimensions (docs/dynamic-shapes.md). As an argument
    // attribute of the imported entry: the input's dimensions that are
    // symbolic, imported at their bound.
    "::mlir::DenseI64ArrayAttr":$symbolic_dims,
    // On the entry function once it is the program of one slice.
    "::loom::DimSymbolAttr":$dim_symbol,
    // As an argument or result attribute of that entry: the dimension that
    // carries the symbol (the argument or result holds one slice of it).
    "::mlir::IntegerAttr":$sliced_dim,
    // Data-dependent sizes (docs/dynamic-shapes.md, phase 3). As a result
    // attribute of the entry: the result is padded and its shape is in
    // another result (ir/LoomAttributes.td).
    "::loom::DataShapeAttr":$data_shape
  );
  // Checks `loom.data_shape` against the function's results.
  let hasRegionResultAttrVerify = 1;
}

//===----------------------------------------------------------------------===//
// Type constraints
//===----------------------------------------------------------------------===//

def Loom_FloatElement : AnyTypeOf<[F32, F16, BF16, F64]>;
def Loom_IntElement : AnyTypeOf<[I8, I16, I32, I64, UI8, UI16, UI32, UI64]>;

// The integers are signless (i8, i16, i32, i64: two's complement, read as
// signed) or unsigned (ui8, ui16, ui32, ui64). The unsigned types stay
// unsigned in the dialect so that every op whose result depends on the
// signedness (div, rem, compare, max/min, casts, shifts, reductions, argmax)
// knows it; the lowering to linalg makes them signless and picks the
// unsigned arith ops.
def Loom_Tensor : RankedTensorOf<[F32, F16, BF16, F64, I1, I8, I16, I32, I64,
                                  UI8, UI16, UI32, UI64]>;
def Loom_FloatTensor : RankedTensorOf<[F32, F16, BF16, F64]>;
def Loom_NumericTensor : RankedTensorOf<[F32, F16, BF16, F64, I8, I16, I32,
                                         I64, UI8, UI16, UI32, UI64]>;
// Numbers with a sign: what neg, abs, relu and sign accept.
def Loom_SignedTensor : RankedTensorOf<[F32, F16, BF16, F64, I8, I16, I32,
                                        I64]>;
def Loom_UnsignedTensor : RankedTensorOf<[UI8, UI16, UI32, UI64]>;
// The 8-bit operands of the integer contractions (matmul_integer, conv_integer).
def Loom_Int8Tensor : RankedTensorOf<[I8, UI8]>;
def Loom_I32Tensor : RankedTensorOf<[I32]>;
def Loom_BoolTensor : RankedTensorOf<[I1]>;
def Loom_IndexTensor : RankedTensorOf<[I32, I64]>;

//===----------------------------------------------------------------------===//
// Base op and traits
//===----------------------------------------------------------------------===//

class Loom_Op<string mnemonic, list<Trait> traits = []>
    : Op<Loom_Dialect, mnemonic, !listconcat([Pure], traits)>;

// Ops whose result types follow from their operands and attributes. The op
// defines
//   static LogicalResult inferReturnTypes(MLIRContext *, std::optional<Location>,
//                                         Adaptor, SmallVectorImpl<Type> &);
// and a declared result type is accepted when it is compatible with the
// inferred one (equal static sizes, a `?` on either side matches any size),
// which is what lets `loom-refine-shapes` make shapes static step by step.
def Loom_InferTensorTypes : TraitList<[
  DeclareOpInterfaceMethods<InferTypeOpInterface>,
  NativeOpTrait<
    /*name=*/"InferTypeOpAdaptor",
    /*traits=*/[],
    /*extraOpDeclaration=*/[{
      static ::llvm::LogicalResult
      inferReturnTypes(::mlir::MLIRContext *context,
                       std::optional<::mlir::Location> location,
                       Adaptor adaptor,
                       ::llvm::SmallVectorImpl<::mlir::Type> &inferredReturnTypes);
      static bool isCompatibleReturnTypes(::mlir::TypeRange inferred,
                                          ::mlir::TypeRange actual);
    }],
    /*extraOpDefinition=*/[{
      ::llvm::LogicalResult
      $cppClass::inferReturnTypes(::mlir::MLIRContext *context,
                        std::optional<::mlir::Location> location,
                        ::mlir::ValueRange operands, ::mlir::DictionaryAttr attributes,
                        ::mlir::OpaqueProperties properties, ::mlir::RegionRange regions,
                        ::llvm::SmallVectorImpl<::mlir::Type> &inferredReturnTypes) {
        $cppClass::Adaptor adaptor(operands, attributes, properties, regions);
        return $cppClass::inferReturnTypes(context, location, adaptor,
                                           inferredReturnTypes);
      }
      bool $cppClass::isCompatibleReturnTypes(::mlir::TypeRange inferred,
                                              ::mlir::TypeRange actual) {
        return ::loom::areCompatibleTensorTypes(inferred, actual);
      }
    }]
  >
]>;

#endif // LOOM_BASE_TD
