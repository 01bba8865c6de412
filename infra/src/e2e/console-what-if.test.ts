import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Locator, Page } from 'playwright-core'
import { createApiToken } from '@baton/db'
import { demoOutageEvents, demoWorld } from '@baton/domain/testing'
import type { ServedGateway } from '@baton/gateway'
import { recordIncident } from '@baton/db/testing'
import { createHarness, type Harness } from '../testing/e2e-harness.ts'
import {
  accessibilityProblems,
  assertConsoleBuilt,
  CHROMIUM,
  openGuardedPage,
  haveChromium,
  launchChromium,
  requireBrowser,
  SCREENSHOTS,
  warnIfNoBrowser,
  type Watch,
} from '../testing/console-browser.ts'
import { startGateway } from '../testing/loopback-stack.ts'

// The console's What-if and World pages in Debian's chromium against a real gateway and
// PostgreSQL on loopback. docs/scenario.md's P1 is recorded as INC-1000 (its ledger and projection, as
// the workflow leaves them): the retained team replays it with Vistula accepting at 16:50 New York
// instead of rejecting at 16:55, and reads Bayside's follow-the-sun coverage before and after
// removing its Manila desk (previewed, then saved).
warnIfNoBrowser('console what-if and world e2e test')

let h: Harness
let gw: ServedGateway
let browser: Browser
let watch: Watch
let page: Page
let adminToken = ''
let p1Key = ''

beforeAll(async () => {
  if (!haveChromium) return
  assertConsoleBuilt()
  mkdirSync(SCREENSHOTS, { recursive: true })
  h = await createHarness({ scale: 1, withoutIntegrations: true })
  // No workflow runs for it (the ledger is recorded directly), so the key may be the scenario's own.
  await h.t.sql`select setval('incident_key_seq', 1000, false)`
  p1Key = (await recordIncident(h.t.db, 'what-if-e2e-p1', demoOutageEvents, demoWorld)).key
  adminToken = (await createApiToken(h.t.db, { name: 'Retained team', role: 'ADMIN' })).token
  gw = await startGateway(h)
  browser = await launchChromium()
  ;({ watch, page } = await openGuardedPage(browser, { width: 1280, height: 800 }))
}, 120_000)

afterAll(async () => {
  await browser?.close()
  await gw?.close()
  await h?.close()
})

const DESKTOP = { width: 1280, height: 800 }
const PHONE = { width: 390, height: 844 }
/** Desktop and phone screenshots of the page as it is, each checked by axe-core; nothing scrolls sideways on the phone. */
async function shootBoth(name: string, focus?: Locator) {
  await page.setViewportSize(DESKTOP)
  await focus?.evaluate((e) => e.scrollIntoView({ block: 'start' }))
  await page.screenshot({ path: join(SCREENSHOTS, `${name}-1280x800.png`) })
  expect.soft(await accessibilityProblems(page), `axe on ${name} (desktop)`).toEqual([])
  await page.setViewportSize(PHONE)
  await focus?.evaluate((e) => e.scrollIntoView({ block: 'start' }))
  await page.screenshot({ path: join(SCREENSHOTS, `${name}-390x844.png`) })
  expect.soft(await accessibilityProblems(page), `axe on ${name} (phone)`).toEqual([])
  expect(
    await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth),
    `${name} scrolls sideways at phone width`
  ).toBe(true)
  await page.setViewportSize(DESKTOP)
}
const section = (title: string) => page.getByRole('region', { name: title, exact: true })
const event = (n: number) => page.getByRole('group', { name: `Event ${n}`, exact: true })
/** The state column of the what-if's clock row for `clock` (e.g. 'Hand-off acceptance · Vistula Software'). */
const clockState = (clock: string) =>
  section('Clocks')
    .getByRole('row')
    .filter({ hasText: clock })
    .locator('[data-label="State"]')
    .evaluateAll((cells) => cells.map((c) => c.getAttribute('data-state') ?? ''))
const cell = (scope: Locator, id: string) => scope.locator(`td[data-cell="${id}"]`).first()

describe('the what-if and world pages in chromium', () => {
  it.runIf(requireBrowser && !haveChromium)('has a browser to run in', () => {
    expect.fail(`BATON_REQUIRE_BROWSER=1 but ${CHROMIUM} is missing: apt-get install -y chromium`)
  })

  it.runIf(haveChromium)(
    "replays INC-1000 with Vistula accepting at 16:50 New York, and previews Bayside's coverage without its Manila desk",
    async () => {
      await page.goto(`${gw.url}/`)
      await page.getByLabel('API token').fill(adminToken)
      await page.getByRole('button', { name: 'Sign in' }).click()
      await page.getByRole('button', { name: 'Sign out' }).waitFor({ timeout: 15_000 })

      // From the incident page: "What if…?" opens the what-if prefilled with INC-1000's events.
      await page.goto(`${gw.url}/incidents/${p1Key}`)
      await page.locator('h1', { hasText: p1Key }).waitFor({ timeout: 15_000 })
      expect(p1Key).toBe('INC-1000')
      await page.getByRole('link', { name: /What if/ }).click()
      await page
        .getByRole('heading', { name: `What-if from ${p1Key}` })
        .waitFor({ timeout: 15_000 })
      await event(5).waitFor({ timeout: 15_000 })
      // Baton's own expiry is not an event of the timeline: 16:55 Vistula's rejection is the fifth.
      expect(await page.getByRole('group', { name: /^Event \d+$/ }).count()).toBe(11)
      await page.getByLabel('Enter times in').selectOption('America/New_York')
      expect(await event(5).getByLabel('What').inputValue()).toBe('HANDOFF_REJECTED')
      expect(await event(5).getByLabel(/^Time/).inputValue()).toBe('2026-03-06T16:55')

      // What if Vistula had accepted at 16:50 New York? No second offer at 17:05, no acceptance at 17:12.
      await event(5).getByLabel('What').selectOption('HANDOFF_ACCEPTED')
      await event(5).getByLabel('Reason', { exact: true }).fill('')
      await event(5).getByLabel(/^Time/).fill('2026-03-06T16:50')
      // The time entered in New York is shown in every party's local time.
      const zones = await event(5).getByLabel("Event 5 in every party's local time").textContent()
      expect(zones).toContain('2026-03-06 21:50 UTC')
      expect(zones).toContain('New York Fri 16:50 EST')
      expect(zones).toContain('Warsaw Fri 22:50 UTC+1')
      expect(zones).toContain('Kolkata Sat 03:20 UTC+5:30')
      expect(zones).toContain('Manila Sat 05:50 UTC+8')
      await page.getByRole('button', { name: 'Remove event 6' }).click()
      await page.getByRole('button', { name: 'Remove event 6' }).click()
      expect(await event(6).getByLabel(/^Time/).inputValue()).toBe('2026-03-07T00:30')
      await page.getByRole('button', { name: 'Run what-if' }).click()
      await page.getByRole('heading', { name: /^Answer: P1/ }).waitFor({ timeout: 15_000 })

      // Drawn like the incident page: Vistula answered the hand-off at 16:50, within its 30-minute
      // response (MET); the hand-off acceptance OLA (15 min, due 16:45) was already breached.
      await expect.poll(() => clockState('Response · Vistula Software')).toEqual(['MET'])
      expect(await clockState('Hand-off acceptance · Vistula Software')).toEqual(['BREACHED'])
      expect(await page.getByRole('alert').count()).toBe(0) // no event refused
      const lanes = await section('Custody').locator('svg title').allTextContents()
      expect(lanes.join(' | ')).toMatch(/Accepted/i)
      expect(await section('Escalations').textContent()).toContain('Duty manager')
      expect(await section('Credits').textContent()).toMatch(/Vistula Software.*\$/)
      await shootBoth('what-if-1650', page.getByRole('heading', { name: /^Answer: P1/ }))
      await page.screenshot({
        path: join(SCREENSHOTS, 'what-if-1650-1280x800-full.png'),
        fullPage: true,
      })

      // Five minutes earlier, at 16:40, Vistula's hand-off acceptance clock is MET as well.
      await event(5).getByLabel(/^Time/).fill('2026-03-06T16:40')
      await page.getByRole('button', { name: 'Run what-if' }).click()
      await expect
        .poll(() => clockState('Hand-off acceptance · Vistula Software'), { timeout: 15_000 })
        .toEqual(['MET'])
      expect(await clockState('Response · Vistula Software')).toEqual(['MET'])

      // The world: Bayside's P2 hours, follow-the-sun between Mexico City and Manila (week of the outage).
      await page
        .getByRole('navigation', { name: 'Main' })
        .getByRole('link', { name: 'World' })
        .click()
      await page.getByRole('heading', { name: 'Weekly coverage' }).waitFor({ timeout: 15_000 })
      await page.getByLabel('Party').selectOption({ label: 'Bayside Helpdesk' })
      await page.getByLabel('Priority').selectOption('P2')
      await page.getByLabel('Week of').fill('2026-03-02')
      const coverage = section('Weekly coverage')
      await coverage.getByRole('table').waitFor()
      // In UTC: Manila 23:00–11:00, Mexico City 13:00–01:00, nobody 11:00–13:00 and at the weekend.
      expect(await cell(coverage, 'tue-02').getAttribute('data-open')).toBe('Manila')
      expect(await cell(coverage, 'tue-14').getAttribute('data-open')).toBe('Mexico City')
      expect((await cell(coverage, 'tue-00').getAttribute('data-open'))?.split(',').sort()).toEqual(
        ['Manila', 'Mexico City']
      )
      expect(await cell(coverage, 'tue-12').getAttribute('data-state')).toBe('hole')
      expect(await cell(coverage, 'sat-12').getAttribute('data-state')).toBe('hole')
      // In each desk's local time: 07:00–19:00 Monday to Friday.
      await page.getByLabel('Hours in').selectOption('Asia/Manila')
      expect(await cell(coverage, 'tue-07').getAttribute('data-open')).toContain('Manila')
      expect(await cell(coverage, 'tue-06').getAttribute('data-open')).not.toContain('Manila')
      await page.getByLabel('Hours in').selectOption('America/Mexico_City')
      expect(await cell(coverage, 'fri-18').getAttribute('data-open')).toContain('Mexico City')
      expect(await cell(coverage, 'fri-19').getAttribute('data-open')).not.toContain('Mexico City')
      // Holidays are marked: Mexico City is closed on Monday 2026-03-16 (Benito Juárez day).
      await page.getByLabel('Week of').fill('2026-03-16')
      expect(await cell(coverage, 'mon-09').getAttribute('data-holiday')).toBe('Mexico City')
      expect(await cell(coverage, 'mon-09').getAttribute('data-state')).toBe('hole')
      expect(await coverage.textContent()).toContain('Mexico City: 2026-03-16')
      await shootBoth('world-holiday', coverage)
      await page.getByLabel('Week of').fill('2026-03-02')
      await page.getByLabel('Hours in').selectOption('UTC')
      await section('Coverage warnings of Bayside Helpdesk')
        .getByText(/step|reaches someone/)
        .first()
        .waitFor({ timeout: 15_000 })
      await shootBoth('world', page.getByRole('heading', { name: 'The world' }))

      // Removing the Manila desk: the preview shows its warnings and the hole, before anything is saved.
      await page.getByRole('button', { name: 'Remove Manila…' }).click()
      const change = section('Removing Manila (not saved yet)')
      await change
        .getByText(/No escalation ladder step would lose anyone|step \d/)
        .first()
        .waitFor({
          timeout: 15_000,
        })
      expect(await change.getByTestId('new-holes').textContent()).toContain(
        'Tue 01:00–11:00, Wed 01:00–11:00, Thu 01:00–11:00, Fri 01:00–11:00'
      )
      expect(await cell(change, 'tue-02').getAttribute('data-state')).toBe('hole')
      expect(await cell(change, 'tue-14').getAttribute('data-open')).toBe('Mexico City')
      // Not saved: the week as it is still has Manila, and so has the world.
      expect(await cell(coverage, 'tue-02').getAttribute('data-open')).toBe('Manila')
      const desks = async () =>
        (
          await h.t.sql`select d.slug from desks d join parties p on p.id = d.party_id
            where p.slug = 'bayside' order by d.slug`
        ).map((r) => r.slug as string)
      expect(await desks()).toEqual(['manila', 'mexico-city'])
      await shootBoth('world-remove-manila-preview', change)

      // Saved: the hole is the world's now.
      await page.getByRole('button', { name: 'Remove Manila', exact: true }).click()
      await expect
        .poll(() => cell(coverage, 'tue-02').getAttribute('data-state'), { timeout: 15_000 })
        .toBe('hole')
      expect(await desks()).toEqual(['mexico-city'])
      expect(
        (await h.t.sql`select mutation, subject from world_changes order by at desc limit 1`)[0]
      ).toMatchObject({ mutation: 'removeDesk', subject: 'desk bayside/manila' })

      expect(watch.offLoopback()).toEqual([])
      expect(watch.untrustedGraphql()).toEqual([])
      expect(watch.consoleErrors).toEqual([])
    },
    150_000
  )

  it.runIf(haveChromium)(
    "removes Vistula's duty manager from the P1 desk's roster: the preview warns that P1 step 2 pages nobody, and the save keeps the other contacts as they were",
    async () => {
      // Signed in and on the World page since the test above.
      await page.getByLabel('Party').selectOption({ label: 'Vistula Software' })
      await page.getByRole('button', { name: 'Edit P1 on-call' }).click()
      const change = section('Editing P1 on-call (not saved yet)')
      const roster = change.getByRole('group', { name: 'Roster', exact: true })
      const duty = roster.getByRole('group', { name: 'Duty manager', exact: true })
      expect(await duty.getByLabel('Roles').inputValue()).toBe('duty-manager')
      expect(await duty.getByLabel('Address of channel 1 of Duty manager').inputValue()).toBe(
        'duty@vistula.example'
      )
      const director = roster.getByRole('group', { name: 'Account director', exact: true })
      expect(await director.getByLabel('Quiet from').inputValue()).toBe('22:00')
      await change
        .getByText('No escalation ladder step would lose anyone', { exact: false })
        .waitFor({ timeout: 15_000 })
      await shootBoth('world-roster', roster)

      const contacts = async () =>
        (
          await h.t.sql`select d.contacts from desks d join parties p on p.id = d.party_id
            where p.slug = 'vistula' and d.slug = 'p1-on-call'`
        )[0]!.contacts as { slug: string }[]
      const before = await contacts()
      expect(before.map((c) => c.slug)).toEqual(['vistula-oncall', 'vistula-duty', 'vistula-ad'])

      // Removed in the editor: the dry run (with the roster) warns before anything is saved.
      await duty.getByRole('button', { name: 'Remove contact Duty manager' }).click()
      expect(await roster.getByRole('group', { name: 'Duty manager', exact: true }).count()).toBe(0)
      const warnings = change.getByRole('list', { name: 'Coverage warnings of the change' })
      await warnings
        .getByText('vistula P1 step 2: role:duty-manager no-contact', { exact: false })
        .waitFor({ timeout: 15_000 })
      expect(await contacts()).toEqual(before)
      await shootBoth(
        'world-roster-remove-preview',
        change.getByRole('heading', { name: 'Coverage warnings this change would cause' })
      )

      // Saved: the roster without the duty manager, the other two exactly as they were.
      await change.getByRole('button', { name: 'Save P1 on-call' }).click()
      await expect
        .poll(async () => (await contacts()).map((c) => c.slug), { timeout: 15_000 })
        .toEqual(['vistula-oncall', 'vistula-ad'])
      expect(await contacts()).toEqual([before[0], before[2]])
      expect(
        (await h.t.sql`select mutation, subject from world_changes order by at desc limit 1`)[0]
      ).toMatchObject({ mutation: 'upsertDesk', subject: 'desk vistula/p1-on-call' })
      await expect.poll(() => change.count(), { timeout: 15_000 }).toBe(0)

      expect(watch.offLoopback()).toEqual([])
      expect(watch.untrustedGraphql()).toEqual([])
      expect(watch.consoleErrors).toEqual([])
    },
    120_000
  )
})
