import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { expect } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { CHROMIUM, haveChromium } from './chromium.ts'
import { createHarness, projectRoot, type Harness } from './e2e-harness.ts'

export {
  CHROMIUM,
  CHROMIUM_ARGS,
  haveChromium,
  launchChromium,
  launchChromiumProfile,
} from './chromium.ts'

// What the console's browser tests share: Debian's chromium (skipped, saying why, when it is
// missing; BATON_REQUIRE_BROWSER=1 makes that a failure), the built console, the screenshot
// folder, a guard that nothing leaves 127.0.0.1, and axe-core's verdict on a page.

export const requireBrowser = process.env.BATON_REQUIRE_BROWSER === '1'
export const CONSOLE_INDEX = join(projectRoot, 'services/console/dist/index.html')
export const SCREENSHOTS = join(projectRoot, 'test-results', 'console-e2e')

/** Warns (once per file) that the browser test is skipped and why. */
export function warnIfNoBrowser(what: string): void {
  if (!haveChromium)
    console.warn(
      `${what} skipped: ${CHROMIUM} is missing (apt-get install -y chromium; BATON_REQUIRE_BROWSER=1 makes this a failure)`
    )
}

/** Throws when the console has not been built (the gateway serves services/console/dist). */
export function assertConsoleBuilt(): void {
  if (!existsSync(CONSOLE_INDEX))
    throw new Error(
      `the console is not built (${CONSOLE_INDEX} missing): npm run build -w @baton/console (npm test does it)`
    )
}

/**
 * The stack of a console browser test, once the console is built: the demo world (integrations
 * without outbound URLs) in a test database, and a running incident worker. Incident keys (and so
 * workflow ids) start at a random number above `keyBase`, apart from other test files on the
 * shared Temporal, yet short enough to read in the screenshots (other files count up from
 * INC-1000 or start above 1e6).
 */
export async function startConsoleHarness(keyBase: number): Promise<Harness> {
  assertConsoleBuilt()
  mkdirSync(SCREENSHOTS, { recursive: true })
  const h = await createHarness({ scale: 1, withoutIntegrations: true })
  await h.t.sql`select setval('incident_key_seq', ${keyBase + Math.floor(Math.random() * 900_000)})`
  await h.startWorker()
  return h
}

/** What a browser context fetched and what its pages logged as errors. */
export interface Watch {
  requested: string[]
  consoleErrors: string[]
  /** Records a page's WebSockets and errors (pages of a guarded context). */
  page: (page: Page) => Page
  /** Each GraphQL POST the console made: its operation and the document hash it named. */
  graphqlPosts: { operationName?: string; hash?: string }[]
  /** Requests made to anything but the gateway on 127.0.0.1. */
  offLoopback: () => string[]
  /** GraphQL POSTs that named no hash, or one not in the built console's persisted documents (the gateway's trusted documents). */
  untrustedGraphql: () => { operationName?: string; hash?: string }[]
}

/** Records every request of the context and refuses any not for 127.0.0.1. */
export async function guardLoopback(context: BrowserContext): Promise<Watch> {
  const requested: string[] = []
  const consoleErrors: string[] = []
  const graphqlPosts: Watch['graphqlPosts'] = []
  await context.route('**/*', (route) => {
    const request = route.request()
    const url = request.url()
    requested.push(url)
    if (request.method() === 'POST' && new URL(url).pathname === '/graphql') {
      const body = request.postDataJSON() as {
        operationName?: string
        extensions?: { persistedQuery?: { sha256Hash?: string } }
      }
      graphqlPosts.push({
        ...(body.operationName ? { operationName: body.operationName } : {}),
        ...(body.extensions?.persistedQuery?.sha256Hash
          ? { hash: body.extensions.persistedQuery.sha256Hash }
          : {}),
      })
    }
    return url.startsWith('http://127.0.0.1:') ? route.continue() : route.abort()
  })
  return {
    requested,
    consoleErrors,
    graphqlPosts,
    untrustedGraphql() {
      const trusted = JSON.parse(
        readFileSync(join(projectRoot, 'services/console/dist/persisted-documents.json'), 'utf8')
      ) as Record<string, string>
      return graphqlPosts.filter((p) => !p.hash || !(`sha256:${p.hash}` in trusted))
    },
    page(page) {
      page.on('websocket', (ws) => requested.push(ws.url()))
      page.on('console', (m) => {
        if (m.type() === 'error') consoleErrors.push(`${m.text()} @ ${m.location().url}`)
      })
      page.on('pageerror', (e) => consoleErrors.push(`pageerror: ${e.message}`))
      return page
    },
    offLoopback: () => requested.filter((u) => !/^(http|ws):\/\/127\.0\.0\.1:\d+\//.test(u)),
  }
}

/** A new context of `browser` at `viewport`, guarded by guardLoopback, with one watched page. */
export async function openGuardedPage(
  browser: Browser,
  viewport: { width: number; height: number }
): Promise<{ context: BrowserContext; watch: Watch; page: Page }> {
  const context = await browser.newContext({ viewport })
  const watch = await guardLoopback(context)
  return { context, watch, page: watch.page(await context.newPage()) }
}

let axeSource: string | undefined

/** axe-core in the page (evaluated over the DevTools protocol, so the console's CSP stays as served): serious or critical violations. */
export async function accessibilityProblems(page: Page): Promise<string[]> {
  axeSource ??= readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')
  await page.evaluate(axeSource)
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run: (o: unknown) => Promise<{
            violations: {
              id: string
              impact: string
              help: string
              nodes: { target: string[] }[]
            }[]
          }>
        }
      }
    ).axe
    return (
      await axe.run({
        runOnly: {
          type: 'tag',
          values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'],
        },
      })
    ).violations
  })
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.impact} ${v.id}: ${v.help} (${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(' '))
          .join(', ')})`
    )
}

/** Saves a screenshot to test-results/console-e2e/<name>.png and checks the page with axe-core (soft). */
export async function shootAndCheck(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) })
  expect.soft(await accessibilityProblems(page), `axe on ${name}`).toEqual([])
}
