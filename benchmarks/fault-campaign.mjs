// The scenarios of benchmarks/fault-campaign.sh, against a FaceAspire API on loopback:
//   node fault-campaign.mjs <API base URL> [pg-kill] [storage-full] [login-flood] [slowloris]
// Environment (set by the shell script): PG_KILL and PG_START (commands), STORAGE_DIR, STORAGE_LIMITED (1 when the
// object store is a small tmpfs), API_PID (the API's process, for its memory). Each scenario prints what it did,
// what the clients saw and what was lost, as JSON lines. Counts and durations are fixed, so the run is bounded.
import { execSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [base, ...requested] = process.argv.slice(2);
if (!base) {
  console.error('usage: node fault-campaign.mjs <API base URL> [scenario...]');
  process.exit(2);
}
const url = new URL(base);
const scenarios = requested.length ? requested : ['pg-kill', 'storage-full', 'login-flood', 'slowloris'];
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : null;
};
const round = (ms) => (ms === null ? null : Math.round(ms * 10) / 10);
const histogram = (statuses) => statuses.reduce((h, s) => ({ ...h, [s]: (h[s] ?? 0) + 1 }), {});
const report = (name, result) => console.log(JSON.stringify({ scenario: name, ...result }));
const rssMiB = () => {
  try {
    const line = readFileSync(`/proc/${process.env.API_PID}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS'));
    return Math.round(Number(line.split(/\s+/)[1]) / 1024);
  } catch {
    return null;
  }
};

async function request(path, { method = 'GET', token, json, body, headers = {} } = {}) {
  const started = performance.now();
  const init = { method, headers: { ...headers } };
  if (token) init.headers.Authorization = `Bearer ${token}`;
  if (json !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(json);
  } else if (body) init.body = body;
  try {
    const response = await fetch(new URL(path, base), init);
    const text = await response.text();
    return {
      status: response.status,
      text,
      ms: performance.now() - started,
      retryAfter: response.headers.get('retry-after'),
      setCookies: response.headers.getSetCookie(),
    };
  } catch (error) {
    return { status: 'network-error', text: String(error.cause?.code ?? error), ms: performance.now() - started };
  }
}

async function signUp() {
  const credentials = { email: `campaign-${Date.now()}-${Math.random().toString(36).slice(2)}@example.com`, password: 'campaign passphrase 4711 zebra' };
  await request('/api/auth/register', { method: 'POST', json: credentials });
  const login = await request('/api/auth/login', { method: 'POST', json: credentials });
  if (login.status !== 200) throw new Error(`login answered ${login.status}: ${login.text}`);
  return { ...credentials, token: JSON.parse(login.text).accessToken };
}

function photos(count, width, height) {
  const folder = mkdtempSync(join(tmpdir(), 'campaign-photos-'));
  execSync(`node ${join(import.meta.dirname, 'make-photos.mjs')} ${folder} ${count} ${width} ${height}`);
  const files = readdirSync(folder).sort().map((f) => readFileSync(join(folder, f)));
  rmSync(folder, { recursive: true });
  return files;
}

const upload = (token, bytes, name) => {
  const form = new FormData();
  form.append('file', new Blob([bytes], { type: 'image/png' }), name);
  return request('/api/photos', { method: 'POST', token, body: form });
};

async function listPhotoIds(token) {
  const ids = [];
  for (let page = 1; ; page++) {
    const list = await request(`/api/photos?page=${page}&pageSize=100`, { token });
    if (list.status !== 200) throw new Error(`GET /api/photos answered ${list.status}`);
    const body = JSON.parse(list.text);
    ids.push(...body.items.map((p) => p.id));
    if (ids.length >= body.totalCount) return ids;
  }
}

/** Photo folders in the object store (photos/{id}/), with the objects in each. */
function storedFolders() {
  const root = join(process.env.STORAGE_DIR, 'photos');
  let folders = [];
  try {
    folders = readdirSync(root);
  } catch {
    return new Map();
  }
  // The local store leaves a photo's folder behind, empty, when it deletes the last object in it; only folders
  // that still hold objects count.
  return new Map(folders.map((f) => [f, readdirSync(join(root, f)).sort().join(',')]).filter(([, objects]) => objects));
}

/**
 * What a client was told against what is stored: every 201 whole, every refusal without a trace. Folders that were
 * there before the scenario (an earlier scenario's photos) are not counted.
 */
async function audit(token, created, foldersBefore) {
  const listed = new Set(await listPhotoIds(token));
  const createdIds = new Set(created.map((id) => id.replaceAll('-', '')));
  const folders = storedFolders();
  const listedCompact = new Set([...listed].map((id) => id.replaceAll('-', '')));
  let unreadable = 0;
  for (const id of listed) if ((await request(`/api/photos/${id}/content`, { token })).status !== 200) unreadable++;
  return {
    createdAnswers: createdIds.size,
    storedPhotos: listed.size,
    createdButMissing: [...createdIds].filter((id) => !listedCompact.has(id)).length,
    storedButNotCreated: [...listedCompact].filter((id) => !createdIds.has(id)).length,
    storedWithoutAllObjects: [...listedCompact].filter((id) => folders.get(id) !== 'display.jpg,original,thumbnail.jpg').length,
    storedUnreadable: unreadable,
    objectFoldersWithoutPhoto: [...folders.keys()].filter((id) => !listedCompact.has(id) && !foldersBefore.has(id)).length,
  };
}

async function waitForHealth(limitMs) {
  const started = performance.now();
  while (performance.now() - started < limitMs) {
    if ((await request('/health')).status === 200) return performance.now() - started;
    await sleep(100);
  }
  return null;
}

// 1. PostgreSQL killed with SIGKILL during a burst of 60 uploads (4 at a time); restarted after the burst.
async function pgKill() {
  const foldersBefore = new Set(storedFolders().keys());
  const user = await signUp();
  const files = photos(60, 640, 480);
  const outcomes = [];
  let next = 0;
  let killedAt = null;
  const lane = async () => {
    while (next < files.length) {
      const i = next++;
      const r = await upload(user.token, files[i], `burst-${i}.png`);
      outcomes.push({ status: r.status, retryAfter: r.retryAfter, ms: r.ms, id: r.status === 201 ? JSON.parse(r.text)[0].id : null });
      if (outcomes.length === 15 && killedAt === null) {
        killedAt = outcomes.length;
        execSync(process.env.PG_KILL, { shell: '/bin/sh' });
      }
    }
  };
  await Promise.all([lane(), lane(), lane(), lane()]);
  const restartStarted = performance.now();
  for (let attempt = 1; ; attempt++) {
    try {
      execSync(process.env.PG_START, { shell: '/bin/sh', stdio: 'ignore' });
      break;
    } catch (error) {
      // Backends of the killed server may hold its shared memory a moment longer.
      if (attempt === 20) throw error;
      await sleep(500);
    }
  }
  let recoveredMs = null;
  for (let i = 0; i < 100 && recoveredMs === null; i++) {
    if ((await request('/api/photos', { token: user.token })).status === 200) recoveredMs = performance.now() - restartStarted;
    else await sleep(200);
  }
  const refused = outcomes.filter((o) => o.status !== 201);
  report('pg-kill', {
    uploads: outcomes.length,
    killedAfterResponses: killedAt,
    statuses: histogram(outcomes.map((o) => o.status)),
    refusedWithRetryAfter: refused.filter((o) => o.retryAfter).length,
    refusedP95Ms: round(percentile(refused.map((o) => o.ms), 95)),
    apiAnsweringAgainAfterRestartMs: round(recoveredMs),
    ...(await audit(user.token, outcomes.filter((o) => o.id).map((o) => o.id), foldersBefore)),
  });
}

// 2. The object store fills up: up to 80 uploads of 1600x1200 photos into a 6 MiB tmpfs, then space is freed.
async function storageFull() {
  if (process.env.STORAGE_LIMITED !== '1') {
    report('storage-full', { skipped: 'the object store is not a size-limited tmpfs (run as root to mount one)' });
    return;
  }
  const foldersBefore = new Set(storedFolders().keys());
  const user = await signUp();
  const files = photos(80, 1600, 1200);
  const outcomes = [];
  for (const [i, bytes] of files.entries()) {
    const r = await upload(user.token, bytes, `fill-${i}.png`);
    outcomes.push({ status: r.status, retryAfter: r.retryAfter, id: r.status === 201 ? JSON.parse(r.text)[0].id : null, detail: r.status === 201 ? null : r.text });
    if (outcomes.filter((o) => o.status !== 201).length >= 10) break;
  }
  const created = outcomes.filter((o) => o.id).map((o) => o.id);
  const whileFull = await audit(user.token, created, foldersBefore);
  for (const id of created.slice(0, 5)) await request(`/api/photos/${id}`, { method: 'DELETE', token: user.token });
  const after = await upload(user.token, files[0], 'after-freeing.png');
  report('storage-full', {
    uploads: outcomes.length,
    statuses: histogram(outcomes.map((o) => o.status)),
    refusedWithRetryAfter: outcomes.filter((o) => o.status !== 201 && o.retryAfter).length,
    firstRefusal: outcomes.find((o) => o.status !== 201)?.detail?.slice(0, 200) ?? null,
    ...whileFull,
    uploadAfterFreeingFiveStatus: after.status,
  });
}

// 3. A flood of 3,000 wrong-password sign-ins (32 at a time) against one account from 50 client addresses
//    (X-Forwarded-For, which the API trusts from loopback), while its owner signs in every 500 ms from their own
//    address and their own browser (the device cookie of a sign-in before the flood) and, every 500 ms too, from a
//    browser the account never used.
async function loginFlood() {
  const victim = await signUp();
  const first = await request('/api/auth/login', {
    method: 'POST',
    json: { email: victim.email, password: victim.password },
    headers: { 'X-Forwarded-For': '203.0.113.7' },
  });
  const deviceCookie = first.setCookies?.find((c) => c.startsWith('faceaspire_device='))?.split(';')[0];
  if (!deviceCookie) throw new Error(`the owner's sign-in set no device cookie (${first.status})`);
  const statuses = [];
  const latencies = [];
  let sent = 0;
  let flooding = true;
  const started = performance.now();
  const lane = async () => {
    while (sent < 3000 && performance.now() - started < 120_000) {
      const i = sent++;
      const r = await request('/api/auth/login', {
        method: 'POST',
        json: { email: victim.email, password: `wrong guess ${i}` },
        headers: { 'X-Forwarded-For': `198.51.100.${i % 50}` },
      });
      statuses.push(r.status);
      latencies.push(r.ms);
    }
  };
  const owner = [];
  const newBrowser = [];
  const signInLoop = (into, headers) => (async () => {
    while (flooding) {
      into.push(await request('/api/auth/login', { method: 'POST', json: { email: victim.email, password: victim.password }, headers }));
      await sleep(500);
    }
  })();
  const ownerLoop = signInLoop(owner, { 'X-Forwarded-For': '203.0.113.7', Cookie: deviceCookie });
  const newBrowserLoop = signInLoop(newBrowser, { 'X-Forwarded-For': '203.0.113.8' });
  await Promise.all(Array.from({ length: 32 }, lane));
  const seconds = (performance.now() - started) / 1000;
  flooding = false;
  await Promise.all([ownerLoop, newBrowserLoop]);
  report('login-flood', {
    attempts: statuses.length,
    seconds: round(seconds),
    attemptsPerSecond: round(statuses.length / seconds),
    statuses: histogram(statuses),
    floodP50Ms: round(percentile(latencies, 50)),
    floodP95Ms: round(percentile(latencies, 95)),
    ownerSignIns: owner.length,
    ownerStatuses: histogram(owner.map((r) => r.status)),
    ownerP95Ms: round(percentile(owner.map((r) => r.ms), 95)),
    newBrowserSignIns: newBrowser.length,
    newBrowserStatuses: histogram(newBrowser.map((r) => r.status)),
    apiRssMiB: rssMiB(),
  });
}

// 4. Slowloris: 400 connections that send request headers one line every 5 s, and 400 that send a large upload's
//    body one byte a second, held for at most 45 s; meanwhile a client measures GET /health every 250 ms.
async function slowloris() {
  const sockets = [];
  const closedAt = [];
  const started = performance.now();
  const open = (slowBody) =>
    new Promise((resolve) => {
      const socket = connect({ host: url.hostname, port: Number(url.port) }, () => {
        socket.write(
          slowBody
            ? `POST /api/photos HTTP/1.1\r\nHost: ${url.host}\r\nContent-Type: application/octet-stream\r\nContent-Length: 1000000\r\n\r\nx`
            : `GET /api/photos HTTP/1.1\r\nHost: ${url.host}\r\n`,
        );
        resolve();
      });
      socket.on('error', () => {});
      socket.on('close', () => closedAt.push(performance.now() - started));
      socket.slowBody = slowBody;
      sockets.push(socket);
    });
  for (let i = 0; i < 800; i++) await open(i % 2 === 1);
  const drip = setInterval(() => {
    for (const s of sockets) if (!s.destroyed) s.write(s.slowBody ? 'x' : `X-Slow-${Math.floor(performance.now())}: 1\r\n`);
  }, 1000);
  const health = [];
  while (performance.now() - started < 45_000) {
    health.push(await request('/health'));
    await sleep(250);
  }
  clearInterval(drip);
  const stillOpen = sockets.filter((s) => !s.destroyed).length;
  for (const s of sockets) s.destroy();
  report('slowloris', {
    slowConnections: sockets.length,
    closedByServer: closedAt.length,
    closedByServerMedianS: round(percentile(closedAt, 50) / 1000),
    stillOpenAfter45s: stillOpen,
    healthChecks: health.length,
    healthStatuses: histogram(health.map((r) => r.status)),
    healthP50Ms: round(percentile(health.map((r) => r.ms), 50)),
    healthP95Ms: round(percentile(health.map((r) => r.ms), 95)),
    healthMaxMs: round(Math.max(...health.map((r) => r.ms))),
    apiRssMiB: rssMiB(),
  });
}

const run = { 'pg-kill': pgKill, 'storage-full': storageFull, 'login-flood': loginFlood, slowloris };
console.log(JSON.stringify({ base, scenarios, at: new Date().toISOString() }));
for (const name of scenarios) {
  if (!run[name]) throw new Error(`unknown scenario ${name}`);
  await run[name]();
}
