// A process's CPU time from /proc/PID/stat, for the server benchmark's "CPU per operation" figure.
// Pure functions plus one reader, so that tests/bench/proccpu_test.js can check the arithmetic on
// synthetic lines and the reading against a process that burns a known amount of CPU.
'use strict';
const fs = require('fs');
const { execFileSync } = require('child_process');

let clockTicks;
// sysconf(_SC_CLK_TCK): the unit of utime and stime (100 on Linux, but asked, not assumed).
function clkTck() {
  if (clockTicks === undefined) clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
  return clockTicks;
}

// utime + stime (fields 14 and 15, every thread of the process) in clock ticks. The command name
// (field 2) is in parentheses and may itself hold spaces and ')', so fields are counted from the last ')'.
function parseCpuTicks(statLine) {
  const end = statLine.lastIndexOf(')');
  if (end < 0) throw new Error(`not a /proc/PID/stat line: ${statLine.slice(0, 80)}`);
  // After ')': field 3 (state) is index 0, so field N is index N - 3.
  const rest = statLine.slice(end + 2).split(' ');
  const utime = Number(rest[14 - 3]);
  const stime = Number(rest[15 - 3]);
  if (!Number.isInteger(utime) || !Number.isInteger(stime)) throw new Error(`bad utime/stime in: ${statLine.slice(0, 80)}`);
  return utime + stime;
}

function cpuSeconds(pid) {
  return parseCpuTicks(fs.readFileSync(`/proc/${pid}/stat`, 'utf8')) / clkTck();
}

// CPU time per operation in microseconds, from two readings (ticks) over a window with `ops` operations.
function cpuPerOpUs(ticksBefore, ticksAfter, ops, ticksPerSecond) {
  if (ops <= 0) return NaN;
  return ((ticksAfter - ticksBefore) / ticksPerSecond) * 1e6 / ops;
}

function rssKb(pid) {
  const m = fs.readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/);
  if (!m) throw new Error(`no VmRSS for ${pid}`);
  return Number(m[1]);
}

module.exports = { clkTck, parseCpuTicks, cpuSeconds, cpuPerOpUs, rssKb };
