//===- RuntimeTest.cpp - Tests of host tensors and 16-bit floats -------------===//
//
// Part of the Loom project.
//
//===----------------------------------------------------------------------===//

#include "runtime/Float16.h"
#include "runtime/Npy.h"
#include "runtime/Tensor.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>

using namespace loom;

TEST(Float16, RoundsToNearestEven) {
  EXPECT_EQ(floatToHalf(1.0f), 0x3c00);
  EXPECT_EQ(floatToHalf(-2.0f), 0xc000);
  EXPECT_EQ(floatToHalf(65504.0f), 0x7bff);
  // 1 + 2^-11 is halfway between 1 and 1 + 2^-10: ties to the even 1.
  EXPECT_EQ(floatToHalf(1.0f + 0x1p-11f), 0x3c00);
  // 1 + 3 * 2^-11 is halfway between 1 + 2^-10 and 1 + 2^-9: ties to even.
  EXPECT_EQ(floatToHalf(1.0f + 3 * 0x1p-11f), 0x3c02);
  EXPECT_EQ(floatToHalf(65520.0f), 0x7c00); // rounds up to infinity
  EXPECT_EQ(floatToHalf(65519.0f), 0x7bff);
}

TEST(Float16, SubnormalsZerosAndSpecials) {
  EXPECT_EQ(floatToHalf(0x1p-24f), 0x0001);   // smallest subnormal
  EXPECT_EQ(floatToHalf(0x1p-25f), 0x0000);   // tie to even (zero)
  EXPECT_EQ(floatToHalf(0x1.8p-25f), 0x0001); // above the tie
  EXPECT_EQ(floatToHalf(-0.0f), 0x8000);
  EXPECT_EQ(floatToHalf(std::numeric_limits<float>::infinity()), 0x7c00);
  EXPECT_TRUE(std::isnan(halfToFloat(floatToHalf(std::nanf("")))));
  EXPECT_EQ(halfToFloat(0x0001), 0x1p-24f);
  EXPECT_EQ(halfToFloat(0x7bff), 65504.0f);
  EXPECT_TRUE(std::isinf(halfToFloat(0xfc00)));
}

TEST(BFloat16, RoundsToNearestEven) {
  EXPECT_EQ(floatToBFloat16(1.0f), 0x3f80);
  // 1 + 2^-8 is halfway between 1 and 1 + 2^-7: ties to the even 1.
  EXPECT_EQ(floatToBFloat16(1.0f + 0x1p-8f), 0x3f80);
  EXPECT_EQ(floatToBFloat16(1.0f + 3 * 0x1p-8f), 0x3f82);
  EXPECT_EQ(bfloat16ToFloat(0x3f82), 1.015625f);
  EXPECT_TRUE(std::isnan(bfloat16ToFloat(floatToBFloat16(std::nanf("")))));
  EXPECT_EQ(floatToBFloat16(std::numeric_limits<float>::infinity()), 0x7f80);
}

TEST(Tensor, ShapesAndStrides) {
  Tensor tensor(DType::I32, {2, 3, 4});
  EXPECT_EQ(tensor.numElements(), 24);
  EXPECT_EQ(tensor.byteSize(), 96u);
  EXPECT_EQ(rowMajorStrides({2, 3, 4}), (Shape{12, 4, 1}));
  EXPECT_EQ(shapeString({2, 3}, DType::BF16), "2x3xbf16");
  Tensor scalar(DType::F32, {});
  EXPECT_EQ(scalar.numElements(), 1);
  EXPECT_EQ(Tensor(DType::F32, {0, 3}).numElements(), 0);
}

TEST(Tensor, ElementConversions) {
  Tensor tensor = Tensor::fromDoubles(DType::I8, {3}, {1.9, -1.9, 127});
  EXPECT_EQ(tensor.getInt(0), 1);
  EXPECT_EQ(tensor.getInt(1), -1);
  EXPECT_EQ(tensor.getInt(2), 127);
  Tensor flags = Tensor::fromDoubles(DType::I1, {2}, {0, 5});
  EXPECT_EQ(flags.getInt(1), 1);
  Tensor half = Tensor::fromDoubles(DType::F16, {1}, {0.1});
  EXPECT_EQ(half.getDouble(0), halfToFloat(floatToHalf(0.1f)));
  Tensor wide(DType::I64, {1});
  wide.setInt(0, std::numeric_limits<int64_t>::min());
  EXPECT_EQ(wide.getInt(0), std::numeric_limits<int64_t>::min());
  EXPECT_EQ(parseDType("bf16"), DType::BF16);
  EXPECT_EQ(parseDType("u8"), std::nullopt);
}

TEST(Tensor, BitwiseEquality) {
  Tensor a = Tensor::fromDoubles(DType::F32, {2}, {1, 2});
  Tensor b = Tensor::fromDoubles(DType::F32, {2}, {1, 2});
  EXPECT_TRUE(a.bitwiseEqual(b));
  b.setDouble(1, 3);
  EXPECT_FALSE(a.bitwiseEqual(b));
  EXPECT_FALSE(a.bitwiseEqual(Tensor::fromDoubles(DType::F32, {1, 2}, {1, 2})));
  EXPECT_EQ(a.toString(), "2xf32 [1, 2]");
}

TEST(Float16, DoublesRoundOnce) {
  // 1 + 2^-11 + 2^-40 is just above the halfway point between 1 and
  // 1 + 2^-10: it must round up. Through f32 it would first become exactly
  // the halfway point (2^-40 is below f32's precision) and then tie to 1.
  double justAboveHalf = 1.0 + 0x1p-11 + 0x1p-40;
  EXPECT_EQ(floatToHalf(static_cast<float>(justAboveHalf)), 0x3c00);
  EXPECT_EQ(doubleToHalf(justAboveHalf), 0x3c01);
  EXPECT_EQ(doubleToHalf(1.0 + 0x1p-11), 0x3c00); // exact tie: even
  EXPECT_EQ(doubleToBFloat16(1.0 + 0x1p-8 + 0x1p-40), 0x3f81);
  // Every float agrees with the float path.
  for (float value : {0.0f, -0.0f, 1.5f, 65504.0f, 65520.0f, 0x1p-24f,
                      0x1p-25f, 0x1.8p-25f, 3.14159f, -1e-6f, 1e30f}) {
    EXPECT_EQ(doubleToHalf(value), floatToHalf(value)) << value;
    EXPECT_EQ(doubleToBFloat16(value), floatToBFloat16(value)) << value;
  }
  EXPECT_EQ(doubleToHalf(1e300), 0x7c00);
  EXPECT_EQ(doubleToBFloat16(-1e300), 0xff80);
  EXPECT_EQ(doubleToBFloat16(0x1p-133), 0x0001); // smallest bf16 subnormal
  EXPECT_TRUE(std::isnan(halfToFloat(doubleToHalf(std::nan("")))));
}

TEST(Npy, RoundTripsEveryDType) {
  for (DType type : {DType::F32, DType::F16, DType::BF16, DType::F64, DType::I1,
                     DType::I8, DType::I32, DType::I64, DType::I16, DType::UI8,
                     DType::UI32, DType::UI64}) {
    for (Shape shape : {Shape{}, Shape{5}, Shape{2, 3}, Shape{2, 0, 4}}) {
      Tensor tensor(type, shape);
      for (int64_t i = 0; i < tensor.numElements(); ++i)
        tensor.setDouble(i, static_cast<double>(i % 7) - 3);
      std::string bytes = serializeNpy(tensor);
      EXPECT_EQ((bytes.size() - tensor.byteSize()) % 64, 0u); // aligned data
      std::string error;
      std::optional<Tensor> back = parseNpy(bytes, error);
      ASSERT_TRUE(back) << error;
      EXPECT_TRUE(back->bitwiseEqual(tensor)) << shapeString(shape, type);
    }
  }
}

TEST(Npy, ReadsWhatNumPyWrites) {
  // numpy.save of numpy.arange(6, dtype='<i4').reshape(2, 3), version 1.0.
  std::string header = "{'descr': '<i4', 'fortran_order': False, 'shape': (2, 3), }";
  header.append((64 - (10 + header.size() + 1) % 64) % 64, ' ');
  header += '\n';
  std::string bytes = std::string("\x93NUMPY\x01\x00", 8) +
                      static_cast<char>(header.size()) + '\0' + header;
  for (int32_t v = 0; v < 6; ++v)
    bytes.append(reinterpret_cast<const char *>(&v), 4);
  std::string error;
  std::optional<Tensor> tensor = parseNpy(bytes, error);
  ASSERT_TRUE(tensor) << error;
  EXPECT_EQ(tensor->toString(), "2x3xi32 [0, 1, 2, 3, 4, 5]");
}

TEST(Npy, WritesNumPyDescrsOfTheNewIntegers) {
  // NumPy's spelling of each; ui16 shares '<u2' with bf16 and reads back as
  // bf16 with the same bits (loom-run takes them as ui16 where it expects
  // ui16).
  struct Case {
    DType type;
    std::string_view descr;
  };
  for (Case c : {Case{DType::I16, "'<i2'"}, Case{DType::UI8, "'|u1'"},
                 Case{DType::UI16, "'<u2'"}, Case{DType::UI32, "'<u4'"},
                 Case{DType::UI64, "'<u8'"}}) {
    Tensor tensor(c.type, {3});
    tensor.setInt(0, 1);
    tensor.setInt(1, -1); // the largest value of an unsigned type
    tensor.setInt(2, 7);
    std::string bytes = serializeNpy(tensor);
    EXPECT_NE(bytes.find(c.descr), std::string::npos) << dtypeName(c.type);
    std::string error;
    std::optional<Tensor> back = parseNpy(bytes, error);
    ASSERT_TRUE(back) << error;
    EXPECT_EQ(back->dtype(), c.type == DType::UI16 ? DType::BF16 : c.type);
    ASSERT_EQ(back->byteSize(), tensor.byteSize());
    EXPECT_EQ(std::memcmp(back->bytes(), tensor.bytes(), tensor.byteSize()), 0);
  }
  Tensor largest(DType::UI64, {1});
  largest.setDouble(0, 0x1p63 + 0x1p62);
  EXPECT_EQ(largest.data<uint64_t>()[0], 0xC000000000000000ull);
  EXPECT_EQ(largest.getDouble(0), 0x1p63 + 0x1p62);
}

TEST(Npy, RejectsDamagedFiles) {
  Tensor tensor = Tensor::fromDoubles(DType::F32, {2, 2}, {1, 2, 3, 4});
  std::string good = serializeNpy(tensor);
  std::string error;
  EXPECT_FALSE(parseNpy("hello", error));
  EXPECT_EQ(error, "not an .npy file (bad magic)");
  EXPECT_FALSE(parseNpy(good.substr(0, good.size() - 1), error));
  EXPECT_EQ(error, "the data has 15 bytes but shape 2x2xf32 needs 16");
  EXPECT_FALSE(parseNpy(good.substr(0, 20), error));
  EXPECT_EQ(error, "truncated .npy header");
  // Complex numbers are no Loom dtype (<u4, once refused, is ui32 now).
  std::string complexBytes = good;
  complexBytes.replace(complexBytes.find("<f4"), 3, "<c8");
  EXPECT_FALSE(parseNpy(complexBytes, error));
  EXPECT_NE(error.find("dtype '<c8' is not supported"), std::string::npos);
  std::string fortran = good;
  fortran.replace(fortran.find("False"), 5, "True ");
  EXPECT_FALSE(parseNpy(fortran, error));
  EXPECT_EQ(error, "Fortran-ordered arrays are not supported");
  std::string huge = good;
  huge.replace(huge.find("(2, 2)"), 6, "(9999999999999, 9999999999999)");
  EXPECT_FALSE(parseNpy(huge, error));
  // Every truncation and every flipped byte fails cleanly or parses.
  for (size_t i = 0; i < good.size(); ++i) {
    (void)parseNpy(good.substr(0, i), error);
    std::string flipped = good;
    flipped[i] = static_cast<char>(flipped[i] ^ 0xff);
    (void)parseNpy(flipped, error);
  }
}
