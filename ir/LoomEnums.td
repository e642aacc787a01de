//===- LoomEnums.td - Enum attributes of the loom dialect ---------*- tablegen -*-===//
//
// Part of the Loom project.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_ENUMS_TD
#define LOOM_ENUMS_TD

include "ir/LoomBase.td"

def Loom_ComparePredicate : I32EnumAttr<"ComparePredicate",
    "comparison predicate", [
      I32EnumAttrCase<"eq", 0>, I32EnumAttrCase<"ne", 1>,
      I32EnumAttrCase<"lt", 2>, I32EnumAttrCase<"le", 3>,
      I32EnumAttrCase<"gt", 4>, I32EnumAttrCase<"ge", 5>]> {
  let cppNamespace = "::loom";
}

def Loom_GeluApproximation : I32EnumAttr<"GeluApproximation",
    "how gelu evaluates the Gaussian CDF", [
      I32EnumAttrCase<"none", 0>, I32EnumAttrCase<"tanh", 1>]> {
  let cppNamespace = "::loom";
}

def Loom_PadMode : I32EnumAttr<"PadMode", "how pad fills new elements", [
      I32EnumAttrCase<"constant", 0>, I32EnumAttrCase<"reflect", 1>,
      I32EnumAttrCase<"edge", 2>]> {
  let cppNamespace = "::loom";
}

def Loom_ScatterReduction : I32EnumAttr<"ScatterReduction",
    "how scatter combines an update with the element it lands on", [
      I32EnumAttrCase<"none", 0>, I32EnumAttrCase<"add", 1>,
      I32EnumAttrCase<"mul", 2>, I32EnumAttrCase<"max", 3>,
      I32EnumAttrCase<"min", 4>]> {
  let cppNamespace = "::loom";
}

def Loom_ResizeMode : I32EnumAttr<"ResizeMode", "resize interpolation", [
      I32EnumAttrCase<"nearest", 0>, I32EnumAttrCase<"linear", 1>,
      I32EnumAttrCase<"cubic", 2>]> {
  let cppNamespace = "::loom";
}

def Loom_CoordinateTransform : I32EnumAttr<"CoordinateTransform",
    "how resize maps an output coordinate to an input coordinate", [
      I32EnumAttrCase<"half_pixel", 0>, I32EnumAttrCase<"pytorch_half_pixel", 1>,
      I32EnumAttrCase<"align_corners", 2>, I32EnumAttrCase<"asymmetric", 3>,
      I32EnumAttrCase<"tf_half_pixel_for_nn", 4>,
      I32EnumAttrCase<"tf_crop_and_resize", 5>]> {
  let cppNamespace = "::loom";
}

def Loom_NearestRounding : I32EnumAttr<"NearestRounding",
    "how nearest-neighbour resize rounds a fractional input coordinate", [
      I32EnumAttrCase<"round_prefer_floor", 0>,
      I32EnumAttrCase<"round_prefer_ceil", 1>,
      I32EnumAttrCase<"floor", 2>, I32EnumAttrCase<"ceil", 3>,
      I32EnumAttrCase<"floor_growing_ceil_shrinking", 4>]> {
  let cppNamespace = "::loom";
}

def Loom_KernelKind : I32EnumAttr<"KernelKind",
    "what a fused kernel's body is made of", [
      I32EnumAttrCase<"generic", 0>, I32EnumAttrCase<"elementwise", 1>]> {
  let cppNamespace = "::loom";
  let genSpecializedAttr = 0;
}

def Loom_WindowKind : I32EnumAttr<"WindowKind",
    "the cosine window of loom.window", [
      I32EnumAttrCase<"hann", 0>, I32EnumAttrCase<"hamming", 1>,
      I32EnumAttrCase<"blackman", 2>]> {
  let cppNamespace = "::loom";
}

#endif // LOOM_ENUMS_TD
