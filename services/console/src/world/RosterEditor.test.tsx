import { cleanup, render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { Client, fetchExchange, Provider } from 'urql'
import { afterEach, describe, expect, it } from 'vitest'
import type { ContactInput, DeskInput, WorldPageQuery } from '../gql/graphql.ts'
import { SessionContext } from '../signin/session-context.tsx'
import { WorldPage } from './WorldPage.tsx'

afterEach(cleanup)

type Contact = NonNullable<WorldPageQuery['parties'][number]['desks'][number]['contacts']>[number]
// Vistula's P1 desk as the API reads it: the duty manager is the only one holding the role P1 step
// 2 pages; the webhook's secret reference and the account director's quiet hours are fields the
// editor does not show or leaves alone, and must survive a save.
const roster: Contact[] = [
  {
    slug: 'vistula-oncall',
    name: 'On-call engineer',
    roles: ['on-call'],
    timeZone: 'Europe/Warsaw',
    quietHours: null,
    channels: [
      { kind: 'WEBHOOK', address: null, url: 'https://hooks.example/oncall', secret: 'env:HOOK' },
      { kind: 'EMAIL', address: 'oncall@vistula.example', url: null, secret: null },
    ],
  },
  {
    slug: 'vistula-duty',
    name: 'Duty manager',
    roles: ['duty-manager'],
    timeZone: null,
    quietHours: null,
    channels: [{ kind: 'EMAIL', address: 'duty@vistula.example', url: null, secret: null }],
  },
  {
    slug: 'vistula-ad',
    name: 'Account director',
    roles: ['account-director', 'sponsor'],
    timeZone: 'Europe/Warsaw',
    quietHours: { start: '22:00', end: '07:00' },
    channels: [{ kind: 'EMAIL', address: 'accounts@vistula.example', url: null, secret: null }],
  },
]
/** The same roster as DeskInput.contacts: what a save must send when the roster was changed. */
const asInput = (c: Contact): ContactInput => ({
  slug: c.slug,
  name: c.name,
  roles: c.roles,
  ...(c.timeZone ? { timeZone: c.timeZone } : {}),
  ...(c.quietHours ? { quietHours: c.quietHours } : {}),
  channels: c.channels.map((ch) =>
    ch.kind === 'EMAIL'
      ? { kind: ch.kind, address: ch.address }
      : { kind: ch.kind, url: ch.url, ...(ch.secret ? { secret: ch.secret } : {}) }
  ),
})

const world: WorldPageQuery = {
  parties: [
    {
      id: 'p-vistula',
      slug: 'vistula',
      name: 'Vistula Software',
      kind: 'APP_DEV',
      desks: [
        {
          id: 'd-p1',
          slug: 'p1-on-call',
          name: 'P1 on-call',
          timeZone: 'Europe/Warsaw',
          is24x7: true,
          priorities: ['P1'],
          calendar: { id: 'c1', slug: 'warsaw-24x7' },
          contacts: roster,
        },
      ],
    },
  ],
  calendars: [
    {
      id: 'c1',
      slug: 'warsaw-24x7',
      timeZone: 'Europe/Warsaw',
      holidays: [],
      windows: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((day) => ({
        day,
        start: '00:00',
        end: '24:00',
      })),
    },
  ],
}

type Sent = { op: string; input: DeskInput }
/**
 * A client whose fetch answers the World page's documents as the gateway would for this desk: the
 * dry run warns about step 2 while nobody holds duty-manager, and refuses a contact slug given twice
 * naming the field. Every preview and save it was sent is kept, in order.
 */
function fakeApi() {
  const sent: Sent[] = []
  const client = new Client({
    url: 'http://console.test/graphql',
    exchanges: [fetchExchange],
    preferGetMethod: false,
    fetch: async (_url, init) => {
      const { query, variables } = JSON.parse(String(init?.body)) as {
        query: string
        variables: { input?: DeskInput }
      }
      const op = /(?:query|mutation) (\w+)/.exec(query)?.[1] ?? ''
      if (variables.input) sent.push({ op, input: variables.input })
      const contacts = variables.input?.contacts ?? roster.map(asInput)
      const twice = contacts.findIndex((c, i) =>
        contacts.some((d, j) => j < i && d.slug === c.slug)
      )
      const warnings = contacts.some((c) => c.roles?.includes('duty-manager'))
        ? []
        : [
            {
              priority: 'P1',
              step: 2,
              message: 'vistula P1 step 2: role:duty-manager no-contact (Mon 00:00–Sun 24:00 UTC)',
              hole: { target: 'role:duty-manager', reason: 'NO_CONTACT', ranges: [] },
            },
          ]
      const body =
        twice >= 0 && (op === 'PreviewDeskChange' || op === 'SaveDesk')
          ? {
              data: null,
              errors: [
                {
                  message: `input.contacts.${twice}.slug: contact '${contacts[twice]!.slug}' appears twice`,
                  extensions: { code: 'BAD_USER_INPUT', field: `input.contacts.${twice}.slug` },
                },
              ],
            }
          : op === 'WorldPage'
            ? { data: world }
            : op === 'WorldLadderCoverage'
              ? { data: { ladderCoverage: [] } }
              : op === 'PreviewDeskChange'
                ? { data: { previewDeskChange: { coverageWarnings: warnings } } }
                : op === 'SaveDesk'
                  ? { data: { upsertDesk: { desk: { id: 'd-p1' }, coverageWarnings: warnings } } }
                  : { errors: [{ message: `unexpected ${op}` }] }
      return new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } })
    },
  })
  return { client, sent }
}

async function openEditor() {
  const api = fakeApi()
  render(
    <Provider value={api.client}>
      <SessionContext.Provider
        value={{ viewer: { name: 'Ada', role: 'ADMIN', party: null }, clear: () => {} }}
      >
        <WorldPage />
      </SessionContext.Provider>
    </Provider>
  )
  const user = userEvent.setup({ delay: null })
  await user.click(await screen.findByRole('button', { name: 'Edit P1 on-call' }))
  const form = screen.getByRole('region', { name: 'Editing P1 on-call (not saved yet)' })
  const rosterGroup = within(form).getByRole('group', { name: 'Roster' })
  const contact = (name: string) => within(rosterGroup).getByRole('group', { name })
  const lastSent = (op: string) => api.sent.filter((s) => s.op === op).at(-1)?.input
  const settled = () =>
    waitFor(() => expect(within(form).queryByText('Checking…')).toBeNull(), { timeout: 3000 })
  const save = async () => {
    await settled()
    await user.click(within(form).getByRole('button', { name: 'Save P1 on-call' }))
    await waitFor(() => expect(lastSent('SaveDesk')).toBeDefined())
    return lastSent('SaveDesk')!
  }
  return { ...api, user, form, contact, lastSent, settled, save }
}

describe('the roster editor of the World page', () => {
  it("shows every contact of the desk's roster with its fields, channels in order", async () => {
    const { contact } = await openEditor()
    const ad = contact('Account director')
    expect(within(ad).getByLabelText('Name')).toHaveProperty('value', 'Account director')
    expect(within(ad).getByLabelText('Slug')).toHaveProperty('readOnly', true)
    expect(within(ad).getByLabelText('Roles')).toHaveProperty('value', 'account-director, sponsor')
    expect(within(ad).getByLabelText('Time zone')).toHaveProperty('value', 'Europe/Warsaw')
    expect(within(ad).getByLabelText('Quiet from')).toHaveProperty('value', '22:00')
    expect(within(ad).getByLabelText('Quiet until')).toHaveProperty('value', '07:00')
    const oncall = contact('On-call engineer')
    expect(
      within(oncall)
        .getAllByRole('listitem')
        .map((li) => within(li).getByRole('textbox').getAttribute('aria-label'))
    ).toEqual(['URL of channel 1 of On-call engineer', 'Address of channel 2 of On-call engineer'])
    expect(within(oncall).getByLabelText('URL of channel 1 of On-call engineer')).toHaveProperty(
      'value',
      'https://hooks.example/oncall'
    )
  })

  it('sends no contacts when the roster is unchanged: saving a new name leaves the roster alone', async () => {
    const { user, form, save, lastSent, settled } = await openEditor()
    const name = within(form).getAllByLabelText('Name')[0]!
    await user.clear(name)
    await user.type(name, 'P1 on-call Warsaw')
    await settled()
    expect(lastSent('PreviewDeskChange')).toEqual({
      slug: 'p1-on-call',
      name: 'P1 on-call Warsaw',
      calendar: 'warsaw-24x7',
      priorities: ['P1'],
    })
    const saved = await save()
    expect(saved.name).toBe('P1 on-call Warsaw')
    expect('contacts' in saved).toBe(false)
  })

  it('sends no contacts when an edit of the roster is undone', async () => {
    const { user, contact, save } = await openEditor()
    const roles = within(contact('Duty manager')).getByLabelText('Roles')
    await user.type(roles, ', deputy')
    await user.type(roles, '{Backspace>8/}')
    expect(roles).toHaveProperty('value', 'duty-manager')
    expect('contacts' in (await save())).toBe(false)
  })

  it('previews and saves the whole roster when one contact is removed: the others keep every field', async () => {
    const { user, form, contact, save, lastSent, settled } = await openEditor()
    await user.click(
      within(contact('Duty manager')).getByRole('button', {
        name: 'Remove contact Duty manager',
      })
    )
    expect(within(form).queryByRole('group', { name: 'Duty manager' })).toBeNull()
    await settled()
    // The dry run had the roster: it warns that step 2 now pages nobody.
    expect(lastSent('PreviewDeskChange')?.contacts).toEqual([roster[0]!, roster[2]!].map(asInput))
    expect(
      within(within(form).getByRole('list', { name: 'Coverage warnings of the change' })).getByText(
        /step 2: role:duty-manager no-contact/
      )
    ).toBeTruthy()
    const saved = await save()
    // Not dropped, not trimmed: both remaining contacts as read, the webhook's secret reference included.
    expect(saved.contacts).toEqual([roster[0]!, roster[2]!].map(asInput))
    expect(saved.contacts?.[0]?.channels?.[0]).toEqual({
      kind: 'WEBHOOK',
      url: 'https://hooks.example/oncall',
      secret: 'env:HOOK',
    })
  })

  it('adds a contact, adds, reorders and removes channels, and sends the roster in the new order', async () => {
    const { user, form, contact, save } = await openEditor()
    await user.click(within(form).getByRole('button', { name: 'Add a contact' }))
    const fresh = contact('New contact: contact 4')
    // Keyboard: focus lands in the new contact's name.
    expect(document.activeElement).toBe(within(fresh).getByLabelText('Name'))
    await user.keyboard('Night desk')
    const night = contact('New contact: Night desk')
    await user.type(within(night).getByLabelText('Slug'), 'vistula-night')
    await user.type(within(night).getByLabelText('Roles'), 'duty-manager,  on-call ')
    await user.type(within(night).getByLabelText('Time zone'), 'Asia/Manila')
    await user.click(within(night).getByLabelText('Quiet hours (not paged below P1)'))
    await user.type(
      within(night).getByLabelText('Address of channel 1 of Night desk'),
      'night@vistula.example'
    )
    await user.click(within(night).getByRole('button', { name: 'Add a channel for Night desk' }))
    await user.selectOptions(
      within(night).getByLabelText('Kind of channel 2 of Night desk'),
      'SLACK'
    )
    await user.type(
      within(night).getByLabelText('URL of channel 2 of Night desk'),
      'https://slack.example/night'
    )
    await user.click(within(night).getByRole('button', { name: 'Move channel 2 of Night desk up' }))
    // The pressed button moved with its channel; at the top, focus is on its other arrow.
    expect(document.activeElement).toBe(
      within(night).getByRole('button', { name: 'Move channel 1 of Night desk down' })
    )
    // A third channel, removed again: focus goes back to the add button.
    await user.click(within(night).getByRole('button', { name: 'Add a channel for Night desk' }))
    expect(document.activeElement).toBe(
      within(night).getByLabelText('Kind of channel 3 of Night desk')
    )
    await user.click(within(night).getByRole('button', { name: 'Remove channel 3 of Night desk' }))
    expect(within(night).queryByLabelText('Kind of channel 3 of Night desk')).toBeNull()
    expect(document.activeElement).toBe(
      within(night).getByRole('button', { name: 'Add a channel for Night desk' })
    )
    // Reordering the on-call engineer's channels.
    const oncall = contact('On-call engineer')
    await user.click(
      within(oncall).getByRole('button', { name: 'Move channel 1 of On-call engineer down' })
    )
    expect(document.activeElement).toBe(
      within(oncall).getByRole('button', { name: 'Move channel 2 of On-call engineer up' })
    )
    const saved = await save()
    expect(saved.contacts).toEqual([
      {
        ...asInput(roster[0]!),
        channels: [
          { kind: 'EMAIL', address: 'oncall@vistula.example' },
          { kind: 'WEBHOOK', url: 'https://hooks.example/oncall', secret: 'env:HOOK' },
        ],
      },
      asInput(roster[1]!),
      asInput(roster[2]!),
      {
        slug: 'vistula-night',
        name: 'Night desk',
        roles: ['duty-manager', 'on-call'],
        timeZone: 'Asia/Manila',
        quietHours: { start: '22:00', end: '07:00' },
        channels: [
          { kind: 'SLACK', url: 'https://slack.example/night' },
          { kind: 'EMAIL', address: 'night@vistula.example' },
        ],
      },
    ])
  })

  it("shows the API's refusal of a duplicate slug beside the slug, and does not let the change be saved", async () => {
    const { user, form, contact } = await openEditor()
    await user.click(within(form).getByRole('button', { name: 'Add a contact' }))
    await user.keyboard('Second duty')
    const dup = contact('New contact: Second duty')
    await user.type(within(dup).getByLabelText('Slug'), 'vistula-duty')
    const slug = within(dup).getByLabelText('Slug')
    await waitFor(() => expect(slug.getAttribute('aria-invalid')).toBe('true'), { timeout: 3000 })
    expect(
      document.getElementById(slug.getAttribute('aria-describedby')!.split(' ').at(-1)!)
        ?.textContent
    ).toBe("input.contacts.3.slug: contact 'vistula-duty' appears twice")
    expect(within(form).getByText(/The change would be refused: .*appears twice/)).toBeTruthy()
    expect(within(form).getByRole('button', { name: 'Save P1 on-call' })).toHaveProperty(
      'disabled',
      true
    )
  })
})
