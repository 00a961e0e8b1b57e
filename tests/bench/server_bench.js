// rasa-mock next to node and python reference servers, in one run, under the same load driver:
// server CPU time per operation (utime + stime from /proc/PID/stat over the measurement window, divided
// by the operations in it), throughput and p50/p99 latency for
//   - Socket.IO echo round trips over websocket at 1, 16 and 64 clients (each client emits
//     `user_uttered` with an ack id and waits for both its `bot_uttered` and the ack before the next);
//     servers: rasa-mock --bot echo, node socket.io 4.8 (tests/interop/node_sio_server.js),
//     python-socketio 5 on aiohttp (tests/interop/rasa_reference_server.py);
//   - REST webhook POSTs on 1, 16 and 64 keep-alive connections (closed loop); servers: rasa-mock,
//     node http (tests/bench/node_rest_server.js), aiohttp (the python reference);
//   - the RSS each Socket.IO server gains per idle websocket session (1,000 sessions).
// The driver writes raw Engine.IO/Socket.IO frames over the `ws` package and raw HTTP/1.1 over `net`,
// so that it costs far less per operation than the servers; its own CPU per operation is printed too.
// Prints figures and the goals next to them; never passes or fails on a figure.
//
//   NODE_PATH=build/interop/node_modules node tests/bench/server_bench.js --mock build/bin/rasa-mock
//       [--seconds 2.5] [--idle 1000] [--only sio|rest|idle] [--servers rasa-mock,node,python] [--json FILE]
'use strict';
const { spawn, execFileSync } = require('child_process');
const fs = require('fs');
const net = require('net');
const os = require('os');
const path = require('path');
const WebSocket = require('ws');
const { clkTck, cpuSeconds, rssKb } = require('./proccpu');

const argv = process.argv.slice(2);
const opt = (name, dflt) => { const i = argv.indexOf('--' + name); return i >= 0 ? argv[i + 1] : dflt; };
const MOCK = opt('mock');
const SECONDS = Number(opt('seconds', 2.5));
const WARMUP = 0.3;
const IDLE = Number(opt('idle', 1000));
const ONLY = opt('only', 'sio,rest,idle').split(',');
const SERVERS = opt('servers', 'rasa-mock,node,python').split(',');
const CONCURRENCY = [1, 16, 64];
if (!MOCK) { console.error('usage: server_bench.js --mock PATH/rasa-mock'); process.exit(2); }

const here = __dirname;
const interop = path.join(here, '..', 'interop');

const children = [];
process.on('exit', () => children.forEach((p) => p.kill('SIGTERM')));

function start(cmd, args, pattern) {
  const proc = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(proc);
  return new Promise((resolve, reject) => {
    let buf = '';
    proc.stdout.on('data', (d) => {
      buf += d;
      const m = buf.match(pattern);
      if (m) { proc.stdout.removeAllListeners('data'); proc.stdout.resume(); resolve({ proc, url: m[1] }); }
    });
    proc.on('exit', (code) => reject(new Error(`${cmd} exited with ${code}`)));
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms)); // measurement windows, not synchronisation

function percentile(sorted, p) {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

// Runs `clients` closed loops for WARMUP + seconds; the window starts after the warm-up. Each loop is
// `fire(i, done)`, calling done() when its operation completed; latencies are kept for the window only.
async function measure(pid, clients, seconds, fire) {
  let measuring = false;
  let running = true;
  let ops = 0;
  const lat = [];
  const loops = [];
  for (let i = 0; i < clients; i++) {
    loops.push(new Promise((resolve) => {
      const next = () => {
        if (!running) return resolve();
        const t = process.hrtime.bigint();
        fire(i, () => {
          if (measuring) {
            ops++;
            lat.push(Number(process.hrtime.bigint() - t) / 1e6);
          }
          next();
        });
      };
      next();
    }));
  }
  await sleep(WARMUP * 1000);
  measuring = true;
  const cpu0 = cpuSeconds(pid);
  const self0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  await sleep(seconds * 1000);
  const cpu1 = cpuSeconds(pid);
  const self1 = process.cpuUsage(self0);
  const elapsed = Number(process.hrtime.bigint() - t0) / 1e9;
  measuring = false;
  running = false;
  await Promise.all(loops);
  lat.sort((a, b) => a - b);
  return {
    ops,
    throughput: ops / elapsed,
    cpuUs: ((cpu1 - cpu0) * 1e6) / ops,
    driverUs: (self1.user + self1.system) / ops,
    p50: percentile(lat, 0.5),
    p99: percentile(lat, 0.99),
  };
}

// --- Socket.IO over raw websocket frames ---------------------------------------------------------------

function sioConnect(url) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url.replace(/^http/, 'ws') + '/socket.io/?EIO=4&transport=websocket',
      { perMessageDeflate: false });
    ws.on('error', reject);
    ws.on('message', function first(data) {
      const text = data.toString();
      if (text[0] === '0') ws.send('40');
      else if (text.startsWith('40')) { ws.off('message', first); ws.off('error', reject); resolve(ws); }
      else if (text.startsWith('44')) reject(new Error(`CONNECT refused: ${text}`));
    });
  });
}

async function sioCell(server, clients, seconds = SECONDS) {
  const sockets = await Promise.all(Array.from({ length: clients }, () => sioConnect(server.url)));
  const pending = sockets.map(() => null);
  sockets.forEach((ws, i) => {
    ws.on('message', (data) => {
      const text = data.toString();
      if (text === '2') return ws.send('3'); // Engine.IO ping
      const p = pending[i];
      if (!p) return;
      if (text.startsWith('42')) p.event = true;
      else if (text.startsWith('43')) p.ack = true;
      if (p.event && p.ack) { pending[i] = null; p.done(); }
    });
  });
  let ackId = 0;
  const result = await measure(server.proc.pid, clients, seconds, (i, done) => {
    pending[i] = { event: false, ack: false, done };
    sockets[i].send(`42${ackId++}["user_uttered",{"message":"c${i}"}]`);
  });
  sockets.forEach((ws) => ws.terminate());
  return result;
}

// --- REST over raw HTTP/1.1 keep-alive connections -------------------------------------------------------

function restConnect(url, i) {
  const { hostname, port } = new URL(url);
  const body = `{"sender":"c${i}","message":"hello"}`;
  const request = Buffer.from(`POST /webhooks/rest/webhook HTTP/1.1\r\nHost: ${hostname}:${port}\r\n`
    + `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  return new Promise((resolve, reject) => {
    const sock = net.connect(Number(port), hostname, () => resolve(conn));
    sock.setNoDelay(true);
    sock.on('error', reject);
    let buf = Buffer.alloc(0);
    let onDone = null;
    sock.on('data', (d) => {
      buf = buf.length ? Buffer.concat([buf, d]) : d;
      for (;;) {
        const head = buf.indexOf('\r\n\r\n');
        if (head < 0) return;
        const m = /\r\ncontent-length: *(\d+)/i.exec(buf.subarray(0, head).toString('latin1'));
        if (!m) throw new Error(`REST answer without Content-Length: ${buf.subarray(0, head)}`);
        const end = head + 4 + Number(m[1]);
        if (buf.length < end) return;
        if (!buf.subarray(0, 12).toString('latin1').endsWith('200')) throw new Error(`REST answered ${buf.subarray(0, 40)}`);
        buf = buf.subarray(end);
        const done = onDone;
        onDone = null;
        done();
      }
    });
    const conn = { sock, fire: (done) => { onDone = done; sock.write(request); } };
  });
}

async function restCell(server, connections, seconds = SECONDS) {
  const conns = await Promise.all(Array.from({ length: connections }, (_, i) => restConnect(server.url, i)));
  const result = await measure(server.proc.pid, connections, seconds, (i, done) => conns[i].fire(done));
  conns.forEach((c) => c.sock.destroy());
  return result;
}

// --- Idle sessions ---------------------------------------------------------------------------------------

async function idleRss(server, n) {
  await sleep(300);
  const before = rssKb(server.proc.pid);
  const sockets = [];
  for (let i = 0; i < n; i += 50) // in batches, so that no listen backlog overflows
    sockets.push(...await Promise.all(Array.from({ length: Math.min(50, n - i) }, () => sioConnect(server.url))));
  await sleep(500); // let every server finish what it does after a CONNECT
  const after = rssKb(server.proc.pid);
  sockets.forEach((ws) => ws.terminate());
  return { before, after, perSessionKb: (after - before) / n };
}

// --- Report ----------------------------------------------------------------------------------------------

const f1 = (x) => (Number.isFinite(x) ? x.toFixed(1) : '-');
const f2 = (x) => (Number.isFinite(x) ? x.toFixed(2) : '-');
const int = (x) => (Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : '-');

function table(title, names, rows, unit) {
  console.log(`\n${title}`);
  const head = [unit.padStart(6)];
  for (const name of names) head.push(`${name}: CPU µs/op   ops/s   p50/p99 ms`.padStart(46));
  head.push('mock/node CPU');
  console.log(head.join(' | '));
  for (const [n, cells] of rows) {
    const line = [String(n).padStart(6)];
    for (const name of names) {
      const c = cells[name];
      line.push(c ? `${f1(c.cpuUs).padStart(20)} ${int(c.throughput).padStart(8)} ${(f2(c.p50) + ' / ' + f2(c.p99)).padStart(16)}`
        : '-'.padStart(46));
    }
    const m = cells['rasa-mock'], nd = cells.node;
    line.push(m && nd ? `${f2(m.cpuUs / nd.cpuUs)}x` : '-');
    console.log(line.join(' | '));
  }
  const driver = rows.map(([n, cells]) => `${n}: ${f1(cells['rasa-mock'] && cells['rasa-mock'].driverUs)}`).join(', ');
  console.log(`(load driver's own CPU per operation against rasa-mock, µs: ${driver})`);
}

(async () => {
  const servers = {};
  const starters = {
    'rasa-mock': () => start(MOCK, ['--port', '0', '--quiet', '--bot', 'echo'], /rasa-mock listening on (http:\/\/\S+)/),
    node: () => start(process.execPath, [path.join(interop, 'node_sio_server.js')], /listening on (http:\/\/\S+)/),
    'node-http': () => start(process.execPath, [path.join(here, 'node_rest_server.js')], /listening on (http:\/\/\S+)/),
    python: () => start('/usr/bin/python3', [path.join(interop, 'rasa_reference_server.py')], /listening on (http:\/\/\S+)/),
  };
  const names = SERVERS;
  for (const name of names) servers[name] = await starters[name]();
  if (names.includes('node') && ONLY.includes('rest')) servers['node-http'] = await starters['node-http']();

  const loadavg = () => os.loadavg().map((x) => x.toFixed(2)).join(' ');
  const cpuModel = (os.cpus()[0] || {}).model || '?';
  console.log(`machine: ${os.cpus().length} cores (${cpuModel.trim()}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB; `
    + `node ${process.version}; CLK_TCK ${clkTck()}; load average at start ${loadavg()}`);
  console.log(`1 s untimed warm-up per server, then ${WARMUP} s + ${SECONDS} s measured per cell; one node process drives every client; `
    + 'server CPU = utime+stime from /proc/PID/stat over the window / operations');
  // node's JIT and python's caches are cold at first: every server gets the same untimed warm-up load.
  for (const name of names) {
    if (ONLY.includes('sio')) await sioCell(servers[name], 16, 1);
    if (ONLY.includes('rest')) await restCell(servers[name === 'node' ? 'node-http' : name], 16, 1);
  }
  const results = { machine: { cores: os.cpus().length, cpu: cpuModel.trim(), loadStart: os.loadavg() }, sio: {}, rest: {}, idle: {} };

  if (ONLY.includes('sio')) {
    const rows = [];
    for (const n of CONCURRENCY) {
      const cells = {};
      for (const name of names) cells[name] = await sioCell(servers[name], n);
      rows.push([n, cells]);
      results.sio[n] = cells;
    }
    table('Socket.IO echo round trips over websocket (emit with ack; the bot_uttered and the ack both back)', names, rows, 'clients');
  }
  if (ONLY.includes('rest')) {
    const rows = [];
    const restNames = names.map((n) => (n === 'node' ? 'node-http' : n));
    for (const n of CONCURRENCY) {
      const cells = {};
      for (const name of restNames) cells[name === 'node-http' ? 'node' : name] = await restCell(servers[name], n);
      rows.push([n, cells]);
      results.rest[n] = cells;
    }
    table('REST webhook POSTs on keep-alive connections (node: its http module)', names, rows, 'conns');
  }
  if (ONLY.includes('idle')) {
    console.log(`\nRSS per idle websocket session (${IDLE} Socket.IO sessions connected to "/")`);
    for (const name of names) {
      const r = await idleRss(servers[name], IDLE);
      results.idle[name] = r;
      console.log(`  ${name.padEnd(10)} ${int(r.before)} KB -> ${int(r.after)} KB: ${f1(r.perSessionKb)} KB per session`);
    }
  }

  console.log(`\nload average at end ${loadavg()}`);
  console.log('\nGoals (issue 16; figures, not assertions):');
  const ratio = (kind, n) => results[kind][n] && results[kind][n]['rasa-mock'] && results[kind][n].node
    ? results[kind][n]['rasa-mock'].cpuUs / results[kind][n].node.cpuUs : NaN;
  if (ONLY.includes('sio')) {
    console.log(`  Socket.IO CPU per round trip <= 0.5x node's at 16 and 64 clients: ${f2(ratio('sio', 16))}x, ${f2(ratio('sio', 64))}x`);
    const p99 = results.sio[64] && results.sio[64]['rasa-mock'] ? results.sio[64]['rasa-mock'].p99 : NaN;
    console.log(`  Socket.IO p99 at 64 clients < 5 ms: ${f2(p99)} ms`);
  }
  if (ONLY.includes('rest'))
    console.log(`  REST CPU per request <= 0.4x node's: ${CONCURRENCY.map((n) => f2(ratio('rest', n)) + 'x').join(', ')}`);
  if (ONLY.includes('idle') && results.idle['rasa-mock'])
    console.log(`  RSS per idle websocket session <= 10 KB: ${f1(results.idle['rasa-mock'].perSessionKb)} KB`);
  if (opt('json')) fs.writeFileSync(opt('json'), JSON.stringify(results, null, 1));
  process.exit(0); // the servers are stopped on exit
})().catch((e) => { console.error(e); process.exit(1); });
