//===- CompareReferenceTest.cpp - loom-run's collective definitions -------===//
//
// Part of the Loom project.
//
// loom-run --compare-reference checks each Collective command of a sharded
// artifact against expectedCollective; the lit and Python tests exercise
// only an all-reduce that is right, so each kind is checked here against
// values worked out by hand (docs/collectives.md).
//
//===----------------------------------------------------------------------===//

#include "tools/loom-run/CompareReference.h"

#include "runtime/artifact/loom_artifact_generated.h"

#include <gtest/gtest.h>

namespace loom::runner {
namespace {

namespace fb = flatbuffers;

/// A Collective table of `kind` over f32 sources of `shape`.
struct CollectiveOp {
  fb::FlatBufferBuilder builder;
  const artifact::Collective *op = nullptr;

  CollectiveOp(artifact::CollectiveKind kind, std::vector<int64_t> shape,
               int64_t axis = 0, int64_t concatAxis = 0,
               artifact::ReductionKind reduction = artifact::ReductionKind_Sum,
               std::vector<artifact::PermutePair> pairs = {}) {
    std::vector<uint32_t> axes = {0};
    auto offset = artifact::CreateCollective(
        builder, kind, reduction, builder.CreateVector(axes), 0, 1,
        artifact::ElementType_F32, builder.CreateVector(shape), axis,
        concatAxis, builder.CreateVectorOfStructs(pairs));
    builder.Finish(offset);
    op = fb::GetRoot<artifact::Collective>(builder.GetBufferPointer());
  }
};

Tensor tensor(Shape shape, std::vector<double> values) {
  return Tensor::fromDoubles(DType::F32, std::move(shape), values);
}

std::vector<double> values(const Tensor &t) {
  std::vector<double> all;
  for (int64_t i = 0; i < t.numElements(); ++i)
    all.push_back(t.getDouble(i));
  return all;
}

// Two members with 2x2 sources: a = [[1, 2], [3, 4]], b = [[10, 20], [30, 40]].
struct TwoMembers : ::testing::Test {
  Tensor a = tensor({2, 2}, {1, 2, 3, 4});
  Tensor b = tensor({2, 2}, {10, 20, 30, 40});
  std::vector<const Tensor *> both = {&a, &b};
};

TEST_F(TwoMembers, AllReduceReducesElementwise) {
  CollectiveOp sum(artifact::CollectiveKind_AllReduce, {2, 2});
  EXPECT_EQ(values(expectedCollective(*sum.op, both, 1)),
            (std::vector<double>{11, 22, 33, 44}));
  CollectiveOp max(artifact::CollectiveKind_AllReduce, {2, 2}, 0, 0,
                   artifact::ReductionKind_Min);
  EXPECT_EQ(values(expectedCollective(*max.op, both, 0)),
            (std::vector<double>{1, 2, 3, 4}));
}

TEST_F(TwoMembers, AllGatherConcatenatesInGroupOrder) {
  CollectiveOp rows(artifact::CollectiveKind_AllGather, {2, 2}, 0);
  Tensor gathered = expectedCollective(*rows.op, both, 0);
  EXPECT_EQ(gathered.shape(), (Shape{4, 2}));
  EXPECT_EQ(values(gathered),
            (std::vector<double>{1, 2, 3, 4, 10, 20, 30, 40}));
  CollectiveOp columns(artifact::CollectiveKind_AllGather, {2, 2}, 1);
  EXPECT_EQ(values(expectedCollective(*columns.op, both, 1)),
            (std::vector<double>{1, 2, 10, 20, 3, 4, 30, 40}));
}

TEST_F(TwoMembers, ReduceScatterKeepsThePositionsSlice) {
  CollectiveOp op(artifact::CollectiveKind_ReduceScatter, {2, 2}, 1);
  Tensor second = expectedCollective(*op.op, both, 1);
  EXPECT_EQ(second.shape(), (Shape{2, 1}));
  EXPECT_EQ(values(second), (std::vector<double>{22, 44}));
}

TEST_F(TwoMembers, AllToAllTakesThePositionsSliceOfEveryMember) {
  // Split rows, concatenate columns: member 1 gets row 1 of a and of b.
  CollectiveOp op(artifact::CollectiveKind_AllToAll, {2, 2}, 0, 1);
  Tensor received = expectedCollective(*op.op, both, 1);
  EXPECT_EQ(received.shape(), (Shape{1, 4}));
  EXPECT_EQ(values(received), (std::vector<double>{3, 4, 30, 40}));
}

TEST_F(TwoMembers, PermuteTakesItsSourcesTensorOrZeros) {
  CollectiveOp op(artifact::CollectiveKind_Permute, {2, 2}, 0, 0,
                  artifact::ReductionKind_Sum, {{0, 1}});
  EXPECT_EQ(values(expectedCollective(*op.op, both, 1)), values(a));
  EXPECT_EQ(values(expectedCollective(*op.op, both, 0)),
            (std::vector<double>{0, 0, 0, 0}));
}

} // namespace
} // namespace loom::runner
