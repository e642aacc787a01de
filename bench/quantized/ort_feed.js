// Runs one ONNX model in ONNX Runtime on raw (headerless) input files, as
// make_op_cases.py writes them, and writes each output as a raw file with
// its type and shape in OUTDIR/outputs.json:
//
//   node ort_feed.js SPEC.json
//
// SPEC.json: {"model": PATH, "outdir": DIR, "inputs": [{"name", "type"
// (uint8, int8, int32, float32 or int64), "dims", "file"}, ...]}.
'use strict';
const fs = require('fs');
const ort = require('onnxruntime-node');
const T = {uint8: Uint8Array, int8: Int8Array, int32: Int32Array, float32: Float32Array, int64: BigInt64Array};
(async () => {
  const spec = JSON.parse(fs.readFileSync(process.argv[2]));
  const session = await ort.InferenceSession.create(spec.model);
  const feeds = {};
  for (const inp of spec.inputs) {
    const b = fs.readFileSync(inp.file);
    const buf = b.buffer.slice(b.byteOffset, b.byteOffset + b.length);
    feeds[inp.name] = new ort.Tensor(inp.type, new T[inp.type](buf), inp.dims);
  }
  const out = await session.run(feeds);
  const meta = [];
  for (const [i, name] of session.outputNames.entries()) {
    const t = out[name];
    const f = `${spec.outdir}/out_${i}.raw`;
    fs.writeFileSync(f, Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength));
    meta.push({name, type: t.type, dims: t.dims, file: f});
  }
  fs.writeFileSync(`${spec.outdir}/outputs.json`, JSON.stringify(meta));
})().catch((e) => { console.error(e.message); process.exit(1); });
