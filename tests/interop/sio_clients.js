// Interop: the npm socket.io-client (4.x or 3.x, as the rasa-webchat widget uses) against rasa-mock,
// over one transport mode. Starts its own rasa-mock processes on port 0 and prints one line per check,
// then "N passed, M failed".
//
//   node sio_clients.js --mock build/bin/rasa-mock --client socket.io-client-v3 --transports websocket
'use strict';
const { spawn } = require('child_process');
const assert = require('assert');
const crypto = require('crypto');
const fs = require('fs');
const os = require('os');
const path = require('path');

const argv = process.argv.slice(2);
const opt = (name, dflt) => { const i = argv.indexOf('--' + name); return i >= 0 ? argv[i + 1] : dflt; };
const MOCK = opt('mock');
const CLIENT = opt('client', 'socket.io-client');
const MODE = opt('transports', 'default');
const { io } = require(CLIENT);
const TRANSPORTS = MODE === 'default' ? ['polling', 'websocket'] : [MODE];
const TIMEOUT = 5000;

const mocks = [];
function startMock(extra = [], credentials = null) {
  const args = ['--port', '0', '--quiet', ...extra];
  if (credentials) {
    const file = path.join(os.tmpdir(), `rasachat-interop-${process.pid}-${mocks.length}.yml`);
    fs.writeFileSync(file, credentials);
    args.push('--credentials', file);
  }
  const proc = spawn(MOCK, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  mocks.push(proc);
  return new Promise((resolve, reject) => {
    let buf = '';
    proc.stdout.on('data', (d) => {
      buf += d;
      const m = buf.match(/rasa-mock listening on (http:\/\/\S+)/);
      if (m) resolve(m[1]);
    });
    proc.on('exit', (code) => reject(new Error('rasa-mock exited with ' + code)));
  });
}

function within(promise, what) {
  let timer;
  return Promise.race([promise, new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error('timed out waiting for ' + what)), TIMEOUT);
  })]).finally(() => clearTimeout(timer));
}
const once = (emitter, event) => new Promise((resolve) => emitter.once(event, (...a) => resolve(a)));

function connect(url, extra = {}) {
  return io(url, { transports: TRANSPORTS, reconnection: false, forceNew: true, ...extra });
}
async function connected(socket) {
  if (socket.connected) return;
  await within(new Promise((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (e) => reject(new Error('connect_error: ' + e.message)));
  }), 'connect');
}
async function upgraded(socket) {
  if (MODE !== 'default') return;
  const engine = socket.io.engine;
  if (engine.transport.name !== 'websocket') await within(once(engine, 'upgrade'), 'the upgrade to websocket');
  assert.strictEqual(engine.transport.name, 'websocket');
}
function collect(socket, event, count) {
  return within(new Promise((resolve) => {
    const got = [];
    const on = (payload) => { got.push(payload); if (got.length === count) { socket.off(event, on); resolve(got); } };
    socket.on(event, on);
  }), `${count} ${event} event(s)`);
}
function jwt(claims, secret) {
  const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const body = b64({ alg: 'HS256', typ: 'JWT' }) + '.' + b64(claims);
  return body + '.' + crypto.createHmac('sha256', secret).update(body).digest('base64url');
}

const BUTTONS = [{ content_type: 'text', title: 'Yes', payload: '/affirm' }, { content_type: 'text', title: 'No', payload: '/deny' }];
const card = (title, subtitle, seed, plan) => ({ attachment: { type: 'template', payload: { template_type: 'generic', elements: {
  title, subtitle, image_url: `https://picsum.photos/seed/${seed}/320/180`,
  buttons: [{ title: `Choose ${title}`, payload: `/choose{"plan":"${plan}"}`, type: 'postback' }] } } } });
const SHAPES = {
  'hi': [{ text: 'Hey! How are you?' }],
  '/buttons': [{ text: 'Choose an option:', quick_replies: BUTTONS }],
  '/image': [{ attachment: { type: 'image', payload: { src: 'https://i.imgur.com/nGF1K8f.jpg' } } }],
  '/meta': [{ metadata: {} }],
  '/multi': [{ text: 'first' }, { text: 'second' }],
  '/quick': [{ text: 'Pick a colour:', quick_replies: ['red', 'green', 'blue'].map((c) => ({
    content_type: 'text', title: c[0].toUpperCase() + c.slice(1), payload: `/inform{"colour":"${c}"}` })) }],
  '/custom': [{ type: 'map', lat: 52.52, lng: 13.405 }],
  '/attachment': [{ text: 'Here is the brochure:' }, { attachment: { type: 'file', payload: {
    src: 'https://example.com/files/rasa-chat-brochure.pdf', title: 'rasa-chat-brochure.pdf' } } }],
  '/carousel': [{ text: 'Here are two plans:' }, card('Basic', 'For one assistant', 'rasa-basic', 'basic'),
    card('Pro', 'For teams', 'rasa-pro', 'pro')],
  'anything': [{ text: 'you said: anything' }],
};

const checks = [];
const check = (name, fn) => checks.push({ name, fn });

check('session_request with an id is confirmed with that id', async ({ demo }) => {
  const s = connect(demo);
  await connected(s);
  s.emit('session_request', { session_id: 'given-123' });
  const [id] = await within(once(s, 'session_confirm'), 'session_confirm');
  assert.strictEqual(id, 'given-123');
  s.close();
});

check('session_request without an id gets a fresh uuid hex', async ({ demo }) => {
  const s = connect(demo);
  await connected(s);
  s.emit('session_request', {});
  const [id] = await within(once(s, 'session_confirm'), 'session_confirm');
  assert.match(id, /^[0-9a-f]{32}$/);
  s.emit('session_request');
  const [id2] = await within(once(s, 'session_confirm'), 'session_confirm');
  assert.match(id2, /^[0-9a-f]{32}$/);
  assert.notStrictEqual(id, id2);
  s.close();
});

check('every bot message shape arrives as Rasa sends it', async ({ demo }) => {
  const s = connect(demo);
  await connected(s);
  await upgraded(s);
  for (const [says, expected] of Object.entries(SHAPES)) {
    const got = collect(s, 'bot_uttered', expected.length);
    s.emit('user_uttered', { message: says });
    assert.deepStrictEqual(await got, expected, `answer to ${says}`);
  }
  s.close();
});

check('metadata round trip', async ({ demo }) => {
  const s = connect(demo);
  await connected(s);
  const got = collect(s, 'bot_uttered', 1);
  s.emit('user_uttered', { message: '/meta', metadata: { lang: 'de', page: { id: 3 } } });
  assert.deepStrictEqual(await got, [{ metadata: { lang: 'de', page: { id: 3 } } }]);
  s.close();
});

check('an ack requested for a user message is answered empty', async ({ demo }) => {
  const s = connect(demo);
  await connected(s);
  const args = await within(new Promise((resolve) => s.emit('user_uttered', { message: 'hi' }, (...a) => resolve(a))), 'the ack');
  assert.deepStrictEqual(args, []);
  s.close();
});

check('with a slow bot the ack follows the bot messages, as Rasa awaits the turn', async ({ slow }) => {
  const s = connect(slow);
  await connected(s);
  const order = [];
  s.on('bot_uttered', (m) => order.push(m.text));
  await within(new Promise((resolve) => s.emit('user_uttered', { message: '/multi' }, () => { order.push('ack'); resolve(); })), 'the ack');
  assert.deepStrictEqual(order, ['first', 'second', 'ack']);
  s.close();
});

check('an event without a handler is not acked (python-socketio)', async ({ demo }) => {
  const s = connect(demo);
  await connected(s);
  let unknownAcked = false;
  s.emit('no_such_event', { x: 1 }, () => { unknownAcked = true; });
  // The server handles a socket's packets in order: had it acked the first event, that ack came first.
  await within(new Promise((resolve) => s.emit('user_uttered', { message: 'hi' }, resolve)), 'the ack');
  assert.strictEqual(unknownAcked, false);
  s.close();
});

check('disconnect, connect again (a page reload) and converse again', async ({ demo }) => {
  const s = connect(demo);
  await connected(s);
  const gone = once(s, 'disconnect');
  s.disconnect();
  const [reason] = await within(gone, 'disconnect');
  assert.strictEqual(reason, 'io client disconnect');
  // A new client, as a reloaded page makes (3.x cannot reopen a socket in the same tick it closed it).
  const again = connect(demo);
  await connected(again);
  assert.notStrictEqual(again.id, s.id);
  const got = collect(again, 'bot_uttered', 1);
  again.emit('user_uttered', { message: 'hi' });
  assert.deepStrictEqual(await got, [{ text: 'Hey! How are you?' }]);
  again.close();
});

check('custom event names, session persistence and metadata_key', async ({ custom }) => {
  const a = connect(custom);
  const b = connect(custom);
  await Promise.all([connected(a), connected(b)]);
  for (const s of [a, b]) {
    s.emit('session_request', { session_id: 'shared-session' });
    const [id] = await within(once(s, 'session_confirm'), 'session_confirm');
    assert.strictEqual(id, 'shared-session');
  }
  // Both sockets are in the session's room: both get the replies (Rasa: several tabs, one conversation).
  const gotA = collect(a, 'bot_says', 1);
  const gotB = collect(b, 'bot_says', 1);
  a.emit('user_says', { message: '/meta', session_id: 'shared-session', customData: '{"from":"a string"}' });
  assert.deepStrictEqual(await gotA, [{ metadata: { from: 'a string' } }]);
  assert.deepStrictEqual(await gotB, [{ metadata: { from: 'a string' } }]);
  a.close();
  b.close();
});

check('a good JWT is accepted, also with "Bearer "', async ({ jwtUrl }) => {
  for (const token of [jwt({ sub: 'alice' }, 'interop-secret'), 'Bearer ' + jwt({ sub: 'bob' }, 'interop-secret')]) {
    const s = connect(jwtUrl, { auth: { token } });
    await connected(s);
    s.close();
  }
});

check('a bad or missing JWT gets connect_error with the reason', async ({ jwtUrl }) => {
  const cases = [{ auth: { token: jwt({ sub: 'eve' }, 'wrong-secret') } }, {}, { auth: { token: jwt({ exp: 1 }, 'interop-secret') } }];
  for (const extra of cases) {
    const s = connect(jwtUrl, extra);
    const [err] = await within(once(s, 'connect_error'), 'connect_error');
    assert.strictEqual(err.message, 'Connection rejected by server');
    assert.strictEqual(s.connected, false);
    s.close();
  }
});

check('the heartbeat keeps the session over several ping intervals', async ({ fastPing }) => {
  const s = connect(fastPing);
  await connected(s);
  const id = s.id;
  // The engine answers each server ping with a pong and emits 'pong' (3.x and 4.x alike).
  await within(new Promise((resolve) => { let n = 0; s.io.engine.on('pong', () => { if (++n === 5) resolve(); }); }), '5 pings');
  assert.strictEqual(s.connected, true);
  assert.strictEqual(s.id, id);
  const got = collect(s, 'bot_uttered', 1);
  s.emit('user_uttered', { message: 'hi' });
  assert.deepStrictEqual(await got, [{ text: 'Hey! How are you?' }]);
  s.close();
});

(async () => {
  const urls = {
    demo: await startMock(),
    custom: await startMock([], 'socketio:\n  user_message_evt: user_says\n  bot_message_evt: bot_says\n'
      + '  session_persistence: true\n  metadata_key: customData\n'),
    jwtUrl: await startMock([], 'socketio:\n  jwt_key: interop-secret\n  jwt_method: HS256\n'),
    fastPing: await startMock(['--ping-interval', '100', '--ping-timeout', '2000']),
    slow: await startMock(['--delay', '200']),
  };
  let passed = 0, failed = 0;
  for (const { name, fn } of checks) {
    try {
      await fn(urls);
      passed++;
      console.log(`ok - ${CLIENT} ${MODE}: ${name}`);
    } catch (e) {
      failed++;
      console.log(`not ok - ${CLIENT} ${MODE}: ${name}: ${e.message}`);
    }
  }
  mocks.forEach((p) => p.kill('SIGTERM'));
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
})().catch((e) => { console.log('not ok - setup: ' + e.message); mocks.forEach((p) => p.kill()); process.exit(1); });
