//===- OnnxImporterTest.cpp - Tests of the ONNX importer's model handling ----===//
//
// Part of the Loom project.
//
// Models are built here with the protobuf API, so each test states exactly
// what the file holds: opsets, domains, symbolic dimensions, external data,
// unsupported nodes and damaged bytes. Op conversions are covered by the
// conformance suite and the lit tests in test/onnx.
//
//===----------------------------------------------------------------------===//

#include "frontend/onnx/OnnxImporter.h"
#include "passes/Registration.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Diagnostics.h"
#include "onnx/onnx_pb.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <gtest/gtest.h>

#include <fstream>

using namespace mlir;
using namespace loom::onnx_import;

namespace {

void addTensorValueInfo(onnx::ValueInfoProto *info, const std::string &name,
                        int elemType, std::vector<std::string> dims) {
  info->set_name(name);
  onnx::TypeProto::Tensor *tensor = info->mutable_type()->mutable_tensor_type();
  tensor->set_elem_type(elemType);
  for (const std::string &dim : dims) {
    onnx::TensorShapeProto::Dimension *d = tensor->mutable_shape()->add_dim();
    if (!dim.empty() && std::isdigit(static_cast<unsigned char>(dim[0])))
      d->set_dim_value(std::stoll(dim));
    else
      d->set_dim_param(dim);
  }
}

/// y = Relu(x + bias) with x of shape `xDims` and a constant bias of 3.
onnx::ModelProto makeModel(std::vector<std::string> xDims = {"2", "3"},
                           int64_t opset = 13) {
  onnx::ModelProto model;
  model.set_ir_version(8);
  onnx::OperatorSetIdProto *import = model.add_opset_import();
  import->set_domain("");
  import->set_version(opset);
  onnx::GraphProto *graph = model.mutable_graph();
  graph->set_name("g");
  addTensorValueInfo(graph->add_input(), "x", onnx::TensorProto::FLOAT, xDims);
  onnx::TensorProto *bias = graph->add_initializer();
  bias->set_name("bias");
  bias->set_data_type(onnx::TensorProto::FLOAT);
  bias->add_dims(3);
  for (float v : {1.0f, 2.0f, 3.0f})
    bias->add_float_data(v);
  onnx::NodeProto *add = graph->add_node();
  add->set_name("add_node");
  add->set_op_type("Add");
  add->add_input("x");
  add->add_input("bias");
  add->add_output("sum");
  onnx::NodeProto *relu = graph->add_node();
  relu->set_name("relu_node");
  relu->set_op_type("Relu");
  relu->add_input("sum");
  relu->add_output("y");
  addTensorValueInfo(graph->add_output(), "y", onnx::TensorProto::FLOAT, {});
  return model;
}

class OnnxImporterTest : public ::testing::Test {
protected:
  OnnxImporterTest() {
    DialectRegistry registry;
    loom::registerLoomDialects(registry);
    context.appendDialectRegistry(registry);
    context.loadAllAvailableDialects();
  }

  /// Imports `bytes`, collecting error messages.
  OwningOpRef<ModuleOp> import(const std::string &bytes,
                               const ImportOptions &options = {},
                               const std::string &directory = ".") {
    messages.clear();
    ScopedDiagnosticHandler handler(&context, [&](Diagnostic &diagnostic) {
      messages.push_back(diagnostic.str());
      return success();
    });
    return importOnnxBytes(bytes, "model.onnx", directory, context, options);
  }

  bool hasMessage(const std::string &text) const {
    for (const std::string &message : messages)
      if (message == text)
        return true;
    return false;
  }

  std::string allMessages() const {
    std::string text;
    for (const std::string &message : messages)
      text += message + "\n";
    return text;
  }

  MLIRContext context;
  std::vector<std::string> messages;
};

TEST_F(OnnxImporterTest, ImportsGraphWithNamesAndLocations) {
  OwningOpRef<ModuleOp> module = import(makeModel().SerializeAsString());
  ASSERT_TRUE(module) << allMessages();
  auto function = module->lookupSymbol<func::FuncOp>("main");
  ASSERT_TRUE(function);
  EXPECT_EQ(function.getNumArguments(), 1u);
  EXPECT_EQ(function.getArgAttrOfType<StringAttr>(0, "loom.name").getValue(), "x");
  EXPECT_EQ(function.getResultAttrOfType<StringAttr>(0, "loom.name").getValue(), "y");
  // Every op is located at its node.
  bool sawRelu = false;
  function.walk([&](Operation *op) {
    if (op->getName().getStringRef() == "loom.relu") {
      auto loc = dyn_cast<NameLoc>(op->getLoc());
      ASSERT_TRUE(loc);
      EXPECT_EQ(loc.getName().getValue(), "relu_node");
      sawRelu = true;
    }
  });
  EXPECT_TRUE(sawRelu);
}

TEST_F(OnnxImporterTest, TruncatedModelIsOneClearError) {
  std::string bytes = makeModel().SerializeAsString();
  for (size_t length : {size_t(1), bytes.size() / 2, bytes.size() - 1}) {
    EXPECT_FALSE(import(bytes.substr(0, length))) << length;
    ASSERT_EQ(messages.size(), 1u) << allMessages();
    EXPECT_EQ(messages[0], "model.onnx: not a valid ONNX model (the protobuf "
                           "data is malformed or truncated)");
  }
}

TEST_F(OnnxImporterTest, EveryDamagedByteFailsCleanlyOrImports) {
  // Flipping any single byte must never crash: the result is an import or
  // a reported error.
  std::string bytes = makeModel().SerializeAsString();
  for (size_t i = 0; i < bytes.size(); ++i) {
    std::string damaged = bytes;
    damaged[i] = static_cast<char>(damaged[i] ^ 0xff);
    OwningOpRef<ModuleOp> module = import(damaged);
    EXPECT_TRUE(module || !messages.empty()) << "byte " << i;
  }
}

TEST_F(OnnxImporterTest, ReportsEveryUnsupportedNode) {
  onnx::ModelProto model = makeModel();
  onnx::GraphProto *graph = model.mutable_graph();
  graph->mutable_node(0)->set_op_type("FancyAdd");
  graph->mutable_node(1)->set_op_type("FancyRelu");
  EXPECT_FALSE(import(model.SerializeAsString()));
  EXPECT_EQ(messages.size(), 2u) << allMessages();
  EXPECT_TRUE(hasMessage("model.onnx: node 'add_node' (FancyAdd, opset 13): "
                         "operator is not supported"))
      << allMessages();
  EXPECT_TRUE(hasMessage("model.onnx: node 'relu_node' (FancyRelu, opset 13): "
                         "operator is not supported"))
      << allMessages();
}

TEST_F(OnnxImporterTest, RejectsOtherDomainsAndOpsets) {
  onnx::ModelProto model = makeModel();
  model.mutable_graph()->mutable_node(1)->set_domain("com.microsoft");
  EXPECT_FALSE(import(model.SerializeAsString()));
  EXPECT_TRUE(hasMessage("model.onnx: node 'relu_node' (Relu, opset 13): "
                         "domain 'com.microsoft' is not supported"))
      << allMessages();

  EXPECT_FALSE(import(makeModel({"2", "3"}, 18).SerializeAsString()));
  EXPECT_TRUE(hasMessage("model.onnx: opset 18 of the default domain is not "
                         "supported (7 to 17; 1 to 6 are upgraded to 7)"))
      << allMessages();
}

TEST_F(OnnxImporterTest, UpgradesOpsetsBeforeSeven) {
  // Opset 5's Relu carries consumed_inputs, which ONNX's converter removes.
  onnx::ModelProto model = makeModel({"2", "3"}, 5);
  onnx::AttributeProto *consumed =
      model.mutable_graph()->mutable_node(1)->add_attribute();
  consumed->set_name("consumed_inputs");
  consumed->set_type(onnx::AttributeProto::INTS);
  consumed->add_ints(0);
  // ONNX's checker, which runs first, wants every output's shape.
  model.mutable_graph()->clear_output();
  addTensorValueInfo(model.mutable_graph()->add_output(), "y",
                     onnx::TensorProto::FLOAT, {"2", "3"});
  OwningOpRef<ModuleOp> module = import(model.SerializeAsString());
  ASSERT_TRUE(module) << allMessages();
  EXPECT_TRUE(messages.empty()) << allMessages();
  auto function = module->lookupSymbol<func::FuncOp>("main");
  ASSERT_TRUE(function);
  std::vector<std::string> ops;
  for (Operation &op : function.getBody().front())
    ops.push_back(op.getName().getStringRef().str());
  EXPECT_EQ(ops, (std::vector<std::string>{"loom.constant", "loom.add",
                                            "loom.relu", "func.return"}));
}

/// x -> BatchNormalization (opset 6) -> y, with constant parameters of two
/// channels; `isTest` < 0 leaves the attribute out.
onnx::ModelProto makeBatchNormModel(int isTest) {
  onnx::ModelProto model;
  // IR 4: initializers need not be graph inputs.
  model.set_ir_version(4);
  model.add_opset_import()->set_version(6);
  onnx::GraphProto *graph = model.mutable_graph();
  graph->set_name("g");
  addTensorValueInfo(graph->add_input(), "x", onnx::TensorProto::FLOAT,
                     {"1", "2", "2"});
  onnx::NodeProto *node = graph->add_node();
  node->set_name("bn");
  node->set_op_type("BatchNormalization");
  node->add_input("x");
  for (const char *name : {"scale", "bias", "mean", "var"}) {
    onnx::TensorProto *tensor = graph->add_initializer();
    tensor->set_name(name);
    tensor->set_data_type(onnx::TensorProto::FLOAT);
    tensor->add_dims(2);
    tensor->add_float_data(1.0f);
    tensor->add_float_data(2.0f);
    node->add_input(name);
  }
  node->add_output("y");
  if (isTest >= 0) {
    onnx::AttributeProto *attribute = node->add_attribute();
    attribute->set_name("is_test");
    attribute->set_type(onnx::AttributeProto::INT);
    attribute->set_i(isTest);
  }
  addTensorValueInfo(graph->add_output(), "y", onnx::TensorProto::FLOAT,
                     {"1", "2", "2"});
  return model;
}

TEST_F(OnnxImporterTest, UpgradeReportsWhatItCannotKeep) {
  // is_test = 1: inference, upgraded without a word.
  EXPECT_TRUE(import(makeBatchNormModel(1).SerializeAsString()))
      << allMessages();
  EXPECT_TRUE(messages.empty()) << allMessages();
  // No is_test: training mode before opset 7, imported as inference, said.
  EXPECT_TRUE(import(makeBatchNormModel(-1).SerializeAsString()))
      << allMessages();
  EXPECT_TRUE(hasMessage(
      "model.onnx: the upgrade from opset 6 to 7 is lossy: node 'bn' "
      "(BatchNormalization) has no is_test, which means training mode "
      "before opset 7; it is imported in inference mode"))
      << allMessages();
  // is_test = 0: ONNX's converter refuses.
  EXPECT_FALSE(import(makeBatchNormModel(0).SerializeAsString()));
  ASSERT_EQ(messages.size(), 1u) << allMessages();
  EXPECT_NE(messages[0].find("model.onnx: opset 6 of the default domain: "
                             "ONNX's version converter cannot upgrade it to "
                             "opset 7: "),
            std::string::npos)
      << allMessages();
  EXPECT_NE(messages[0].find("is_test"), std::string::npos) << allMessages();
}

TEST_F(OnnxImporterTest, SymbolicDimensionsNeedAnInputShape) {
  std::string bytes = makeModel({"batch", "3"}).SerializeAsString();
  EXPECT_FALSE(import(bytes));
  EXPECT_TRUE(hasMessage("model.onnx: input 'x' dimension 0 ('batch') is "
                         "unknown; give all sizes with --input-shape=x:DIMS "
                         "(the model has ?x3), or keep it symbolic with an "
                         "upper bound, --max-dim=N"))
      << allMessages();

  ImportOptions options;
  std::string error;
  options.inputShapes.push_back(*parseInputShape("x:5x3", error));
  OwningOpRef<ModuleOp> module = import(bytes, options);
  ASSERT_TRUE(module) << allMessages();
  auto function = module->lookupSymbol<func::FuncOp>("main");
  EXPECT_EQ(cast<RankedTensorType>(function.getResultTypes()[0]).getShape(),
            ArrayRef<int64_t>({5, 3}));

  // A given shape must agree with the model's static sizes.
  options.inputShapes = {*parseInputShape("0:5x4", error)};
  EXPECT_FALSE(import(bytes, options));
  EXPECT_TRUE(hasMessage("model.onnx: input 'x' has dimension 1 of size 3 but "
                         "--input-shape gives 4"))
      << allMessages();

  // With a bound, an unknown dimension or one given as '?' is imported at
  // the bound and listed in loom.symbolic_dims (docs/dynamic-shapes.md); a
  // dimension the model fixes cannot be made symbolic.
  for (const char *given : {"", "x:?x3"}) {
    ImportOptions symbolic;
    symbolic.symbolicDimBound = 16;
    if (*given)
      symbolic.inputShapes.push_back(*parseInputShape(given, error));
    OwningOpRef<ModuleOp> bounded = import(bytes, symbolic);
    ASSERT_TRUE(bounded) << allMessages();
    auto main = bounded->lookupSymbol<func::FuncOp>("main");
    EXPECT_EQ(cast<RankedTensorType>(main.getArgumentTypes()[0]).getShape(),
              ArrayRef<int64_t>({16, 3}));
    auto dims = main.getArgAttrOfType<DenseI64ArrayAttr>(0, "loom.symbolic_dims");
    ASSERT_TRUE(dims);
    EXPECT_EQ(dims.asArrayRef(), ArrayRef<int64_t>({0}));
  }
  ImportOptions fixed;
  fixed.symbolicDimBound = 16;
  fixed.inputShapes = {*parseInputShape("x:?x?", error)};
  EXPECT_FALSE(import(bytes, fixed));
  EXPECT_TRUE(hasMessage("model.onnx: input 'x' has dimension 1 of size 3 but "
                         "--input-shape gives '?' (the model fixes it, so it "
                         "cannot be symbolic)"))
      << allMessages();
}

TEST_F(OnnxImporterTest, ParsesInputShapes) {
  std::string error;
  std::optional<InputShape> named = parseInputShape("images:1x3x224x224", error);
  ASSERT_TRUE(named);
  EXPECT_EQ(named->name, "images");
  EXPECT_EQ(named->dims, (std::vector<int64_t>{1, 3, 224, 224}));
  std::optional<InputShape> indexed = parseInputShape("1:7", error);
  ASSERT_TRUE(indexed);
  EXPECT_EQ(indexed->index, 1u);
  EXPECT_FALSE(parseInputShape("images", error));
  EXPECT_FALSE(parseInputShape("images:1xax3", error));
  EXPECT_EQ(error, "--input-shape 'images:1xax3': 'a' is not a dimension size");
}

TEST_F(OnnxImporterTest, ParsesSequenceAndOptionalInputShapes) {
  std::string error;
  // A sequence input: one shape per tensor; `scalar` is rank 0.
  std::optional<InputShape> sequence = parseInputShape("xs:2x3,scalar,4", error);
  ASSERT_TRUE(sequence) << error;
  ASSERT_TRUE(sequence->sequence);
  EXPECT_EQ(*sequence->sequence, (std::vector<std::vector<int64_t>>{
                                     {2, 3}, {}, {4}}));
  std::optional<InputShape> empty = parseInputShape("xs:empty", error);
  ASSERT_TRUE(empty);
  ASSERT_TRUE(empty->sequence);
  EXPECT_TRUE(empty->sequence->empty());
  std::optional<InputShape> none = parseInputShape("maybe:none", error);
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->absent);
  EXPECT_FALSE(none->sequence);
  std::optional<InputShape> scalar = parseInputShape("s:scalar", error);
  ASSERT_TRUE(scalar);
  EXPECT_TRUE(scalar->dims.empty());
  EXPECT_FALSE(parseInputShape("xs:2x3,,4", error));
  EXPECT_EQ(error, "--input-shape 'xs:2x3,,4': '' is not a dimension size");
}

TEST_F(OnnxImporterTest, ReadsExternalDataBesideTheModel) {
  llvm::SmallString<128> directory;
  ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("loom-onnx", directory));
  {
    std::ofstream data((directory + "/weights.data").str(), std::ios::binary);
    float values[4] = {0, 10, 20, 30}; // the bias is the last three
    data.write(reinterpret_cast<const char *>(values), sizeof(values));
  }
  onnx::ModelProto model = makeModel();
  onnx::TensorProto *bias = model.mutable_graph()->mutable_initializer(0);
  bias->clear_float_data();
  bias->set_data_location(onnx::TensorProto::EXTERNAL);
  auto addEntry = [&](const std::string &key, const std::string &value) {
    onnx::StringStringEntryProto *entry = bias->add_external_data();
    entry->set_key(key);
    entry->set_value(value);
  };
  addEntry("location", "weights.data");
  addEntry("offset", "4");
  addEntry("length", "12");
  OwningOpRef<ModuleOp> module =
      import(model.SerializeAsString(), {}, std::string(directory));
  ASSERT_TRUE(module) << allMessages();
  std::string text;
  llvm::raw_string_ostream os(text);
  module->print(os);
  EXPECT_NE(text.find("dense<[1.000000e+01, 2.000000e+01, 3.000000e+01]>"),
            std::string::npos)
      << text;

  // Data outside the model's directory is refused, and short files too.
  bias->mutable_external_data(0)->set_value("../weights.data");
  EXPECT_FALSE(import(model.SerializeAsString(), {}, std::string(directory)));
  EXPECT_TRUE(hasMessage("model.onnx: initializer 'bias': external data "
                         "location '../weights.data' must be a relative path "
                         "inside the model's directory"))
      << allMessages();
  bias->mutable_external_data(0)->set_value("weights.data");
  bias->mutable_external_data(1)->set_value("8");
  EXPECT_FALSE(import(model.SerializeAsString(), {}, std::string(directory)));
  EXPECT_TRUE(hasMessage("model.onnx: initializer 'bias': external data "
                         "'weights.data' is 16 bytes, too short for offset 8 "
                         "and length 12"))
      << allMessages();
  llvm::sys::fs::remove_directories(directory);
}

TEST_F(OnnxImporterTest, UndefinedInputsAndMissingOutputs) {
  onnx::ModelProto model = makeModel();
  model.mutable_graph()->mutable_node(1)->set_input(0, "nowhere");
  EXPECT_FALSE(import(model.SerializeAsString()));
  EXPECT_TRUE(hasMessage("model.onnx: node 'relu_node' (Relu, opset 13): "
                         "input 'nowhere' is not defined before this node"))
      << allMessages();

  model = makeModel();
  model.mutable_graph()->mutable_output(0)->set_name("z");
  EXPECT_FALSE(import(model.SerializeAsString()));
  EXPECT_TRUE(hasMessage("model.onnx: graph output 'z' is never produced"))
      << allMessages();
}

TEST_F(OnnxImporterTest, InitializerWithTooFewValues) {
  onnx::ModelProto model = makeModel();
  model.mutable_graph()->mutable_initializer(0)->add_dims(1000000000);
  EXPECT_FALSE(import(model.SerializeAsString()));
  EXPECT_TRUE(hasMessage("model.onnx: initializer 'bias': holds 3 values but "
                         "its shape needs 3000000000"))
      << allMessages();
}

} // namespace
