// Conformance of our Engine.IO / Socket.IO servers, through sio-protocol-server: the behaviour that the
// protocol authors' compliance suites check, written down here as our own checks (raw HTTP and raw
// WebSocket frames, with the `ws` package), plus binary events with the npm socket.io-client (Buffers
// both ways, over polling and websocket). Starts its own server on port 0 and prints one line per check,
// then "N passed, M failed".
//
//   node check.js --server build/bin/sio-protocol-server [--scale K]
//
// --scale K runs every timing K times slower (ping interval, ping timeout, connect timeout), so that a
// loaded machine does not fail the heartbeat checks; the suites' own values are checked at scale 1 too,
// on the handshake of a server started with its defaults.
'use strict';
const { spawn } = require('child_process');
const assert = require('assert');
const WebSocket = require('ws');
const { io } = require('socket.io-client');

const argv = process.argv.slice(2);
const SERVER = argv[argv.indexOf('--server') + 1];
const SCALE = argv.includes('--scale') ? Number(argv[argv.indexOf('--scale') + 1]) : 1;
const PING_INTERVAL = 300 * SCALE;
const PING_TIMEOUT = 200 * SCALE;
const CONNECT_TIMEOUT = 1000 * SCALE;
const WAIT = 5000 + 3 * CONNECT_TIMEOUT;

let base = '';
let wsBase = '';

function startServer(args = []) {
  const proc = spawn(SERVER, ['--port', '0', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    proc.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/listening on (http:\/\/\S+)/);
      if (m) resolve({ proc, url: m[1] });
    });
    proc.on('exit', (code) => reject(new Error('sio-protocol-server exited with ' + code)));
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
function within(promise, what, ms = WAIT) {
  let timer;
  return Promise.race([promise, new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error('timed out waiting for ' + what)), ms);
  })]).finally(() => clearTimeout(timer));
}

// A raw WebSocket whose incoming frames are queued, so that a check reads them in order.
class Frames {
  constructor(url) {
    this.ws = new WebSocket(url);
    this.queue = [];
    this.waiters = [];
    this.closed = false;
    this.ws.on('message', (data, isBinary) => this.push(isBinary ? Buffer.from(data) : data.toString()));
    this.ws.on('error', () => {});
    this.ws.on('close', () => { this.closed = true; this.push(null); });
  }
  push(item) {
    const w = this.waiters.shift();
    if (w) w(item); else this.queue.push(item);
  }
  opened() { return within(new Promise((resolve, reject) => {
    if (this.ws.readyState === WebSocket.OPEN) return resolve();
    this.ws.once('open', resolve);
    this.ws.once('close', () => reject(new Error('closed before open')));
  }), 'open'); }
  // The next frame (null once closed); pings ("2") are skipped unless asked for.
  async next(keepPings = false) {
    for (;;) {
      const item = await within(new Promise((resolve) => {
        if (this.queue.length) resolve(this.queue.shift()); else this.waiters.push(resolve);
      }), 'a frame');
      if (!keepPings && item === '2') continue;
      return item;
    }
  }
  async closes() {
    for (;;) if ((await this.next()) === null) return;
  }
  send(data) { this.ws.send(data); }
  close() { this.ws.terminate(); }
}

async function get(path) {
  const r = await fetch(base + path);
  return { status: r.status, body: await r.text() };
}
async function post(path, body, method = 'POST') {
  const r = await fetch(base + path, { method, body });
  return { status: r.status, body: await r.text() };
}
async function openPolling(root) {
  const r = await get(`${root}/?EIO=4&transport=polling`);
  assert.strictEqual(r.status, 200);
  return JSON.parse(r.body.substring(1)).sid;
}
function checkOpen(text, upgrades, pingInterval = PING_INTERVAL, pingTimeout = PING_TIMEOUT) {
  assert.ok(text.startsWith('0'), 'OPEN packet expected, got ' + text);
  const open = JSON.parse(text.substring(1));
  assert.deepStrictEqual(Object.keys(open).sort(), ['maxPayload', 'pingInterval', 'pingTimeout', 'sid', 'upgrades']);
  assert.strictEqual(typeof open.sid, 'string');
  assert.deepStrictEqual(open.upgrades, upgrades);
  assert.strictEqual(open.pingInterval, pingInterval);
  assert.strictEqual(open.pingTimeout, pingTimeout);
  assert.strictEqual(open.maxPayload, 1000000);
}

const checks = [];
const check = (name, fn) => checks.push({ name, fn });

check('the default timings are the suites\' (300 ms, 200 ms)', async () => {
  const { proc, url } = await startServer();
  try {
    const r = await fetch(`${url}/socket.io/?EIO=4&transport=polling`);
    checkOpen(await r.text(), ['websocket'], 300, 200);
  } finally {
    proc.kill('SIGTERM');
  }
});

// Engine.IO behaviour, the same at both paths.
for (const root of ['/engine.io', '/socket.io']) {
  check(`${root} polling handshake`, async () => {
    const r = await get(`${root}/?EIO=4&transport=polling`);
    assert.strictEqual(r.status, 200);
    checkOpen(r.body, ['websocket']);
  });
  check(`${root} refuses a bad EIO, transport or method`, async () => {
    for (const q of ['?transport=polling', '?EIO=abc&transport=polling', '?EIO=4', '?EIO=4&transport=abc'])
      assert.strictEqual((await get(`${root}/${q}`)).status, 400, q);
    assert.strictEqual((await post(`${root}/?EIO=4&transport=polling`, '')).status, 400, 'POST');
    assert.strictEqual((await post(`${root}/?EIO=4&transport=polling`, '', 'PUT')).status, 400, 'PUT');
  });
  check(`${root} websocket handshake`, async () => {
    const f = new Frames(`${wsBase}${root}/?EIO=4&transport=websocket`);
    checkOpen(await f.next(), []);
    f.close();
  });
  check(`${root} websocket with a bad EIO or transport is closed`, async () => {
    for (const q of ['?transport=websocket', '?EIO=abc&transport=websocket', '?EIO=4', '?EIO=4&transport=abc']) {
      const f = new Frames(`${wsBase}${root}/${q}`);
      await f.closes();
    }
  });
  check(`${root} polling heartbeat`, async () => {
    const sid = await openPolling(root);
    for (let i = 0; i < 3; i++) {
      const r = await get(`${root}/?EIO=4&transport=polling&sid=${sid}`);
      assert.deepStrictEqual([r.status, r.body], [200, '2']);
      assert.strictEqual((await post(`${root}/?EIO=4&transport=polling&sid=${sid}`, '3')).status, 200);
    }
  });
  check(`${root} polling session ends on ping timeout`, async () => {
    // The client never answers a ping. Its GETs are held until something happens, so waiting on them
    // sees the ping, then the CLOSE at the timeout, then the session gone; on a loaded machine a GET can
    // come after one of these, so a later step may come first, never an earlier one or anything else.
    const sid = await openPolling(root);
    const seen = [];
    for (;;) {
      const r = await within(get(`${root}/?EIO=4&transport=polling&sid=${sid}`), 'the session to end');
      if (r.status !== 200) {
        assert.deepStrictEqual([r.status, r.body], [400, '{"code":1,"message":"Session ID unknown"}']);
        break;
      }
      seen.push(r.body);
      assert.ok(['2', '1'].includes(r.body) && seen.indexOf(r.body) === seen.length - 1 &&
                !(r.body === '2' && seen.includes('1')), 'polls answered: ' + JSON.stringify(seen));
    }
  });
  check(`${root} websocket heartbeat`, async () => {
    const f = new Frames(`${wsBase}${root}/?EIO=4&transport=websocket`);
    await f.next();
    for (let i = 0; i < 3; i++) {
      assert.strictEqual(await f.next(true), '2');
      f.send('3');
    }
    f.close();
  });
  check(`${root} websocket session ends on ping timeout`, async () => {
    const f = new Frames(`${wsBase}${root}/?EIO=4&transport=websocket`);
    await f.closes();
  });
  check(`${root} polling CLOSE releases the held GET with a NOOP`, async () => {
    // The GET must be held when the CLOSE arrives; on a loaded machine the POST can overtake it (then
    // the GET finds the session gone, which is right too), so the scenario is tried until it happened.
    for (let attempt = 0; ; attempt++) {
      const sid = await openPolling(root);
      const [poll, push] = await Promise.all([
        get(`${root}/?EIO=4&transport=polling&sid=${sid}`),
        sleep(20 * (attempt + 1)).then(() => post(`${root}/?EIO=4&transport=polling&sid=${sid}`, '1')),
      ]);
      assert.strictEqual(push.status, 200);
      assert.strictEqual((await get(`${root}/?EIO=4&transport=polling&sid=${sid}`)).status, 400);
      if (poll.status === 400 && attempt < 10) continue; // the POST came first
      assert.deepStrictEqual([poll.status, poll.body], [200, '6']);
      return;
    }
  });
  check(`${root} websocket CLOSE ends the session`, async () => {
    const f = new Frames(`${wsBase}${root}/?EIO=4&transport=websocket`);
    await f.next();
    f.send('1');
    await f.closes();
  });
  check(`${root} upgrade from polling to websocket`, async () => {
    const sid = await openPolling(root);
    const f = new Frames(`${wsBase}${root}/?EIO=4&transport=websocket&sid=${sid}`);
    await f.opened();
    f.send('2probe');
    assert.strictEqual(await f.next(), '3probe');
    const poll = await get(`${root}/?EIO=4&transport=polling&sid=${sid}`);
    assert.deepStrictEqual([poll.status, poll.body], [200, '6']);
    f.send('5');
    f.close();
  });
  check(`${root} after the upgrade, polling and a second websocket are refused`, async () => {
    const sid = await openPolling(root);
    const f = new Frames(`${wsBase}${root}/?EIO=4&transport=websocket&sid=${sid}`);
    await f.opened();
    f.send('2probe');
    f.send('5');
    assert.strictEqual(await f.next(), '3probe');
    // A GET that overtakes the "5" is legitimately released with a NOOP; the first ping over the
    // WebSocket proves that the upgrade is complete.
    assert.strictEqual(await f.next(true), '2');
    assert.strictEqual((await get(`${root}/?EIO=4&transport=polling&sid=${sid}`)).status, 400);
    const second = new Frames(`${wsBase}${root}/?EIO=4&transport=websocket&sid=${sid}`);
    await second.closes();
    f.close();
  });
}

// The echo application of the Engine.IO suite.
const EIO = '/engine.io/?EIO=4&transport=polling';
check('engine.io polling echoes text, several packets and binary', async () => {
  for (const body of ['4hello', '4test1\x1e4test2\x1e4test3', '4hello\x1ebAQIDBA==']) {
    const sid = await openPolling('/engine.io');
    const push = await post(`${EIO}&sid=${sid}`, body);
    assert.deepStrictEqual([push.status, push.body], [200, 'ok']);
    const poll = await get(`${EIO}&sid=${sid}`);
    assert.deepStrictEqual([poll.status, poll.body], [200, body]);
  }
});
check('engine.io polling session closes on a malformed packet', async () => {
  const sid = await openPolling('/engine.io');
  assert.strictEqual((await post(`${EIO}&sid=${sid}`, 'abc')).status, 400);
  assert.strictEqual((await get(`${EIO}&sid=${sid}`)).status, 400);
});
check('engine.io duplicate GET closes the session', async () => {
  const sid = await openPolling('/engine.io');
  const both = await Promise.all([
    get(`${EIO}&sid=${sid}`),
    sleep(20).then(() => get(`${EIO}&sid=${sid}&t=burst`)),
  ]);
  // Whichever the server saw first is the held one: it is released with CLOSE, the other refused.
  const held = both.find((r) => r.status === 200);
  const refused = both.find((r) => r.status !== 200);
  assert.ok(held && refused, 'statuses: ' + both.map((r) => r.status));
  assert.strictEqual(held.body, '1');
  assert.ok([400, 500].includes(refused.status), 'second GET: ' + refused.status);
  assert.strictEqual((await get(`${EIO}&sid=${sid}`)).status, 400);
});
check('engine.io websocket echoes text and binary, closes on a malformed packet', async () => {
  const f = new Frames(`${wsBase}/engine.io/?EIO=4&transport=websocket`);
  await f.next();
  f.send('4hello');
  assert.strictEqual(await f.next(), '4hello');
  f.send(Uint8Array.from([1, 2, 3, 4]));
  assert.deepStrictEqual(await f.next(), Buffer.from([1, 2, 3, 4]));
  f.send('abc');
  await f.closes();
});
check('engine.io upgraded session echoes over the websocket', async () => {
  const sid = await openPolling('/engine.io');
  const f = new Frames(`${wsBase}/engine.io/?EIO=4&transport=websocket&sid=${sid}`);
  await f.opened();
  f.send('2probe');
  assert.strictEqual(await f.next(), '3probe');
  assert.strictEqual((await get(`${EIO}&sid=${sid}`)).body, '6');
  f.send('5');
  f.send('4hello');
  assert.strictEqual(await f.next(), '4hello');
  f.close();
});

// The Socket.IO application.
async function sioSocket() {
  const f = new Frames(`${wsBase}/socket.io/?EIO=4&transport=websocket`);
  await f.next();
  return f;
}
async function sioConnected() {
  const f = await sioSocket();
  f.send('40');
  assert.ok((await f.next()).startsWith('40{'));
  assert.strictEqual(await f.next(), '42["auth",{}]');
  return f;
}
const PH0 = '{"_placeholder":true,"num":0}';
const PH1 = '{"_placeholder":true,"num":1}';

for (const [sent, prefix, auth] of [['40', '40', '{}'], ['40{"token":"123"}', '40', '{"token":"123"}'],
  ['40/custom,', '40/custom,', '{}'], ['40/custom,{"token":"abc"}', '40/custom,', '{"token":"abc"}'],
  ['40/custom', '40/custom,', '{}']]) {
  check(`socket.io CONNECT ${sent}`, async () => {
    const f = await sioSocket();
    f.send(sent);
    const reply = await f.next();
    assert.ok(reply.startsWith(prefix), reply);
    const handshake = JSON.parse(reply.substring(prefix.length));
    assert.deepStrictEqual(Object.keys(handshake), ['sid']);
    assert.strictEqual(typeof handshake.sid, 'string');
    const nsp = prefix === '40' ? '' : '/custom,';
    assert.strictEqual(await f.next(), `42${nsp}["auth",${auth}]`);
    f.close();
  });
}
check('socket.io CONNECT to an unknown namespace is refused', async () => {
  const f = await sioSocket();
  f.send('40/random');
  assert.strictEqual(await f.next(), '44/random,{"message":"Invalid namespace"}');
  f.close();
});
check('socket.io closes a malformed CONNECT and a connection without CONNECT', async () => {
  const f = await sioSocket();
  f.send('4abc');
  await f.closes();
  const silent = new Frames(`${wsBase}/socket.io/?EIO=4&transport=websocket`);
  await silent.closes(); // the connect timeout, well within our wait
});
check('socket.io DISCONNECT from "/" keeps the Engine.IO connection', async () => {
  const f = await sioConnected();
  f.send('41');
  assert.strictEqual(await f.next(true), '2');
  f.close();
});
check('socket.io DISCONNECT from /custom, then an event in "/"', async () => {
  const f = await sioConnected();
  f.send('40/custom');
  assert.ok((await f.next()).startsWith('40/custom,'));
  assert.strictEqual(await f.next(), '42/custom,["auth",{}]');
  f.send('41/custom');
  f.send('42["message","message to main namespace"]');
  assert.strictEqual(await f.next(), '42["message-back","message to main namespace"]');
  f.close();
});
check('socket.io events and acks, plain and binary', async () => {
  const f = await sioConnected();
  f.send('42["message",1,"2",{"3":[true]}]');
  assert.strictEqual(await f.next(), '42["message-back",1,"2",{"3":[true]}]');
  f.send('42456["message-with-ack",1,"2",{"3":[false]}]');
  assert.strictEqual(await f.next(), '43456[1,"2",{"3":[false]}]');
  f.send(`452-["message",${PH0},${PH1}]`);
  f.send(Uint8Array.from([1, 2, 3]));
  f.send(Uint8Array.from([4, 5, 6]));
  assert.strictEqual(await f.next(), `452-["message-back",${PH0},${PH1}]`);
  assert.deepStrictEqual(await f.next(), Buffer.from([1, 2, 3]));
  assert.deepStrictEqual(await f.next(), Buffer.from([4, 5, 6]));
  f.send(`452-789["message-with-ack",${PH0},${PH1}]`);
  f.send(Uint8Array.from([1, 2, 3]));
  f.send(Uint8Array.from([4, 5, 6]));
  assert.strictEqual(await f.next(), `462-789[${PH0},${PH1}]`);
  assert.deepStrictEqual(await f.next(), Buffer.from([1, 2, 3]));
  assert.deepStrictEqual(await f.next(), Buffer.from([4, 5, 6]));
  f.close();
});
for (const bad of ['4abc', '42{}', '42abc["message-with-ack",1,"2",{"3":[false]}]',
  `451-["message",${PH1}]`]) {
  check(`socket.io closes on a malformed packet ${bad}`, async () => {
    const f = await sioConnected();
    f.send(bad);
    if (bad.startsWith('451-')) f.send(Uint8Array.from([9]));
    await f.closes();
  });
}

// Binary events with the real client: Buffers sent and received, nested too, over both transports.
for (const transport of ['polling', 'websocket']) {
  check(`socket.io-client Buffers round-trip over ${transport}`, async () => {
    const socket = io(base, { transports: [transport], reconnection: false, forceNew: true });
    try {
      await within(new Promise((resolve, reject) => {
        socket.once('connect', resolve);
        socket.once('connect_error', reject);
      }), 'connect');
      const blob = Buffer.from([0, 1, 2, 250, 255]);
      const back = within(new Promise((resolve) => socket.once('message-back', (...a) => resolve(a))), 'message-back');
      socket.emit('message', blob, { name: 'x.bin', data: Buffer.from('nested') }, 'text');
      const args = await back;
      assert.ok(Buffer.isBuffer(args[0]), 'first argument is a Buffer');
      assert.deepStrictEqual(args[0], blob);
      assert.strictEqual(args[1].name, 'x.bin');
      assert.deepStrictEqual(Buffer.from(args[1].data), Buffer.from('nested'));
      assert.strictEqual(args[2], 'text');
      const acked = await within(new Promise((resolve) => socket.emit('message-with-ack', blob, (...a) => resolve(a))), 'ack');
      assert.deepStrictEqual(acked[0], blob);
    } finally {
      socket.close();
    }
  });
}

(async () => {
  const { proc, url } = await startServer(['--ping-interval', String(PING_INTERVAL), '--ping-timeout',
    String(PING_TIMEOUT), '--connect-timeout', String(CONNECT_TIMEOUT)]);
  base = url;
  wsBase = url.replace('http', 'ws');
  let passed = 0;
  let failed = 0;
  for (const c of checks) {
    try {
      await c.fn();
      passed++;
      console.log(`ok   ${c.name}`);
    } catch (e) {
      failed++;
      console.log(`FAIL ${c.name}: ${e.message}`);
    }
  }
  proc.kill('SIGTERM');
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
})().catch((e) => { console.error(e); process.exit(2); });
