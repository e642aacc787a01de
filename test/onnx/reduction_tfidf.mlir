// TfIdfVectorizer on integer tokens: for each n-gram length and skip, a
// comparison of shifted windows of X with the pool's tokens, all-of over the
// n tokens and a sum over the windows; a one-hot matrix puts each n-gram's
// count at its ngram_indexes entry.

// Bigrams only (ngram_counts [0, 4]: pool[0:4] are unigrams, counted 0
// here, pool[4:] the bigrams (5, 6), (7, 8), (6, 7)), skip 0, over [2, 6].
// RUN: loomc %onnx_data/node/test_tfidfvectorizer_tf_batch_onlybigrams_skip0/model.onnx | FileCheck %s --check-prefix=TF
// TF-DAG: %[[PLACE:.*]] = loom.constant dense<{{\[}}[1.000000e+00, 0.000000e+00, {{.*}}> : tensor<7x7xf32>
// TF-DAG: %[[SECOND:.*]] = loom.constant dense<[6, 8, 7]> : tensor<3xi32>
// TF-DAG: %[[FIRST:.*]] = loom.constant dense<[5, 7, 6]> : tensor<3xi32>
// TF-DAG: %[[UNI:.*]] = loom.constant dense<0.000000e+00> : tensor<2x4xf32>
// TF: %[[X:.*]] = loom.reshape %arg0 : tensor<2x6xi32> to tensor<2x6x1xi32>
// TF: %[[W0:.*]] = loom.slice %[[X]] offsets [0, 0, 0] steps [1, 1, 1] : tensor<2x6x1xi32> to tensor<2x5x1xi32>
// TF: %[[E0:.*]] = loom.compare eq, %[[W0]], %[[FIRST]] : (tensor<2x5x1xi32>, tensor<3xi32>) -> tensor<2x5x3xi1>
// TF: %[[W1:.*]] = loom.slice %[[X]] offsets [0, 1, 0] steps [1, 1, 1] : tensor<2x6x1xi32> to tensor<2x5x1xi32>
// TF: %[[E1:.*]] = loom.compare eq, %[[W1]], %[[SECOND]]
// TF: %[[BOTH:.*]] = loom.and %[[E0]], %[[E1]]
// TF: %[[F:.*]] = loom.cast %[[BOTH]] : tensor<2x5x3xi1> to tensor<2x5x3xf32>
// TF: %[[N:.*]] = loom.reduce_sum %[[F]] axes [1] : (tensor<2x5x3xf32>) -> tensor<2x3xf32>
// TF: %[[ALL:.*]] = loom.concat %[[UNI]], %[[N]] axis 1
// TF: loom.matmul %[[ALL]], %[[PLACE]] : (tensor<2x7xf32>, tensor<7x7xf32>) -> tensor<2x7xf32>

// With max_skip_count 5 the bigram's second token is also looked for 2 to
// 6 positions on: one window comparison per skip, summed.
// RUN: loomc %onnx_data/node/test_tfidfvectorizer_tf_onlybigrams_skip5/model.onnx | FileCheck %s --check-prefix=SKIP
// SKIP-COUNT-6: loom.reduce_sum
// SKIP-NOT: loom.reduce_sum

// Mode IDF gives the weight of each output entry (ngram_indexes [1, 0]
// swaps them) where its count is not 0.
// RUN: split-file %s %t
// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/tfidf_idf.textproto > %t/tfidf_idf.onnx
// RUN: loomc %t/tfidf_idf.onnx | FileCheck %s --check-prefix=IDF
// IDF-DAG: %[[W:.*]] = loom.constant dense<[5.000000e-01, 2.000000e+00]> : tensor<2xf32>
// IDF-DAG: %[[PLACE:.*]] = loom.constant dense<{{\[}}[0.000000e+00, 1.000000e+00], [1.000000e+00, 0.000000e+00]]> : tensor<2x2xf32>
// IDF: %[[Y:.*]] = loom.matmul %{{.*}}, %[[PLACE]]
// IDF: %[[SEEN:.*]] = loom.compare gt, %[[Y]], %{{.*}} : (tensor<1x2xf32>, tensor<f32>) -> tensor<1x2xi1>
// IDF: %[[ONE:.*]] = loom.cast %[[SEEN]] : tensor<1x2xi1> to tensor<1x2xf32>
// IDF: %[[V:.*]] = loom.mul %[[ONE]], %[[W]]
// IDF: loom.reshape %[[V]] : tensor<1x2xf32> to tensor<2xf32>

// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/tfidf_counts.textproto > %t/tfidf_counts.onnx
// RUN: not loomc %t/tfidf_counts.onnx 2>&1 | FileCheck %s --check-prefix=COUNTS
// COUNTS: node 'tfidf' (TfIdfVectorizer, opset 9): ngram_counts [0, 2] does not split the pool of 5 tokens into n-grams

//--- tfidf_idf.textproto
ir_version: 8
opset_import { domain: "" version: 9 }
graph {
  name: "tfidf_idf"
  node { name: "tfidf" input: "x" output: "y" op_type: "TfIdfVectorizer"
         attribute { name: "mode" s: "IDF" type: STRING }
         attribute { name: "min_gram_length" i: 1 type: INT }
         attribute { name: "max_gram_length" i: 1 type: INT }
         attribute { name: "max_skip_count" i: 0 type: INT }
         attribute { name: "ngram_counts" ints: [0] type: INTS }
         attribute { name: "ngram_indexes" ints: [1, 0] type: INTS }
         attribute { name: "weights" floats: [0.5, 2] type: FLOATS }
         attribute { name: "pool_int64s" ints: [7, 9] type: INTS } }
  input { name: "x" type { tensor_type { elem_type: 7 shape { dim { dim_value: 4 } } } } }
  output { name: "y" type { tensor_type { elem_type: 1 } } }
}

//--- tfidf_counts.textproto
ir_version: 8
opset_import { domain: "" version: 9 }
graph {
  name: "tfidf_bad_counts"
  node { name: "tfidf" input: "x" output: "y" op_type: "TfIdfVectorizer"
         attribute { name: "mode" s: "TF" type: STRING }
         attribute { name: "min_gram_length" i: 2 type: INT }
         attribute { name: "max_gram_length" i: 2 type: INT }
         attribute { name: "max_skip_count" i: 0 type: INT }
         attribute { name: "ngram_counts" ints: [0, 2] type: INTS }
         attribute { name: "ngram_indexes" ints: [0, 1, 2] type: INTS }
         attribute { name: "pool_int64s" ints: [1, 2, 3, 4, 5] type: INTS } }
  input { name: "x" type { tensor_type { elem_type: 6 shape { dim { dim_value: 6 } } } } }
  output { name: "y" type { tensor_type { elem_type: 1 } } }
}
