import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { createApiToken } from '@baton/db'
import type { ServedGateway } from '@baton/gateway'
import type { Harness } from '../testing/e2e-harness.ts'
import {
  CHROMIUM,
  openGuardedPage,
  startConsoleHarness,
  haveChromium,
  launchChromium,
  requireBrowser,
  shootAndCheck,
  warnIfNoBrowser,
  type Watch,
} from '../testing/console-browser.ts'
import { startGateway } from '../testing/loopback-stack.ts'
import { advance, commandAt, frozen, NY } from '../testing/scenario-clock.ts'

// The vendor portal and the retained team's disputes in Debian's chromium against the real stack
// (gateway serving the built console, an incident worker, Temporal, PostgreSQL). Two browser
// contexts at once: Vistula's engineer signed in with a VENDOR token, and the duty manager with an
// ADMIN token. The incidents live on frozen simulated clocks on docs/scenario.md's Friday, moved by the test.
warnIfNoBrowser('console portal e2e test')

const DESKTOP = { width: 1280, height: 800 }
const PHONE = { width: 390, height: 844 }
const VENDOR_NAME = 'Ana Nowak'
const STAFF_NAME = 'Duty manager'

let h: Harness
let gw: ServedGateway
let browser: Browser
const contexts: BrowserContext[] = []
let vendor: Page
let staff: Page
const watches: Watch[] = []
let vendorToken = ''
let staffToken = ''

beforeAll(async () => {
  if (!haveChromium) return
  h = await startConsoleHarness(30_000)
  const [vistula] = await h.t.sql`select id from parties where slug = 'vistula'`
  vendorToken = (
    await createApiToken(h.t.db, { name: VENDOR_NAME, role: 'VENDOR', partyId: vistula!.id })
  ).token
  staffToken = (await createApiToken(h.t.db, { name: STAFF_NAME, role: 'ADMIN' })).token
  gw = await startGateway(h)
  browser = await launchChromium()
  for (const name of ['vendor', 'staff'] as const) {
    const { context, watch, page } = await openGuardedPage(browser, DESKTOP)
    contexts.push(context)
    watches.push(watch)
    if (name === 'vendor') vendor = page
    else staff = page
  }
}, 120_000)

afterAll(async () => {
  for (const c of contexts) await c.close()
  await browser?.close()
  await gw?.close()
  await h?.close()
})

const squash = (s: string | null) => (s ?? '').replace(/\s+/g, ' ').trim()

const board = (page: Page) => page.getByRole('table', { name: 'Open incidents across all vendors' })
const boardRow = (page: Page, key: string) =>
  board(page)
    .getByRole('row')
    .filter({ has: page.getByRole('link', { name: key, exact: true }) })
const cellText = async (page: Page, key: string, label: string) =>
  squash(
    await boardRow(page, key)
      .locator(`[data-label="${label}"]`)
      .textContent({ timeout: 2000 })
      .catch(() => '')
  )
const section = (page: Page, title: string) =>
  page.locator('section', { has: page.locator(`h2:text-is("${title}")`) })
const sectionText = async (page: Page, title: string) =>
  squash(
    await section(page, title)
      .textContent({ timeout: 2000 })
      .catch(() => '')
  )
const mainText = async (page: Page) => squash(await page.locator('main').textContent())
const actionButtons = async (page: Page) =>
  (await page.getByRole('toolbar', { name: 'Actions' }).getByRole('button').allTextContents()).map(
    squash
  )
/** The total owed of a credit statements table in the named section. */
const creditsTotal = async (page: Page, title: string) =>
  money(
    squash(
      await section(page, title)
        .locator('[data-testid="credits-total"]')
        .textContent({ timeout: 2000 })
        .catch(() => '')
    )
  )
const money = (text: string) => Number(/USD (-?[\d,]+\.\d\d)/.exec(text)?.[1]?.replace(/,/g, ''))

async function signIn(page: Page, token: string) {
  await page.goto(`${gw.url}/`)
  await page.getByLabel('API token').fill(token)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await board(page).waitFor({ timeout: 15_000 })
}
/** Both screen sizes of one page: a desktop and a phone screenshot, each checked with axe-core. */
async function shootBoth(page: Page, name: string) {
  await page.evaluate(() => window.scrollTo(0, 0))
  await shootAndCheck(page, `${name}-1280x800`)
  await page.setViewportSize(PHONE)
  await shootAndCheck(page, `${name}-390x844`)
  expect(
    await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth),
    `${name} scrolls sideways at phone width`
  ).toBe(true)
  await page.setViewportSize(DESKTOP)
}

describe('the vendor portal and the disputes pages in chromium', () => {
  it.runIf(requireBrowser && !haveChromium)('has a browser to run in', () => {
    expect.fail(`BATON_REQUIRE_BROWSER=1 but ${CHROMIUM} is missing: apt-get install -y chromium`)
  })

  it.runIf(haveChromium)(
    'a vendor sees only its incidents, accepts an offer live on the staff board, disputes its breach; staff uphold it and its credits drop by that breach',
    async () => {
      // 16:00 New York: Stratus holds a P1 and acknowledges it; Bayside holds a P2 of its own.
      const mine = await h.declare({
        clientKey: 'portal-p1',
        title: 'Checkout sessions dropped',
        priority: 'P1',
        holder: 'stratus',
        service: 'online-checkout',
        openedAt: NY('16:00'),
        clock: frozen(NY('16:00')),
      })
      await commandAt(mine, NY('16:04'), { type: 'acknowledged', party: 'stratus' })
      const theirs = await h.declare({
        clientKey: 'portal-p2',
        title: 'Store staff cannot log in',
        priority: 'P2',
        holder: 'bayside',
        openedAt: NY('16:10'),
        clock: frozen(NY('16:10')),
      })
      // The retained team notes a related incident on the P1: in the ledger, its key is a link.
      await commandAt(mine, NY('16:20'), {
        type: 'comment',
        party: 'northwind',
        body: `Same credential list as ${theirs.key}`,
      })
      // 16:30 Stratus offers the P1 to Vistula; unanswered at 16:45, the hand-off OLA breaches (Vistula's).
      const offer = await commandAt(mine, NY('16:30'), {
        type: 'handoff_offered',
        handoffId: '',
        from: 'stratus',
        to: 'vistula',
        reason: 'session tokens rejected by the checkout application',
      })
      await advance(mine, NY('16:50'))

      // The retained team watches the open board; it must not reload.
      await signIn(staff, staffToken)
      await expect
        .poll(() => cellText(staff, mine.key, 'Hand-off offer'), { timeout: 15_000 })
        .toContain('Stratus Cloud → Vistula Software')
      expect(await cellText(staff, mine.key, 'Holder')).toContain('Stratus Cloud')
      await staff.evaluate(() => {
        ;(window as unknown as { batonNoReload: boolean }).batonNoReload = true
      })

      // Vistula signs in: its board has the P1 it is bonded to, not Bayside's P2.
      await signIn(vendor, vendorToken)
      await expect.poll(() => boardRow(vendor, mine.key).count(), { timeout: 15_000 }).toBe(1)
      expect(await boardRow(vendor, theirs.key).count()).toBe(0)
      expect(
        squash(await vendor.getByRole('navigation', { name: 'Main' }).textContent())
      ).toContain('My account')
      // The major-incident strip's escalations have loaded before the screenshots.
      await expect.poll(() => mainText(vendor), { timeout: 15_000 }).not.toContain('Loading')
      await shootBoth(vendor, 'portal-1-vendor-board')

      // Another vendor's incident by URL: the same page as a key that does not exist.
      await vendor.goto(`${gw.url}/incidents/${theirs.key}`)
      await vendor.getByRole('heading', { name: 'Not found' }).waitFor({ timeout: 15_000 })
      const hidden = (await mainText(vendor)).replace(theirs.key, 'KEY')
      await vendor.goto(`${gw.url}/incidents/INC-999999999`)
      await vendor.getByRole('heading', { name: 'Not found' }).waitFor({ timeout: 15_000 })
      const missing = (await mainText(vendor)).replace('INC-999999999', 'KEY')
      expect(hidden).toBe(missing)
      expect(hidden).toContain('Incident KEY does not exist, or you may not see it.')
      await shootAndCheck(vendor, 'portal-2-vendor-not-found-1280x800')

      // Its own incident, by following the board's link: the breach attributed to it, the offer to answer.
      await vendor.goto(`${gw.url}/`)
      await boardRow(vendor, mine.key).getByRole('link', { name: mine.key, exact: true }).click()
      await vendor.locator('h1', { hasText: mine.key }).waitFor({ timeout: 15_000 })
      await expect
        .poll(() => sectionText(vendor, 'Clocks'), { timeout: 15_000 })
        .toMatch(/Hand-off acceptance.*Breached.*Vistula Software/)
      // Only what Vistula may do now: answer the offer to it, comment, declare a linked incident
      // (not acknowledge, offer, resolve or withdraw: Stratus holds it and made the offer).
      expect(await actionButtons(vendor)).toEqual([
        'Respond to offer',
        'Comment',
        'Declare linked incident',
      ])
      // Another vendor's incident by link (the comment's key in the ledger): the same not-found page.
      await section(vendor, 'Ledger').getByRole('link', { name: theirs.key, exact: true }).click()
      await vendor.getByRole('heading', { name: 'Not found' }).waitFor({ timeout: 15_000 })
      expect((await mainText(vendor)).replace(theirs.key, 'KEY')).toBe(missing)
      await vendor.goBack()
      await vendor.locator('h1', { hasText: mine.key }).waitFor({ timeout: 15_000 })

      // A rejection needs a reason: refused in the form before anything is sent.
      await vendor.getByRole('button', { name: 'Respond to offer' }).click()
      await vendor.getByRole('radio', { name: 'Reject' }).check()
      await vendor.getByRole('button', { name: 'Send answer' }).click()
      await vendor.getByText('A rejection needs a reason.').waitFor({ timeout: 5_000 })
      await shootBoth(vendor, 'portal-3-vendor-incident')

      // Vistula accepts from the browser; the staff board shows the new holder live, without a reload.
      await vendor.getByRole('radio', { name: 'Accept' }).check()
      await vendor.getByRole('button', { name: 'Send answer' }).click()
      await expect
        .poll(() => cellText(staff, mine.key, 'Holder'), { timeout: 15_000 })
        .toContain('Vistula Software')
      expect(await cellText(staff, mine.key, 'Hand-off offer')).toBe('—')
      expect(
        await staff.evaluate(() => (window as unknown as { batonNoReload?: boolean }).batonNoReload)
      ).toBe(true)
      // The ledger names the acting person's token, as for the webhook's party.
      await expect
        .poll(() => sectionText(vendor, 'Ledger'), { timeout: 15_000 })
        .toMatch(new RegExp(`handoff accepted\\s*by vistula/token:${VENDOR_NAME}`))
      const [accepted] = await h.t
        .sql`select actor, data from ledger_entries where incident_id = ${mine.id} and type = 'handoff_accepted'`
      expect(accepted!.actor).toBe(`vistula/token:${VENDOR_NAME}`)
      expect((accepted!.data as { handoffId: string }).handoffId).toBe(offer.handoffId)

      // Holding it now, Vistula adds an update and resolves; the retained team closes it (settled).
      await advance(mine, NY('17:10'))
      await expect.poll(() => actionButtons(vendor), { timeout: 15_000 }).toContain('Resolve')
      expect(await actionButtons(vendor)).not.toContain('Respond to offer')
      await vendor.getByRole('button', { name: 'Comment' }).click()
      await vendor
        .getByLabel('Comment', { exact: true })
        .fill('Token validation patched on checkout')
      await vendor.getByRole('button', { name: 'Add comment' }).click()
      await expect
        .poll(() => sectionText(vendor, 'Ledger'), { timeout: 15_000 })
        .toContain('Token validation patched on checkout')
      await vendor.getByRole('button', { name: 'Resolve' }).click()
      await vendor.getByLabel('Resolution').fill('Session token validation fixed and deployed')
      await vendor.locator('#action-form').getByRole('button', { name: 'Resolve' }).click()
      await expect
        .poll(
          async () =>
            (await h.t.sql`select status from incidents where id = ${mine.id}`)[0]!.status,
          { timeout: 15_000 }
        )
        .toBe('RESOLVED')
      await commandAt(mine, NY('17:30'), { type: 'closed', party: 'northwind' })
      await expect
        .poll(
          async () =>
            (await h.t.sql`select 1 from incident_settlements where incident_id = ${mine.id}`)
              .length,
          { timeout: 20_000 }
        )
        .toBe(1)
      const [line] = await h.t.sql`
        select clock_id, amount from credit_lines
        where incident_id = ${mine.id} and party = 'vistula' and kind = 'BREACH'`
      expect(line!.clock_id).toMatch(/^handoff-acceptance@1\/HANDOFF_ACCEPT\/vistula\//)
      const breachAmount = Number(line!.amount)
      expect(breachAmount).toBe(2400) // 3 % of Vistula's USD 80,000 monthly fee

      // My account, March 2026: the breach and its credit.
      await vendor.goto(`${gw.url}/account?month=2026-03`)
      await expect
        .poll(() => sectionText(vendor, 'Credits, March 2026'), { timeout: 15_000 })
        .toContain('Total owed')
      const before = await creditsTotal(vendor, 'Credits, March 2026')
      expect(before).toBe(breachAmount)
      expect(await sectionText(vendor, 'Scorecard, March 2026')).toContain(mine.key)

      // The closed incident offers Vistula one thing: to dispute its breach, with evidence.
      await vendor.goto(`${gw.url}/incidents/${mine.key}`)
      await expect
        .poll(() => actionButtons(vendor), { timeout: 15_000 })
        .toEqual(['Dispute a breach'])
      await vendor.getByRole('button', { name: 'Dispute a breach' }).click()
      await vendor.getByRole('button', { name: 'Open the dispute' }).click()
      await vendor
        .getByText('Give the evidence that the breach is not yours.')
        .waitFor({ timeout: 5_000 })
      const evidence =
        'The offer reached our on-call at 16:47: the pager provider queued it (ticket PD-3321).'
      await vendor.getByLabel('Evidence').fill(evidence)
      await vendor.getByRole('button', { name: 'Open the dispute' }).click()
      await vendor.getByText('Dispute opened').waitFor({ timeout: 15_000 })
      await expect
        .poll(() => sectionText(vendor, 'Ledger'), { timeout: 15_000 })
        .toMatch(new RegExp(`attribution.disputed\\s*by vistula/token:${VENDOR_NAME}`))
      await vendor.goto(`${gw.url}/account?month=2026-03`)
      await expect
        .poll(() => sectionText(vendor, 'Open disputes'), { timeout: 15_000 })
        .toContain(evidence)
      await shootBoth(vendor, 'portal-4-vendor-account')

      // The retained team: the dispute is on its disputes page (open ones, Vistula's).
      await staff
        .getByRole('navigation', { name: 'Main' })
        .getByRole('link', { name: 'Disputes' })
        .click()
      const row = staff
        .getByRole('table', { name: 'Disputes' })
        .getByRole('row')
        .filter({ hasText: mine.key })
      await expect.poll(() => row.count(), { timeout: 15_000 }).toBe(1)
      expect(squash(await row.textContent())).toContain('Vistula Software')
      await staff.getByLabel('Vendor').selectOption('stratus')
      await expect.poll(() => row.count(), { timeout: 5_000 }).toBe(0)
      expect(staff.url()).toContain('vendor=stratus')
      await staff.getByLabel('Vendor').selectOption('vistula')
      await expect.poll(() => row.count(), { timeout: 5_000 }).toBe(1)
      await shootBoth(staff, 'portal-5-staff-disputes')

      // Open it: both sides' evidence, the clock's figures, its credit line and Vistula's credits.
      await row.getByRole('link', { name: mine.key }).click()
      await expect
        .poll(() => sectionText(staff, 'Vistula Software’s evidence'), { timeout: 15_000 })
        .toContain(evidence)
      expect(await sectionText(staff, 'The record behind the attribution')).toContain(
        'Stratus Cloud offered the baton to Vistula Software'
      )
      expect(await sectionText(staff, 'The clock it touches')).toMatch(
        /Hand-off acceptance.*Breached.*15m 00s/
      )
      expect(money(await sectionText(staff, 'Credit lines of this clock'))).toBe(breachAmount)
      expect(await creditsTotal(staff, 'Vistula Software’s credits, 2026-03')).toBe(before)

      // A decision needs a reason; then uphold it.
      await staff.getByRole('button', { name: 'Record the decision' }).click()
      await staff.getByText('A decision needs a reason.').waitFor({ timeout: 5_000 })
      await staff
        .getByLabel('Reason')
        .fill('Pager provider outage confirmed (status page, 16:40–17:05)')
      await staff.getByRole('button', { name: 'Record the decision' }).click()
      await expect
        .poll(() => sectionText(staff, 'Credit lines of this clock'), { timeout: 15_000 })
        .toContain(`USD -${breachAmount.toLocaleString('en-US')}.00`)
      await expect
        .poll(async () => creditsTotal(staff, 'Vistula Software’s credits, 2026-03'), {
          timeout: 15_000,
        })
        .toBe(before - breachAmount)
      expect(await sectionText(staff, `In the ledger of ${mine.key}`)).toContain(
        `attribution.dispute_accepted by northwind/token:${STAFF_NAME}`
      )
      await shootBoth(staff, 'portal-6-staff-dispute-decided')

      // Vistula's account: its credits changed by exactly that clock's credit line.
      await vendor.reload()
      await expect
        .poll(async () => creditsTotal(vendor, 'Credits, March 2026'), {
          timeout: 15_000,
        })
        .toBe(before - breachAmount)
      expect(await sectionText(vendor, 'Open disputes')).toContain('Upheld')

      for (const w of watches) {
        expect(w.offLoopback()).toEqual([])
        expect(w.consoleErrors).toEqual([])
        expect(w.graphqlPosts.length).toBeGreaterThan(3)
        expect(w.untrustedGraphql()).toEqual([])
      }
    },
    150_000
  )
})
