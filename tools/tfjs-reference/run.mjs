// Runs TensorFlow.js graph models with the pure-JavaScript CPU backend and writes their outputs, as the
// reference that the ONNX importer's parity tests compare against.
//
//   node tools/tfjs-reference/run.mjs <jobs.json>
//
// jobs.json: [{ "model": "<dir>/<name>.json", "input": "<file of little-endian float32>",
//               "shape": [1, 256, 256, 3], "output": "<result.json>",
//               "outputs": ["<node name>", ...] (optional; default: the model's signature outputs) }, ...]
// Each result: { "<output name>": { "shape": [...], "data": [...] }, ... } with names as in the graph
// (without ":0"). One process serves every job so the library loads once.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';

// Pure tfjs has no file:// loader in Node: hand it the json and the concatenated weight files directly.
function fileHandler(modelPath) {
  return {
    async load() {
      const json = JSON.parse(await readFile(modelPath, 'utf8'));
      const dir = path.dirname(modelPath);
      const weightSpecs = [];
      const buffers = [];
      for (const group of json.weightsManifest) {
        weightSpecs.push(...group.weights);
        for (const file of group.paths) buffers.push(await readFile(path.join(dir, file)));
      }
      const all = Buffer.concat(buffers);
      return {
        modelTopology: json.modelTopology,
        format: json.format,
        generatedBy: json.generatedBy,
        convertedBy: json.convertedBy,
        signature: json.signature,
        userDefinedMetadata: json.userDefinedMetadata,
        weightSpecs,
        weightData: all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength),
      };
    },
  };
}

async function runJob(job, cache) {
  if (!cache.has(job.model)) cache.set(job.model, await tf.loadGraphModel(fileHandler(job.model)));
  const model = cache.get(job.model);
  const bytes = await readFile(job.input);
  const values = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  const input = tf.tensor(values, job.shape, 'float32');
  const names = job.outputs ?? model.outputNodes;
  let outputs = await model.executeAsync(input, names);
  if (!Array.isArray(outputs)) outputs = [outputs];
  const result = {};
  for (let i = 0; i < names.length; i++) {
    result[names[i].replace(/:0$/, '')] = { shape: outputs[i].shape, data: Array.from(await outputs[i].data()) };
  }
  tf.dispose([input, ...outputs]);
  await writeFile(job.output, JSON.stringify(result));
}

const jobsPath = process.argv[2];
if (!jobsPath) {
  console.error('usage: node tools/tfjs-reference/run.mjs <jobs.json>');
  process.exit(2);
}
await tf.setBackend('cpu');
const jobs = JSON.parse(await readFile(jobsPath, 'utf8'));
const cache = new Map();
for (const job of jobs) await runJob(job, cache);
