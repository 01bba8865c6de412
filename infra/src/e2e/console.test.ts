import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BrowserContext, Page } from 'playwright-core'
import { createApiToken } from '@baton/db'
import type { ServedGateway } from '@baton/gateway'
import type { VendorSimulator } from '@baton/adapters/simulator'
import type { Harness } from '../testing/e2e-harness.ts'
import {
  CHROMIUM,
  launchChromiumProfile,
  guardLoopback,
  startConsoleHarness,
  haveChromium,
  requireBrowser,
  SCREENSHOTS as OUT,
  shootAndCheck,
  warnIfNoBrowser,
  type Watch,
} from '../testing/console-browser.ts'
import { startLoopbackStack, type LoopbackStack } from '../testing/loopback-stack.ts'
import { advance, commandAt, NY, outageP1, outageP2 } from '../testing/scenario-clock.ts'

// The web console in Debian's chromium against the real stack on loopback: gateway (serving the
// built console), adapters (vendor webhooks), an incident worker, Temporal and PostgreSQL. The
// docs/scenario.md outage runs on frozen simulated clocks that the test moves instant by instant. Neither
// the gateway nor the browser is told the scenario's date: the machine's own date is months after
// the outage, and the board and incident pages must read each incident at its own clock's instant
// (Incident.asOf), as they do for `npm start -- --play-outage`.
warnIfNoBrowser('console e2e test')

let h: Harness
let stack: LoopbackStack
let gw: ServedGateway
let sim: VendorSimulator
let chromium: Awaited<ReturnType<typeof launchChromiumProfile>>
let context: BrowserContext
let page: Page
let watch: Watch
let adminToken = ''

beforeAll(async () => {
  if (!haveChromium) return
  h = await startConsoleHarness(20_000)
  adminToken = (await createApiToken(h.t.db, { name: 'Duty manager', role: 'ADMIN' })).token
  stack = await startLoopbackStack(h)
  ;({ gw, sim } = stack)
  chromium = await launchChromiumProfile({ width: 1440, height: 900 })
  context = chromium.context
  // Nothing leaves the machine: every request is recorded, and any not for 127.0.0.1 is refused.
  watch = await guardLoopback(context)
  page = watch.page(context.pages()[0] ?? (await context.newPage()))
}, 120_000)

afterAll(async () => {
  await chromium?.close()
  await stack?.close()
  await h?.close()
})

type Declared = Awaited<ReturnType<Harness['declare']>>
/** A vendor's webhook, signed in its own dialect, through the adapters; resolves once its bond and the ledger entry `recorded` (if named) exist. */
async function webhook(
  inc: Declared,
  vendor: string,
  action: { type: string; vendorRef: string } & Record<string, unknown>,
  recorded?: string
) {
  const before = recorded ? await ledgerCount(inc, recorded) : 0
  const result = await sim.send(vendor, { ...action, incidentId: inc.id } as never)
  expect(result.status, `${vendor} webhook`).toBeLessThan(300)
  await expect
    .poll(
      async () =>
        (
          await h.t
            .sql`select 1 from bonds where incident_id = ${inc.id} and vendor_ref = ${action.vendorRef}`
        ).length,
      { timeout: 15_000 }
    )
    .toBe(1)
  if (recorded)
    await expect.poll(() => ledgerCount(inc, recorded), { timeout: 15_000 }).toBeGreaterThan(before)
}
const ledgerCount = async (inc: Declared, type: string) =>
  (
    await h.t
      .sql`select count(*)::int as n from ledger_entries where incident_id = ${inc.id} and type = ${type}`
  )[0]!.n as number

const shoot = (name: string) => shootAndCheck(page, name)

const board = () => page.getByRole('table', { name: 'Open incidents across all vendors' })
const boardRow = (key: string) =>
  board()
    .getByRole('row')
    .filter({ has: page.getByRole('link', { name: key, exact: true }) })
const cell = (key: string, label: string) => boardRow(key).locator(`[data-label="${label}"]`)
const text = async (key: string, label: string) =>
  (
    (await cell(key, label)
      .textContent({ timeout: 2000 })
      .catch(() => '')) ?? ''
  )
    .replace(/\s+/g, ' ')
    .trim()
const section = (title: string) =>
  page.locator('section', { has: page.locator(`h2:text-is("${title}")`) })
const sectionText = async (title: string) =>
  (
    (await section(title)
      .textContent({ timeout: 2000 })
      .catch(() => '')) ?? ''
  ).replace(/\s+/g, ' ')
/** Rows of the incident page's clock table in state BREACHED, as "agreement → attributed to". */
const breachedClocks = async () =>
  (
    await section('Clocks')
      .getByRole('row')
      .filter({ has: page.locator('[data-state="BREACHED"]') })
      .allTextContents()
  ).map((t) => t.replace(/\s+/g, ' '))

async function openBoard() {
  await page.goto(`${gw.url}/`)
  await board().waitFor({ timeout: 15_000 })
}
async function openIncident(key: string) {
  await boardRow(key).getByRole('link', { name: key, exact: true }).click()
  await page.locator('h1', { hasText: key }).waitFor({ timeout: 15_000 })
}

describe('the operations console in chromium', () => {
  it.runIf(requireBrowser && !haveChromium)('has a browser to run in', () => {
    expect.fail(`BATON_REQUIRE_BROWSER=1 but ${CHROMIUM} is missing: apt-get install -y chromium`)
  })

  it.runIf(haveChromium)(
    'signs in, follows the docs/scenario.md outage live on the board and INC pages, stays on 127.0.0.1, accessible, at desk and phone widths',
    async () => {
      // Sign in with the token; the token is not kept anywhere in the browser.
      await page.goto(`${gw.url}/`)
      await page.getByLabel('API token').waitFor({ timeout: 15_000 })
      await shoot('signin-1440x900')
      await page.setViewportSize({ width: 390, height: 844 })
      await shoot('signin-390x844')
      await page.setViewportSize({ width: 1440, height: 900 })
      await page.getByLabel('API token').fill(adminToken)
      await page.getByRole('button', { name: 'Sign in' }).click()
      await board().waitFor({ timeout: 15_000 })
      const stored = await page.evaluate(
        () =>
          JSON.stringify({ ...localStorage }) +
          JSON.stringify({ ...sessionStorage }) +
          location.href +
          document.cookie
      )
      expect(stored).not.toContain(adminToken)
      expect((await context.cookies()).find((c) => c.name === 'baton_session')).toMatchObject({
        httpOnly: true,
        sameSite: 'Strict',
      })

      // Fri 15:00 New York: Northwind declares the P1, Sentinel's SOC reports it (SEN-5521) and acknowledges; 15:20 it offers Stratus.
      const p1 = await h.declare(outageP1('console-outage-p1'))
      await webhook(p1, 'sentinel', {
        type: 'incident.opened',
        vendorRef: 'SEN-5521',
        title: 'Credential stuffing against checkout',
        priority: 'P1',
      })
      await commandAt(p1, NY('15:04'), { type: 'acknowledged', party: 'sentinel' })
      const containment = await commandAt(p1, NY('15:20'), {
        type: 'handoff_offered',
        handoffId: '',
        from: 'sentinel',
        to: 'stratus',
        reason: 'block ranges at the WAF, isolate two hosts',
      })
      await advance(p1, NY('15:25'))

      // Instant 1 (15:25): Sentinel holds it, the offer to Stratus runs its acceptance countdown, nothing breached.
      await expect
        .poll(() => text(p1.key, 'Hand-off offer'), { timeout: 15_000 })
        .toContain('Sentinel SecOps → Stratus Cloud')
      expect(await text(p1.key, 'Holder')).toContain('Sentinel SecOps')
      // The desk working it (the P1 desk, round the clock) and its local time at the incident's instant.
      expect(await text(p1.key, 'Holder')).toMatch(/SOC Pune.*Sat 01:\d\d.*Open/)
      expect(await text(p1.key, 'Service')).toBe('Online Checkout')
      expect(await text(p1.key, 'Waiting on')).toBe('—')
      expect(await text(p1.key, 'Vendors')).toContain('SEN-5521')
      // Live rows carry clocks and handoffs as of their own event: Sentinel's response was met, the
      // acceptance runs (the offer's clock names its handoff even when the workflow's state held
      // the offer one ledger entry before the handoff's row was written).
      await expect
        .poll(() => text(p1.key, 'Hand-off offer'), { timeout: 15_000 })
        .toMatch(/accept in \d+m/i)
      expect(await text(p1.key, 'Next deadline')).not.toMatch(/breached/i)
      await shoot('1-board-1440x900')
      await openIncident(p1.key)
      await expect
        .poll(() => sectionText('Escalations'), { timeout: 15_000 })
        .toContain('Stratus duty engineer')
      expect(await sectionText('Escalations')).toContain('SOC shift lead')
      await expect.poll(() => sectionText('Clocks'), { timeout: 15_000 }).toContain('Met')
      expect(await breachedClocks()).toEqual([])
      await shoot('1-incident-1440x900')

      // 15:30 the linked P2 for Bayside; 15:41 Stratus accepts (containment OLA breached at 15:35).
      await advance(p1, NY('15:30'))
      const p2 = await h.declare(outageP2('console-outage-p2', p1.key))
      await commandAt(p1, NY('15:41'), {
        type: 'handoff_accepted',
        handoffId: containment.handoffId!,
        party: 'stratus',
      })

      // 15:50 Bayside acknowledges the P2 through its ServiceNow-style webhook: it shows on the open board, no reload.
      await openBoard()
      await expect
        .poll(() => text(p2.key, 'Holder'), { timeout: 15_000 })
        .toContain('Bayside Helpdesk')
      await page.evaluate(() => {
        ;(window as unknown as { batonNoReload: boolean }).batonNoReload = true
      })
      await advance(p2, NY('15:50'))
      await webhook(
        p2,
        'bayside',
        { type: 'incident.acknowledged', vendorRef: 'INC0012345' },
        'acknowledged'
      )
      await expect.poll(() => text(p2.key, 'Vendors'), { timeout: 5_000 }).toContain('INC0012345')
      await expect.poll(() => text(p2.key, 'Incident'), { timeout: 5_000 }).toMatch(/acknowledged/i)
      expect(
        await page.evaluate(() => (window as unknown as { batonNoReload?: boolean }).batonNoReload)
      ).toBe(true)

      // 16:30 Stratus offers Vistula; 16:45 not accepted: duty manager paged, hand-off OLA breached (Vistula).
      const defect = await commandAt(p1, NY('16:30'), {
        type: 'handoff_offered',
        handoffId: '',
        from: 'stratus',
        to: 'vistula',
        reason: 'checkout defect allows account enumeration',
      })
      await advance(p1, NY('16:50'))

      // Instant 2 (16:50): Stratus holds it, its offer to Vistula is unanswered, three clocks breached
      // (Stratus's response and containment acceptance at 15:35, Vistula's hand-off acceptance at 16:45).
      await expect
        .poll(() => text(p1.key, 'Hand-off offer'), { timeout: 15_000 })
        .toContain('Stratus Cloud → Vistula Software')
      expect(await text(p1.key, 'Holder')).toContain('Stratus Cloud')
      expect(await text(p1.key, 'Waiting on')).toBe('—')
      await shoot('2-board-1440x900')
      await openIncident(p1.key)
      await expect
        .poll(() => sectionText('Escalations'), { timeout: 15_000 })
        .toContain('Duty manager')
      await expect.poll(async () => (await breachedClocks()).length, { timeout: 15_000 }).toBe(3)
      // The offer's acceptance window ended at 16:45, yet Vistula may still answer: the swimlane
      // draws it open (awaiting an answer) with the window's end marked, not expired at 16:30.
      expect(await section('Custody').locator('svg title').allTextContents()).toContain(
        'Hand-off Offered, awaiting answer; acceptance window ended 21:45 UTC unanswered'
      )
      const attributed = (await breachedClocks()).join(' | ')
      expect(attributed).toMatch(/Stratus hosting.*Stratus Cloud/i)
      expect(attributed).toMatch(/Hand-off acceptance.*Vistula Software/i)
      await shoot('2-incident-1440x900')

      // 16:55 Vistula rejects; 17:05 Stratus offers again (ping-pong: the major incident manager is paged); 17:12 Vistula accepts.
      await commandAt(p1, NY('16:55'), {
        type: 'handoff_rejected',
        handoffId: defect.handoffId!,
        party: 'vistula',
        reason: 'WAF misconfiguration, not an application defect',
      })
      const again = await commandAt(p1, NY('17:05'), {
        type: 'handoff_offered',
        handoffId: '',
        from: 'stratus',
        to: 'vistula',
        reason: 'evidence: enumeration via /api/login',
        reasonCode: 'NEW_EVIDENCE',
      })
      await commandAt(p1, NY('17:12'), {
        type: 'handoff_accepted',
        handoffId: again.handoffId!,
        party: 'vistula',
      })
      // 19:00 the end-to-end SLA breaches while Vistula holds it; at 19:02 Vistula waits on Stratus for the WAF logs.
      await commandAt(p1, NY('19:02'), {
        type: 'waiting',
        party: 'vistula',
        on: 'stratus',
        reason: 'WAF logs for the enumeration window',
      })
      await advance(p1, NY('19:05'))

      // Instant 3 (19:05): Vistula holds it, waiting on Stratus, no open offer, four clocks breached; the MIM was paged.
      await openBoard()
      await expect
        .poll(() => text(p1.key, 'Waiting on'), { timeout: 15_000 })
        .toContain('Stratus Cloud')
      expect(await text(p1.key, 'Holder')).toContain('Vistula Software')
      expect(await text(p1.key, 'Hand-off offer')).toBe('—')
      await shoot('3-board-1440x900')
      await page.setViewportSize({ width: 390, height: 844 })
      await shoot('3-board-390x844')
      // Each card's key and status word stay inside the card (a card clips what overflows it).
      expect(
        await page.locator('[role=row] [data-label=Incident]').evaluateAll((cells) =>
          cells
            .filter((cell) => {
              const card = cell.closest('[role=row]')!.getBoundingClientRect()
              return [...cell.querySelectorAll('a, span')].some(
                (e) => e.getBoundingClientRect().right > card.right + 0.5
              )
            })
            .map((cell) => cell.textContent)
        )
      ).toEqual([])
      // The major-incident strip folds to its head at phone width: the first card shows on screen.
      expect(
        await page.getByRole('button', { name: /show parties/i }).getAttribute('aria-expanded')
      ).toBe('false')
      expect(
        await boardRow(p1.key).evaluate((r) => r.getBoundingClientRect().top < window.innerHeight)
      ).toBe(true)
      await page.setViewportSize({ width: 1440, height: 900 })
      await openIncident(p1.key)
      await expect
        .poll(() => sectionText('Escalations'), { timeout: 15_000 })
        .toContain('Sam Okafor')
      await expect.poll(async () => (await breachedClocks()).length, { timeout: 15_000 }).toBe(4)
      expect((await breachedClocks()).join(' | ')).toMatch(
        /Checkout availability.*Vistula Software/i
      )
      await shoot('3-incident-1440x900')
      await page.setViewportSize({ width: 390, height: 844 })
      await shoot('3-incident-390x844')
      await page.screenshot({ path: join(OUT, '3-incident-390x844-full.png'), fullPage: true })
      // At phone width nothing scrolls sideways: the tables stack into cards, the lanes fit.
      expect(
        await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)
      ).toBe(true)
      await page.setViewportSize({ width: 1440, height: 900 })

      // The rest of the outage: resume, hand back at 00:30, resolve both, close on Monday: the P1 leaves the board.
      await commandAt(p1, NY('19:10'), { type: 'resumed', party: 'vistula' })
      const back = await commandAt(p1, NY('00:30', '2026-03-07'), {
        type: 'handoff_offered',
        handoffId: '',
        from: 'vistula',
        to: 'stratus',
        reason: 'fix shipped; lift the emergency WAF rules',
      })
      await commandAt(p1, NY('00:38', '2026-03-07'), {
        type: 'handoff_accepted',
        handoffId: back.handoffId!,
        party: 'stratus',
      })
      await commandAt(p2, NY('01:00', '2026-03-07'), {
        type: 'resolved',
        party: 'bayside',
        resolution: 'staff passwords reset',
      })
      await expect
        .poll(
          async () => (await h.t.sql`select status from incidents where id = ${p2.id}`)[0]!.status,
          { timeout: 15_000 }
        )
        .toBe('RESOLVED')
      await commandAt(p1, NY('01:10', '2026-03-07'), {
        type: 'resolved',
        party: 'stratus',
        resolution: 'WAF rules lifted, fix deployed',
      })
      await commandAt(p1, '2026-03-09T13:00:00.000Z', { type: 'closed', party: 'northwind' })
      await openBoard()
      await expect.poll(() => boardRow(p1.key).count(), { timeout: 15_000 }).toBe(0)

      // Nothing was fetched from anywhere but the gateway on 127.0.0.1, and the page logged no error.
      expect(watch.requested.length).toBeGreaterThan(5)
      expect(watch.offLoopback()).toEqual([])
      expect(watch.consoleErrors).toEqual([])
      // Every GraphQL request named its document's hash, one the gateway runs as trusted
      // (services/gateway/src/graphql/plugins/trusted-documents.ts).
      expect(watch.graphqlPosts.length).toBeGreaterThan(3)
      expect(watch.untrustedGraphql()).toEqual([])
    },
    240_000
  )
})
