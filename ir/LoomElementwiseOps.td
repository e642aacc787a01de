//===- LoomElementwiseOps.td - Elementwise loom ops ---------------*- tablegen -*-===//
//
// Part of the Loom project.
//
// Elementwise binary ops with NumPy broadcasting, comparisons, logical ops,
// unary math, clamp, cast and select.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_ELEMENTWISE_OPS_TD
#define LOOM_ELEMENTWISE_OPS_TD

include "ir/LoomBase.td"
include "ir/LoomEnums.td"

//===----------------------------------------------------------------------===//
// Binary ops with broadcasting
//===----------------------------------------------------------------------===//

// The result shape is the NumPy broadcast of the operand shapes: shapes are
// aligned at their trailing dimension and each pair of sizes must be equal or
// contain a 1.
class Loom_BroadcastBinaryOp<string mnemonic, Type operandType,
                             Type resultType, list<Trait> traits = []>
    : Loom_Op<mnemonic, !listconcat(traits,
          [SameOperandsElementType, Loom_InferTensorTypes])> {
  let arguments = (ins operandType:$lhs, operandType:$rhs);
  let results = (outs resultType:$result);
  let assemblyFormat = [{
    $lhs `,` $rhs attr-dict `:` functional-type(operands, results)
  }];
  // Element type of the result: the operands' unless overridden.
  code resultElementType = "::mlir::getElementTypeOrSelf(adaptor.getLhs().getType())";
  let extraClassDefinition = [{
    ::llvm::LogicalResult $cppClass::inferReturnTypes(
        ::mlir::MLIRContext *context, std::optional<::mlir::Location> location,
        Adaptor adaptor, ::llvm::SmallVectorImpl<::mlir::Type> &inferredReturnTypes) {
      return ::loom::inferBroadcastType(location, adaptor.getLhs().getType(),
          adaptor.getRhs().getType(), }] # resultElementType # [{,
          inferredReturnTypes);
    }
  }];
}

class Loom_ArithBinaryOp<string mnemonic, list<Trait> traits = []>
    : Loom_BroadcastBinaryOp<mnemonic, Loom_NumericTensor, Loom_NumericTensor,
                             traits>;

def Loom_AddOp : Loom_ArithBinaryOp<"add", [Commutative]> {
  let summary = "elementwise addition";
  let description = [{
    `lhs + rhs` with NumPy broadcasting. Integers wrap around on overflow.

    Example:
    ```mlir
    %sum = loom.add %x, %bias : (tensor<8x16xf32>, tensor<16xf32>) -> tensor<8x16xf32>
    ```
  }];
  let hasFolder = 1;
}

def Loom_SubOp : Loom_ArithBinaryOp<"sub"> {
  let summary = "elementwise subtraction";
  let description = [{
    `lhs - rhs` with NumPy broadcasting. Integers wrap around on overflow.

    Example:
    ```mlir
    %d = loom.sub %a, %b : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
    ```
  }];
  let hasFolder = 1;
}

def Loom_MulOp : Loom_ArithBinaryOp<"mul", [Commutative]> {
  let summary = "elementwise multiplication";
  let description = [{
    `lhs * rhs` with NumPy broadcasting. Integers wrap around on overflow.

    Example:
    ```mlir
    %p = loom.mul %x, %scale : (tensor<2x3xf32>, tensor<f32>) -> tensor<2x3xf32>
    ```
  }];
  let hasFolder = 1;
}

def Loom_DivOp : Loom_ArithBinaryOp<"div"> {
  let summary = "elementwise division";
  let description = [{
    `lhs / rhs` with NumPy broadcasting. Floats follow IEEE-754 (x/0 is ±inf
    or NaN). Integer division truncates toward zero (unsigned integers
    divide as unsigned); division by zero is an
    error: the evaluator refuses it and compiled code stops the run (with the
    CPU target's `runtime-checks` option off it gives 0), and
    `INT_MIN / -1` wraps to `INT_MIN`.

    Example:
    ```mlir
    %q = loom.div %a, %b : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
    ```
  }];
  let hasFolder = 1;
}

def Loom_PowOp : Loom_ArithBinaryOp<"pow"> {
  let summary = "elementwise power";
  let description = [{
    `lhs ** rhs` with NumPy broadcasting. Floats use `pow` of the C library
    in the operand type. For integers the result is exact (wrapping on
    overflow); a negative exponent gives 0 unless the base is 1 or -1, and
    `0 ** negative` is an error in the evaluator.

    Example:
    ```mlir
    %sq = loom.pow %x, %two : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
    ```
  }];
}

def Loom_MaxOp : Loom_ArithBinaryOp<"max", [Commutative]> {
  let summary = "elementwise maximum";
  let description = [{
    The larger of `lhs` and `rhs`, with NumPy broadcasting. A NaN in either
    operand gives NaN (as `numpy.maximum`).

    Example:
    ```mlir
    %m = loom.max %a, %b : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
    ```
  }];
}

def Loom_MinOp : Loom_ArithBinaryOp<"min", [Commutative]> {
  let summary = "elementwise minimum";
  let description = [{
    The smaller of `lhs` and `rhs`, with NumPy broadcasting. A NaN in either
    operand gives NaN (as `numpy.minimum`).

    Example:
    ```mlir
    %m = loom.min %a, %b : (tensor<4xi64>, tensor<4xi64>) -> tensor<4xi64>
    ```
  }];
}

def Loom_RemOp : Loom_ArithBinaryOp<"rem"> {
  let summary = "elementwise remainder";
  let description = [{
    The remainder of `lhs / rhs` with NumPy broadcasting. By default the
    result takes the sign of the divisor (Python's `%`, ONNX `Mod` with
    `fmod = 0`); with `fmod` it takes the sign of the dividend (C's `fmod`).
    Integer remainder by zero is an error: the evaluator refuses it and
    compiled code stops the run (with the CPU target's `runtime-checks`
    option off it gives 0).

    Example:
    ```mlir
    %r = loom.rem %a, %b : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
    %f = loom.rem %x, %y {fmod} : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
    ```
  }];
  let arguments = (ins Loom_NumericTensor:$lhs, Loom_NumericTensor:$rhs,
                       UnitAttr:$fmod);
}

def Loom_ShiftOp : Loom_BroadcastBinaryOp<"shift", Loom_UnsignedTensor,
                                          Loom_UnsignedTensor> {
  let summary = "elementwise bit shift of unsigned integers";
  let description = [{
    `lhs << rhs`, or `lhs >> rhs` (logical) with `right`, on unsigned
    integers with NumPy broadcasting (ONNX `BitShift`). A shift by the
    width of the type or more gives 0.

    Example:
    ```mlir
    %l = loom.shift %x, %n : (tensor<3xui8>, tensor<3xui8>) -> tensor<3xui8>
    %r = loom.shift %x, %n {right} : (tensor<3xui32>, tensor<3xui32>) -> tensor<3xui32>
    ```
  }];
  let arguments = (ins Loom_UnsignedTensor:$lhs, Loom_UnsignedTensor:$rhs,
                       UnitAttr:$right);
}

def Loom_CompareOp : Loom_BroadcastBinaryOp<"compare", Loom_Tensor,
                                            Loom_BoolTensor> {
  let summary = "elementwise comparison";
  let description = [{
    Compares `lhs` and `rhs` elementwise with NumPy broadcasting and returns
    an i1 tensor. Every comparison with a NaN is false except `ne`, which is
    true. Integers compare as signed, unsigned ones (ui8..ui64) as
    unsigned; i1 as 0 < 1.

    Example:
    ```mlir
    %lt = loom.compare lt, %a, %b : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xi1>
    ```
  }];
  let arguments = (ins Loom_ComparePredicate:$predicate,
                       Loom_Tensor:$lhs, Loom_Tensor:$rhs);
  let assemblyFormat = [{
    $predicate `,` $lhs `,` $rhs attr-dict `:` functional-type(operands, results)
  }];
  let resultElementType = "::mlir::IntegerType::get(context, 1)";
}

class Loom_LogicalBinaryOp<string mnemonic, string symbol>
    : Loom_BroadcastBinaryOp<mnemonic, Loom_BoolTensor, Loom_BoolTensor,
                             [Commutative]> {
  let summary = "elementwise logical " # mnemonic;
  let description = [{
    `lhs }] # symbol # [{ rhs` on i1 tensors with NumPy broadcasting.

    Example:
    ```mlir
    %r = loom.}] # mnemonic # [{ %a, %b : (tensor<4xi1>, tensor<4xi1>) -> tensor<4xi1>
    ```
  }];
}

def Loom_AndOp : Loom_LogicalBinaryOp<"and", "and">;
def Loom_OrOp : Loom_LogicalBinaryOp<"or", "or">;
def Loom_XorOp : Loom_LogicalBinaryOp<"xor", "xor">;

//===----------------------------------------------------------------------===//
// Unary ops
//===----------------------------------------------------------------------===//

class Loom_UnaryOp<string mnemonic, Type tensorType, string formula,
                   list<Trait> traits = []>
    : Loom_Op<mnemonic, !listconcat(traits,
          [Elementwise, SameOperandsAndResultType, InferTypeOpInterface])> {
  let summary = "elementwise " # formula;
  let arguments = (ins tensorType:$input);
  let results = (outs tensorType:$result);
  let assemblyFormat = "$input attr-dict `:` type($input)";
  let description = [{
    Computes `}] # formula # [{` for every element of `input`.

    Example:
    ```mlir
    %y = loom.}] # mnemonic # [{ %x : tensor<2x3x}] #
        !if(!eq(tensorType, Loom_BoolTensor), "i1", "f32") # [{>
    ```
  }];
}

class Loom_FloatUnaryOp<string mnemonic, string formula, list<Trait> traits = []>
    : Loom_UnaryOp<mnemonic, Loom_FloatTensor, formula, traits>;

def Loom_NegOp : Loom_UnaryOp<"neg", Loom_SignedTensor, "-x"> {
  let hasFolder = 1;
}
def Loom_AbsOp : Loom_UnaryOp<"abs", Loom_SignedTensor, "|x|">;
def Loom_ExpOp : Loom_FloatUnaryOp<"exp", "e^x">;
def Loom_LogOp : Loom_FloatUnaryOp<"log", "ln(x)">;
def Loom_SqrtOp : Loom_FloatUnaryOp<"sqrt", "sqrt(x)">;
def Loom_RsqrtOp : Loom_FloatUnaryOp<"rsqrt", "1 / sqrt(x)">;
def Loom_ReciprocalOp : Loom_FloatUnaryOp<"reciprocal", "1 / x">;
def Loom_TanhOp : Loom_FloatUnaryOp<"tanh", "tanh(x)">;
def Loom_SigmoidOp : Loom_FloatUnaryOp<"sigmoid", "1 / (1 + e^-x)">;
def Loom_ErfOp : Loom_FloatUnaryOp<"erf", "erf(x)">;
def Loom_ReluOp : Loom_UnaryOp<"relu", Loom_SignedTensor, "max(x, 0)"> {
  let hasCanonicalizer = 1;
}
def Loom_FloorOp : Loom_FloatUnaryOp<"floor", "floor(x)">;
def Loom_CeilOp : Loom_FloatUnaryOp<"ceil", "ceil(x)">;
def Loom_RoundOp : Loom_FloatUnaryOp<"round",
    "x rounded to the nearest integer, halves to even">;
def Loom_SignOp : Loom_UnaryOp<"sign", Loom_SignedTensor,
    "-1, 0 or 1 by the sign of x (NaN stays NaN)">;
def Loom_NotOp : Loom_UnaryOp<"not", Loom_BoolTensor, "logical not x"> {
  let hasFolder = 1;
}
def Loom_SinOp : Loom_FloatUnaryOp<"sin", "sin(x)">;
def Loom_CosOp : Loom_FloatUnaryOp<"cos", "cos(x)">;
def Loom_TanOp : Loom_FloatUnaryOp<"tan", "tan(x)">;
def Loom_AsinOp : Loom_FloatUnaryOp<"asin", "asin(x), NaN outside [-1, 1]">;
def Loom_AcosOp : Loom_FloatUnaryOp<"acos", "acos(x), NaN outside [-1, 1]">;
def Loom_AtanOp : Loom_FloatUnaryOp<"atan", "atan(x)">;
def Loom_SinhOp : Loom_FloatUnaryOp<"sinh", "sinh(x)">;
def Loom_CoshOp : Loom_FloatUnaryOp<"cosh", "cosh(x)">;
def Loom_AsinhOp : Loom_FloatUnaryOp<"asinh", "asinh(x)">;
def Loom_AcoshOp : Loom_FloatUnaryOp<"acosh", "acosh(x), NaN below 1">;
def Loom_AtanhOp : Loom_FloatUnaryOp<"atanh", "atanh(x), NaN outside [-1, 1]">;

def Loom_GeluOp : Loom_FloatUnaryOp<"gelu", "x * Phi(x)"> {
  let description = [{
    The Gaussian error linear unit `x * Phi(x)`, where `Phi` is the standard
    normal CDF: `0.5 * (1 + erf(x / sqrt(2)))` by default, or with
    `approximation = tanh` the approximation
    `0.5 * (1 + tanh(sqrt(2 / pi) * (x + 0.044715 * x^3)))`.

    Example:
    ```mlir
    %y = loom.gelu %x : tensor<2x3xf32>
    %z = loom.gelu %x approximation = tanh : tensor<2x3xf32>
    ```
  }];
  let arguments = (ins Loom_FloatTensor:$input,
      DefaultValuedAttr<Loom_GeluApproximation,
                        "::loom::GeluApproximation::none">:$approximation);
  let assemblyFormat = [{
    $input (`approximation` `=` $approximation^)? attr-dict `:` type($input)
  }];
}

def Loom_ClampOp : Loom_UnaryOp<"clamp", Loom_NumericTensor, "min(max(x, lo), hi)"> {
  let description = [{
    Limits every element to `[min, max]`; a missing bound does not limit.
    Bounds are given as f64 and must be exactly representable as an integer
    for integer tensors. NaN stays NaN.

    Example:
    ```mlir
    %relu6 = loom.clamp %x min = 0.0 max = 6.0 : tensor<4xf32>
    ```
  }];
  let arguments = (ins Loom_NumericTensor:$input, OptionalAttr<F64Attr>:$min,
                       OptionalAttr<F64Attr>:$max);
  let assemblyFormat = [{
    $input (`min` `=` $min^)? (`max` `=` $max^)? attr-dict `:` type($input)
  }];
  let hasVerifier = 1;
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// Cast and select
//===----------------------------------------------------------------------===//

def Loom_CastOp : Loom_Op<"cast", [Elementwise, SameOperandsAndResultShape]> {
  let summary = "elementwise conversion of the element type";
  let description = [{
    Converts every element to the result's element type:
    float to float rounds to nearest even; float to integer truncates toward
    zero and saturates at the integer's range (NaN gives 0); integer to float
    rounds to nearest even; integer to integer wraps (keeps the low bits,
    sign-extending when widening); anything to i1 is `x != 0`; i1 to a number
    is 0 or 1.

    Example:
    ```mlir
    %i = loom.cast %x : tensor<4xf32> to tensor<4xi32>
    ```
  }];
  let arguments = (ins Loom_Tensor:$input);
  let results = (outs Loom_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `to` type($result)";
  let hasFolder = 1;
}

def Loom_SelectOp : Loom_Op<"select", [Loom_InferTensorTypes]> {
  let summary = "elementwise choice between two tensors";
  let description = [{
    `condition ? on_true : on_false` elementwise, with NumPy broadcasting of
    all three operands (ONNX `Where`).

    Example:
    ```mlir
    %r = loom.select %c, %a, %b : (tensor<4xi1>, tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
    ```
  }];
  let arguments = (ins Loom_BoolTensor:$condition, Loom_Tensor:$on_true,
                       Loom_Tensor:$on_false);
  let results = (outs Loom_Tensor:$result);
  let assemblyFormat = [{
    $condition `,` $on_true `,` $on_false attr-dict `:` functional-type(operands, results)
  }];
  let hasFolder = 1;
}

#endif // LOOM_ELEMENTWISE_OPS_TD
