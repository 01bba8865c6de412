// The calling thread's own CPU time in ms (Linux /proc/thread-self; utime + stime at 100 ticks a
// second), NaN elsewhere. CommonJS so both kinds of bench load worker can use it: the eval'd one
// with require(), the module one with import.
const { readFileSync } = require('node:fs')

exports.threadCpuMs = function threadCpuMs() {
  try {
    const stat = readFileSync('/proc/thread-self/stat', 'utf8')
    const fields = stat.slice(stat.lastIndexOf(') ') + 2).split(' ')
    return (Number(fields[11]) + Number(fields[12])) * 10
  } catch {
    return NaN
  }
}
