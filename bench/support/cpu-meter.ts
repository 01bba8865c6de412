// Where a bench phase's CPU went, read from Linux /proc (clock ticks, 100 per second): this
// process's main thread, the rest of this process, PostgreSQL and the Temporal dev server. On a
// shared 2-core machine these per-request figures are steadier than throughput, and they say
// which component a goal is waiting on. Given the bench stack's scope (bench-stack.ts), only the
// bench's own Temporal dev server and the PostgreSQL backends connected to its database count:
// other suites' servers and databases on the same machine do not. Every figure is NaN where
// /proc is missing.
import { readdirSync, readFileSync } from 'node:fs'
import { availableParallelism, loadavg } from 'node:os'

const TICK_MS = 10

/** utime + stime of one /proc stat line, in ms. */
const statCpuMs = (stat: string) => {
  const fields = stat.slice(stat.lastIndexOf(') ') + 2).split(' ')
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS
}
const read = (path: string) => {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return null
  }
}

/** CPU ms of this process's main thread (its task id is the pid). */
const mainThreadCpuMs = () => {
  const s = read(`/proc/self/task/${process.pid}/stat`)
  return s ? statCpuMs(s) : NaN
}
/** CPU ms of this whole process (every thread). */
const processCpuMs = () => {
  const s = read('/proc/self/stat')
  return s ? statCpuMs(s) : NaN
}

type Proc = { comm: string; ppid: number; cpuMs: number }

/** Every process whose command name is one of `names`, by pid; null without /proc. */
function processesNamed(names: string[]): Map<number, Proc> | null {
  let pids: string[]
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d))
  } catch {
    return null
  }
  const out = new Map<number, Proc>()
  for (const pid of pids) {
    const stat = read(`/proc/${pid}/stat`)
    if (!stat) continue // exited meanwhile
    const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'))
    if (!names.includes(comm)) continue
    const ppid = Number(stat.slice(stat.lastIndexOf(') ') + 2).split(' ')[1])
    out.set(Number(pid), { comm, ppid, cpuMs: statCpuMs(stat) })
  }
  return out
}

/** The pids of `ppid`'s children named `comm` (the Temporal server under its keeper process). */
export const childPidsNamed = (ppid: number, comm: string): number[] =>
  [...(processesNamed([comm]) ?? new Map<number, Proc>())]
    .filter(([, p]) => p.ppid === ppid)
    .map(([pid]) => pid)

/**
 * The processes that are the bench's own: its PostgreSQL backends (connections to its database)
 * and its Temporal dev server. Sets the stack keeps current while the bench runs; a backend that
 * appears during a phase counts from zero, one that exits during it loses what it spent.
 */
export type CpuScope = { postgres: ReadonlySet<number>; temporal: ReadonlySet<number> }

/**
 * CPU ms per command name, of the pids in scope when given, else of every process so named: what
 * each process alive at the end spent since the start (a pid new since then, from zero).
 */
function cpuMsOf(
  start: Map<number, Proc> | null,
  end: Map<number, Proc> | null,
  scope: CpuScope | undefined
): Record<'postgres' | 'temporal', number> {
  const totals = { postgres: 0, temporal: 0 }
  if (!start || !end) return { postgres: NaN, temporal: NaN }
  for (const [pid, p] of end) {
    const name = p.comm as 'postgres' | 'temporal'
    if (scope && !scope[name].has(pid)) continue
    const before = start.get(pid)
    totals[name] += p.cpuMs - (before && before.comm === p.comm ? before.cpuMs : 0)
  }
  return totals
}

/** The machine's busy and total jiffies (all cores) from /proc/stat. */
function machineJiffies(): { busy: number; total: number } {
  const line = read('/proc/stat')?.split('\n')[0]
  if (!line) return { busy: NaN, total: NaN }
  const n = line.trim().split(/\s+/).slice(1).map(Number)
  const total = n.reduce((a, b) => a + b, 0)
  return { busy: total - n[3]! - n[4]!, total }
}

export type CpuSpent = {
  /** This process's main thread (the server under test when it runs here). */
  mainMs: number
  /** This process's other threads: worker threads (load generators included), GC, native pools. */
  otherThreadsMs: number
  postgresMs: number
  temporalMs: number
  /** Share of all cores busy during the phase, 0..1. */
  machineBusy: number
}

/** Starts measuring; the returned function gives what was spent since (PostgreSQL and Temporal: of `scope` when given). */
export function startCpuMeter(scope?: CpuScope): () => CpuSpent {
  const main = mainThreadCpuMs(),
    all = processCpuMs(),
    others = processesNamed(['postgres', 'temporal']),
    machine = machineJiffies()
  return () => {
    const main2 = mainThreadCpuMs(),
      all2 = processCpuMs(),
      spent = cpuMsOf(others, processesNamed(['postgres', 'temporal']), scope),
      machine2 = machineJiffies()
    return {
      mainMs: main2 - main,
      otherThreadsMs: all2 - all - (main2 - main),
      postgresMs: spent.postgres,
      temporalMs: spent.temporal,
      machineBusy: (machine2.busy - machine.busy) / Math.max(1, machine2.total - machine.total),
    }
  }
}

/** `CPU ms/<unit>: name x.xx …` for the given per-unit parts. */
export const formatCpu = (unit: string, count: number, parts: Record<string, number>) =>
  `CPU ms/${unit}: ${Object.entries(parts)
    .map(([name, ms]) => `${name} ${(ms / Math.max(1, count)).toFixed(2)}`)
    .join(', ')}`

/** `machine: N cores, load a b c` (1-, 5- and 15-minute load averages): the context of every figure. */
export const machineLine = (when = 'machine') =>
  `${when}: ${availableParallelism()} cores, load ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`
