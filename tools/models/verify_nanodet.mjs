// Runs the original NanoDet TF.js graph model (tfjs-core/-backend-cpu/-converter 4.22.0) on a raw
// float32 input tensor and compares every output with the ONNX outputs written by OrtRun.java.
//
// node verify_nanodet.mjs NODE_PREFIX MODEL_JSON INPUT.f32 ORT_OUT_DIR
//   NODE_PREFIX: folder whose node_modules holds the three @tensorflow packages (kept out of the repo)
//   ORT_OUT_DIR: holds cls_8.f32 ... box_32.f32 (raw little-endian float32) from the ONNX model
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';

const [prefix, modelJson, inputFile, ortDir] = process.argv.slice(2);
if (!ortDir) {
  console.error('usage: node verify_nanodet.mjs NODE_PREFIX MODEL_JSON INPUT.f32 ORT_OUT_DIR');
  process.exit(2);
}
const require = createRequire(path.resolve(prefix, 'package.json'));
const tf = require('@tensorflow/tfjs-core');
require('@tensorflow/tfjs-backend-cpu');
const { loadGraphModel } = require('@tensorflow/tfjs-converter');
await tf.setBackend('cpu');

const readF32 = (file) => {
  const b = fs.readFileSync(file);
  return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
};

// Load model.json + weight files without any network/file IO handler.
const model = JSON.parse(fs.readFileSync(modelJson, 'utf8'));
const weightSpecs = model.weightsManifest.flatMap((g) => g.weights);
const bins = model.weightsManifest.flatMap((g) => g.paths).map((p) => fs.readFileSync(path.join(path.dirname(modelJson), p)));
const weightData = new Uint8Array(Buffer.concat(bins)).buffer;
const graph = await loadGraphModel(tf.io.fromMemory({
  modelTopology: model.modelTopology, weightSpecs, weightData, format: model.format,
  generatedBy: model.generatedBy, convertedBy: model.convertedBy, signature: model.signature,
}));

const inputShape = graph.inputs[0].shape;
const input = tf.tensor(readF32(inputFile), inputShape, 'float32');
const names = graph.outputs.map((o) => o.name);
const t0 = Date.now();
const outs = graph.execute(input, names);
console.log(`TF.js ${tf.version_core} (${tf.getBackend()}): input ${graph.inputs[0].name} [${inputShape}], ${Date.now() - t0} ms`);

let worst = 0;
for (let i = 0; i < names.length; i++) {
  const [, n, c] = outs[i].shape;
  const stride = Math.round(inputShape[3] / Math.sqrt(n));
  const onnxName = `${c === 80 ? 'cls' : 'box'}_${stride}`;
  const a = outs[i].dataSync();
  const b = readF32(path.join(ortDir, `${onnxName}.f32`));
  if (a.length !== b.length) throw new Error(`${onnxName}: size ${a.length} vs ${b.length}`);
  let maxDiff = 0; let maxAbs = 0;
  for (let k = 0; k < a.length; k++) {
    maxDiff = Math.max(maxDiff, Math.abs(a[k] - b[k]));
    maxAbs = Math.max(maxAbs, Math.abs(a[k]));
  }
  worst = Math.max(worst, maxDiff);
  console.log(`${names[i].padEnd(12)} -> ${onnxName.padEnd(6)} [${outs[i].shape}]  max|tfjs| ${maxAbs.toFixed(4)}  max|tfjs-onnx| ${maxDiff.toExponential(2)}`);
}
console.log(`overall max abs difference: ${worst.toExponential(2)}`);
process.exit(worst < 1e-4 ? 0 : 1);
