//===- ContractionConverters.cpp - ONNX MatMul, Gemm and Einsum ---------===//
//
// Part of the Loom project.
//
// MatMul, Gemm and Einsum become transposes, reshapes and loom.matmul.
//
//===----------------------------------------------------------------------===//

#include "frontend/onnx/NodeContext.h"
#include "frontend/onnx/converters/ConverterUtils.h"

#include "ir/LoomOps.h"

#include "onnx/onnx_pb.h"
#include "llvm/ADT/StringExtras.h"

using namespace mlir;

namespace loom::onnx_import {

std::optional<MatmulOperands> matmulOperands(NodeContext &node, Value lhs,
                                              Value rhs) {
  if (!lhs || !rhs)
    return std::nullopt;
  RankedTensorType lhsType = typeOf(lhs), rhsType = typeOf(rhs);
  if (lhsType.getRank() == 0 || rhsType.getRank() == 0) {
    (void)node.fail("operands must have rank 1 or more, got ranks " +
                    Twine(lhsType.getRank()) + " and " +
                    Twine(rhsType.getRank()));
    return std::nullopt;
  }
  MatmulOperands operands{lhs, rhs, lhsType.getRank() == 1,
                          rhsType.getRank() == 1};
  if (operands.lhsVector)
    operands.lhs = reshapeTo(node, lhs, {1, lhsType.getDimSize(0)});
  if (operands.rhsVector)
    operands.rhs = reshapeTo(node, rhs, {rhsType.getDimSize(0), 1});
  return operands;
}

Value MatmulOperands::dropVectorDims(NodeContext &node, Value product) const {
  if (!product || (!lhsVector && !rhsVector))
    return product;
  SmallVector<int64_t> shape(typeOf(product).getShape());
  if (rhsVector)
    shape.pop_back();
  if (lhsVector)
    shape.erase(shape.end() - (rhsVector ? 1 : 2));
  return reshapeTo(node, product, shape);
}

Value buildMatmul(NodeContext &node, Value lhs, Value rhs) {
  std::optional<MatmulOperands> operands = matmulOperands(node, lhs, rhs);
  if (!operands)
    return {};
  return operands->dropVectorDims(
      node, node.create<MatmulOp>(operands->lhs, operands->rhs));
}

namespace {

/// MatMul with NumPy semantics (buildMatmul).
LogicalResult convertMatMul(NodeContext &node) {
  if (failed(requireInputs(node, {"A", "B"})))
    return failure();
  Value product = buildMatmul(node, node.input(0), node.input(1));
  if (!product)
    return failure();
  return node.setResults({product});
}

/// Gemm: alpha * A' * B' + beta * C with A' = A or its transpose (transA),
/// B' likewise. C broadcasts to [M, N]; it is required before opset 11.
LogicalResult convertGemm(NodeContext &node) {
  if (failed(requireInputs(node, {"A", "B"})))
    return failure();
  if (node.opset() < 11 && !node.hasInput(2))
    return node.fail("input 2 (C) is required before opset 11");
  Value a = node.input(0), b = node.input(1);
  if (typeOf(a).getRank() != 2 || typeOf(b).getRank() != 2)
    return node.fail("A and B must be matrices, got ranks " +
                     Twine(typeOf(a).getRank()) + " and " +
                     Twine(typeOf(b).getRank()));
  if (node.intAttr("transA", 0) != 0)
    a = node.create<TransposeOp>(a, ArrayRef<int64_t>{1, 0});
  if (node.intAttr("transB", 0) != 0)
    b = node.create<TransposeOp>(b, ArrayRef<int64_t>{1, 0});
  Value result = node.create<MatmulOp>(a, b);
  Type type = elementTypeOf(node.input(0));
  float alpha = node.floatAttr("alpha", 1.0f), beta = node.floatAttr("beta", 1.0f);
  if (alpha != 1.0f)
    result = node.create<MulOp>(result, node.scalar(type, alpha));
  if (!node.hasInput(2) || !result)
    return node.setResults({result});
  Value c = node.input(2);
  // C broadcasts one way only: to the product's shape.
  ArrayRef<int64_t> cShape = typeOf(c).getShape(),
                    shape = typeOf(result).getShape();
  bool broadcasts = cShape.size() <= 2;
  for (size_t i = 0; broadcasts && i < cShape.size(); ++i) {
    int64_t size = cShape[cShape.size() - 1 - i];
    broadcasts = size == 1 || size == shape[shape.size() - 1 - i];
  }
  if (!broadcasts)
    return node.fail("C of shape " + formatInts(cShape) +
                     " does not broadcast to the product's shape " +
                     formatInts(shape));
  if (beta != 1.0f)
    c = node.create<MulOp>(c, node.scalar(type, beta));
  return node.setResults({node.create<AddOp>(result, c)});
}

/// An Einsum operand while the equation is being lowered: its value and a
/// label per dimension. Letters label themselves; the dimensions an
/// ellipsis stands for get labels from kEllipsis on, aligned at the right
/// so that they match across operands as broadcasting does.
struct Labeled {
  Value value;
  SmallVector<int> labels;
};
constexpr int kEllipsis = 256;

std::string labelName(int label) {
  return label >= kEllipsis ? "... dimension " + std::to_string(label - kEllipsis)
                            : "'" + std::string(1, static_cast<char>(label)) +
                                  "'";
}

/// The labels of one term of an equation: an operand's of rank `rank`, or
/// the output's, whose ellipsis stands for all `maxEllipsis` broadcast
/// dimensions. Sets `error` and returns nullopt on a malformed term.
std::optional<SmallVector<int>> parseTerm(StringRef term, int64_t rank,
                                          int64_t maxEllipsis,
                                          bool isOutput, std::string &error) {
  size_t ellipsisAt = term.find("...");
  std::string letters = term.str();
  if (ellipsisAt != StringRef::npos) {
    letters.erase(ellipsisAt, 3);
    if (StringRef(letters).contains('.')) {
      error = "term '" + term.str() + "' has more than one ellipsis";
      return std::nullopt;
    }
  }
  for (char c : letters)
    if (!llvm::isAlpha(c)) {
      error = "term '" + term.str() + "' holds '" + std::string(1, c) +
              "', which is not a letter";
      return std::nullopt;
    }
  int64_t ellipsisRank = 0;
  if (!isOutput) {
    ellipsisRank = rank - static_cast<int64_t>(letters.size());
    if (ellipsisRank < 0 || (ellipsisAt == StringRef::npos && ellipsisRank != 0)) {
      error = "term '" + term.str() + "' does not match an operand of rank " +
              std::to_string(rank);
      return std::nullopt;
    }
  } else if (ellipsisAt != StringRef::npos) {
    ellipsisRank = maxEllipsis;
  }
  SmallVector<int> labels;
  for (size_t i = 0; i <= letters.size(); ++i) {
    if (ellipsisAt != StringRef::npos && i == ellipsisAt)
      for (int64_t j = 0; j < ellipsisRank; ++j)
        labels.push_back(kEllipsis + int(maxEllipsis - ellipsisRank + j));
    if (i < letters.size())
      labels.push_back(letters[i]);
  }
  return labels;
}

Value transposeTo(NodeContext &node, Labeled &operand, ArrayRef<int> order) {
  SmallVector<int64_t> permutation;
  for (int label : order)
    permutation.push_back(llvm::find(operand.labels, label) -
                          operand.labels.begin());
  operand.labels.assign(order.begin(), order.end());
  if (llvm::equal(permutation, llvm::seq<int64_t>(0, permutation.size())))
    return operand.value;
  return operand.value = node.create<TransposeOp>(operand.value, permutation);
}

/// Takes the diagonal of the two dimensions that share a label: the second
/// is moved next to the first, the pair flattened, and every (n + 1)-th
/// element kept.
LogicalResult takeDiagonal(NodeContext &node, Labeled &operand, size_t first,
                           size_t second) {
  ArrayRef<int64_t> shape = typeOf(operand.value).getShape();
  int64_t size = shape[first];
  if (size != shape[second] || ShapedType::isDynamic(size))
    return node.fail("label " + labelName(operand.labels[first]) +
                     " repeats in one operand with sizes " + Twine(size) +
                     " and " + Twine(shape[second]));
  SmallVector<int> order(operand.labels);
  int label = order[second];
  order.erase(order.begin() + second);
  order.insert(order.begin() + first + 1, label);
  // Transposing needs distinct labels; mark the copy temporarily.
  operand.labels[second] = -1;
  order[first + 1] = -1;
  if (!transposeTo(node, operand, order))
    return failure();
  SmallVector<int64_t> merged(typeOf(operand.value).getShape());
  merged[first] = size * size;
  merged.erase(merged.begin() + first + 1);
  Value flat = reshapeTo(node, operand.value, merged);
  SmallVector<int64_t> offsets(merged.size(), 0), steps(merged.size(), 1);
  steps[first] = size + 1;
  SmallVector<int64_t> diagonal(merged);
  diagonal[first] = size;
  operand.value =
      flat ? node.createTyped<SliceOp>(typeOf(flat).clone(diagonal), flat,
                                       offsets, steps)
           : Value();
  operand.labels.erase(operand.labels.begin() + first + 1);
  return success(operand.value != nullptr);
}

/// Sums out the dimensions whose labels are not in `keep`.
void sumOut(NodeContext &node, Labeled &operand, ArrayRef<int> keep) {
  SmallVector<int64_t> axes;
  SmallVector<int> kept;
  for (auto [dim, label] : llvm::enumerate(operand.labels)) {
    if (llvm::is_contained(keep, label))
      kept.push_back(label);
    else
      axes.push_back(dim);
  }
  if (axes.empty())
    return;
  operand.value = node.create<ReduceSumOp>(operand.value, axes, false);
  operand.labels = kept;
}

/// Contracts two operands with one loom.matmul: the left as
/// [batch..., M, K], the right as [batch..., K, N], where the batch labels
/// are shared and kept, K the shared labels that are not kept, M and N the
/// labels of one side only.
std::optional<Labeled> contract(NodeContext &node, Labeled lhs, Labeled rhs,
                                ArrayRef<int> keep) {
  SmallVector<int> lhsKeep(keep), rhsKeep(keep);
  lhsKeep.append(rhs.labels);
  rhsKeep.append(lhs.labels);
  sumOut(node, lhs, lhsKeep);
  sumOut(node, rhs, rhsKeep);
  if (!lhs.value || !rhs.value)
    return std::nullopt;
  SmallVector<int> batch, reduced, lhsOnly, rhsOnly;
  for (int label : lhs.labels) {
    bool shared = llvm::is_contained(rhs.labels, label);
    (shared ? (llvm::is_contained(keep, label) ? batch : reduced) : lhsOnly)
        .push_back(label);
  }
  for (int label : rhs.labels)
    if (!llvm::is_contained(lhs.labels, label))
      rhsOnly.push_back(label);
  auto sizeOf = [](const Labeled &operand, int label) {
    return typeOf(operand.value)
        .getDimSize(llvm::find(operand.labels, label) - operand.labels.begin());
  };
  int64_t m = 1, n = 1, k = 1;
  SmallVector<int64_t> lhsShape, rhsShape, resultShape;
  for (int label : batch) {
    int64_t left = sizeOf(lhs, label), right = sizeOf(rhs, label);
    if (left != right && left != 1 && right != 1) {
      (void)node.fail("label " + labelName(label) + " has sizes " + Twine(left) +
                      " and " + Twine(right));
      return std::nullopt;
    }
    lhsShape.push_back(left);
    rhsShape.push_back(right);
    resultShape.push_back(left == 1 ? right : left);
  }
  for (int label : reduced) {
    if (sizeOf(lhs, label) != sizeOf(rhs, label)) {
      (void)node.fail("contracted label " + labelName(label) + " has sizes " +
                      Twine(sizeOf(lhs, label)) + " and " +
                      Twine(sizeOf(rhs, label)));
      return std::nullopt;
    }
    k *= sizeOf(lhs, label);
  }
  for (int label : lhsOnly) {
    m *= sizeOf(lhs, label);
    resultShape.push_back(sizeOf(lhs, label));
  }
  for (int label : rhsOnly) {
    n *= sizeOf(rhs, label);
    resultShape.push_back(sizeOf(rhs, label));
  }
  transposeTo(node, lhs, llvm::to_vector(llvm::concat<int>(batch, lhsOnly, reduced)));
  transposeTo(node, rhs, llvm::to_vector(llvm::concat<int>(batch, reduced, rhsOnly)));
  lhsShape.append({m, k});
  rhsShape.append({k, n});
  Value product = node.create<MatmulOp>(reshapeTo(node, lhs.value, lhsShape),
                                        reshapeTo(node, rhs.value, rhsShape));
  Labeled result;
  result.value = reshapeTo(node, product, resultShape);
  result.labels = llvm::to_vector(llvm::concat<int>(batch, lhsOnly, rhsOnly));
  if (!result.value)
    return std::nullopt;
  return result;
}

/// Einsum: repeated labels in one operand take a diagonal, labels needed by
/// no other operand and not by the output are summed, and operands are
/// contracted pairwise from the left with loom.matmul; the result is
/// transposed to the output's order. Without "->" the output is the
/// ellipsis dimensions, then the labels used once, in alphabetical order.
LogicalResult convertEinsum(NodeContext &node) {
  std::string equation;
  for (char c : node.stringAttr("equation", ""))
    if (c != ' ')
      equation += c;
  if (equation.empty())
    return node.fail("attribute 'equation' is missing");
  StringRef lhsText = equation, outputText;
  bool explicitOutput = false;
  if (size_t arrow = lhsText.find("->"); arrow != StringRef::npos) {
    outputText = lhsText.substr(arrow + 2);
    lhsText = lhsText.take_front(arrow);
    explicitOutput = true;
  }
  SmallVector<StringRef> terms;
  lhsText.split(terms, ',');
  if (terms.size() != node.numInputs())
    return node.fail("equation '" + equation + "' has " + Twine(terms.size()) +
                     " operand terms but the node has " +
                     Twine(node.numInputs()) + " inputs");
  std::vector<Labeled> operands;
  int64_t maxEllipsis = 0;
  for (auto [index, term] : llvm::enumerate(terms)) {
    if (!node.hasInput(index))
      return node.fail("input " + Twine(index) + " is missing");
    if (failed(requireStatic(node, node.input(index),
                             "input " + std::to_string(index))))
      return failure();
    int64_t rank = node.inputType(index).getRank();
    size_t letters = term.size() - (term.contains("...") ? 3 : 0);
    maxEllipsis = std::max<int64_t>(maxEllipsis, rank - int64_t(letters));
  }
  std::string error;
  for (auto [index, term] : llvm::enumerate(terms)) {
    std::optional<SmallVector<int>> labels = parseTerm(
        term, node.inputType(index).getRank(), maxEllipsis, false, error);
    if (!labels)
      return node.fail("equation '" + equation + "': " + error);
    operands.push_back({node.input(index), *labels});
  }
  SmallVector<int> output;
  if (explicitOutput) {
    std::optional<SmallVector<int>> labels =
        parseTerm(outputText, 0, maxEllipsis, true, error);
    if (!labels)
      return node.fail("equation '" + equation + "': " + error);
    output = *labels;
  } else {
    llvm::DenseMap<int, int> uses;
    for (const Labeled &operand : operands)
      for (int label : operand.labels)
        ++uses[label];
    for (int64_t j = 0; j < maxEllipsis; ++j)
      output.push_back(kEllipsis + int(j));
    SmallVector<int> once;
    for (auto [label, count] : uses)
      if (count == 1 && label < kEllipsis)
        once.push_back(label);
    llvm::sort(once);
    output.append(once);
  }
  for (size_t index = 0; index < output.size(); ++index) {
    int label = output[index];
    if (llvm::is_contained(ArrayRef<int>(output).take_front(index), label))
      return node.fail("equation '" + equation + "': output label " +
                       labelName(label) + " repeats");
    if (llvm::none_of(operands, [&](const Labeled &operand) {
          return llvm::is_contained(operand.labels, label);
        }))
      return node.fail("equation '" + equation + "': output label " +
                       labelName(label) + " is in no operand");
  }

  // Diagonals, then labels only this operand has and the output lacks.
  for (size_t index = 0; index < operands.size(); ++index) {
    Labeled &operand = operands[index];
    for (size_t first = 0; first < operand.labels.size(); ++first)
      for (size_t second = first + 1; second < operand.labels.size();)
        if (operand.labels[second] == operand.labels[first]) {
          if (failed(takeDiagonal(node, operand, first, second)))
            return failure();
        } else {
          ++second;
        }
    SmallVector<int> keep(output);
    for (size_t other = 0; other < operands.size(); ++other)
      if (other != index)
        keep.append(operands[other].labels);
    sumOut(node, operand, keep);
    if (!operand.value)
      return failure();
  }
  Labeled result = operands.front();
  for (size_t index = 1; index < operands.size(); ++index) {
    SmallVector<int> keep(output);
    for (size_t later = index + 1; later < operands.size(); ++later)
      keep.append(operands[later].labels);
    std::optional<Labeled> combined =
        contract(node, result, operands[index], keep);
    if (!combined)
      return failure();
    result = *combined;
  }
  sumOut(node, result, output);
  if (!result.value)
    return failure();
  return node.setResults({transposeTo(node, result, output)});
}

} // namespace

void registerContractionConverters(ConverterRegistry &registry) {
  registry.add("MatMul", convertMatMul);
  registry.add("Gemm", convertGemm);
  registry.add("Einsum", convertEinsum);
}

} // namespace loom::onnx_import
