import { useEffect, useMemo, useState } from 'react'
import { useClient, useMutation, useQuery } from 'urql'
import {
  RemoveDeskDocument,
  PreviewDeskChangeDocument,
  PreviewDeskRemovalDocument,
  SaveDeskDocument,
  WorldLadderCoverageDocument,
  WorldPageDocument,
  type Priority,
  type WorldCoverageWarningFragment,
  type WorldPageQuery,
} from '../gql/graphql.ts'
import { useSession } from '../signin/session-context.tsx'
import { apiErrors } from '../util/api-errors.ts'
import type { CalendarShape } from '../util/calendar.ts'
import { FormErrors } from '../util/Field.tsx'
import { zoneCity } from '../util/time-zone.ts'
import { namedChoices, PRIORITY_CHOICES, SelectField, zoneChoices } from '../util/SelectField.tsx'
import { cellRanges, coverageHeatmap, newHoles, type HeatDesk } from './coverage-heatmap.ts'
import { CoverageHeatmap } from './CoverageHeatmap.tsx'
import {
  draftRoster,
  RosterEditor,
  rosterFieldErrors,
  rosterInput,
  type DraftContact,
} from './RosterEditor.tsx'
import { SectionCard, SectionTable } from '../incident/SectionCard.tsx'
import sections from '../incident/sections.module.css'
import styles from './WorldPage.module.css'
import { usePageTitle } from '../util/use-page-title.ts'

type Party = WorldPageQuery['parties'][number]
type Desk = Party['desks'][number]
const PRIORITIES: Priority[] = ['P1', 'P2', 'P3', 'P4']
const today = () => new Date().toISOString().slice(0, 10)

/** The change being prepared for one desk: an edit (calendar, priorities, name, roster) or its removal. */
type Pending =
  | {
      kind: 'edit'
      desk: Desk
      name: string
      calendar: string
      priorities: Priority[]
      contacts: DraftContact[]
    }
  | { kind: 'remove'; desk: Desk }

const heatDesks = (
  party: Party,
  calendars: ReadonlyMap<string, CalendarShape>,
  pending: Pending | null
): HeatDesk[] =>
  party.desks
    .filter((d) => !(pending?.kind === 'remove' && pending.desk.id === d.id))
    .map((d) => {
      const edit = pending?.kind === 'edit' && pending.desk.id === d.id ? pending : null
      const calendar = edit
        ? calendars.get(edit.calendar)
        : d.calendar
          ? calendars.get(d.calendar.slug)
          : undefined
      return {
        id: d.id,
        name: edit?.name ?? d.name,
        priorities: edit?.priorities ?? d.priorities,
        calendar: calendar ?? null,
        is24x7: edit ? isRoundTheClock(calendar) : d.is24x7,
      }
    })

/** A calendar open every hour of every day with no holidays (what Desk.is24x7 says of a stored desk). */
function isRoundTheClock(c: CalendarShape | undefined): boolean {
  if (!c || c.holidays.length) return false
  const days = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']
  return days.every((day) =>
    c.windows.some((w) => w.day === day && w.start === '00:00' && w.end === '24:00')
  )
}

/** `/world`: parties, desks and calendars, each party's weekly coverage per priority, and desk changes previewed before they are saved. */
export function WorldPage() {
  const [result, reexecute] = useQuery({ query: WorldPageDocument })
  usePageTitle('World')
  if (result.error)
    return (
      <p role='alert' className='error-text'>
        Could not load the world: {result.error.message}
      </p>
    )
  if (!result.data) return <p role='status'>Loading the world…</p>
  return (
    <WorldView world={result.data} refetch={() => reexecute({ requestPolicy: 'network-only' })} />
  )
}

function WorldView({ world, refetch }: { world: WorldPageQuery; refetch: () => void }) {
  const { viewer } = useSession()
  const admin = viewer.role === 'ADMIN'
  const calendars = useMemo(
    () =>
      new Map<string, CalendarShape & { id: string; slug: string }>(
        world.calendars.map((c) => [c.slug, c])
      ),
    [world.calendars]
  )
  const vendors = world.parties.filter((p) => p.kind !== 'RETAINED')
  const [partyId, setPartyId] = useState(
    () => (vendors.find((p) => p.desks.length > 1) ?? world.parties[0])?.id ?? ''
  )
  const party = world.parties.find((p) => p.id === partyId) ?? world.parties[0]
  const [priority, setPriority] = useState<Priority>(
    () => (party?.desks.flatMap((d) => d.priorities)[0] as Priority | undefined) ?? 'P1'
  )
  const [weekOf, setWeekOf] = useState(today)
  const [zone, setZone] = useState('UTC')
  const [pending, setPending] = useState<Pending | null>(null)
  if (!party) return <p>No party in the world.</p>
  const deskZones = party.desks.map((d) => ({ name: d.name, timeZone: d.timeZone }))
  const map = coverageHeatmap(heatDesks(party, calendars, null), priority, weekOf, zone)

  return (
    <article className={styles.page} aria-labelledby='world-title'>
      <header>
        <h1 id='world-title'>The world</h1>
        <p className='muted'>
          Parties, their desks and the calendars they work on; who can be reached when; and what a
          desk change would do to the escalation ladders before it is saved.
        </p>
      </header>

      <SectionCard id='coverage' title='Weekly coverage'>
        <div className={styles.controls}>
          <SelectField
            label='Party'
            value={party.id}
            choices={namedChoices(world.parties)}
            onChange={(id) => {
              setPartyId(id)
              setPending(null)
              setZone('UTC')
            }}
          />
          <SelectField
            label='Priority'
            value={priority}
            choices={PRIORITY_CHOICES}
            onChange={setPriority}
          />
          <label>
            Week of
            <input
              type='date'
              value={weekOf}
              onChange={(e) => e.target.value && setWeekOf(e.target.value)}
            />
          </label>
          <SelectField
            label='Hours in'
            value={zone}
            choices={zoneChoices(party.desks)}
            onChange={setZone}
          />
        </div>
        {map.desks.length === 0 ? (
          <p className='muted'>
            No desk of {party.name} takes {priority}.
          </p>
        ) : (
          <CoverageHeatmap
            map={map}
            zones={deskZones}
            deskOrder={party.desks.map((d) => d.id)}
            caption={`${party.name}, ${priority}: who can be reached, week of ${map.days[0]!.date} (${zone === 'UTC' ? 'UTC' : zoneCity(zone)})`}
          />
        )}
        <HolidaysOfWeek
          party={party}
          calendars={calendars}
          from={map.days[0]!.date}
          to={map.days[6]!.date}
        />
      </SectionCard>

      <LadderWarnings party={party} />

      <SectionCard id='desks' title={`Desks of ${party.name}`}>
        <DesksTable
          party={party}
          admin={admin}
          onEdit={(desk) =>
            setPending({
              kind: 'edit',
              desk,
              name: desk.name,
              calendar: desk.calendar?.slug ?? world.calendars[0]?.slug ?? '',
              priorities: [...desk.priorities],
              contacts: draftRoster(desk.contacts ?? []),
            })
          }
          onRemove={(desk) => setPending({ kind: 'remove', desk })}
        />
        {pending && (
          <DeskChange
            key={`${pending.kind}-${pending.desk.id}`}
            party={party}
            pending={pending}
            setPending={setPending}
            calendars={calendars}
            priority={priority}
            weekOf={weekOf}
            zone={zone}
            zones={deskZones}
            onSaved={() => {
              setPending(null)
              refetch()
            }}
          />
        )}
      </SectionCard>

      <SectionCard id='parties' title='Parties'>
        <ul className={styles.parties}>
          {world.parties.map((p) => (
            <li key={p.id}>
              <strong>{p.name}</strong>{' '}
              <span className='muted'>{p.kind.replace(/_/g, ' ').toLowerCase()}</span>
              <ul className={sections.list}>
                {p.desks.map((d) => (
                  <li key={d.id} className={styles.deskLine}>
                    {d.name} · {d.is24x7 ? '24x7' : (d.calendar?.slug ?? 'no calendar')} ·{' '}
                    {zoneCity(d.timeZone)} · {d.priorities.join(', ')}
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      </SectionCard>

      <SectionCard id='calendars' title='Calendars'>
        <SectionTable label='Calendars table' columns={['Calendar', 'Zone', 'Open', 'Holidays']}>
          {world.calendars.map((c) => (
            <tr key={c.id}>
              <td data-label='Calendar'>{c.slug}</td>
              <td data-label='Zone'>{c.timeZone}</td>
              <td data-label='Open'>{windowsSummary(c.windows)}</td>
              <td data-label='Holidays'>
                {c.holidays.length === 0 ? (
                  <span className='muted'>none</span>
                ) : (
                  <span className={styles.holidays}>{c.holidays.join(', ')}</span>
                )}
              </td>
            </tr>
          ))}
        </SectionTable>
      </SectionCard>
    </article>
  )
}

/** Weekly windows in words: `Mon–Fri 07:00–19:00`, or day by day when they differ. */
function windowsSummary(
  windows: ReadonlyArray<{ day: string; start: string; end: string }>
): string {
  if (windows.length === 0) return 'never'
  const byHours = new Map<string, string[]>()
  for (const w of windows)
    byHours.set(`${w.start}–${w.end}`, [...(byHours.get(`${w.start}–${w.end}`) ?? []), w.day])
  const cap = (d: string) => d.slice(0, 1).toUpperCase() + d.slice(1)
  return [...byHours]
    .map(([hours, days]) => {
      const label =
        days.length === 7
          ? 'Every day'
          : days.join() === 'mon,tue,wed,thu,fri'
            ? 'Mon–Fri'
            : days.map(cap).join(', ')
      return `${label} ${hours === '00:00–24:00' ? 'all day' : hours}`
    })
    .join('; ')
}

function HolidaysOfWeek({
  party,
  calendars,
  from,
  to,
}: {
  party: Party
  calendars: ReadonlyMap<string, CalendarShape>
  from: string
  to: string
}) {
  const lines = party.desks.flatMap((d) => {
    const c = d.calendar ? calendars.get(d.calendar.slug) : undefined
    const days = (c?.holidays ?? []).filter((h) => h >= from && h <= to)
    return days.length ? [`${d.name}: ${days.join(', ')} (local dates)`] : []
  })
  return (
    <p className={styles.note}>Holidays this week: {lines.length ? lines.join('; ') : 'none'}.</p>
  )
}

function LadderWarnings({ party }: { party: Party }) {
  const [r] = useQuery({ query: WorldLadderCoverageDocument, variables: { partyId: party.id } })
  const steps = r.data?.ladderCoverage ?? []
  return (
    <SectionCard id='warnings' title={`Coverage warnings of ${party.name}`}>
      <p className={styles.note}>
        Escalation ladder steps that reach nobody at some hours of this week (ladderCoverage).
      </p>
      {r.error ? (
        <p className='error-text'>{r.error.message}</p>
      ) : !r.data ? (
        <p className='muted'>Loading…</p>
      ) : steps.length === 0 ? (
        <p className='muted'>Every ladder step reaches someone at every hour.</p>
      ) : (
        <ul className={styles.warnings}>
          {steps.flatMap((s) =>
            s.holes.map((h) => (
              <li key={`${s.priority}-${s.step}-${h.target}-${h.reason}`}>
                <strong>
                  {s.priority} step {s.step}
                </strong>
                : {h.target} — {h.reason.replace(/_/g, ' ').toLowerCase()} (
                {h.ranges.slice(0, 4).join(', ')}
                {h.ranges.length > 4 ? ', …' : ''})
              </li>
            ))
          )}
        </ul>
      )}
    </SectionCard>
  )
}

function DesksTable({
  party,
  admin,
  onEdit,
  onRemove,
}: {
  party: Party
  admin: boolean
  onEdit: (d: Desk) => void
  onRemove: (d: Desk) => void
}) {
  return (
    <SectionTable
      label={`Desks of ${party.name}`}
      columns={['Desk', 'Calendar', 'Zone', 'Priorities', ...(admin ? ['Change'] : [])]}
    >
      {party.desks.map((d) => (
        <tr key={d.id}>
          <td data-label='Desk'>{d.name}</td>
          <td data-label='Calendar'>
            {d.calendar?.slug ?? '—'}
            {d.is24x7 && <span className={sections.sub}>24x7</span>}
          </td>
          <td data-label='Zone'>{d.timeZone}</td>
          <td data-label='Priorities'>{d.priorities.join(', ')}</td>
          {admin && (
            <td data-label='Change'>
              <div className={styles.buttons}>
                <button type='button' onClick={() => onEdit(d)}>
                  Edit {d.name}
                </button>
                <button type='button' onClick={() => onRemove(d)}>
                  Remove {d.name}…
                </button>
              </div>
            </td>
          )}
        </tr>
      ))}
    </SectionTable>
  )
}

/** A desk change before it is saved: the coverage warnings the API says it would cause, and the heatmap after it. */
function DeskChange({
  party,
  pending,
  setPending,
  calendars,
  priority,
  weekOf,
  zone,
  zones,
  onSaved,
}: {
  party: Party
  pending: Pending
  setPending: (p: Pending | null) => void
  calendars: ReadonlyMap<string, CalendarShape & { slug: string }>
  priority: Priority
  weekOf: string
  zone: string
  zones: ReadonlyArray<{ name: string; timeZone: string }>
  onSaved: () => void
}) {
  const client = useClient()
  const [preview, setPreview] = useState<
    { warnings: WorldCoverageWarningFragment[] } | { errors: string[] } | null
  >(null)
  const [saveErrors, setSaveErrors] = useState<string[]>([])
  const [rosterErrors, setRosterErrors] = useState<Record<string, string>>({})
  const [, saveDesk] = useMutation(SaveDeskDocument)
  const [, removeDesk] = useMutation(RemoveDeskDocument)
  const input =
    pending.kind === 'edit'
      ? {
          slug: pending.desk.slug,
          name: pending.name,
          calendar: pending.calendar,
          priorities: pending.priorities,
          ...rosterInput(pending.desk.contacts, pending.contacts),
        }
      : null
  const inputKey = JSON.stringify(input)

  // The preview follows the change as it is edited (a dry run on the server: nothing is saved).
  useEffect(() => {
    let live = true
    setPreview(null)
    const run = async () => {
      const r =
        pending.kind === 'remove'
          ? await client
              .query(
                PreviewDeskRemovalDocument,
                { partyId: party.id, slug: pending.desk.slug },
                { requestPolicy: 'network-only' }
              )
              .toPromise()
              .then((x) => ({
                error: x.error,
                warnings: x.data?.previewDeskRemoval.coverageWarnings,
              }))
          : await client
              .query(
                PreviewDeskChangeDocument,
                { partyId: party.id, input: JSON.parse(inputKey) as NonNullable<typeof input> },
                { requestPolicy: 'network-only' }
              )
              .toPromise()
              .then((x) => ({
                error: x.error,
                warnings: x.data?.previewDeskChange.coverageWarnings,
              }))
      if (!live) return
      setRosterErrors(rosterFieldErrors(r.error))
      if (r.error || !r.warnings) {
        const e = apiErrors(r.error)
        setPreview({ errors: [...e.form, ...Object.values(e.fields)] })
      } else setPreview({ warnings: r.warnings })
    }
    const timer = setTimeout(() => void run(), 250)
    return () => {
      live = false
      clearTimeout(timer)
    }
  }, [client, party.id, pending.kind, pending.desk.slug, inputKey])

  const before = coverageHeatmap(heatDesks(party, calendars, null), priority, weekOf, zone)
  const after = coverageHeatmap(heatDesks(party, calendars, pending), priority, weekOf, zone)
  const holes = cellRanges(after, newHoles(before, after))
  const title =
    pending.kind === 'remove' ? `Removing ${pending.desk.name}` : `Editing ${pending.desk.name}`

  async function save() {
    setSaveErrors([])
    const r =
      pending.kind === 'remove'
        ? await removeDesk({ partyId: party.id, slug: pending.desk.slug })
        : await saveDesk({ partyId: party.id, input: input! })
    if (r.error) {
      const e = apiErrors(r.error)
      setSaveErrors([...e.form, ...Object.values(e.fields)])
      setRosterErrors(rosterFieldErrors(r.error))
      return
    }
    onSaved()
  }

  return (
    <section aria-labelledby='change-title' className={styles.change}>
      <h3 id='change-title' className={styles.changeTitle}>
        {title} (not saved yet)
      </h3>
      {pending.kind === 'edit' && (
        <div className={styles.controls}>
          <label>
            Name
            <input
              value={pending.name}
              onChange={(e) => setPending({ ...pending, name: e.target.value })}
            />
          </label>
          <SelectField
            label='Calendar'
            value={pending.calendar}
            choices={[...calendars.values()].map((c) => ({ value: c.slug, label: c.slug }))}
            onChange={(calendar) => setPending({ ...pending, calendar })}
          />
          <fieldset className={styles.priorities}>
            <legend>Takes</legend>
            {PRIORITIES.map((p) => (
              <label key={p}>
                <input
                  type='checkbox'
                  checked={pending.priorities.includes(p)}
                  onChange={(e) =>
                    setPending({
                      ...pending,
                      priorities: e.target.checked
                        ? PRIORITIES.filter((x) => x === p || pending.priorities.includes(x))
                        : pending.priorities.filter((x) => x !== p),
                    })
                  }
                />{' '}
                {p}
              </label>
            ))}
          </fieldset>
        </div>
      )}
      {pending.kind === 'edit' && pending.desk.contacts && (
        <RosterEditor
          contacts={pending.contacts}
          onChange={(contacts) => setPending({ ...pending, contacts })}
          deskZone={calendars.get(pending.calendar)?.timeZone ?? pending.desk.timeZone}
          errors={rosterErrors}
        />
      )}
      <div aria-live='polite' className={styles.preview}>
        <h4>Coverage warnings this change would cause</h4>
        {!preview ? (
          <p className='muted' role='status'>
            Checking…
          </p>
        ) : 'errors' in preview ? (
          <div role='alert' className='error-text'>
            {preview.errors.map((m) => (
              <p key={m}>The change would be refused: {m}</p>
            ))}
          </div>
        ) : preview.warnings.length === 0 ? (
          <p className={styles.ok}>
            No escalation ladder step would lose anyone (a step on business time can only fire while
            a desk of the party is open).
          </p>
        ) : (
          <ul className={styles.warnings} aria-label='Coverage warnings of the change'>
            {preview.warnings.map((w) => (
              <li key={w.message}>{w.message}</li>
            ))}
          </ul>
        )}
        <h4>
          {party.name} {priority} after the change
        </h4>
        <p className={holes.length ? 'error-text' : styles.ok} data-testid='new-holes'>
          {holes.length
            ? `New hours with nobody to reach (${zone === 'UTC' ? 'UTC' : zoneCity(zone)}): ${holes.join(', ')}`
            : `No hour of this week loses its last ${priority} desk.`}
        </p>
      </div>
      {after.desks.length > 0 && (
        <CoverageHeatmap
          map={after}
          zones={zones}
          deskOrder={party.desks.map((d) => d.id)}
          caption={`${party.name}, ${priority} after the change (not saved), week of ${after.days[0]!.date}`}
        />
      )}
      <FormErrors messages={saveErrors} />
      <div className={styles.buttons}>
        <button
          type='button'
          className='primary'
          disabled={!preview || 'errors' in preview}
          onClick={() => void save()}
        >
          {pending.kind === 'remove' ? `Remove ${pending.desk.name}` : `Save ${pending.desk.name}`}
        </button>
        <button type='button' onClick={() => setPending(null)}>
          Cancel
        </button>
      </div>
    </section>
  )
}
