// Upload-to-result latency and sustained analysis throughput of a running FaceAspire, through its public API.
//   node benchmarks/upload-to-result.mjs PHOTO [BASE_URL]
// PHOTO: the photo to upload (benchmarks/upload-to-result.sh makes the 1920x1280 photo with 4 faces).
// BASE_URL: default http://localhost:8080 (the AppHost's web front end).
// Environment: RUNS (10) sequential uploads for latency, BATCH (20) photos uploaded at once for throughput,
// WAIT (20) seconds each GET of the analysis waits for it to end (?wait=N, as the photo page asks; 0 polls instead,
// every POLL_MS (20) milliseconds).
//
// Latency: from the start of POST /api/photos to the GET /api/photos/{id}/analysis(?wait=N) that answers
// "succeeded" (so it includes the upload, queueing, the engine with ALL attributes and storing the result), one
// photo at a time on an idle queue; the server's own requestedAt -> completedAt is printed beside it.
// Throughput: BATCH photos are uploaded back to back; photos per minute = (BATCH - 1) / (time between the first
// and the last completion, the server's completedAt), i.e. the rate the workers sustain once busy while uploads still
// arrive. (Completion times seen by the client's polls would bunch up: polling starts after the last upload, so every
// photo finished by then looks finished at once.) The whole batch, from the first upload's request to the last
// result, is printed beside it.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { randomBytes } from 'node:crypto';

const [photoPath, baseArg = 'http://localhost:8080'] = process.argv.slice(2);
if (!photoPath) {
  console.error('usage: node benchmarks/upload-to-result.mjs PHOTO [BASE_URL]');
  process.exit(2);
}

const base = baseArg.replace(/\/$/, '');
const runs = Number(process.env.RUNS ?? 10);
const batch = Number(process.env.BATCH ?? 20);
const pollMs = Number(process.env.POLL_MS ?? 20);
const waitSeconds = Number(process.env.WAIT ?? 20);
const photo = readFileSync(photoPath);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function call(method, path, { token, json, body } = {}) {
  const headers = {};
  if (token) headers.Authorization = `Bearer ${token}`;
  if (json !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(base + path, { method, headers, body: json !== undefined ? JSON.stringify(json) : body });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
  return text ? JSON.parse(text) : null;
}

async function upload(token) {
  const form = new FormData();
  form.append('file', new Blob([photo], { type: 'image/jpeg' }), basename(photoPath));
  const created = await call('POST', '/api/photos', { token, body: form });
  const item = Array.isArray(created) ? created[0] : (created.items ?? created.photos ?? [created])[0];
  if (!item?.id) throw new Error(`unexpected upload answer: ${JSON.stringify(created)}`);
  return item.id;
}

// Polls until the analysis of `id` ends; returns the end time and the final analysis.
async function waitForResult(token, id) {
  for (;;) {
    const analysis = await call('GET', `/api/photos/${id}/analysis${waitSeconds > 0 ? `?wait=${waitSeconds}` : ''}`, { token });
    if (analysis.status === 'succeeded') return { done: performance.now(), analysis };
    if (analysis.status === 'failed') throw new Error(`analysis of ${id} failed: ${analysis.error}`);
    if (waitSeconds <= 0) await sleep(pollMs);
  }
}

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};

const health = await fetch(`${base}/health`).then((r) => r.ok, () => false);
if (!health) {
  console.error(`FaceAspire is not answering at ${base} (start it: dotnet run --project FaceAspire.AppHost)`);
  process.exit(1);
}

const credentials = { email: `bench-${Date.now()}-${randomBytes(3).toString('hex')}@example.com`, password: `bench passphrase ${randomBytes(12).toString('hex')}` };
await call('POST', '/api/auth/register', { json: credentials });
const { accessToken: token } = await call('POST', '/api/auth/login', { json: credentials });

console.log(`photo ${basename(photoPath)} (${(photo.length / 1024).toFixed(0)} KiB), ${runs} sequential uploads, then ${batch} at once, against ${base}`);

// Warm-up: the first analysis in a fresh API process compiles its code paths (the workers load the models at start).
const warm = await upload(token);
await waitForResult(token, warm);

const latencies = [];
const serverLatencies = [];
let faces = -1;
for (let i = 0; i < runs; i++) {
  const start = performance.now();
  const id = await upload(token);
  const { done, analysis } = await waitForResult(token, id);
  latencies.push(done - start);
  serverLatencies.push(Date.parse(analysis.completedAt) - Date.parse(analysis.requestedAt));
  faces = analysis.faces.length;
}

const ids = [];
const batchStart = performance.now();
for (let i = 0; i < batch; i++) ids.push(await upload(token));
const results = await Promise.all(ids.map((id) => waitForResult(token, id)));
const batchMs = Math.max(...results.map((r) => r.done)) - batchStart;
const completions = results.map((r) => Date.parse(r.analysis.completedAt)).sort((a, b) => a - b);
const perMinute = ((batch - 1) / (completions.at(-1) - completions[0])) * 60000;

const f = (ms) => ms.toFixed(0);
console.log(`faces found per photo: ${faces}`);
console.log(`upload-to-result latency (client, POST start to result seen): p50 ${f(percentile(latencies, 50))} ms, p95 ${f(percentile(latencies, 95))} ms (n=${runs}, ${waitSeconds > 0 ? `each GET waiting up to ${waitSeconds} s` : `polling every ${pollMs} ms`})`);
console.log(`server requestedAt -> completedAt: p50 ${f(percentile(serverLatencies, 50))} ms, p95 ${f(percentile(serverLatencies, 95))} ms`);
console.log(`sustained throughput: ${perMinute.toFixed(1)} photos/minute (${batch} photos uploaded at once, default worker count of the running API)`);
console.log(`whole batch: ${batch} photos from the first upload to the last result in ${(batchMs / 1000).toFixed(1)} s (${((batch / batchMs) * 60000).toFixed(1)} photos/minute)`);
console.log(JSON.stringify({ runs, batch, faces, latencyP50Ms: percentile(latencies, 50), latencyP95Ms: percentile(latencies, 95), serverP50Ms: percentile(serverLatencies, 50), serverP95Ms: percentile(serverLatencies, 95), photosPerMinute: perMinute, batchSeconds: batchMs / 1000 }));
