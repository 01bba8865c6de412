// The console's board in Debian's chromium with BENCH_OPEN (default 2,000) open incidents: the time
// from navigation to the board showing every row ("N shown of N open"), cold and warm, beside a
// same-run baseline (a blank page from the same origin through the same browser), and the gzipped
// JavaScript the board route loads (index.html's entry script and its modulepreloads; the incident
// page is a lazy chunk). Goals (issue #20): first render under 1.5 s, board JS under 250 kB gzipped.
// BENCH_QUICK=1: 500 open incidents, 2 warm runs.
import { existsSync, readFileSync } from 'node:fs'
import { availableParallelism, loadavg } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { CHROMIUM, launchChromiumProfile } from '../../infra/src/testing/chromium.ts'
import { percentile, projectRoot, startBenchStack } from '../support/bench-stack.ts'
import { startBenchGateway } from '../support/bench-gateway.ts'
import { seedIncidents } from '../gateway/seed-incidents.ts'

const QUICK = process.env.BENCH_QUICK === '1'
const OPEN = Number(process.env.BENCH_OPEN ?? (QUICK ? 500 : 2000))
const RUNS = Number(process.env.BENCH_RUNS ?? (QUICK ? 2 : 5))
const DIST = join(projectRoot, 'services/console/dist')

if (!existsSync(CHROMIUM)) {
  console.log(`skipped: ${CHROMIUM} is missing (apt-get install -y chromium)`)
  process.exit(0)
}
// `npm run bench` builds the console first when its sources are newer than its build.
if (!existsSync(join(DIST, 'index.html'))) {
  console.error('the console is not built: npm run build -w @baton/console')
  process.exit(1)
}

/** The board route's JavaScript: the entry script and the modules index.html preloads, gzipped one by one as served. */
function boardRouteJs() {
  const html = readFileSync(join(DIST, 'index.html'), 'utf8')
  const files = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.js)"/g)].map((m) => m[1]!)
  const sizes = files.map((f) => {
    const body = readFileSync(join(DIST, f))
    return { file: f, raw: body.length, gzip: gzipSync(body).length }
  })
  return {
    files: sizes,
    raw: sizes.reduce((a, s) => a + s.raw, 0),
    gzip: sizes.reduce((a, s) => a + s.gzip, 0),
  }
}

const stack = await startBenchStack({ scale: 1 })
try {
  // Seeded rows: one in ten resolved, so this many leaves OPEN open ones.
  await seedIncidents(stack.db, {
    incidents: Math.ceil(OPEN / 0.9),
    ledgerPerIncident: 3,
    log: () => {},
  })
  const open = (
    await stack.db
      .sql`select count(*)::int as n from incidents where status in ('OPEN', 'ACKNOWLEDGED', 'WAITING')`
  )[0]!.n as number
  const gw = await startBenchGateway(stack, { role: 'VIEWER' })
  const browser = await launchChromiumProfile({ width: 1440, height: 900 }, 'baton-bench-chromium-')
  const { context } = browser
  try {
    const signedIn = await context.request.post(`${gw.origin}/auth/session`, {
      data: { token: gw.token },
      headers: { origin: gw.origin },
    })
    if (signedIn.status() !== 200) throw new Error(`sign-in answered ${signedIn.status()}`)
    await context.route(`${gw.origin}/bench-blank`, (r) =>
      r.fulfill({
        contentType: 'text/html',
        body: '<!doctype html><title>blank</title><p>blank</p>',
      })
    )

    /** ms from navigation start until `done(arg)` holds in the page, read from the page's own clock (functions, not strings: the CSP forbids eval). */
    const timeTo = async (path: string, done: (arg: number) => boolean, arg: number) => {
      const page = await context.newPage()
      await page.goto(`${gw.origin}${path}`, { waitUntil: 'commit' })
      await page.waitForFunction(done, arg, { timeout: 60_000, polling: 'raf' })
      const ms = await page.evaluate(() => performance.now())
      await page.close()
      return ms
    }
    const boardDone = (want: number) => {
      const m = (document.getElementById('board-count')?.textContent ?? '').match(
        /^(\d+) shown of (\d+) open/
      )
      return !!m && Number(m[1]) >= want
    }
    const blankDone = (_: number) =>
      document.readyState === 'complete' && !!document.querySelector('p')

    const coldBoard = await timeTo('/', boardDone, open)
    const board: number[] = []
    const blank: number[] = []
    for (let i = 0; i < RUNS; i++) {
      blank.push(await timeTo('/bench-blank', blankDone, 0))
      board.push(await timeTo('/', boardDone, open))
    }
    const js = boardRouteJs()
    const f = (ms: number) => `${Math.round(ms)} ms`
    console.log(
      `board with ${open} open incidents ("first render": navigation until the board lists every one), 1-min load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores, chromium ${(await context.browser()?.version()) ?? ''} at 1440x900 (${RUNS} warm runs):`
    )
    console.log(`  first render, cold cache:         ${f(coldBoard)}`)
    const met = (ok: boolean) => (ok ? 'met' : 'NOT met')
    console.log(
      `  first render, warm: median ${f(percentile(board, 50))}, max ${f(Math.max(...board))}   (goal < 1500 ms: ${met(percentile(board, 50) < 1500)})`
    )
    console.log(`  baseline, blank page same origin: median ${f(percentile(blank, 50))}`)
    console.log(
      `  board route JS: ${(js.gzip / 1024).toFixed(1)} kB gzipped (${(js.raw / 1024).toFixed(1)} kB raw) in ${js.files.length} file(s)   (goal < 250 kB gzipped: ${met(js.gzip < 250 * 1024)})`
    )
    for (const s of js.files) console.log(`    ${s.file}: ${(s.gzip / 1024).toFixed(1)} kB gzipped`)
  } finally {
    await browser.close()
    await gw.close()
  }
} finally {
  await stack.close()
}
