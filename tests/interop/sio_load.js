// Load: many npm socket.io-client sessions against one rasa-mock (echo bot), each sending a run of
// messages; every reply must reach the client that asked, complete and in order. Prints the figures
// and "N passed, M failed".
//
//   node sio_load.js --mock build/bin/rasa-mock --clients 200 --messages 50
'use strict';
const { spawn } = require('child_process');
const { io } = require('socket.io-client');

const argv = process.argv.slice(2);
const opt = (name, dflt) => { const i = argv.indexOf('--' + name); return i >= 0 ? argv[i + 1] : dflt; };
const MOCK = opt('mock');
const CLIENTS = Number(opt('clients', 200));
const MESSAGES = Number(opt('messages', 50));
const TRANSPORTS = opt('transports', 'websocket').split(',');

const mock = spawn(MOCK, ['--port', '0', '--quiet', '--bot', 'echo'], { stdio: ['ignore', 'pipe', 'inherit'] });
const deadline = setTimeout(() => finish('timed out'), 120000);
let finished = false;
function finish(error) {
  if (finished) return;
  finished = true;
  clearTimeout(deadline);
  mock.kill('SIGTERM');
  if (error) console.log('not ok - load: ' + error);
  console.log(error ? '0 passed, 1 failed' : '1 passed, 0 failed');
  process.exit(error ? 1 : 0);
}

let buf = '';
let started = false;
mock.stdout.on('data', (d) => {
  buf += d;
  const m = buf.match(/rasa-mock listening on (http:\/\/\S+)/);
  if (m && !started) { started = true; run(m[1]); }
});

function run(url) {
  const started = process.hrtime.bigint();
  let done = 0;
  let replies = 0;
  for (let c = 0; c < CLIENTS; c++) {
    const s = io(url, { transports: TRANSPORTS, reconnection: false, forceNew: true });
    let expected = 0;
    s.on('bot_uttered', (payload) => {
      const want = `you said: c${c}-m${expected}`;
      if (payload.text !== want) return finish(`client ${c} got ${JSON.stringify(payload)}, expected "${want}"`);
      replies++;
      if (++expected === MESSAGES) {
        s.close();
        if (++done === CLIENTS) {
          const seconds = Number(process.hrtime.bigint() - started) / 1e9;
          console.log(`ok - load: ${CLIENTS} clients x ${MESSAGES} messages over ${TRANSPORTS.join('+')}: `
            + `${replies} replies, all at the right client, in order, in ${seconds.toFixed(2)} s `
            + `(${Math.round(replies / seconds)} replies/s)`);
          finish(null);
        }
      }
    });
    s.on('connect_error', (e) => finish(`client ${c}: connect_error ${e.message}`));
    s.on('disconnect', (reason) => { if (expected < MESSAGES) finish(`client ${c} disconnected: ${reason}`); });
    s.on('connect', () => { for (let m = 0; m < MESSAGES; m++) s.emit('user_uttered', { message: `c${c}-m${m}` }); });
  }
}
