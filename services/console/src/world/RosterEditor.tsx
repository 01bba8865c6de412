import {
  memo,
  useEffect,
  useId,
  useRef,
  useState,
  type InputHTMLAttributes,
  type ReactNode,
} from 'react'
import type { CombinedError } from 'urql'
import type {
  ChannelKind,
  ContactInput,
  ChannelInput,
  RosterContactFragment,
} from '../gql/graphql.ts'
import { Field } from '../util/Field.tsx'
import styles from './RosterEditor.module.css'

/** One channel as it is edited: `address` is the e-mail address (EMAIL) or the URL (the others). */
export interface DraftChannel {
  key: string
  kind: ChannelKind
  address: string
  /** A WEBHOOK's secret reference (`env:NAME`…), not shown, sent back as it was read. */
  secret: string | null
}
/** One contact as it is edited (roles as typed, comma-separated; an empty zone: the desk's). */
export interface DraftContact {
  key: string
  /** Added in this editor: only then may the slug be typed (ladder steps may name it). */
  isNew: boolean
  slug: string
  name: string
  roles: string
  timeZone: string
  quietHours: { start: string; end: string } | null
  channels: DraftChannel[]
}

const KINDS: readonly { value: ChannelKind; label: string }[] = [
  { value: 'EMAIL', label: 'E-mail' },
  { value: 'SLACK', label: 'Slack' },
  { value: 'TEAMS', label: 'Teams' },
  { value: 'WEBHOOK', label: 'Webhook' },
]
type InputProps = InputHTMLAttributes<HTMLInputElement>
let keys = 0
const nextKey = () => `roster-${++keys}`

/** A desk's roster as the API read it, ready to edit. */
export const draftRoster = (contacts: readonly RosterContactFragment[]): DraftContact[] =>
  contacts.map((c) => ({
    key: nextKey(),
    isNew: false,
    slug: c.slug,
    name: c.name,
    roles: c.roles.join(', '),
    timeZone: c.timeZone ?? '',
    quietHours: c.quietHours ? { start: c.quietHours.start, end: c.quietHours.end } : null,
    channels: c.channels.map((ch) => ({
      key: nextKey(),
      kind: ch.kind,
      address: (ch.kind === 'EMAIL' ? ch.address : ch.url) ?? '',
      secret: ch.secret,
    })),
  }))

const channelInput = (c: DraftChannel): ChannelInput =>
  c.kind === 'EMAIL'
    ? { kind: c.kind, address: c.address.trim() }
    : {
        kind: c.kind,
        url: c.address.trim(),
        ...(c.kind === 'WEBHOOK' && c.secret ? { secret: c.secret } : {}),
      }

/** The edited roster as `DeskInput.contacts`: every contact, every field the API read kept. */
export const rosterContacts = (drafts: readonly DraftContact[]): ContactInput[] =>
  drafts.map((c) => ({
    slug: c.slug.trim(),
    name: c.name,
    roles: c.roles
      .split(',')
      .map((r) => r.trim())
      .filter(Boolean),
    ...(c.timeZone.trim() ? { timeZone: c.timeZone.trim() } : {}),
    ...(c.quietHours ? { quietHours: c.quietHours } : {}),
    channels: c.channels.map(channelInput),
  }))

/**
 * `{ contacts }` for DeskInput when the roster was changed, `{}` when it is as the API read it (or
 * could not be read): left out, the desk keeps its roster, so saving a name never rewrites it.
 */
export function rosterInput(
  read: readonly RosterContactFragment[] | null | undefined,
  drafts: readonly DraftContact[]
): { contacts?: ContactInput[] } {
  if (!read) return {}
  const edited = rosterContacts(drafts)
  return JSON.stringify(edited) === JSON.stringify(rosterContacts(draftRoster(read)))
    ? {}
    : { contacts: edited }
}

/**
 * The API's refusals of roster fields by their place in the roster (`1.slug`,
 * `0.channels.2.address`; a URL's refusal under `address` too, where the editor shows it).
 */
export function rosterFieldErrors(error: CombinedError | undefined | null): Record<string, string> {
  const out: Record<string, string> = {}
  for (const e of error?.graphQLErrors ?? []) {
    const field = e.extensions?.field
    const m = typeof field === 'string' ? /(?:^|\.)contacts\.(\d+(?:\.[\w.]+)?)$/.exec(field) : null
    if (m) out[m[1]!.replace(/\.url$/, '.address')] = e.message
  }
  return out
}

const ZONES: readonly string[] =
  typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : []

/** The IANA zones a contact's zone may be picked from (typed zones are checked by the API). */
const ZoneList = memo(function ZoneList({ id }: { id: string }) {
  return (
    <datalist id={id}>
      {ZONES.map((z) => (
        <option key={z} value={z} />
      ))}
    </datalist>
  )
})

/** The roster of the desk being edited: contacts with roles, time zone, quiet hours and channels in order. */
export function RosterEditor({
  contacts,
  onChange,
  deskZone,
  errors = {},
}: {
  contacts: readonly DraftContact[]
  onChange: (contacts: DraftContact[]) => void
  /** The desk calendar's zone: a contact's when none is set. */
  deskZone: string
  errors?: Readonly<Record<string, string>>
}) {
  const id = useId()
  const root = useRef<HTMLFieldSetElement>(null)
  // Where keyboard focus goes after a change that moves or removes the focused control.
  const [focus, setFocus] = useState<string | null>(null)
  useEffect(() => {
    if (!focus) return
    root.current?.querySelector<HTMLElement>(`[data-focus="${focus}"]:not(:disabled)`)?.focus()
    setFocus(null)
  }, [focus])

  const set = (i: number, c: DraftContact) => onChange(contacts.map((x, j) => (j === i ? c : x)))
  const setChannels = (i: number, channels: DraftChannel[]) => set(i, { ...contacts[i]!, channels })

  return (
    <fieldset className={styles.roster} ref={root}>
      <legend>Roster</legend>
      <p className={styles.hint}>
        Who the desk&apos;s escalation ladder steps can page: each contact&apos;s roles, and
        channels tried in order.
      </p>
      <ZoneList id={`${id}-zones`} />
      {contacts.length === 0 && <p className={styles.hint}>Nobody on the roster.</p>}
      {contacts.map((c, i) => {
        const who = c.name.trim() || c.slug || `contact ${i + 1}`
        const err = (f: string) => errors[`${i}.${f}`]
        const text = (
          field: 'name' | 'slug' | 'roles' | 'timeZone',
          label: string,
          { hint, ...input }: InputProps & { hint?: string; 'data-focus'?: string } = {}
        ) => (
          <Field label={label} error={err(field)} {...(hint ? { hint } : {})}>
            <input
              autoCapitalize='none'
              spellCheck={false}
              {...input}
              value={c[field]}
              onChange={(e) => set(i, { ...c, [field]: e.target.value })}
            />
          </Field>
        )
        return (
          <fieldset key={c.key} className={styles.contact} data-contact={c.slug}>
            <legend>{c.isNew ? `New contact: ${who}` : who}</legend>
            <div className={styles.fields}>
              {text('name', 'Name', { 'data-focus': `${c.key}-name`, autoCapitalize: 'words' })}
              {text('slug', 'Slug', {
                readOnly: !c.isNew,
                className: c.isNew ? undefined : styles.readOnly,
                ...(c.isNew ? { hint: 'a-z, 0-9, dashes; fixed once saved' } : {}),
              })}
              {text('roles', 'Roles', { hint: 'comma-separated' })}
              {text('timeZone', 'Time zone', {
                hint: "empty: the desk's zone",
                list: `${id}-zones`,
                placeholder: deskZone,
              })}
              <div className={styles.quiet}>
                <label>
                  <input
                    type='checkbox'
                    checked={c.quietHours !== null}
                    onChange={(e) =>
                      set(i, {
                        ...c,
                        quietHours: e.target.checked ? { start: '22:00', end: '07:00' } : null,
                      })
                    }
                  />{' '}
                  Quiet hours (not paged below P1)
                </label>
                {c.quietHours &&
                  (['start', 'end'] as const).map((end) => (
                    <Field
                      key={end}
                      label={end === 'start' ? 'Quiet from' : 'Quiet until'}
                      error={err(`quietHours.${end}`)}
                    >
                      <input
                        type='time'
                        value={c.quietHours![end]}
                        onChange={(e) =>
                          e.target.value &&
                          set(i, { ...c, quietHours: { ...c.quietHours!, [end]: e.target.value } })
                        }
                      />
                    </Field>
                  ))}
              </div>
            </div>
            <ChannelList
              id={c.key}
              who={who}
              channels={c.channels}
              onChange={(channels) => setChannels(i, channels)}
              error={(j, f) =>
                err(`channels.${j}.${f}`) ?? (f === 'address' ? err(`channels.${j}`) : undefined)
              }
              focus={setFocus}
            >
              <button
                type='button'
                onClick={() => {
                  onChange(contacts.filter((_, j) => j !== i))
                  setFocus('add-contact')
                }}
                aria-label={`Remove contact ${who}`}
              >
                Remove contact
              </button>
            </ChannelList>
          </fieldset>
        )
      })}
      <div className={styles.buttons}>
        <button
          type='button'
          data-focus='add-contact'
          onClick={() => {
            const key = nextKey()
            onChange([
              ...contacts,
              {
                key,
                isNew: true,
                slug: '',
                name: '',
                roles: '',
                timeZone: '',
                quietHours: null,
                channels: [{ key: nextKey(), kind: 'EMAIL', address: '', secret: null }],
              },
            ])
            setFocus(`${key}-name`)
          }}
        >
          Add a contact
        </button>
      </div>
    </fieldset>
  )
}

function ChannelList({
  id,
  who,
  channels,
  onChange,
  error,
  focus,
  children,
}: {
  /** The contact's key: the add button's focus target. */
  id: string
  who: string
  channels: readonly DraftChannel[]
  onChange: (channels: DraftChannel[]) => void
  error: (index: number, field: string) => string | undefined
  focus: (target: string) => void
  /** Buttons beside "Add a channel" (the contact's own). */
  children?: ReactNode
}) {
  const set = (j: number, ch: DraftChannel) => onChange(channels.map((x, k) => (k === j ? ch : x)))
  const move = (j: number, by: -1 | 1) => {
    const next = [...channels]
    ;[next[j], next[j + by]] = [next[j + by]!, next[j]!]
    onChange(next)
    // The pressed button moved with its channel: keep focus on it (or its twin at the list's end).
    const ch = channels[j]!
    const end = j + by === 0 || j + by === channels.length - 1
    focus(`${ch.key}-${end ? (by < 0 ? 'down' : 'up') : by < 0 ? 'up' : 'down'}`)
  }
  return (
    <div className={styles.channels}>
      <h5 className={styles.channelsTitle}>Channels of {who}, in order of preference</h5>
      {channels.length === 0 ? (
        <p className={styles.hint}>No channel: {who} cannot be paged.</p>
      ) : (
        <ol className={styles.channelList}>
          {channels.map((ch, j) => {
            const n = `channel ${j + 1} of ${who}`
            return (
              <li key={ch.key} className={styles.channel} aria-label={`Channel ${j + 1}`}>
                <Field label='Kind'>
                  <select
                    value={ch.kind}
                    data-focus={`${ch.key}-kind`}
                    aria-label={`Kind of ${n}`}
                    onChange={(e) => set(j, { ...ch, kind: e.target.value as ChannelKind })}
                  >
                    {KINDS.map((k) => (
                      <option key={k.value} value={k.value}>
                        {k.label}
                      </option>
                    ))}
                  </select>
                </Field>
                <Field label={ch.kind === 'EMAIL' ? 'Address' : 'URL'} error={error(j, 'address')}>
                  <input
                    value={ch.address}
                    type={ch.kind === 'EMAIL' ? 'email' : 'url'}
                    aria-label={`${ch.kind === 'EMAIL' ? 'Address' : 'URL'} of ${n}`}
                    autoCapitalize='none'
                    spellCheck={false}
                    onChange={(e) => set(j, { ...ch, address: e.target.value })}
                  />
                </Field>
                <div className={styles.channelButtons}>
                  <button
                    type='button'
                    aria-label={`Move ${n} up`}
                    title='Move up'
                    data-focus={`${ch.key}-up`}
                    disabled={j === 0}
                    onClick={() => move(j, -1)}
                  >
                    ↑
                  </button>
                  <button
                    type='button'
                    aria-label={`Move ${n} down`}
                    title='Move down'
                    data-focus={`${ch.key}-down`}
                    disabled={j === channels.length - 1}
                    onClick={() => move(j, 1)}
                  >
                    ↓
                  </button>
                  <button
                    type='button'
                    aria-label={`Remove ${n}`}
                    title='Remove'
                    onClick={() => {
                      onChange(channels.filter((_, k) => k !== j))
                      focus(`${id}-add-channel`)
                    }}
                  >
                    ✕
                  </button>
                </div>
              </li>
            )
          })}
        </ol>
      )}
      <div className={styles.buttons}>
        <button
          type='button'
          data-focus={`${id}-add-channel`}
          onClick={() => {
            const key = nextKey()
            onChange([...channels, { key, kind: 'EMAIL', address: '', secret: null }])
            focus(`${key}-kind`)
          }}
          aria-label={`Add a channel for ${who}`}
        >
          Add a channel
        </button>
        {children}
      </div>
    </div>
  )
}
