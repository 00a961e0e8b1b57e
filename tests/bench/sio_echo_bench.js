// Echo round trips per second over websocket at 1, 16 and 64 concurrent clients against rasa-mock,
// a node socket.io 4.x server and a python-socketio server (all with the same echo bot), then the
// resident memory of rasa-mock per idle websocket session. Prints figures, never passes or fails.
//
//   node sio_echo_bench.js --mock build/bin/rasa-mock [--seconds 3] [--idle 1000]
'use strict';
const { spawn } = require('child_process');
const fs = require('fs');
const path = require('path');
const { io } = require('socket.io-client');

const argv = process.argv.slice(2);
const opt = (name, dflt) => { const i = argv.indexOf('--' + name); return i >= 0 ? argv[i + 1] : dflt; };
const MOCK = opt('mock');
const SECONDS = Number(opt('seconds', 3));
const IDLE = Number(opt('idle', 1000));
const CONCURRENCY = [1, 16, 64];

function start(cmd, args, pattern) {
  const proc = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let buf = '';
    proc.stdout.on('data', (d) => {
      buf += d;
      const m = buf.match(pattern);
      if (m) resolve({ proc, url: m[1] });
    });
    proc.on('exit', (code) => reject(new Error(`${cmd} exited with ${code}`)));
  });
}

async function connectAll(url, n) {
  const sockets = [];
  for (let i = 0; i < n; i++) {
    const s = io(url, { transports: ['websocket'], reconnection: false, forceNew: true });
    sockets.push(s);
  }
  await Promise.all(sockets.map((s) => new Promise((resolve, reject) => {
    s.once('connect', resolve);
    s.once('connect_error', reject);
  })));
  return sockets;
}

async function roundTrips(url, clients) {
  const sockets = await connectAll(url, clients);
  let count = 0;
  let running = true;
  const loops = sockets.map((s, i) => new Promise((resolve) => {
    const next = () => {
      if (!running) return resolve();
      s.emit('user_uttered', { message: `c${i}` });
    };
    s.on('bot_uttered', () => { count++; next(); });
    next();
  }));
  const t0 = process.hrtime.bigint();
  await new Promise((r) => setTimeout(r, SECONDS * 1000)); // a measurement window, not a synchronisation
  running = false;
  const elapsed = Number(process.hrtime.bigint() - t0) / 1e9;
  await Promise.all(loops);
  sockets.forEach((s) => s.close());
  return count / elapsed;
}

function rssKb(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(status.match(/VmRSS:\s+(\d+)/)[1]);
}

(async () => {
  const here = __dirname;
  const servers = [
    ['rasa-mock', await start(MOCK, ['--port', '0', '--quiet', '--bot', 'echo'], /rasa-mock listening on (http:\/\/\S+)/)],
    ['node socket.io', await start(process.execPath, [path.join(here, '..', 'interop', 'node_sio_server.js')], /listening on (http:\/\/\S+)/)],
    ['python-socketio', await start('/usr/bin/python3', [path.join(here, '..', 'interop', 'rasa_reference_server.py')], /listening on (http:\/\/\S+)/)],
  ];
  const results = {};
  for (const [name, { url }] of servers) {
    results[name] = {};
    for (const n of CONCURRENCY) results[name][n] = await roundTrips(url, n);
  }
  console.log(`echo round trips per second over websocket (${SECONDS} s each; one node client process drives all)`);
  console.log('clients | rasa-mock | node socket.io | python-socketio | mock/node | mock/python');
  for (const n of CONCURRENCY) {
    const m = results['rasa-mock'][n], nd = results['node socket.io'][n], py = results['python-socketio'][n];
    console.log(`${String(n).padStart(7)} | ${m.toFixed(0).padStart(9)} | ${nd.toFixed(0).padStart(14)} | `
      + `${py.toFixed(0).padStart(15)} | ${(m / nd).toFixed(2).padStart(8)}x | ${(m / py).toFixed(2).padStart(10)}x`);
  }

  const mock = servers[0][1];
  const before = rssKb(mock.proc.pid);
  const idle = await connectAll(mock.url, IDLE);
  const after = rssKb(mock.proc.pid);
  console.log(`rasa-mock RSS: ${before} KB -> ${after} KB with ${IDLE} idle websocket sessions: `
    + `${((after - before) / IDLE).toFixed(1)} KB per session`);
  idle.forEach((s) => s.close());
  servers.forEach(([, { proc }]) => proc.kill('SIGTERM'));
  process.exit(0);
})().catch((e) => { console.error(e); process.exit(1); });
