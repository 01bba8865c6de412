import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { createApiToken, gatherMonthlyPack, storeReviewPack } from '@baton/db'
import { renderMonthlyPack } from '@baton/domain'
import type { VendorSimulator } from '@baton/adapters/simulator'
import type { ServedGateway } from '@baton/gateway'
import { commandUpdate, type IncidentCommand } from '@baton/temporal'
import { partyIds, type Harness } from '../testing/e2e-harness.ts'
import {
  CHROMIUM,
  openGuardedPage,
  haveChromium,
  launchChromium,
  requireBrowser,
  shootAndCheck as shoot,
  startConsoleHarness,
  warnIfNoBrowser,
  type Watch,
} from '../testing/console-browser.ts'
import { startLoopbackStack, type LoopbackStack } from '../testing/loopback-stack.ts'
import { commandAt } from '../testing/scenario-clock.ts'

// The retained team's governance pages in Debian's chromium against the real stack on loopback
// (gateway serving the built console, adapters, an incident worker, Temporal, PostgreSQL): the
// Vendors page against the GraphQL scorecard of a settled March 2026 incident, its review pack,
// a dead letter replayed from the browser, and delivery paused and resumed.
warnIfNoBrowser('console governance e2e test')

let h: Harness
let stack: LoopbackStack
let gw: ServedGateway
let sim: VendorSimulator
let browser: Browser
let watch: Watch
let page: Page
let adminToken = ''
let ids: Record<string, string> = {}

beforeAll(async () => {
  if (!haveChromium) return
  h = await startConsoleHarness(40_000)
  ids = await partyIds(h)
  adminToken = (await createApiToken(h.t.db, { name: 'Service manager', role: 'ADMIN' })).token
  stack = await startLoopbackStack(h)
  ;({ gw, sim } = stack)
  browser = await launchChromium()
  ;({ watch, page } = await openGuardedPage(browser, { width: 1280, height: 800 }))
}, 120_000)

afterAll(async () => {
  await browser?.close()
  await stack?.close()
  await h?.close()
})

/** True when nothing on the page scrolls sideways. */
const fitsWidth = (p: Page) =>
  p.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)

async function gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const res = await fetch(`${gw.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
    body: JSON.stringify({ query, variables }),
  })
  const body = (await res.json()) as { data?: T; errors?: unknown[] }
  expect(body.errors, query).toBeUndefined()
  return body.data!
}
const squash = (s: string | null) => (s ?? '').replace(/\s+/g, ' ').trim()
/** A figure of a vendor's card as the page shows it. */
const figure = async (vendor: string, label: string) =>
  squash(
    await page
      .locator(`section[data-vendor="${vendor}"] dd[data-figure="${label}"]`)
      .textContent({ timeout: 15_000 })
  )
/** The number a figure's text shows (`USD 2,400.00` -> 2400, `66.7 %` -> 66.7); null for `—`. */
const numberIn = (text: string) => {
  const m = /-?[\d,]+(\.\d+)?/.exec(text)
  return m ? Number(m[0].replace(/,/g, '')) : null
}
const ledgerCount = async (incidentId: string, type: string) =>
  (
    await h.t
      .sql`select count(*)::int as n from ledger_entries where incident_id = ${incidentId} and type = ${type}`
  )[0]!.n as number

type Card = {
  mtta: string | null
  mttr: string | null
  slaAttainment: number | null
  ucAttainment: number | null
  olaAttainment: number | null
  breaches: number
  creditsAccrued: number
  creditsEarnedBack: number
  creditsTotal: number
  currency: string | null
}

describe('the governance pages in chromium', () => {
  it.runIf(requireBrowser && !haveChromium)('has a browser to run in', () => {
    expect.fail(`BATON_REQUIRE_BROWSER=1 but ${CHROMIUM} is missing: apt-get install -y chromium`)
  })

  it.runIf(haveChromium)(
    "shows each vendor's March scorecard as GraphQL has it, its review pack, replays a dead letter once, pauses and resumes delivery; accessible at desk and phone widths",
    async () => {
      // Fri 6 March 2026, 15:00 New York: a P1 for Stratus, acknowledged at 15:25 (its 15-minute
      // response UC breached at 15:15), resolved 16:40 and closed: settled, Stratus owes 2 % of its fee.
      const p1 = await h.declare({
        clientKey: 'governance-p1',
        title: 'Checkout API 502s',
        priority: 'P1',
        holder: 'stratus',
        openedAt: '2026-03-06T20:00:00.000Z',
        clock: { origin: '2026-03-06T20:00:00.000Z', speed: 0.001, advancedMs: 0 },
      })
      await commandAt(p1, '2026-03-06T20:25:00.000Z', { type: 'acknowledged', party: 'stratus' })
      await commandAt(p1, '2026-03-06T21:40:00.000Z', {
        type: 'resolved',
        party: 'stratus',
        resolution: 'load balancer pool restored',
      })
      await commandAt(p1, '2026-03-06T22:00:00.000Z', { type: 'closed', party: 'northwind' })
      await expect
        .poll(
          async () =>
            (await h.t.sql`select 1 from incident_settlements where incident_id = ${p1.id}`).length,
          { timeout: 30_000 }
        )
        .toBe(1)
      // The monthly pack for Stratus, rendered and stored as the review-pack workflow does on 1 April.
      await storeReviewPack(
        h.t.db,
        renderMonthlyPack(
          await gatherMonthlyPack(h.t.db, 'stratus', '2026-03', new Date('2026-04-01T06:00:00Z'))
        )
      )

      // Sign in as the retained team and open March 2026 on the Vendors page.
      await page.goto(`${gw.url}/`)
      await page.getByLabel('API token').fill(adminToken)
      await page.getByRole('button', { name: 'Sign in' }).click()
      await page.getByRole('navigation', { name: 'Main' }).waitFor({ timeout: 15_000 })
      await page.getByRole('link', { name: 'Vendors', exact: true }).click()
      await page.getByRole('heading', { name: 'Vendors', level: 1 }).waitFor()
      await page.goto(`${gw.url}/vendors?month=2026-03`)
      await page.locator('section[data-vendor="stratus"] dd').first().waitFor({ timeout: 15_000 })

      // Every vendor's card shows the figures of GraphQL's scorecard for the month.
      const SC = `query($p: ID!) { scorecard(partyId: $p, from: "2026-03-01T00:00:00Z", to: "2026-04-01T00:00:00Z") {
        mtta mttr slaAttainment ucAttainment olaAttainment breaches creditsAccrued creditsEarnedBack creditsTotal currency } }`
      const cards: Record<string, Card> = {}
      for (const vendor of ['stratus', 'sentinel', 'vistula', 'bayside']) {
        const s = (cards[vendor] = (
          await gql<{ scorecard: Card }>(SC, { p: ids[vendor] })
        ).scorecard)
        const percent = (v: number | null) => (v == null ? null : Math.round(v * 10) / 10)
        expect(numberIn(await figure(vendor, 'SLA attainment')), vendor).toBe(
          percent(s.slaAttainment)
        )
        expect(numberIn(await figure(vendor, 'UC attainment')), vendor).toBe(
          percent(s.ucAttainment)
        )
        expect(numberIn(await figure(vendor, 'OLA attainment')), vendor).toBe(
          percent(s.olaAttainment)
        )
        expect(await figure(vendor, 'Breaches attributed'), vendor).toBe(String(s.breaches))
        for (const [label, value] of [
          ['Credits accrued', s.creditsAccrued],
          ['Earned back', s.creditsEarnedBack],
          ['Credits owed', s.creditsTotal],
        ] as const)
          expect(numberIn(await figure(vendor, label)), `${vendor} ${label}`).toBe(value)
        expect((await figure(vendor, 'MTTA')) === '—', vendor).toBe(s.mtta === null)
      }
      // Stratus's own month, in words: acknowledged 25 minutes after it was asked, one UC
      // response breach, USD 2,400 owed (2 % of USD 120,000).
      expect(cards.stratus).toMatchObject({ breaches: 1, creditsTotal: 2400, currency: 'USD' })
      expect(await figure('stratus', 'MTTA')).toBe('25m 00s')
      expect(await figure('stratus', 'Credits owed')).toBe('USD 2,400.00')
      expect(await figure('stratus', 'UC attainment')).toBe('50 %')
      // The 12-month chart names itself and its values are a table too; March's bar is the credit.
      const stratus = page.locator('section[data-vendor="stratus"]')
      expect(await stratus.locator('svg title').textContent()).toBe(
        'Stratus Cloud: attainment and credits owed by month, Apr 2025 to Mar 2026'
      )
      // A vendor with nothing to chart in the twelve months says so instead of drawing empty axes.
      const bayside = page.locator('section[data-vendor="bayside"]')
      expect(await bayside.locator('figure').textContent()).toMatch(
        /^No attainment or credits to chart for Bayside Helpdesk from Apr 2025 to Mar 2026/
      )
      expect(await bayside.locator('svg').count()).toBe(0)
      await shoot(page, 'governance-vendors-1280x800')
      await page.setViewportSize({ width: 390, height: 844 })
      await shoot(page, 'governance-vendors-390x844')
      expect(await fitsWidth(page)).toBe(true)
      await page.setViewportSize({ width: 1280, height: 800 })
      await stratus.getByText('Values as a table').click()
      expect(
        (
          await stratus
            .getByRole('row', { name: /Mar 2026/ })
            .locator('th, td')
            .allTextContents()
        ).join(' | ')
      ).toBe('Mar 2026 | 50 % | USD 2,400.00')

      // The review pack: its CSV is the stored one; opened as a page it is the pack.
      const pack = (
        await gql<{ reviewPacks: { id: string; title: string; csv: string }[] }>(
          'query($p: ID) { reviewPacks(partyId: $p, kind: MONTHLY) { id title csv } }',
          { p: ids.stratus }
        )
      ).reviewPacks[0]!
      const csvHref = await stratus
        .getByRole('link', { name: `CSV of ${pack.title}`, exact: true })
        .getAttribute('href')
      expect(decodeURIComponent(csvHref!.replace(/^data:text\/csv;charset=utf-8,/, ''))).toBe(
        pack.csv
      )
      expect(
        await stratus.getByRole('link', { name: /^SVG \S+ chart of / }).count()
      ).toBeGreaterThan(0)
      await stratus.getByRole('link', { name: pack.title, exact: true }).click()
      await page.getByRole('heading', { level: 1, name: pack.title }).waitFor({ timeout: 15_000 })
      expect(
        await page.getByRole('img', { name: 'Stratus Cloud: attainment by month' }).count()
      ).toBe(1)
      expect(
        squash(
          await page
            .getByRole('row', { name: /credits owed/ })
            .first()
            .textContent()
        )
      ).toContain('USD 2,400.00')
      await shoot(page, 'governance-pack-1280x800')

      // A dead letter: Stratus says "resumed" while its P2 is not waiting; the state machine refuses it.
      const p2 = await h.declare({
        clientKey: 'governance-p2',
        title: 'Image uploads slow',
        priority: 'P2',
        holder: 'stratus',
      })
      expect(
        (
          await sim.send('stratus', {
            type: 'incident.resumed',
            vendorRef: `STR-${p2.key}`,
            incidentId: p2.key,
          })
        ).status
      ).toBe(202)
      await expect
        .poll(
          async () =>
            (
              await h.t
                .sql`select status from inbound_receipts where incident_id = ${p2.id} and type = 'incident.resumed'`
            )[0]?.status,
          { timeout: 30_000 }
        )
        .toBe('REJECTED')
      const [letter] = await h.t.sql<
        { receipt: string }[]
      >`select receipt from inbound_receipts where incident_id = ${p2.id} and type = 'incident.resumed'`

      await page.getByRole('link', { name: 'Integration health', exact: true }).first().click()
      await page.getByRole('heading', { level: 1, name: 'Integration health' }).waitFor()
      const overviewRow = page.locator('tr[data-vendor="stratus"]')
      await expect.poll(async () => squash(await overviewRow.textContent())).toContain('Delivering')
      await shoot(page, 'governance-integration-1280x800')
      await overviewRow.getByRole('link', { name: 'Stratus Cloud' }).click()
      const row = page.locator(`tr[data-dead-letter="${letter!.receipt}"]`)
      await row.waitFor({ timeout: 15_000 })
      expect(squash(await row.textContent())).toContain('the incident is not waiting')
      // Inspect the original payload: the vendor's own body.
      await row.getByRole('button', { name: /^Inspect the payload/ }).click()
      const payload = page.getByLabel('Original payload')
      await payload.waitFor()
      expect(JSON.parse((await payload.textContent())!)).toMatchObject({ type: 'incident.resumed' })
      await shoot(page, 'governance-stratus-1280x800')

      // Stratus now waits on Northwind; replayed from the browser, the message is applied once.
      await p2.handle.executeUpdate(commandUpdate, {
        args: [
          {
            type: 'waiting',
            party: 'stratus',
            on: 'northwind',
            reason: 'customer to confirm the CDN change',
            at: new Date().toISOString(),
          } as IncidentCommand,
        ],
      })
      expect(await ledgerCount(p2.id, 'resumed')).toBe(0)
      await row.getByRole('button', { name: /^Replay / }).click()
      await page
        .getByRole('status')
        .filter({ hasText: /Replayed / })
        .waitFor({ timeout: 15_000 })
      await expect.poll(() => ledgerCount(p2.id, 'resumed'), { timeout: 30_000 }).toBe(1)
      await expect
        .poll(
          async () =>
            (
              await h.t.sql`select status from inbound_receipts where receipt = ${letter!.receipt}`
            )[0]!.status,
          { timeout: 15_000 }
        )
        .toBe('APPLIED')
      // It left the open list, and is listed as replayed with who asked.
      await expect.poll(() => row.count(), { timeout: 15_000 }).toBe(0)
      await page.getByRole('button', { name: 'Replayed', exact: true }).click()
      await expect
        .poll(async () => squash(await row.textContent({ timeout: 5_000 }).catch(() => '')), {
          timeout: 15_000,
        })
        .toMatch(/APPLIED.*replayed 1× · last by \S*token:Service manager/)
      await new Promise((r) => setTimeout(r, 500))
      expect(await ledgerCount(p2.id, 'resumed')).toBe(1)

      // Pause delivery to Stratus, then resume it.
      const paused = async () =>
        (
          await h.t
            .sql`select delivery_paused from adapter_endpoints where party_id = ${ids.stratus!}`
        )[0]?.delivery_paused ?? false
      expect(await paused()).toBe(false)
      await page.getByRole('button', { name: 'Pause delivery' }).click()
      await page.getByText('Delivery paused', { exact: true }).waitFor({ timeout: 15_000 })
      expect(await paused()).toBe(true)
      await shoot(page, 'governance-stratus-paused-1280x800')
      await page.setViewportSize({ width: 390, height: 844 })
      await page.evaluate(() => window.scrollTo(0, 0))
      await shoot(page, 'governance-stratus-paused-390x844')
      expect(await fitsWidth(page)).toBe(true)
      await page.setViewportSize({ width: 1280, height: 800 })
      await page.getByRole('button', { name: 'Resume delivery' }).click()
      await page.getByText('Delivering', { exact: true }).waitFor({ timeout: 15_000 })
      expect(await paused()).toBe(false)

      // Nothing left 127.0.0.1, the page logged no error, and every GraphQL request named a trusted document.
      expect(watch.offLoopback()).toEqual([])
      expect(watch.consoleErrors).toEqual([])
      expect(watch.untrustedGraphql()).toEqual([])
    },
    120_000
  )
})
