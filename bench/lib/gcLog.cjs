/*
 * Preloaded into a backend by a benchmark (NODE_OPTIONS="--require
 * bench/lib/gcLog.cjs", BENCH_GC_LOG=<file>): each garbage collection of
 * the process, as it ends, is appended to the file as a line
 * "<start, epoch ms> <kind> <pause ms>", kind minor, major, incremental or
 * weakcb (perf_hooks' gc entries). A process without BENCH_GC_LOG (yarn,
 * a child of the backend) is left alone. Nothing else runs: no timer, so the
 * log does not change what it records.
 */
const file = process.env.BENCH_GC_LOG;
if (file) {
  // only the process it was meant for, not its children
  delete process.env.BENCH_GC_LOG;
  const fs = require('node:fs');
  const { PerformanceObserver, constants } = require('node:perf_hooks');
  const KINDS = {
    [constants.NODE_PERFORMANCE_GC_MINOR]: 'minor',
    [constants.NODE_PERFORMANCE_GC_MAJOR]: 'major',
    [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
    [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weakcb',
  };
  const fd = fs.openSync(file, 'a');
  new PerformanceObserver(list => {
    let lines = '';
    for (const entry of list.getEntries()) {
      const start = Math.round(performance.timeOrigin + entry.startTime);
      lines += `${start} ${
        KINDS[entry.detail.kind] ?? entry.detail.kind
      } ${entry.duration.toFixed(2)}\n`;
    }
    fs.writeSync(fd, lines);
  }).observe({ entryTypes: ['gc'] });
}
