import { existsSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chromium, type Browser, type Locator } from 'playwright-core'
import { serveGateway, type ServedGateway } from './app/serve-gateway.ts'
import { createGatewayFixture, type GatewayFixture } from './testing/gateway-fixture.ts'

const CHROMIUM = '/usr/bin/chromium'
const haveChromium = existsSync(CHROMIUM)
// Without a browser the test is skipped, loudly; BATON_REQUIRE_BROWSER=1 (CI) makes that a failure.
if (!haveChromium)
  console.warn(`console test skipped: ${CHROMIUM} is missing (apt-get install -y chromium)`)

let f: GatewayFixture
let gw: ServedGateway
let browser: Browser | undefined

beforeAll(async () => {
  if (!haveChromium) return
  f = await createGatewayFixture()
  gw = await serveGateway(f.app, { port: 0 })
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  })
})
afterAll(async () => {
  await browser?.close()
  await gw?.close()
  await f?.close()
})

describe('the GraphiQL console', () => {
  it.runIf(process.env.BATON_REQUIRE_BROWSER === '1' && !haveChromium)(
    'has a browser to run in',
    () => {
      expect.fail(`BATON_REQUIRE_BROWSER=1 but ${CHROMIUM} is missing: apt-get install -y chromium`)
    }
  )

  it.runIf(haveChromium)(
    'renders with no network, runs { parties { name } } with a pasted token and shows the result',
    async () => {
      const token = await f.token('VIEWER')
      const page = await browser!.newPage()
      const blocked: string[] = []
      await page.route('**/*', (route) => {
        const url = route.request().url()
        if (url.startsWith(gw.url) || url.startsWith('blob:') || url.startsWith('data:'))
          return route.continue()
        blocked.push(url)
        return route.abort()
      })
      await page.goto(`${gw.url}/graphql`, { waitUntil: 'load' })
      await expect
        .poll(() => page.locator('#baton-token-help').textContent())
        .toContain('bearer token')
      await page.locator('.graphiql-container').first().waitFor({ timeout: 30_000 })

      /** Replaces what an editor holds with `text`, as a user would: select all, delete, type. */
      const replaceText = async (editor: Locator, text: string) => {
        await editor.click()
        await page.keyboard.press('ControlOrMeta+A')
        await page.keyboard.press('Delete')
        await page.keyboard.insertText(text)
      }
      // Paste the token into the Headers pane, then replace the query and run it.
      await page
        .getByRole('button', { name: /headers/i })
        .first()
        .click()
        .catch(() => {})
      const headers = page
        .locator('.graphiql-editor-tool .monaco-editor, .graphiql-editor-tool .CodeMirror')
        .last()
      await replaceText(headers, JSON.stringify({ Authorization: `Bearer ${token}` }))
      const query = page
        .locator('.graphiql-query-editor .monaco-editor, .graphiql-query-editor .CodeMirror')
        .first()
      await replaceText(query, '{ parties { name } }')
      await page.locator('.graphiql-execute-button').click()
      // Monaco renders spaces as non-breaking spaces.
      const response = page.locator('.graphiql-response')
      const responseText = async () =>
        ((await response.textContent()) ?? '').replace(/\u00a0/g, ' ')
      await expect
        .poll(responseText, { timeout: 30_000 })
        .toContain('Northwind Retail')
        .catch(async (error: unknown) => {
          await page.screenshot({ path: '/tmp/baton-console-failure.png' })
          throw error
        })
      const text = await responseText()
      for (const name of [
        'Stratus Cloud',
        'Sentinel SecOps',
        'Vistula Software',
        'Bayside Helpdesk',
      ])
        expect(text).toContain(name)
      expect(blocked).toEqual([])
      await page.close()
    }
  )
})
