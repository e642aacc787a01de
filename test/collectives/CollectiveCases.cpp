//===- CollectiveCases.cpp - Collective calls shared by the tests ---------===//
//
// Part of the Loom project.
//
//===----------------------------------------------------------------------===//

#include "test/collectives/CollectiveCases.h"

#include <cmath>
#include <cstring>
#include <limits>
#include <thread>

namespace loom::collectives::test {

namespace {

const char *opName(Op op) {
  switch (op) {
  case Op::AllReduce: return "allReduce";
  case Op::AllGather: return "allGather";
  case Op::ReduceScatter: return "reduceScatter";
  case Op::AllToAll: return "allToAll";
  case Op::Permute: return "permute";
  }
  return "?";
}

uint64_t mix(uint64_t x) { // splitmix64
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

// Element `index` of a tensor of `shape` as a multi-index, and back.
Shape unravel(int64_t index, const Shape &shape) {
  Shape at(shape.size());
  for (size_t d = shape.size(); d-- > 0;) {
    at[d] = index % shape[d];
    index /= shape[d];
  }
  return at;
}
int64_t ravel(const Shape &at, const Shape &shape) {
  int64_t index = 0;
  for (size_t d = 0; d < shape.size(); ++d)
    index = index * shape[d] + at[d];
  return index;
}

void copyElement(Tensor &dst, int64_t dstIndex, const Tensor &src, int64_t srcIndex) {
  const size_t size = dtypeSize(src.dtype());
  std::memcpy(dst.bytes() + dstIndex * size, src.bytes() + srcIndex * size, size);
}

// The part-th of `parts` slices of `t` along `axis`.
Tensor sliceOf(const Tensor &t, int64_t axis, int64_t parts, int64_t part) {
  Shape shape = t.shape();
  shape[axis] /= parts;
  Tensor slice(t.dtype(), shape);
  for (int64_t i = 0; i < slice.numElements(); ++i) {
    Shape at = unravel(i, shape);
    at[axis] += part * shape[axis];
    copyElement(slice, i, t, ravel(at, t.shape()));
  }
  return slice;
}

Tensor concatOf(const std::vector<Tensor> &parts, int64_t axis) {
  Shape shape = parts.front().shape();
  shape[axis] *= static_cast<int64_t>(parts.size());
  Tensor result(parts.front().dtype(), shape);
  const int64_t step = parts.front().shape()[axis];
  for (size_t k = 0; k < parts.size(); ++k)
    for (int64_t i = 0; i < parts[k].numElements(); ++i) {
      Shape at = unravel(i, parts[k].shape());
      at[axis] += static_cast<int64_t>(k) * step;
      copyElement(result, ravel(at, shape), parts[k], i);
    }
  return result;
}

// NaN-aware max/min written out independently of the runtime's.
template <typename T> T referenceMax(T a, T b) {
  if constexpr (std::is_floating_point_v<T>) {
    if (std::isnan(a) || std::isnan(b))
      return std::numeric_limits<T>::quiet_NaN();
    if (a == 0 && b == 0)
      return std::signbit(a) ? b : a;
  }
  return b > a ? b : a;
}
template <typename T> T referenceMin(T a, T b) {
  if constexpr (std::is_floating_point_v<T>) {
    if (std::isnan(a) || std::isnan(b))
      return std::numeric_limits<T>::quiet_NaN();
    if (a == 0 && b == 0)
      return std::signbit(a) ? a : b;
  }
  return b < a ? b : a;
}

template <typename T> T combine(ReduceKind kind, T a, T b) {
  switch (kind) {
  case ReduceKind::Sum: return a + b;
  case ReduceKind::Product: return a * b;
  case ReduceKind::Max: return referenceMax(a, b);
  case ReduceKind::Min: return referenceMin(a, b);
  }
  return a;
}

// Element by element in group order: f32, f16 and bf16 in float, f64 in
// double, integers in 64 bits (sums and products modulo 2^64, then cut to
// the dtype's width, which is the same as wrapping at that width).
Tensor reduceAll(ReduceKind kind, const std::vector<Tensor> &inputs) {
  const Tensor &first = inputs.front();
  Tensor result(first.dtype(), first.shape());
  for (int64_t i = 0; i < first.numElements(); ++i) {
    switch (first.dtype()) {
    case DType::F64: {
      double acc = first.getDouble(i);
      for (size_t k = 1; k < inputs.size(); ++k)
        acc = combine(kind, acc, inputs[k].getDouble(i));
      result.setDouble(i, acc);
      break;
    }
    case DType::F32:
    case DType::F16:
    case DType::BF16: {
      float acc = static_cast<float>(first.getDouble(i));
      for (size_t k = 1; k < inputs.size(); ++k)
        acc = combine(kind, acc, static_cast<float>(inputs[k].getDouble(i)));
      result.setDouble(i, acc);
      break;
    }
    default: {
      int64_t acc = first.getInt(i);
      for (size_t k = 1; k < inputs.size(); ++k) {
        const int64_t x = inputs[k].getInt(i);
        if (kind == ReduceKind::Sum || kind == ReduceKind::Product)
          acc = static_cast<int64_t>(combine(kind, static_cast<uint64_t>(acc),
                                             static_cast<uint64_t>(x)));
        else
          acc = combine(kind, acc, x);
      }
      result.setInt(i, acc);
      break;
    }
    }
  }
  return result;
}

} // namespace

std::string Case::name() const {
  std::string text = std::string(opName(op)) + " " + shapeString(shape, type);
  if (op == Op::AllReduce || op == Op::ReduceScatter)
    text += " " + std::string(reduceKindName(kind));
  if (op != Op::AllReduce && op != Op::Permute)
    text += " axis " + std::to_string(axis);
  if (op == Op::AllToAll)
    text += "->" + std::to_string(concatAxis);
  text += " groups";
  for (const Group &group : groups) {
    text += " [";
    for (size_t i = 0; i < group.size(); ++i)
      text += (i ? "," : "") + std::to_string(group[i]);
    text += "]";
  }
  return text;
}

Shape outputShapeOf(const Case &c, int members) {
  Shape shape = c.shape;
  if (c.op == Op::AllGather)
    shape[c.axis] *= members;
  if (c.op == Op::ReduceScatter)
    shape[c.axis] /= members;
  if (c.op == Op::AllToAll) {
    shape[c.axis] /= members;
    shape[c.concatAxis] *= members;
  }
  return shape;
}

const Group &groupOf(const Case &c, int device) {
  for (const Group &group : c.groups)
    for (int member : group)
      if (member == device)
        return group;
  return c.groups.front();
}

Tensor inputOf(const Case &c, int device) {
  Tensor t(c.type, c.shape);
  for (int64_t i = 0; i < t.numElements(); ++i) {
    const uint64_t r = mix(mix(c.seed * 1000003ull + device) ^ static_cast<uint64_t>(i));
    if (isInteger(c.type)) {
      t.setInt(i, static_cast<int64_t>(r));
      continue;
    }
    // Mostly values whose sums round differently in different orders, plus
    // signed zeros and an occasional NaN for max/min to get right.
    double value = (static_cast<double>(r % 2000001) - 1000000.0) / 99991.0;
    if (c.type == DType::F32 || c.type == DType::F64)
      value *= std::ldexp(1.0, static_cast<int>((r >> 32) % 24));
    if (i % 53 == 7)
      value = (device % 2) ? -0.0 : 0.0;
    if (i % 101 == 3 && device == 1)
      value = std::numeric_limits<double>::quiet_NaN();
    t.setDouble(i, value);
  }
  return t;
}

Status runOnDevice(Communicator &comm, const Case &c, int device, Tensor &output) {
  const Group &group = groupOf(c, device);
  Tensor input = inputOf(c, device);
  output = Tensor(c.type, outputShapeOf(c, static_cast<int>(group.size())));
  const ConstTensorView in{input.bytes(), input.dtype(), input.shape()};
  const TensorView out{output.bytes(), output.dtype(), output.shape()};
  switch (c.op) {
  case Op::AllReduce: return comm.allReduce(device, group, c.kind, in, out);
  case Op::AllGather: return comm.allGather(device, group, c.axis, in, out);
  case Op::ReduceScatter: return comm.reduceScatter(device, group, c.kind, c.axis, in, out);
  case Op::AllToAll: return comm.allToAll(device, group, c.axis, c.concatAxis, in, out);
  case Op::Permute: return comm.permute(device, group, c.pairs, in, out);
  }
  return invalidArgument("unknown op");
}

std::vector<Tensor> referenceOutputs(const Case &c, int numDevices) {
  std::vector<Tensor> outputs(numDevices);
  for (const Group &group : c.groups) {
    const int members = static_cast<int>(group.size());
    std::vector<Tensor> inputs;
    for (int device : group)
      inputs.push_back(inputOf(c, device));
    for (int p = 0; p < members; ++p) {
      Tensor &out = outputs[group[p]];
      switch (c.op) {
      case Op::AllReduce: out = reduceAll(c.kind, inputs); break;
      case Op::AllGather: out = concatOf(inputs, c.axis); break;
      case Op::ReduceScatter:
        out = sliceOf(reduceAll(c.kind, inputs), c.axis, members, p);
        break;
      case Op::AllToAll: {
        std::vector<Tensor> slices;
        for (const Tensor &in : inputs)
          slices.push_back(sliceOf(in, c.axis, members, p));
        out = concatOf(slices, c.concatAxis);
        break;
      }
      case Op::Permute:
        out = Tensor(c.type, c.shape);
        for (const PermutePair &pair : c.pairs)
          if (pair.target == p)
            out = inputs[pair.source];
        break;
      }
    }
  }
  return outputs;
}

bool bitIdentical(const Tensor &a, const Tensor &b) {
  return a.dtype() == b.dtype() && a.shape() == b.shape() &&
         (a.byteSize() == 0 || std::memcmp(a.bytes(), b.bytes(), a.byteSize()) == 0);
}

std::vector<Status> onDeviceThreads(int first, int count,
                                    const std::function<Status(int)> &fn) {
  std::vector<Status> statuses(count);
  std::vector<std::thread> threads;
  for (int i = 0; i < count; ++i)
    threads.emplace_back([&, i] { statuses[i] = fn(first + i); });
  for (std::thread &thread : threads)
    thread.join();
  return statuses;
}

std::vector<Case> standardCases(int numDevices) {
  std::vector<std::vector<Group>> layouts;
  Group all, reversed;
  for (int d = 0; d < numDevices; ++d) {
    all.push_back(d);
    reversed.insert(reversed.begin(), d);
  }
  layouts.push_back({all});
  if (numDevices > 1)
    layouts.push_back({reversed});
  if (numDevices == 4) {
    layouts.push_back({{0, 1}, {2, 3}}); // rows of a 2x2 mesh
    layouts.push_back({{0, 2}, {1, 3}}); // its columns
  }
  const DType reducible[] = {DType::F32, DType::F16, DType::BF16, DType::F64,
                             DType::I8,  DType::I32, DType::I64};
  const DType every[] = {DType::F32, DType::F16, DType::BF16, DType::F64,
                         DType::I1,  DType::I8,  DType::I32, DType::I64};
  const ReduceKind kinds[] = {ReduceKind::Sum, ReduceKind::Product, ReduceKind::Max,
                              ReduceKind::Min};
  std::vector<Case> cases;
  unsigned seed = 1;
  for (const std::vector<Group> &groups : layouts) {
    const int64_t n = static_cast<int64_t>(groups.front().size());
    auto add = [&](Case c) {
      c.groups = groups;
      c.seed = seed++;
      cases.push_back(std::move(c));
    };
    for (DType type : reducible)
      for (ReduceKind kind : kinds) {
        add({Op::AllReduce, type, kind, {3, 5, 7}});
        add({Op::ReduceScatter, type, kind, {2 * n, 3, 5}, 0});
      }
    add({Op::AllReduce, DType::F32, ReduceKind::Sum, {}});
    add({Op::AllReduce, DType::F32, ReduceKind::Sum, {0, 3}});
    add({Op::AllReduce, DType::F32, ReduceKind::Sum, {5000}}); // several blocks
    for (DType type : {DType::F32, DType::BF16, DType::I64}) {
      add({Op::ReduceScatter, type, ReduceKind::Sum, {3, 2 * n, 5}, 1});
      add({Op::ReduceScatter, type, ReduceKind::Max, {3, 5, 2 * n}, 2});
    }
    for (DType type : every)
      for (int64_t axis = 0; axis < 3; ++axis)
        add({Op::AllGather, type, ReduceKind::Sum, {2, 3, 4}, axis});
    for (DType type : every)
      for (int64_t split : {0, 2})
        for (int64_t concat = 0; concat < 3; ++concat)
          add({Op::AllToAll, type, ReduceKind::Sum, {2 * n, 3, 2 * n}, split, concat});
    std::vector<PermutePair> ring, single;
    for (int p = 0; p < n; ++p)
      ring.push_back({p, static_cast<int>((p + 1) % n)});
    single.push_back({0, static_cast<int>(n - 1)});
    for (DType type : every) {
      add({Op::Permute, type, ReduceKind::Sum, {4, 3}, 0, 0, ring});
      add({Op::Permute, type, ReduceKind::Sum, {4, 3}, 0, 0, single});
    }
  }
  return cases;
}

} // namespace loom::collectives::test
