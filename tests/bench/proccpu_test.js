// Known-answer test of the server benchmark's CPU-per-operation figure (tests/bench/proccpu.js):
// the arithmetic on synthetic /proc/PID/stat lines, then the reading of a child process that burns a
// known amount of CPU time (measured by the child itself with getrusage) — the two must agree.
'use strict';
const assert = require('assert');
const { spawn } = require('child_process');
const { clkTck, parseCpuTicks, cpuSeconds, cpuPerOpUs } = require('./proccpu');

let failed = 0;
function check(name, fn) {
  return Promise.resolve().then(fn).then(
    () => console.log(`ok - ${name}`),
    (e) => { failed++; console.log(`not ok - ${name}: ${e.message}`); });
}

// A real line's shape: pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt
// utime stime cutime cstime ...
const line = (comm, utime, stime) =>
  `4242 (${comm}) S 1 4242 4242 0 -1 4194560 1500 0 3 0 ${utime} ${stime} 77 88 20 0 3 0 12345 `
  + '123456789 4321 18446744073709551615 1 1 0 0 0 0 0 4096 0 0 0 0 17 1 0 0 0 0 0';

(async () => {
  await check('utime + stime of a plain line', () => assert.strictEqual(parseCpuTicks(line('rasa-mock', 250, 130)), 380));
  await check('a command name with spaces and parentheses does not shift the fields', () =>
    assert.strictEqual(parseCpuTicks(line('a) b (c) 9 9', 7, 5)), 12));
  await check('children\'s times (cutime, cstime) are not counted', () =>
    assert.strictEqual(parseCpuTicks(line('x', 0, 0)), 0));
  await check('a line that is not a stat line is an error, not a figure', () =>
    assert.throws(() => parseCpuTicks('garbage'), /not a \/proc/));
  await check('per operation: 150 ticks at 100/s over 30,000 operations is 50 µs', () =>
    assert.strictEqual(cpuPerOpUs(1000, 1150, 30000, 100), 50));
  await check('no operations gives no figure', () => assert.ok(Number.isNaN(cpuPerOpUs(0, 10, 0, 100))));

  await check('a child burning 0.5 s of CPU is read as 0.5 s from /proc (within a tick and 5 %)', async () => {
    // The child spins until getrusage says it used 500 ms more, whatever the machine's load, and
    // prints its own before/after figures; we read /proc at the same two moments.
    const child = spawn(process.execPath, ['-e', `
      const rl = require('readline').createInterface({ input: process.stdin });
      const used = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };
      console.log('ready ' + used());
      rl.once('line', () => {
        const start = used();
        while (used() - start < 0.5) {}
        console.log('done ' + used());
        rl.once('line', () => process.exit(0));
      });`], { stdio: ['pipe', 'pipe', 'inherit'] });
    let buf = '';
    const nextLine = () => new Promise((resolve) => {
      const take = () => {
        const i = buf.indexOf('\n');
        if (i < 0) return child.stdout.once('data', (d) => { buf += d; take(); });
        const l = buf.slice(0, i);
        buf = buf.slice(i + 1);
        resolve(l);
      };
      take();
    });
    const ready = await nextLine();
    const procBefore = cpuSeconds(child.pid);
    child.stdin.write('go\n');
    const done = await nextLine();
    const procAfter = cpuSeconds(child.pid);
    child.stdin.write('bye\n');
    const self = Number(done.split(' ')[1]) - Number(ready.split(' ')[1]);
    const fromProc = procAfter - procBefore;
    // /proc counts whole ticks; the child's own figure is in microseconds. Its readline wake-ups between
    // the readings cost a little more than the spin itself, so the tolerance is one tick each side + 5 %.
    const tolerance = 2 / clkTck() + 0.05 * self;
    assert.ok(self >= 0.5, `the child reports ${self} s`);
    assert.ok(Math.abs(fromProc - self) <= tolerance,
      `/proc says ${fromProc.toFixed(3)} s, the child says ${self.toFixed(3)} s (tolerance ${tolerance.toFixed(3)} s)`);
    await new Promise((r) => child.once('exit', r));
  });

  console.log(`${7 - failed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
})();
