#!/usr/bin/python3
"""ONNX backend-test-style cases for the quantization operators beyond
the suite's own (int8, halves, saturation, per-axis and per-row/column
parameters, grouped and strided convolutions, biases), with the expected
outputs computed by ONNX Runtime through node:

    /usr/bin/python3 make_op_cases.py OUTDIR [NODE_MODULES_PARENT]

writes OUTDIR/node/<case>/model.onnx and test_data_set_0/, which
loom-onnx-conformance --data-dir=OUTDIR runs (README.md).
NODE_MODULES_PARENT (default bench/cpu) holds onnxruntime-node.
"""
import json, os, subprocess, sys
import numpy as np
import onnx
from onnx import helper, numpy_helper, TensorProto as TP

HERE = os.path.dirname(os.path.abspath(__file__))
if len(sys.argv) < 2:
    sys.exit(__doc__)
OUT = sys.argv[1]
ORT = sys.argv[2] if len(sys.argv) > 2 else os.path.join(HERE, '..', 'cpu')
rng = np.random.default_rng(0)
NP2TP = {np.uint8: TP.UINT8, np.int8: TP.INT8, np.int32: TP.INT32, np.float32: TP.FLOAT}

def vi(name, arr_or_type, shape=None):
    if isinstance(arr_or_type, np.ndarray):
        return helper.make_tensor_value_info(name, NP2TP[arr_or_type.dtype.type], arr_or_type.shape)
    return helper.make_tensor_value_info(name, arr_or_type, shape)

def case(name, op, inputs, outputs, opset, **attrs):
    """inputs: list of (name, array) ('' name = omitted); outputs: names."""
    d = os.path.join(OUT, 'node', name)
    os.makedirs(os.path.join(d, 'test_data_set_0'), exist_ok=True)
    node = helper.make_node(op, [n for n, _ in inputs], outputs, **attrs)
    real = [(n, a) for n, a in inputs if n]
    graph = helper.make_graph([node], name, [vi(n, a) for n, a in real],
                              [helper.make_tensor_value_info(o, TP.UNDEFINED, None) for o in outputs])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid('', opset)])
    model.ir_version = 7
    # Let ONNX infer output types.
    model = onnx.shape_inference.infer_shapes(model)
    onnx.save(model, os.path.join(d, 'model.onnx'))
    spec = {'model': os.path.join(d, 'model.onnx'), 'outdir': d, 'inputs': []}
    for i, (n, a) in enumerate(real):
        f = os.path.join(d, f'in_{i}.raw')
        a.tofile(f)
        spec['inputs'].append({'name': n, 'type': str(a.dtype), 'dims': list(a.shape), 'file': f})
        t = numpy_helper.from_array(a, n)
        open(os.path.join(d, 'test_data_set_0', f'input_{i}.pb'), 'wb').write(t.SerializeToString())
    json.dump(spec, open(os.path.join(d, 'spec.json'), 'w'))
    r = subprocess.run(['node', os.path.join(HERE, 'ort_feed.js'), os.path.join(d, 'spec.json')],
                       env=dict(os.environ, NODE_PATH=os.path.join(ORT, 'node_modules')),
                       capture_output=True, text=True)
    if r.returncode:
        print(f'{name}: ORT failed: {r.stderr.strip()}')
        import shutil; shutil.rmtree(d)
        return
    for i, o in enumerate(json.load(open(os.path.join(d, 'outputs.json')))):
        a = np.fromfile(o['file'], dtype=o['type']).reshape(o['dims'])
        t = numpy_helper.from_array(a, o['name'])
        open(os.path.join(d, 'test_data_set_0', f'output_{i}.pb'), 'wb').write(t.SerializeToString())
    print(f'{name}: ok')

def u8(*s): return rng.integers(0, 256, s, dtype=np.uint8)
def i8(*s): return rng.integers(-128, 128, s, dtype=np.int8)
def f32(*s, scale=1.0): return (rng.standard_normal(s) * scale).astype(np.float32)

# Quantize: halves round to even, saturation at both ends.
halves = np.array([-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 3.5, 200, -200, 127.4, -128.6, 0], np.float32)
case('q_quantize_int8_halves', 'QuantizeLinear',
     [('x', halves), ('s', np.array(1.0, np.float32)), ('z', np.array(3, np.int8))], ['y'], 13)
case('q_quantize_uint8_halves', 'QuantizeLinear',
     [('x', halves), ('s', np.array(0.5, np.float32)), ('z', np.array(7, np.uint8))], ['y'], 13)
case('q_quantize_no_zero_point_opset10', 'QuantizeLinear',
     [('x', f32(3, 4, scale=50)), ('s', np.array(0.37, np.float32))], ['y'], 10)
case('q_quantize_axis0_int8', 'QuantizeLinear',
     [('x', f32(4, 3, 2, scale=30)), ('s', np.array([0.1, 0.2, 0.3, 0.4], np.float32)),
      ('z', np.array([-3, 0, 5, 100], np.int8))], ['y'], 13, axis=0)
case('q_quantize_axis_neg1', 'QuantizeLinear',
     [('x', f32(2, 3, 5, scale=30)), ('s', np.linspace(0.1, 0.9, 5).astype(np.float32)),
      ('z', u8(5))], ['y'], 13, axis=-1)
case('q_dequantize_int8_axis0', 'DequantizeLinear',
     [('x', i8(4, 3)), ('s', np.array([0.1, 0.2, 0.3, 0.4], np.float32)),
      ('z', np.array([-3, 0, 5, 100], np.int8))], ['y'], 13, axis=0)
case('q_dequantize_int32', 'DequantizeLinear',
     [('x', rng.integers(-10**6, 10**6, (5,), dtype=np.int32)), ('s', np.array(0.01, np.float32))], ['y'], 13)
case('q_dequantize_no_zero_point_opset10', 'DequantizeLinear',
     [('x', u8(6)), ('s', np.array(0.25, np.float32))], ['y'], 10)
case('q_dynamicquantize_3d', 'DynamicQuantizeLinear', [('x', f32(3, 4, 5))], ['y', 'ys', 'yz'], 11)
case('q_dynamicquantize_positive', 'DynamicQuantizeLinear', [('x', np.abs(f32(7)) + 1)], ['y', 'ys', 'yz'], 11)
case('q_matmulinteger_u8s8_broadcast', 'MatMulInteger',
     [('A', u8(2, 3, 4)), ('B', i8(4, 5)), ('az', np.array(17, np.uint8)), ('bz', i8(5))], ['Y'], 10)
case('q_matmulinteger_s8s8', 'MatMulInteger',
     [('A', i8(3, 64)), ('B', i8(64, 2)), ('az', np.array(-5, np.int8)), ('bz', np.array(9, np.int8))], ['Y'], 10)
case('q_matmulinteger_no_zero_points', 'MatMulInteger', [('A', u8(5, 8)), ('B', u8(8, 3))], ['Y'], 10)
case('q_convinteger_group_stride', 'ConvInteger',
     [('x', u8(1, 4, 7, 6)), ('w', u8(6, 2, 3, 3)), ('xz', np.array(128, np.uint8)), ('wz', np.array(3, np.uint8))],
     ['y'], 10, group=2, strides=[2, 1], pads=[1, 0, 1, 2], dilations=[1, 2])
case('q_qlinearconv_perchannel_bias', 'QLinearConv',
     [('x', u8(2, 3, 6, 6)), ('xs', np.array(0.02, np.float32)), ('xz', np.array(120, np.uint8)),
      ('w', i8(4, 3, 3, 3)), ('ws', np.array([0.01, 0.02, 0.005, 0.03], np.float32)), ('wz', np.zeros(4, np.int8)),
      ('ys', np.array(0.07, np.float32)), ('yz', np.array(100, np.uint8)),
      ('B', rng.integers(-2000, 2000, (4,), dtype=np.int32))], ['y'], 10, pads=[1, 1, 1, 1], strides=[2, 2])
case('q_qlinearconv_int8_out', 'QLinearConv',
     [('x', i8(1, 2, 5, 5)), ('xs', np.array(0.05, np.float32)), ('xz', np.array(-4, np.int8)),
      ('w', i8(2, 2, 2, 2)), ('ws', np.array(0.03, np.float32)), ('wz', np.array(0, np.int8)),
      ('ys', np.array(0.1, np.float32)), ('yz', np.array(5, np.int8))], ['y'], 10)
case('q_qlinearmatmul_s8_percolumn', 'QLinearMatMul',
     [('a', i8(3, 16)), ('as', np.array(0.02, np.float32)), ('az', np.array(3, np.int8)),
      ('b', i8(16, 4)), ('bs', np.array([0.01, 0.02, 0.03, 0.04], np.float32)), ('bz', np.zeros(4, np.int8)),
      ('ys', np.array(0.05, np.float32)), ('yz', np.array(-7, np.int8))], ['y'], 10)
case('q_qlinearmatmul_u8_batched', 'QLinearMatMul',
     [('a', u8(2, 3, 16)), ('as', np.array(0.02, np.float32)), ('az', np.array(130, np.uint8)),
      ('b', u8(16, 4)), ('bs', np.array(0.015, np.float32)), ('bz', np.array(125, np.uint8)),
      ('ys', np.array(0.2, np.float32)), ('yz', np.array(128, np.uint8))], ['y'], 10)
# Sums past f32's 24-bit integers: split over input channels (3 parts), or
# an i32 convolution (5 parts needed; a grouped one that needs 2).
case('q_convinteger_split_channels', 'ConvInteger',
     [('x', u8(1, 64, 5, 5)), ('w', u8(3, 64, 3, 3)), ('xz', np.array(0, np.uint8))], ['y'], 10)
case('q_convinteger_i32', 'ConvInteger',
     [('x', u8(1, 128, 4, 4)), ('w', u8(2, 128, 3, 3))], ['y'], 10)
case('q_qlinearconv_grouped_i32', 'QLinearConv',
     [('x', u8(1, 128, 4, 4)), ('xs', np.array(0.02, np.float32)), ('xz', np.array(3, np.uint8)),
      ('w', i8(4, 64, 3, 3)), ('ws', np.array(0.001, np.float32)), ('wz', np.array(0, np.int8)),
      ('ys', np.array(5.0, np.float32)), ('yz', np.array(10, np.uint8))], ['y'], 10, group=2)
# The same for products: K = 600 in 3 slices (batched), K = 1100 in i32.
case('q_matmulinteger_split_k', 'MatMulInteger',
     [('A', u8(2, 3, 600)), ('B', u8(2, 600, 4)), ('az', np.array(0, np.uint8))], ['Y'], 10)
case('q_qlinearmatmul_i32', 'QLinearMatMul',
     [('a', u8(3, 1100)), ('as', np.array(0.02, np.float32)), ('az', np.array(0, np.uint8)),
      ('b', u8(1100, 2)), ('bs', np.array(0.01, np.float32)), ('bz', np.array(0, np.uint8)),
      ('ys', np.array(500.0, np.float32)), ('yz', np.array(0, np.uint8))], ['y'], 10)
