// Runs one ONNX model in ONNX Runtime (CPU execution provider, every graph
// optimization: a QDQ model runs on ORT's int8 kernels) on a float32 .npy
// input and writes its first output as a float32 .npy file.
//
//   node ort_run.js MODEL.onnx INPUT.npy OUTPUT.npy
//
// Needs bench/cpu's node_modules (NODE_PATH=bench/cpu/node_modules; see
// bench/cpu/README.md to install them).
'use strict';

const fs = require('fs');
const ort = require('onnxruntime-node');

function fail(message) {
  process.stderr.write(`ort_run: ${message}\n`);
  process.exit(1);
}

// A C-ordered little-endian float32 .npy file (format versions 1 to 3).
function readNpy(path) {
  const bytes = fs.readFileSync(path);
  if (bytes.toString('latin1', 0, 6) !== '\x93NUMPY')
    fail(`${path}: not a .npy file`);
  const major = bytes[6];
  const headerLength = major === 1 ? bytes.readUInt16LE(8) : bytes.readUInt32LE(8);
  const headerStart = major === 1 ? 10 : 12;
  const header = bytes.toString('latin1', headerStart, headerStart + headerLength);
  const shape = /'shape':\s*\(([^)]*)\)/.exec(header);
  if (!/'descr':\s*'<f4'/.test(header) || !shape || /'fortran_order':\s*True/.test(header))
    fail(`${path}: not a C-ordered float32 array: ${header.trim()}`);
  const dims = shape[1].split(',').map((s) => s.trim()).filter((s) => s).map(Number);
  const dataStart = headerStart + headerLength;
  const buffer = bytes.buffer.slice(bytes.byteOffset + dataStart,
                                    bytes.byteOffset + bytes.length);
  return new ort.Tensor('float32', new Float32Array(buffer), dims);
}

function writeNpy(path, tensor) {
  if (tensor.type !== 'float32')
    fail(`output type ${tensor.type} is not float32`);
  const shape = tensor.dims.length === 1 ? `${tensor.dims[0]},` : tensor.dims.join(', ');
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': (${shape}), }`;
  header += ' '.repeat(63 - ((10 + header.length) % 64)) + '\n';
  const prefix = Buffer.alloc(10);
  prefix.write('\x93NUMPY', 0, 'latin1');
  prefix[6] = 1;
  prefix[7] = 0;
  prefix.writeUInt16LE(header.length, 8);
  const data = Buffer.from(tensor.data.buffer, tensor.data.byteOffset, tensor.data.byteLength);
  fs.writeFileSync(path, Buffer.concat([prefix, Buffer.from(header, 'latin1'), data]));
}

async function main() {
  const [model, input, output] = process.argv.slice(2);
  if (!output)
    fail('usage: node ort_run.js MODEL.onnx INPUT.npy OUTPUT.npy');
  const session = await ort.InferenceSession.create(model, {
    executionProviders: ['cpu'],
    graphOptimizationLevel: 'all',
  });
  const feeds = {[session.inputNames[0]]: readNpy(input)};
  const results = await session.run(feeds);
  writeNpy(output, results[session.outputNames[0]]);
}

main().catch((error) => fail(error.message));
