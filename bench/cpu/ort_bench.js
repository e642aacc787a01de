// Times one ONNX model in ONNX Runtime (CPU execution provider) and checks
// its output against PyTorch's: the peer of Loom's model benchmarks (see
// README.md).
//
//   node ort_bench.js MODEL.onnx INPUT.npy EXPECTED.npy RUNS WARMUPS THREADS
//
// prints one JSON object:
//   {"median_ms":..,"min_ms":..,"max_ms":..,"runs":..,"threads":..,
//    "rel_l2":..,"ort":"<version>"}
// where rel_l2 = ||output - expected||_2 / ||expected||_2 over the first
// output. The session uses THREADS intra-op threads, one inter-op thread
// and every graph optimization, the setting the benchmark compares at.
'use strict';

const fs = require('fs');
const ort = require('onnxruntime-node');

function fail(message) {
  process.stderr.write(`ort_bench: ${message}\n`);
  process.exit(1);
}

// The .npy dtypes the exported models use: the element type of the ORT
// tensor and the typed array that holds it.
const NPY_TYPES = {
  '<f4': ['float32', Float32Array],
  '<f8': ['float64', Float64Array],
  '<i4': ['int32', Int32Array],
  '<i8': ['int64', BigInt64Array],
};

// Reads a C-ordered little-endian .npy file (format versions 1 to 3).
function readNpy(path) {
  const bytes = fs.readFileSync(path);
  if (bytes.length < 10 || bytes.toString('latin1', 0, 6) !== '\x93NUMPY')
    fail(`${path}: not a .npy file`);
  const major = bytes[6];
  const headerLength = major === 1 ? bytes.readUInt16LE(8) : bytes.readUInt32LE(8);
  const headerStart = major === 1 ? 10 : 12;
  const header = bytes.toString('latin1', headerStart, headerStart + headerLength);
  const descr = /'descr':\s*'([^']+)'/.exec(header);
  const shape = /'shape':\s*\(([^)]*)\)/.exec(header);
  if (!descr || !shape || /'fortran_order':\s*True/.test(header))
    fail(`${path}: unsupported .npy header ${header.trim()}`);
  const type = NPY_TYPES[descr[1]];
  if (!type)
    fail(`${path}: unsupported dtype '${descr[1]}'`);
  const dims = shape[1].split(',').map((s) => s.trim()).filter((s) => s).map(Number);
  const count = dims.reduce((a, b) => a * b, 1);
  const [elementType, ArrayType] = type;
  const dataStart = headerStart + headerLength;
  if (bytes.length !== dataStart + count * ArrayType.BYTES_PER_ELEMENT)
    fail(`${path}: ${bytes.length - dataStart} data bytes for shape (${dims})`);
  // Copied out so that the typed array is aligned to its element size.
  const buffer = bytes.buffer.slice(bytes.byteOffset + dataStart,
                                    bytes.byteOffset + bytes.length);
  return {elementType, dims, data: new ArrayType(buffer)};
}

function relativeL2(actual, expected) {
  let diff = 0, norm = 0;
  for (let i = 0; i < expected.length; ++i) {
    const e = Number(expected[i]);
    const d = Number(actual[i]) - e;
    diff += d * d;
    norm += e * e;
  }
  return norm === 0 ? Math.sqrt(diff) : Math.sqrt(diff / norm);
}

function median(sorted) {
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function main() {
  const args = process.argv.slice(2);
  if (args.length !== 6)
    fail('usage: node ort_bench.js MODEL.onnx INPUT.npy EXPECTED.npy RUNS WARMUPS THREADS');
  const [modelPath, inputPath, expectedPath] = args;
  const [runs, warmups, threads] = args.slice(3).map(Number);
  if (!(runs > 0) || !(warmups >= 0) || !(threads > 0))
    fail('RUNS and THREADS must be positive, WARMUPS non-negative');

  const session = await ort.InferenceSession.create(modelPath, {
    executionProviders: ['cpu'],
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
    executionMode: 'sequential',
  });
  if (session.inputNames.length !== 1)
    fail(`${modelPath}: expected one input, the model has ${session.inputNames.length}`);
  const input = readNpy(inputPath);
  const expected = readNpy(expectedPath);
  const feeds = {
    [session.inputNames[0]]: new ort.Tensor(input.elementType, input.data, input.dims),
  };
  const outputName = session.outputNames[0];

  let output;
  for (let i = 0; i < warmups; ++i)
    output = (await session.run(feeds))[outputName];
  const times = [];
  for (let i = 0; i < runs; ++i) {
    const start = process.hrtime.bigint();
    output = (await session.run(feeds))[outputName];
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  if (output.dims.join('x') !== expected.dims.join('x'))
    fail(`output shape ${output.dims.join('x')}, PyTorch's is ${expected.dims.join('x')}`);
  times.sort((a, b) => a - b);
  console.log(JSON.stringify({
    median_ms: median(times),
    min_ms: times[0],
    max_ms: times[times.length - 1],
    runs,
    threads,
    rel_l2: relativeL2(output.data, expected.data),
    ort: ort.env.versions.common,
  }));
}

main().catch((error) => fail(String(error.message || error).split('\n')[0]));
