//===- KernelAbi.cpp - Kernel ABI entry points ----------------------------===//
//
// Part of the Loom project.
//
// loom-cpu-kernel-abi: each lowered kernel gets the C entry point of
// runtime/KernelAbi.h, `int32_t K(const loom_kernel_dispatch_t *)`, which
// checks the dispatch's buffer count and sizes against the kernel's buffers
// and turns the raw buffer pointers into the memref descriptors the
// implementation takes. The implementation becomes internal so that LLVM
// inlines it and folds the constant sizes and strides into its loops; its
// status slot (loom-cpu-runtime-checks), when it has one, is then a local
// that LLVM keeps in a register.
//
//===----------------------------------------------------------------------===//

#include "backends/cpu/Passes.h"
#include "ir/LoomDialect.h"

#include "runtime/KernelAbi.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/Builders.h"

namespace loom::cpu {
#define GEN_PASS_DEF_LOOMCPUKERNELABI
#include "backends/cpu/Passes.h.inc"
} // namespace loom::cpu

using namespace mlir;

namespace loom::cpu {
namespace {

/// loom_kernel_dispatch_t as an LLVM struct, field by field.
enum DispatchField : int32_t {
  kBuffers = 0,
  kBufferSizes = 1,
  kBufferCount = 2,
  kWorkgroupId = 3,
  kWorkgroupCount = 4,
};

LLVM::LLVMStructType dispatchType(MLIRContext *context) {
  Type pointer = LLVM::LLVMPointerType::get(context);
  Type i32 = IntegerType::get(context, 32);
  Type grid = LLVM::LLVMArrayType::get(i32, 3);
  return LLVM::LLVMStructType::getLiteral(context,
                                          {pointer, pointer, i32, grid, grid});
}

/// Loads dispatch->field[index] (an element of a grid array).
Value loadGridElement(OpBuilder &b, Location loc, Value dispatch,
                      DispatchField field, int32_t index) {
  MLIRContext *context = b.getContext();
  Type i32 = b.getI32Type();
  Value address = LLVM::GEPOp::create(
      b, loc, LLVM::LLVMPointerType::get(context), dispatchType(context),
      dispatch, ArrayRef<LLVM::GEPArg>{0, field, index});
  Value value = LLVM::LoadOp::create(b, loc, i32, address);
  return LLVM::ZExtOp::create(b, loc, b.getI64Type(), value);
}

/// x + count_x * (y + count_y * z): the workgroup's linear id; with `ids`
/// the counts themselves, whose product is the number of workgroups.
std::pair<Value, Value> linearWorkgroup(OpBuilder &b, Location loc,
                                        Value dispatch) {
  Value id[3], count[3];
  for (int32_t dim = 0; dim < 3; ++dim) {
    id[dim] = loadGridElement(b, loc, dispatch, kWorkgroupId, dim);
    count[dim] = loadGridElement(b, loc, dispatch, kWorkgroupCount, dim);
  }
  Value linear = id[2];
  Value total = count[2];
  for (int dim = 1; dim >= 0; --dim) {
    linear = LLVM::AddOp::create(
        b, loc, id[dim], LLVM::MulOp::create(b, loc, count[dim], linear));
    total = LLVM::MulOp::create(b, loc, count[dim], total);
  }
  return {linear, total};
}

/// The bytes of a static, row-major buffer of `type`: all the kernel may
/// read or write of it (an i1 takes a byte).
uint64_t byteSize(MemRefType type) {
  uint64_t elementBytes = (type.getElementTypeBitWidth() + 7) / 8;
  return static_cast<uint64_t>(type.getNumElements()) * elementBytes;
}

/// Fills `body` (the entry block, holding the dispatch argument) with the
/// checks of buffer_count and buffer_sizes against `bufferTypes`; on to
/// `next` when they hold, otherwise to `fail` with the status.
void buildBufferChecks(OpBuilder &b, Location loc, Block *body, Block *next,
                       Block *fail, ArrayAttr bufferTypes) {
  MLIRContext *context = b.getContext();
  Type pointer = LLVM::LLVMPointerType::get(context);
  Type i32 = b.getI32Type(), i64 = b.getI64Type();
  Value dispatch = body->getArgument(0);
  auto status = [&](int32_t value) -> Value {
    return LLVM::ConstantOp::create(b, loc, i32, value);
  };
  // The count first: buffer_sizes has buffer_count entries.
  b.setInsertionPointToEnd(body);
  Value countAddress = LLVM::GEPOp::create(
      b, loc, pointer, dispatchType(context), dispatch,
      ArrayRef<LLVM::GEPArg>{0, kBufferCount});
  Value count = LLVM::LoadOp::create(b, loc, i32, countAddress);
  Value countFits = LLVM::ICmpOp::create(
      b, loc, LLVM::ICmpPredicate::eq, count,
      status(static_cast<int32_t>(bufferTypes.size())));
  Block *sizes = b.createBlock(next);
  b.setInsertionPointToEnd(body);
  LLVM::CondBrOp::create(b, loc, countFits, sizes, ValueRange{}, fail,
                         ValueRange{status(LOOM_KERNEL_STATUS_BUFFER_COUNT)});

  // Then every size; the lowest failing index is reported.
  b.setInsertionPointToEnd(sizes);
  Value sizesAddress = LLVM::GEPOp::create(
      b, loc, pointer, dispatchType(context), dispatch,
      ArrayRef<LLVM::GEPArg>{0, kBufferSizes});
  Value sizeArray = LLVM::LoadOp::create(b, loc, pointer, sizesAddress);
  Value result = status(LOOM_KERNEL_STATUS_OK);
  for (int64_t index = static_cast<int64_t>(bufferTypes.size()) - 1;
       index >= 0; --index) {
    auto type = cast<MemRefType>(cast<TypeAttr>(bufferTypes[index]).getValue());
    Value address =
        LLVM::GEPOp::create(b, loc, pointer, i64, sizeArray,
                            ArrayRef<LLVM::GEPArg>{static_cast<int32_t>(index)});
    Value size = LLVM::LoadOp::create(b, loc, i64, address);
    Value tooSmall = LLVM::ICmpOp::create(
        b, loc, LLVM::ICmpPredicate::ult, size,
        LLVM::ConstantOp::create(b, loc, i64,
                                 static_cast<int64_t>(byteSize(type))));
    result = LLVM::SelectOp::create(
        b, loc, tooSmall,
        status(LOOM_KERNEL_STATUS_BUFFER_SIZE - static_cast<int32_t>(index)),
        result);
  }
  Value fits = LLVM::ICmpOp::create(b, loc, LLVM::ICmpPredicate::eq, result,
                                    status(LOOM_KERNEL_STATUS_OK));
  LLVM::CondBrOp::create(b, loc, fits, next, ValueRange{}, fail,
                         ValueRange{result});
}

/// Builds the entry point of `impl`, whose buffers have `bufferTypes`;
/// `hasStatus` when its last three arguments are the status slot.
void buildEntry(OpBuilder &b, LLVM::LLVMFuncOp impl, StringRef name,
                ArrayAttr bufferTypes, bool hasStatus) {
  MLIRContext *context = b.getContext();
  Location loc = impl.getLoc();
  Type pointer = LLVM::LLVMPointerType::get(context);
  Type i32 = b.getI32Type(), i64 = b.getI64Type();
  auto entryType = LLVM::LLVMFunctionType::get(i32, {pointer});
  auto entry = LLVM::LLVMFuncOp::create(b, loc, name, entryType);
  Block *body = entry.addEntryBlock(b);
  OpBuilder::InsertionGuard guard(b);
  Value dispatch = body->getArgument(0);

  // The entry block checks the dispatch; `run` calls the implementation;
  // `fail` returns its argument.
  Block *run = b.createBlock(&entry.getBody(), entry.getBody().end());
  Block *fail =
      b.createBlock(&entry.getBody(), entry.getBody().end(), {i32}, {loc});
  LLVM::ReturnOp::create(b, loc, fail->getArgument(0));
  // The status slot is allocated in the entry block, where LLVM promotes
  // allocas to registers.
  b.setInsertionPointToStart(body);
  Value statusSlot;
  if (hasStatus)
    statusSlot = LLVM::AllocaOp::create(
        b, loc, pointer, i32, LLVM::ConstantOp::create(b, loc, i64, 1), 4);
  buildBufferChecks(b, loc, body, run, fail, bufferTypes);

  b.setInsertionPointToStart(run);
  Value buffers = LLVM::LoadOp::create(b, loc, pointer, dispatch);
  auto constant = [&](int64_t value) -> Value {
    return LLVM::ConstantOp::create(b, loc, i64, value);
  };
  // The descriptor of a static, row-major memref is its pointer (as both
  // the allocated and the aligned one), offset 0, the sizes and the strides.
  SmallVector<Value> arguments;
  for (auto [index, typeAttr] : llvm::enumerate(bufferTypes)) {
    auto type = cast<MemRefType>(cast<TypeAttr>(typeAttr).getValue());
    Value slot = LLVM::GEPOp::create(b, loc, pointer, pointer, buffers,
                                     ArrayRef<LLVM::GEPArg>{
                                         static_cast<int32_t>(index)});
    Value buffer = LLVM::LoadOp::create(b, loc, pointer, slot);
    arguments.append({buffer, buffer, constant(0)});
    for (int64_t size : type.getShape())
      arguments.push_back(constant(size));
    SmallVector<int64_t> strides;
    int64_t offset;
    (void)type.getStridesAndOffset(strides, offset);
    for (int64_t stride : strides)
      arguments.push_back(constant(stride));
  }
  auto [workgroupId, workgroupCount] = linearWorkgroup(b, loc, dispatch);
  arguments.append({workgroupId, workgroupCount});
  Value zero = LLVM::ConstantOp::create(b, loc, i32, LOOM_KERNEL_STATUS_OK);
  if (hasStatus) {
    LLVM::StoreOp::create(b, loc, zero, statusSlot);
    arguments.append({statusSlot, statusSlot, constant(0)});
  }
  LLVM::CallOp::create(b, loc, impl, arguments);
  Value result =
      hasStatus ? LLVM::LoadOp::create(b, loc, i32, statusSlot).getResult()
                : zero;
  LLVM::ReturnOp::create(b, loc, result);
}

struct LoomCpuKernelAbiPass
    : impl::LoomCpuKernelAbiBase<LoomCpuKernelAbiPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    MLIRContext *context = &getContext();
    OpBuilder builder(context);

    SmallVector<LLVM::LLVMFuncOp> kernels;
    for (auto function : module.getOps<LLVM::LLVMFuncOp>())
      if (isKernel(function))
        kernels.push_back(function);

    for (LLVM::LLVMFuncOp impl : kernels) {
      ArrayAttr bufferTypes =
          LoomDialect::KernelBuffersAttrHelper(&getContext()).getAttr(impl);
      if (!bufferTypes) {
        impl.emitError("kernel has no loom.kernel_buffers; run "
                       "loom-cpu-workgroup-loops first");
        return signalPassFailure();
      }
      // The implementation's arguments: per buffer, two pointers and
      // 1 + 2 * rank integers; then the workgroup id and count; then,
      // after loom-cpu-runtime-checks, the status (a rank-0 memref: two
      // pointers and the offset).
      size_t expected = 2;
      for (Attribute typeAttr : bufferTypes)
        expected +=
            3 + 2 * cast<MemRefType>(cast<TypeAttr>(typeAttr).getValue())
                        .getRank();
      bool hasStatus = impl.getNumArguments() == expected + 3;
      if (impl.getNumArguments() != expected && !hasStatus) {
        impl.emitError("kernel implementation takes ")
            << impl.getNumArguments() << " arguments, but its buffers need "
            << expected << " (or " << expected + 3 << " with a status)";
        return signalPassFailure();
      }
      std::string name = impl.getSymName().str();
      impl.setSymName(name + ".impl");
      impl.setLinkage(LLVM::Linkage::Internal);
      // The loom.* attributes have served their purpose and mean nothing to
      // the translation to LLVM IR.
      for (NamedAttribute attribute :
           llvm::to_vector(impl->getDiscardableAttrs()))
        if (attribute.getName().getValue().starts_with("loom."))
          impl->removeDiscardableAttr(attribute.getName());
      builder.setInsertionPointAfter(impl);
      buildEntry(builder, impl, name, bufferTypes, hasStatus);
    }

    builder.setInsertionPointToEnd(module.getBody());
    Type i32 = builder.getI32Type();
    LLVM::GlobalOp::create(builder, module.getLoc(), i32, /*isConstant=*/true,
                           LLVM::Linkage::External,
                           LOOM_KERNEL_ABI_VERSION_SYMBOL,
                           builder.getI32IntegerAttr(LOOM_KERNEL_ABI_VERSION));
  }
};

} // namespace
} // namespace loom::cpu
