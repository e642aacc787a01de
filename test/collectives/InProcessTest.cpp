//===- InProcessTest.cpp - Collectives among threads of one process -------===//
//
// Part of the Loom project.
//
// Every op, dtype and reduction on 1 to 4 devices in one process against
// the serial reference, bit for bit; the group-order rule on values where
// order matters; and the errors: bad arguments, members that disagree, a
// member that never comes.
//
//===----------------------------------------------------------------------===//

#include "test/collectives/CollectiveCases.h"

#include "runtime/Float16.h"
#include "runtime/collectives/Rendezvous.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <cstring>
#include <thread>

using namespace loom;
using namespace loom::collectives;
using namespace loom::collectives::test;

namespace {

std::unique_ptr<Communicator> makeComm(int devices, int timeoutMs = 10000) {
  Options options;
  options.timeout = std::chrono::milliseconds(timeoutMs);
  std::unique_ptr<Communicator> comm;
  Status status = Communicator::createInProcess(devices, options, comm);
  EXPECT_TRUE(status.isOk()) << status.message();
  return comm;
}

class EveryCase : public ::testing::TestWithParam<int> {};

TEST_P(EveryCase, MatchesSerialReference) {
  const int devices = GetParam();
  std::unique_ptr<Communicator> comm = makeComm(devices);
  for (const Case &c : standardCases(devices)) {
    SCOPED_TRACE(c.name());
    std::vector<Tensor> outputs(devices);
    std::vector<Status> statuses = onDeviceThreads(
        0, devices, [&](int d) { return runOnDevice(*comm, c, d, outputs[d]); });
    std::vector<Tensor> expected = referenceOutputs(c, devices);
    for (int d = 0; d < devices; ++d) {
      ASSERT_TRUE(statuses[d].isOk()) << statuses[d].message();
      EXPECT_TRUE(bitIdentical(outputs[d], expected[d]))
          << "device " << d << ": got " << outputs[d].toString() << ", expected "
          << expected[d].toString();
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Devices, EveryCase, ::testing::Values(1, 2, 3, 4));

// Runs allReduce of one value per device over `group` and returns device
// group[0]'s result.
Tensor allReduceValues(DType type, ReduceKind kind, const std::vector<double> &values) {
  const int devices = static_cast<int>(values.size());
  std::unique_ptr<Communicator> comm = makeComm(devices);
  Group group;
  for (int d = 0; d < devices; ++d)
    group.push_back(d);
  std::vector<Tensor> inputs, outputs;
  for (double v : values) {
    inputs.push_back(Tensor::fromDoubles(type, {1}, {v}));
    outputs.emplace_back(type, Shape{1});
  }
  std::vector<Status> statuses = onDeviceThreads(0, devices, [&](int d) {
    return comm->allReduce(d, group, kind, {inputs[d].bytes(), type, {1}},
                           {outputs[d].bytes(), type, {1}});
  });
  for (const Status &status : statuses)
    EXPECT_TRUE(status.isOk()) << status.message();
  for (int d = 1; d < devices; ++d)
    EXPECT_TRUE(bitIdentical(outputs[d], outputs[0]));
  return outputs[0];
}

TEST(GroupOrder, F32SumIsLeftToRight) {
  // ((1e8 + 1) + -1e8) + 1 = 1 in f32; other orders give 0 or 2.
  EXPECT_EQ(allReduceValues(DType::F32, ReduceKind::Sum, {1e8, 1, -1e8, 1}).getDouble(0), 1.0);
  EXPECT_EQ(allReduceValues(DType::F32, ReduceKind::Sum, {1, 1e8, 1, -1e8}).getDouble(0), 0.0);
}

TEST(GroupOrder, GroupOrderNotDeviceOrder) {
  std::unique_ptr<Communicator> comm = makeComm(3);
  const Group group = {2, 0, 1};
  const float values[3] = {1, -1e8f, 1e8f}; // device d holds values[d]
  float outputs[3] = {};
  std::vector<Status> statuses = onDeviceThreads(0, 3, [&](int d) {
    return comm->allReduce(d, group, ReduceKind::Sum, {&values[d], DType::F32, {}},
                           {&outputs[d], DType::F32, {}});
  });
  for (const Status &status : statuses)
    ASSERT_TRUE(status.isOk()) << status.message();
  // (1e8 + 1) + -1e8 in group order [2, 0, 1] = 0.
  for (float out : outputs)
    EXPECT_EQ(out, 0.0f);
}

TEST(GroupOrder, HalfAccumulatesInF32AndRoundsOnce) {
  // 2048 + 1 + 1: rounding after each add would stay at 2048.
  EXPECT_EQ(allReduceValues(DType::F16, ReduceKind::Sum, {2048, 1, 1}).getDouble(0), 2050.0);
  EXPECT_EQ(allReduceValues(DType::BF16, ReduceKind::Sum, {256, 1, 1}).getDouble(0), 258.0);
}

TEST(GroupOrder, MaxMinPropagateNaNAndOrderSignedZeros) {
  EXPECT_TRUE(std::isnan(allReduceValues(DType::F32, ReduceKind::Max, {1, NAN, 3}).getDouble(0)));
  EXPECT_TRUE(std::isnan(allReduceValues(DType::F16, ReduceKind::Min, {NAN, 1}).getDouble(0)));
  EXPECT_FALSE(std::signbit(allReduceValues(DType::F32, ReduceKind::Max, {-0.0, 0.0}).getDouble(0)));
  EXPECT_FALSE(std::signbit(allReduceValues(DType::F32, ReduceKind::Max, {0.0, -0.0}).getDouble(0)));
  EXPECT_TRUE(std::signbit(allReduceValues(DType::F64, ReduceKind::Min, {0.0, -0.0}).getDouble(0)));
}

TEST(GroupOrder, IntegersWrap) {
  EXPECT_EQ(allReduceValues(DType::I8, ReduceKind::Sum, {100, 100}).getInt(0), -56);
  EXPECT_EQ(allReduceValues(DType::I32, ReduceKind::Product, {65536, 65536}).getInt(0), 0);
  EXPECT_EQ(allReduceValues(DType::I64, ReduceKind::Min, {-5, 3}).getInt(0), -5);
}

TEST(AllReduce, InPlace) {
  std::unique_ptr<Communicator> comm = makeComm(2);
  std::vector<float> data[2] = {std::vector<float>(3000, 1.5f), std::vector<float>(3000, 2.0f)};
  std::vector<Status> statuses = onDeviceThreads(0, 2, [&](int d) {
    return comm->allReduce(d, {0, 1}, ReduceKind::Sum, {data[d].data(), DType::F32, {3000}},
                           {data[d].data(), DType::F32, {3000}});
  });
  for (int d = 0; d < 2; ++d) {
    ASSERT_TRUE(statuses[d].isOk()) << statuses[d].message();
    for (float v : data[d])
      ASSERT_EQ(v, 3.5f);
  }
}

TEST(Mesh2x2, RowsThenColumnsConcurrently) {
  // Each device all-reduces along its row, then all-gathers along its
  // column, without any synchronisation between the steps.
  std::unique_ptr<Communicator> comm = makeComm(4);
  const Group rows[2] = {{0, 1}, {2, 3}}, columns[2] = {{0, 2}, {1, 3}};
  float gathered[4][2] = {};
  for (int iteration = 0; iteration < 50; ++iteration) {
    std::vector<Status> statuses = onDeviceThreads(0, 4, [&](int d) {
      float mine = static_cast<float>(d + iteration), rowSum = 0;
      LOOM_RETURN_IF_ERROR(comm->allReduce(d, rows[d / 2], ReduceKind::Sum,
                                           {&mine, DType::F32, {1}},
                                           {&rowSum, DType::F32, {1}}));
      return comm->allGather(d, columns[d % 2], 0, {&rowSum, DType::F32, {1}},
                             {gathered[d], DType::F32, {2}});
    });
    for (int d = 0; d < 4; ++d) {
      ASSERT_TRUE(statuses[d].isOk()) << statuses[d].message();
      EXPECT_EQ(gathered[d][0], 1.0f + 2 * iteration);
      EXPECT_EQ(gathered[d][1], 5.0f + 2 * iteration);
    }
  }
}


TEST(Errors, BadArguments) {
  std::unique_ptr<Communicator> comm = makeComm(4, 200);
  float in[8] = {}, out[16] = {};
  const ConstTensorView in4{in, DType::F32, {4}};
  auto expectInvalid = [&](Status status, const char *needle) {
    EXPECT_EQ(status.code(), StatusCode::InvalidArgument) << status.message();
    EXPECT_NE(status.message().find(needle), std::string::npos) << status.message();
    EXPECT_EQ(status.message().find('\n'), std::string::npos);
  };
  expectInvalid(comm->allReduce(0, {1, 2}, ReduceKind::Sum, in4, {out, DType::F32, {4}}),
                "allReduce on device 0: the device is not a member");
  expectInvalid(comm->allReduce(0, {0, 0}, ReduceKind::Sum, in4, {out, DType::F32, {4}}),
                "twice");
  expectInvalid(comm->allReduce(0, {0, 7}, ReduceKind::Sum, in4, {out, DType::F32, {4}}),
                "outside [0, 4)");
  expectInvalid(comm->allReduce(9, {9}, ReduceKind::Sum, in4, {out, DType::F32, {4}}),
                "not hosted");
  expectInvalid(comm->allReduce(0, {0, 1}, ReduceKind::Sum, in4, {out, DType::F32, {5}}),
                "expected 4xf32");
  expectInvalid(comm->allReduce(0, {0, 1}, ReduceKind::Sum, in4, {out, DType::I32, {4}}),
                "the input is f32 but the output i32");
  expectInvalid(comm->allReduce(0, {0, 1}, ReduceKind::Max, {in, DType::I1, {4}},
                                {out, DType::I1, {4}}),
                "max is not defined for i1");
  expectInvalid(comm->allReduce(0, {0, 1}, ReduceKind::Sum, in4, {in + 1, DType::F32, {4}}),
                "partly overlaps");
  expectInvalid(comm->allGather(0, {0, 1}, 1, in4, {out, DType::F32, {8}}),
                "axis 1 is outside the input's rank 1");
  expectInvalid(comm->allGather(0, {0, 1}, 0, in4, {in, DType::F32, {8}}),
                "overlaps the input");
  expectInvalid(comm->reduceScatter(0, {0, 1, 2}, ReduceKind::Sum, 0, in4,
                                    {out, DType::F32, {1}}),
                "size 4 of axis 0 does not divide over 3 group members");
  expectInvalid(comm->allToAll(0, {0, 1}, 0, 0, in4, {out, DType::F32, {8}}),
                "expected 4xf32");
  expectInvalid(comm->permute(0, {0, 1}, {{0, 1}, {1, 1}}, in4, {out, DType::F32, {4}}),
                "position 1 is the target of more than one pair");
  expectInvalid(comm->permute(0, {0, 1}, {{0, 2}}, in4, {out, DType::F32, {4}}),
                "outside the group");
  expectInvalid(comm->allReduce(0, {0, 1}, ReduceKind::Sum, {nullptr, DType::F32, {4}},
                                {out, DType::F32, {4}}),
                "null pointer");
  std::unique_ptr<Communicator> none;
  EXPECT_EQ(Communicator::createInProcess(0, {}, none).code(), StatusCode::InvalidArgument);
  EXPECT_EQ(none, nullptr);
}

TEST(Errors, MembersThatDisagreeAllFail) {
  std::unique_ptr<Communicator> comm = makeComm(2);
  float in[4] = {}, out[4] = {};
  float in2[4] = {}, out2[4] = {};
  std::vector<Status> statuses = onDeviceThreads(0, 2, [&](int d) {
    return d == 0 ? comm->allReduce(0, {0, 1}, ReduceKind::Sum, {in, DType::F32, {4}},
                                    {out, DType::F32, {4}})
                  : comm->allReduce(1, {0, 1}, ReduceKind::Sum, {in2, DType::F32, {2}},
                                    {out2, DType::F32, {2}});
  });
  for (const Status &status : statuses) {
    EXPECT_FALSE(status.isOk());
    EXPECT_NE(status.message().find("disagree on the input (4xf32 vs 2xf32)"),
              std::string::npos)
        << status.message();
  }
}

TEST(Errors, MissingMemberTimesOut) {
  std::unique_ptr<Communicator> comm = makeComm(2, 100);
  float in[4] = {}, out[4] = {};
  auto start = std::chrono::steady_clock::now();
  Status status = comm->allReduce(0, {0, 1}, ReduceKind::Sum, {in, DType::F32, {4}},
                                  {out, DType::F32, {4}});
  auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(status.code(), StatusCode::Aborted);
  EXPECT_NE(status.message().find("allReduce on device 0 (timeout 100 ms): timed out "
                                  "waiting for local devices 0 1 of group [0, 1]"),
            std::string::npos)
      << status.message();
  EXPECT_LT(elapsed, std::chrono::seconds(5));
  // The group stays broken: its buffers might still be in use.
  Status again = comm->allReduce(0, {0, 1}, ReduceKind::Sum, {in, DType::F32, {4}},
                                 {out, DType::F32, {4}});
  EXPECT_EQ(again.code(), StatusCode::Aborted);
  // Other groups are not affected.
  EXPECT_TRUE(comm->allReduce(0, {0}, ReduceKind::Sum, {in, DType::F32, {4}},
                              {out, DType::F32, {4}})
                  .isOk());
}

// A device that fails outside the collectives: abort() ends its peer's
// wait at once with the reason (the timeout is a minute), and every later
// call, on any group, fails the same way.
TEST(Errors, AbortEndsWaitingMembers) {
  std::unique_ptr<Communicator> comm = makeComm(2, 60000);
  float in[4] = {}, out[4] = {};
  auto start = std::chrono::steady_clock::now();
  std::thread failing([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    comm->abort(aborted("device 1: kernel 'k' returned 7"));
  });
  Status status = comm->allReduce(0, {0, 1}, ReduceKind::Sum, {in, DType::F32, {4}},
                                  {out, DType::F32, {4}});
  auto elapsed = std::chrono::steady_clock::now() - start;
  failing.join();
  EXPECT_EQ(status.code(), StatusCode::Aborted);
  EXPECT_EQ(status.message(), "device 1: kernel 'k' returned 7");
  EXPECT_LT(elapsed, std::chrono::seconds(5));
  Status later = comm->allGather(0, {0}, 0, {in, DType::F32, {4}},
                                 {out, DType::F32, {4}});
  EXPECT_EQ(later.message(), "device 1: kernel 'k' returned 7");
}


// A failure that breaks a group while its members are inside a collective
// (all arrived, so each may be reading the others' calls and buffers) must
// not let one member leave while another still uses them: a broken barrier
// returns at once, so Rendezvous::depart holds every member that failed
// after arriving until all of them have.
TEST(Rendezvous, DepartWaitsForEveryMemberAfterABreak) {
  Rendezvous meeting(2, "local devices 0 1 of group [0, 1]");
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  std::atomic<bool> memberOneDone{false};
  std::thread one([&] {
    ASSERT_TRUE(meeting.arrive(1, nullptr, deadline, "one").isOk());
    // Still working on the others' buffers when the group breaks.
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    EXPECT_FALSE(meeting.barrier(Status::ok(), deadline, "one").isOk());
    memberOneDone = true;
    meeting.depart();
  });
  ASSERT_TRUE(meeting.arrive(0, nullptr, deadline, "zero").isOk());
  meeting.breakWith(aborted("device 3: kernel 'k' returned 7"));
  Status status = meeting.barrier(Status::ok(), deadline, "zero");
  EXPECT_EQ(status.message(), "device 3: kernel 'k' returned 7");
  meeting.depart();
  EXPECT_TRUE(memberOneDone);
  one.join();
}

} // namespace
