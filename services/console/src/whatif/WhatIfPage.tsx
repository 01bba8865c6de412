import { useEffect, useMemo, useState } from 'react'
import { useClient, useQuery } from 'urql'
import { Link, useSearch } from 'wouter'
import {
  SimulateIncidentDocument,
  WhatIfSourceDocument,
  WhatIfWorldDocument,
  type SimulateIncidentQuery,
  type SimulatedEventType,
  type WhatIfWorldQuery,
} from '../gql/graphql.ts'
import { ClocksSection } from '../incident/ClocksSection.tsx'
import { CustodySection } from '../incident/CustodySection.tsx'
import { EscalationsSection } from '../incident/EscalationsSection.tsx'
import { lanePartiesOf } from '../incident/lane-parties.ts'
import { apiErrors } from '../util/api-errors.ts'
import type { CalendarShape } from '../util/calendar.ts'
import { FormErrors } from '../util/Field.tsx'
import { IncidentTimeProvider } from '../util/incident-time.tsx'
import { localTimeLabel, utcLabel, zoneCity } from '../util/time-zone.ts'
import {
  namedChoices,
  PRIORITY_CHOICES,
  SelectField,
  zoneChoices,
  type Choice,
} from '../util/SelectField.tsx'
import {
  draftFromIncident,
  EVENT_TYPES,
  fromLocalInput,
  newEventKey,
  simulateInput,
  toLocalInput,
  type WhatIfDraft,
  type WhatIfEvent,
} from './what-if-timeline.ts'
import { SectionCard, SectionTable } from '../incident/SectionCard.tsx'
import sections from '../incident/sections.module.css'
import styles from './WhatIfPage.module.css'
import { usePageTitle } from '../util/use-page-title.ts'

type Parties = WhatIfWorldQuery['parties']
type Answer = SimulateIncidentQuery['simulateIncident']
const HOUR = 3_600_000

/** `/what-if[?from=INC-…]`: a hypothetical timeline replayed by simulateIncident, drawn like the incident page. */
export function WhatIfPage() {
  const from = new URLSearchParams(useSearch()).get('from')
  const [world] = useQuery({ query: WhatIfWorldDocument })
  const [source] = useQuery({
    query: WhatIfSourceDocument,
    variables: { key: from ?? '' },
    pause: !from,
  })
  usePageTitle('What-if')
  if (world.error)
    return (
      <p role='alert' className='error-text'>
        Could not load the world: {world.error.message}
      </p>
    )
  if (!world.data || (from && !source.data && !source.error))
    return <p role='status'>Loading the what-if…</p>
  const incident = source.data?.incidentByKey ?? null
  return (
    <WhatIfEditor
      // A new source incident starts a new draft.
      key={incident?.id ?? 'blank'}
      world={world.data}
      initial={() => {
        const ids = new Map(world.data!.parties.map((p) => [p.slug, p.id]))
        if (incident) return draftFromIncident(incident, ids, Date.now())
        const now = Math.floor(Date.now() / HOUR) * HOUR
        const holder =
          world.data!.parties.find((p) => p.kind !== 'RETAINED') ?? world.data!.parties[0]
        return {
          priority: 'P1',
          holderPartyId: holder?.id ?? '',
          serviceId: null,
          openedAt: now,
          asOf: now + 8 * HOUR,
          events: [],
        }
      }}
      sourceKey={incident?.key ?? null}
      sourceMissing={Boolean(from && !incident)}
    />
  )
}

/** Every desk zone of the world, UTC first: the zones a time may be entered in. */
const zonesOf = (parties: Parties) =>
  zoneChoices(
    parties
      .flatMap((p) => p.desks.map((d) => ({ timeZone: d.timeZone, name: p.name })))
      .sort((a, b) => a.timeZone.localeCompare(b.timeZone))
  )

const EVENT_CHOICES: readonly Choice<SimulatedEventType>[] = EVENT_TYPES.map((t) => ({
  value: t.type,
  label: t.label,
}))

function WhatIfEditor({
  world,
  initial,
  sourceKey,
  sourceMissing,
}: {
  world: WhatIfWorldQuery
  initial: () => WhatIfDraft
  sourceKey: string | null
  sourceMissing: boolean
}) {
  const client = useClient()
  const [draft, setDraft] = useState<WhatIfDraft>(initial)
  const zones = useMemo(() => zonesOf(world.parties), [world.parties])
  const [zone, setZone] = useState('UTC')
  const [answer, setAnswer] = useState<{ data: Answer; draft: WhatIfDraft; at: number } | null>(
    null
  )
  const [errors, setErrors] = useState<string[]>([])
  const [running, setRunning] = useState(false)
  const partyName = (id: string | null) => world.parties.find((p) => p.id === id)?.name ?? '—'

  const setEvent = (key: string, patch: Partial<WhatIfEvent>) =>
    setDraft((d) => ({
      ...d,
      events: d.events.map((e) => (e.key === key ? { ...e, ...patch } : e)),
    }))

  async function run() {
    setRunning(true)
    setErrors([])
    const snapshot = draft
    const r = await client
      .query(
        SimulateIncidentDocument,
        { input: simulateInput(snapshot) },
        { requestPolicy: 'network-only' }
      )
      .toPromise()
    setRunning(false)
    if (r.error || !r.data) {
      setErrors(apiErrors(r.error).form.concat(Object.values(apiErrors(r.error).fields)))
      return
    }
    setAnswer({ data: r.data.simulateIncident, draft: snapshot, at: Date.now() })
  }

  return (
    <article className={styles.page} aria-labelledby='whatif-title'>
      <header>
        <p className={styles.crumbs}>
          <Link href='/'>Board</Link>
          {sourceKey && (
            <>
              {' / '}
              <Link href={`/incidents/${encodeURIComponent(sourceKey)}`}>{sourceKey}</Link>
            </>
          )}{' '}
          / What-if
        </p>
        <h1 id='whatif-title'>What-if{sourceKey ? ` from ${sourceKey}` : ''}</h1>
        <p className='muted'>
          A hypothetical timeline, replayed the way a live incident lives it (the same clocks,
          expiries, ladders, ping-pong and credits) against the agreements in force at its opening.
          Nothing is recorded.
        </p>
        {sourceMissing && (
          <p role='alert' className='error-text'>
            That incident does not exist, or you may not see it: starting from a blank timeline.
          </p>
        )}
      </header>

      <form
        className={sections.card}
        aria-labelledby='timeline-title'
        onSubmit={(e) => {
          e.preventDefault()
          void run()
        }}
      >
        <h2 id='timeline-title'>Timeline</h2>
        <div className={styles.setup}>
          <SelectField
            label='Priority'
            value={draft.priority}
            choices={PRIORITY_CHOICES}
            onChange={(priority) => setDraft({ ...draft, priority })}
          />
          <SelectField
            label='First holder'
            value={draft.holderPartyId}
            choices={namedChoices(world.parties)}
            onChange={(holderPartyId) => setDraft({ ...draft, holderPartyId })}
          />
          <SelectField
            label='Service'
            value={draft.serviceId ?? ''}
            choices={[{ value: '', label: 'None' }, ...namedChoices(world.services)]}
            onChange={(serviceId) => setDraft({ ...draft, serviceId: serviceId || null })}
          />
          <SelectField label='Enter times in' value={zone} choices={zones} onChange={setZone} />
          <TimeField
            label='Opened at'
            instant={draft.openedAt}
            zone={zone}
            onChange={(openedAt) => setDraft({ ...draft, openedAt })}
          />
          <TimeField
            label='Judged as of'
            instant={draft.asOf}
            zone={zone}
            onChange={(asOf) => setDraft({ ...draft, asOf })}
          />
        </div>
        <AllZones instant={draft.openedAt} parties={world.parties} label='Opened at' />

        <ol className={styles.events}>
          {draft.events.map((e, i) => (
            <li key={e.key}>
              <fieldset className={styles.event}>
                <legend>Event {i + 1}</legend>
                <TimeField
                  label='Time'
                  instant={e.at}
                  zone={zone}
                  onChange={(at) => setEvent(e.key, { at })}
                />
                <SelectField
                  label='What'
                  value={e.type}
                  choices={EVENT_CHOICES}
                  onChange={(type) => setEvent(e.key, { type })}
                />
                <PartySelect
                  label='By'
                  parties={world.parties}
                  value={e.partyId}
                  onChange={(partyId) => setEvent(e.key, { partyId })}
                  blank='The holder or receiver'
                />
                {e.type === 'HANDOFF_OFFERED' && (
                  <PartySelect
                    label='To'
                    parties={world.parties}
                    value={e.toPartyId}
                    onChange={(toPartyId) => setEvent(e.key, { toPartyId })}
                  />
                )}
                {e.type === 'WAITING' && (
                  <PartySelect
                    label='Waiting on'
                    parties={world.parties}
                    value={e.onPartyId}
                    onChange={(onPartyId) => setEvent(e.key, { onPartyId })}
                  />
                )}
                <label>
                  Reason
                  <input
                    value={e.reason}
                    onChange={(x) => setEvent(e.key, { reason: x.target.value })}
                  />
                </label>
                {e.type === 'HANDOFF_OFFERED' && (
                  <label>
                    Reason code
                    <input
                      value={e.reasonCode}
                      onChange={(x) => setEvent(e.key, { reasonCode: x.target.value })}
                    />
                  </label>
                )}
                <button
                  type='button'
                  className={styles.remove}
                  onClick={() =>
                    setDraft((d) => ({ ...d, events: d.events.filter((x) => x.key !== e.key) }))
                  }
                >
                  Remove event {i + 1}
                </button>
                <AllZones instant={e.at} parties={world.parties} label={`Event ${i + 1}`} />
              </fieldset>
            </li>
          ))}
        </ol>
        <div className={styles.buttons}>
          <button
            type='button'
            onClick={() =>
              setDraft((d) => {
                const last = d.events.at(-1)?.at ?? d.openedAt
                return {
                  ...d,
                  events: [
                    ...d.events,
                    {
                      key: newEventKey(),
                      at: last + 15 * 60_000,
                      type: 'ACKNOWLEDGED',
                      partyId: null,
                      toPartyId: null,
                      onPartyId: null,
                      reason: '',
                      reasonCode: '',
                    },
                  ],
                }
              })
            }
          >
            Add an event
          </button>
          <button type='submit' className='primary' disabled={running}>
            {running ? 'Running…' : 'Run what-if'}
          </button>
        </div>
        <FormErrors messages={errors} />
      </form>

      {answer && (
        <WhatIfAnswer
          answer={answer.data}
          draft={answer.draft}
          world={world}
          receivedMs={answer.at}
          partyName={partyName}
        />
      )}
    </article>
  )
}

/** A `datetime-local` input in the chosen zone; the draft keeps the instant. */
function TimeField({
  label,
  instant,
  zone,
  onChange,
}: {
  label: string
  instant: number
  zone: string
  onChange: (instant: number) => void
}) {
  const [text, setText] = useState(() => toLocalInput(instant, zone))
  // Another zone, or the instant changed elsewhere: show it afresh.
  useEffect(() => {
    setText((t) => (fromLocalInput(t, zone) === instant ? t : toLocalInput(instant, zone)))
  }, [instant, zone])
  return (
    <label>
      {label} <span className={styles.zone}>({zone === 'UTC' ? 'UTC' : zoneCity(zone)})</span>
      <input
        type='datetime-local'
        value={text}
        onChange={(e) => {
          setText(e.target.value)
          const at = fromLocalInput(e.target.value, zone)
          if (at !== null) onChange(at)
        }}
      />
    </label>
  )
}

function PartySelect({
  label,
  parties,
  value,
  onChange,
  blank,
}: {
  label: string
  parties: Parties
  value: string | null
  onChange: (id: string | null) => void
  blank?: string
}) {
  const none = blank !== undefined || !value ? [{ value: '', label: blank ?? 'Choose…' }] : []
  return (
    <SelectField
      label={label}
      value={value ?? ''}
      choices={[...none, ...namedChoices(parties)]}
      onChange={(id) => onChange(id || null)}
    />
  )
}

/** One instant in UTC and in every party's local time (each desk zone once). */
function AllZones({
  instant,
  parties,
  label,
}: {
  instant: number
  parties: Parties
  label: string
}) {
  const seen = new Set<string>()
  const items: string[] = [utcLabel(instant)]
  for (const p of parties)
    for (const d of p.desks) {
      if (seen.has(d.timeZone) || d.timeZone === 'UTC') continue
      seen.add(d.timeZone)
      items.push(`${zoneCity(d.timeZone)} ${localTimeLabel(instant, d.timeZone)}`)
    }
  return (
    <p className={styles.allZones} aria-label={`${label} in every party's local time`}>
      {items.join(' · ')}
    </p>
  )
}

const money = (amount: number, currency: string) =>
  new Intl.NumberFormat('en-US', { style: 'currency', currency, maximumFractionDigits: 0 }).format(
    amount
  )

function WhatIfAnswer({
  answer: a,
  draft,
  world,
  receivedMs,
  partyName,
}: {
  answer: Answer
  draft: WhatIfDraft
  world: WhatIfWorldQuery
  receivedMs: number
  partyName: (id: string | null) => string
}) {
  const calendars = useMemo(
    () => new Map<string, CalendarShape>(world.calendars.map((c) => [c.id, c])),
    [world.calendars]
  )
  const source = useMemo(
    () => ({
      ...a,
      priority: draft.priority,
      holder: { id: draft.holderPartyId },
      openedAt: new Date(draft.openedAt).toISOString(),
    }),
    [a, draft]
  )
  const lanes = useMemo(
    () => lanePartiesOf(source, world.parties, calendars),
    [source, world.parties, calendars]
  )
  // The answer is frozen at asOf: countdowns and "now" read against it, not the browser's clock.
  const base = useMemo(
    () => ({ asOfMs: draft.asOf, receivedMs, speed: 0 }),
    [draft.asOf, receivedMs]
  )
  return (
    <IncidentTimeProvider base={base}>
      <section aria-labelledby='answer-title' className={styles.answer}>
        <h2 id='answer-title'>
          Answer: {draft.priority} held first by {partyName(draft.holderPartyId)}, as of{' '}
          {utcLabel(draft.asOf)}
        </h2>
        {a.rejectedEvents.length > 0 && (
          <div role='alert' className={styles.rejected}>
            <p>Events a live incident would refuse (left out):</p>
            <ul>
              {a.rejectedEvents.map((r) => (
                <li key={r}>{r}</li>
              ))}
            </ul>
          </div>
        )}
        <CustodySection source={source} lanes={lanes} now={draft.asOf} />
        <ClocksSection clocks={a.clocks} lanes={lanes} />
        <EscalationsSection escalations={a.escalations} />
        <SectionCard id='credits' title='Credits'>
          {a.credits.length === 0 ? (
            <p className='muted'>No credit would be owed.</p>
          ) : (
            <SectionTable label='Credits table' columns={['Owed by', 'Agreement', 'Why', 'Amount']}>
              {a.credits.map((c, i) => (
                <tr key={`${c.party.id}-${c.reason}-${i}`}>
                  <td data-label='Owed by'>{c.party.name}</td>
                  <td data-label='Agreement'>
                    {c.agreement.name}
                    <span className={sections.sub}>v{c.agreement.version}</span>
                  </td>
                  <td data-label='Why'>{c.reason}</td>
                  <td data-label='Amount'>{money(c.amount, c.currency)}</td>
                </tr>
              ))}
            </SectionTable>
          )}
        </SectionCard>
        <SectionCard id='accountability' title='Whose time it was'>
          <SectionTable label='Accountable stretches' columns={['From', 'To', 'Party', 'Why']}>
            {a.accountability.map((s) => (
              <tr key={`${s.party.id}-${s.from}`}>
                <td data-label='From'>{utcLabel(Date.parse(s.from))}</td>
                <td data-label='To'>{s.to ? utcLabel(Date.parse(s.to)) : 'as of now'}</td>
                <td data-label='Party'>{s.party.name}</td>
                <td data-label='Why'>{s.why.replace('_', ' ').toLowerCase()}</td>
              </tr>
            ))}
          </SectionTable>
        </SectionCard>
      </section>
    </IncidentTimeProvider>
  )
}
