import { useState, type FormEvent, type ReactNode } from 'react'
import { Link } from 'wouter'
import {
  useMutation,
  useQuery,
  type AnyVariables,
  type CombinedError,
  type TypedDocumentNode,
} from 'urql'
import {
  AcknowledgeDocument,
  AddCommentDocument,
  CloseIncidentDocument,
  DeclareLinkedDocument,
  IncidentDisputesDocument,
  OpenDisputeDocument,
  OfferHandoffDocument,
  ReopenIncidentDocument,
  ResolveIncidentDocument,
  RespondToHandoffDocument,
  ResumeWorkDocument,
  SetWaitingDocument,
  WithdrawHandoffDocument,
  type Priority,
} from '../gql/graphql.ts'
import { isStaff, useSession } from '../signin/session-context.tsx'
import { apiErrors } from '../util/api-errors.ts'
import { Field, FormErrors } from '../util/Field.tsx'
import { PrioritySelect } from '../util/SelectField.tsx'
import { describeClockId } from '../accountability/format.ts'
import { allowedActions, reasonCodeNeeded, type ActionName } from './allowed-actions.ts'
import type { PageIncident, PageParty } from './IncidentPage.tsx'
import styles from './ActionsPanel.module.css'

const LABEL: Record<ActionName, string> = {
  acknowledge: 'Acknowledge',
  offer: 'Offer hand-off',
  respond: 'Respond to offer',
  withdraw: 'Withdraw offer',
  setWaiting: 'Set waiting',
  resume: 'Resume work',
  resolve: 'Resolve',
  reopen: 'Reopen',
  close: 'Close',
  comment: 'Comment',
  link: 'Declare linked incident',
  dispute: 'Dispute a breach',
}
const ORDER: ActionName[] = [
  'acknowledge',
  'respond',
  'offer',
  'withdraw',
  'setWaiting',
  'resume',
  'resolve',
  'reopen',
  'close',
  'comment',
  'link',
  'dispute',
]

/** The actions the viewer may take, each opening a small form with the API's errors inline. */
export function ActionsPanel({
  incident: i,
  parties,
  onDone,
}: {
  incident: PageIncident
  parties: PageParty[]
  onDone: () => void
}) {
  const { viewer } = useSession()
  const ownBreaches = i.clocks.filter(
    (c) => c.state === 'BREACHED' && !!viewer.party && c.attributedTo?.slug === viewer.party.slug
  )
  const offer =
    [...i.handoffs].reverse().find((h) => h.state === 'OFFERED' || h.state === 'EXPIRED') ?? null
  const allowed = allowedActions({
    role: viewer.role,
    partySlug: viewer.party?.slug ?? null,
    status: i.status,
    holderSlug: i.holder.slug,
    offer: offer ? { fromSlug: offer.from.slug, toSlug: offer.to.slug, state: offer.state } : null,
    breachedOwn: ownBreaches.length,
  })
  const [open, setOpen] = useState<ActionName | null>(null)
  if (allowed.size === 0) return null
  const done = () => {
    setOpen(null)
    onDone()
  }
  const others = parties.filter((p) => p.id !== i.holder.id)

  return (
    <section aria-labelledby='actions-title' className={styles.panel}>
      <h2 id='actions-title' className='visually-hidden'>
        Actions
      </h2>
      <div className={styles.buttons} role='toolbar' aria-label='Actions'>
        {ORDER.filter((a) => allowed.has(a)).map((a) => (
          <button
            key={a}
            type='button'
            aria-expanded={open === a}
            aria-controls='action-form'
            className={open === a ? styles.active : undefined}
            onClick={() => setOpen(open === a ? null : a)}
          >
            {LABEL[a]}
          </button>
        ))}
      </div>
      {open && (
        <div id='action-form' className={styles.form}>
          {(open === 'acknowledge' || open === 'resume' || open === 'close') && (
            <Confirm
              key={open}
              doc={BUTTON_ONLY[open].doc}
              vars={{ id: i.id }}
              label={BUTTON_ONLY[open].label}
              onDone={done}
            />
          )}
          {open === 'withdraw' && offer && (
            <Confirm
              doc={WithdrawHandoffDocument}
              vars={{ id: offer.id }}
              label={`Withdraw the offer to ${offer.to.name}`}
              onDone={done}
            />
          )}
          {open === 'offer' && (
            <OfferForm
              incidentId={i.id}
              holderSlug={i.holder.slug}
              handoffs={i.handoffs}
              parties={others}
              onDone={done}
            />
          )}
          {open === 'dispute' && <DisputeForm incidentId={i.id} clocks={ownBreaches} />}
          {open === 'respond' && offer && <RespondForm handoff={offer} onDone={done} />}
          {open === 'setWaiting' && (
            <WaitingForm incidentId={i.id} parties={others} onDone={done} />
          )}
          {open === 'resolve' && (
            <TextForm
              doc={ResolveIncidentDocument}
              field='resolution'
              label='Resolution'
              submit='Resolve'
              extra={isStaff(viewer.role) ? 'force' : null}
              build={(v, force) => ({
                input: { incidentId: i.id, resolution: v, ...(force ? { force: true } : {}) },
              })}
              onDone={done}
            />
          )}
          {open === 'reopen' && (
            <TextForm
              doc={ReopenIncidentDocument}
              field='reason'
              label='Why reopen'
              submit='Reopen'
              build={(v) => ({ id: i.id, reason: v })}
              onDone={done}
            />
          )}
          {open === 'comment' && (
            <TextForm
              doc={AddCommentDocument}
              field='body'
              label='Comment'
              submit='Add comment'
              multiline
              build={(v) => ({ id: i.id, body: v })}
              onDone={done}
            />
          )}
          {open === 'link' && <LinkForm incident={i} parties={parties} onDone={done} />}
        </div>
      )}
    </section>
  )
}

function useAction<D, V extends AnyVariables>(doc: TypedDocumentNode<D, V>, onDone: () => void) {
  const [result, run] = useMutation(doc)
  const exec = async (vars: V) => {
    const r = await run(vars)
    if (!r.error) onDone()
    return r
  }
  return { result, exec }
}

function Errors({ error }: { error: CombinedError | undefined }) {
  const e = apiErrors(error)
  return (
    <FormErrors messages={[...e.form, ...Object.entries(e.fields).map(([f, m]) => `${f}: ${m}`)]} />
  )
}

/** The actions that take nothing but the incident: one button each. */
const BUTTON_ONLY: Record<
  'acknowledge' | 'resume' | 'close',
  { doc: TypedDocumentNode<unknown, { id: string }>; label: string }
> = {
  acknowledge: { doc: AcknowledgeDocument, label: 'Acknowledge as the holder' },
  resume: { doc: ResumeWorkDocument, label: 'Resume work' },
  close: { doc: CloseIncidentDocument, label: 'Close after review' },
}

function Confirm<D, V extends AnyVariables>({
  doc,
  vars,
  label,
  onDone,
}: {
  doc: TypedDocumentNode<D, V>
  vars: V
  label: string
  onDone: () => void
}) {
  const { result, exec } = useAction(doc, onDone)
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault()
        void exec(vars)
      }}
      className={styles.inline}
    >
      <button type='submit' className='primary' disabled={result.fetching}>
        {label}
      </button>
      <Errors error={result.error} />
    </form>
  )
}

function required(value: FormDataEntryValue | null): string {
  return String(value ?? '').trim()
}

/**
 * Reads a submitted form: each key's input `name`, trimmed, and the message shown under it when it
 * is left empty (none: optional). Sets the form's local errors; the values, or null when one is missing.
 */
function readForm<K extends string>(
  e: FormEvent<HTMLFormElement>,
  fields: Record<K, readonly [name: string, missing?: string | null]>,
  setLocal: (errors: Record<string, string>) => void
): Record<K, string> | null {
  e.preventDefault()
  const d = new FormData(e.currentTarget)
  const values = {} as Record<K, string>
  const l: Record<string, string> = {}
  for (const [key, [name, missing]] of Object.entries(fields) as [
    K,
    readonly [string, string?],
  ][]) {
    values[key] = required(d.get(name))
    if (missing && !values[key]) l[key] = missing
  }
  setLocal(l)
  return Object.keys(l).length ? null : values
}

function TextForm<D, V extends AnyVariables>({
  doc,
  field,
  label,
  submit,
  multiline,
  extra,
  build,
  onDone,
}: {
  doc: TypedDocumentNode<D, V>
  field: string
  label: string
  submit: string
  multiline?: boolean
  extra?: 'force' | null
  build: (value: string, force: boolean) => V
  onDone: () => void
}) {
  const { result, exec } = useAction(doc, onDone)
  const [local, setLocal] = useState<string | undefined>()
  const errors = apiErrors(result.error)
  function go(e: FormEvent<HTMLFormElement>) {
    e.preventDefault()
    const data = new FormData(e.currentTarget)
    const v = required(data.get(field))
    if (!v) {
      setLocal(`${label} is required.`)
      return
    }
    setLocal(undefined)
    void exec(build(v, data.get('force') === 'on'))
  }
  return (
    <form onSubmit={go} noValidate className={styles.stack}>
      <Field label={label} error={local ?? errors.fields[field]}>
        {multiline ? <textarea name={field} rows={3} /> : <input name={field} type='text' />}
      </Field>
      {extra === 'force' && (
        <label className={styles.check}>
          <input type='checkbox' name='force' /> Force (resolve even while waiting or with an open
          offer, as the retained party)
        </label>
      )}
      <SubmitRow errors={errors.form} busy={result.fetching} label={submit} />
    </form>
  )
}

/** A party picker; Field's id and aria props pass through to the <select>. */
function PartySelect({
  name,
  parties,
  ...rest
}: { name: string; parties: PageParty[] } & Record<string, unknown>) {
  return (
    <select {...rest} name={name} defaultValue=''>
      <option value=''>Choose a party…</option>
      {parties.map((p) => (
        <option key={p.id} value={p.id}>
          {p.name}
        </option>
      ))}
    </select>
  )
}

function OfferForm({
  incidentId,
  holderSlug,
  handoffs,
  parties,
  onDone,
}: {
  incidentId: string
  holderSlug: string
  handoffs: PageIncident['handoffs']
  parties: PageParty[]
  onDone: () => void
}) {
  const { result, exec } = useAction(OfferHandoffDocument, onDone)
  const [local, setLocal] = useState<Record<string, string>>({})
  const [to, setTo] = useState('')
  const errors = apiErrors(result.error)
  const toSlug = parties.find((p) => p.id === to)?.slug
  const codeNeeded = toSlug
    ? reasonCodeNeeded(
        handoffs.map((h) => ({ from: h.from.slug, to: h.to.slug, state: h.state })),
        holderSlug,
        toSlug
      )
    : null
  function go(e: FormEvent<HTMLFormElement>) {
    const v = readForm(
      e,
      {
        toPartyId: ['to', 'Choose the receiving party.'],
        reason: ['reason', 'Say why the receiver should take it.'],
        reasonCode: ['reasonCode', codeNeeded ? `Required: ${codeNeeded}.` : null],
        context: ['context'],
      },
      setLocal
    )
    if (!v) return
    const { toPartyId, reason, reasonCode, context } = v
    void exec({
      input: {
        incidentId,
        toPartyId,
        reason,
        ...(reasonCode ? { reasonCode } : {}),
        ...(context ? { context } : {}),
      },
    })
  }
  return (
    <form onSubmit={go} noValidate className={styles.grid}>
      <Field label='Offer to' error={local.toPartyId ?? errors.fields.toPartyId}>
        <PartySelect
          name='to'
          parties={parties}
          onChange={(e: { target: { value: string } }) => setTo(e.target.value)}
        />
      </Field>
      <Field label='Reason' error={local.reason ?? errors.fields.reason}>
        <input name='reason' type='text' />
      </Field>
      <Field
        label={codeNeeded ? 'Reason code (required)' : 'Reason code'}
        hint={
          codeNeeded
            ? `Required here: ${codeNeeded}.`
            : 'Required by the ping-pong policy on repeated offers.'
        }
        error={local.reasonCode ?? errors.fields.reasonCode}
      >
        <input name='reasonCode' type='text' aria-required={codeNeeded ? true : undefined} />
      </Field>
      <Field label='Context and evidence' error={errors.fields.context}>
        <textarea name='context' rows={2} />
      </Field>
      <SubmitRow errors={errors.form} busy={result.fetching} label='Offer hand-off' />
    </form>
  )
}

function RespondForm({
  handoff,
  onDone,
}: {
  handoff: PageIncident['handoffs'][number]
  onDone: () => void
}) {
  const { result, exec } = useAction(RespondToHandoffDocument, onDone)
  const [local, setLocal] = useState<string | undefined>()
  const errors = apiErrors(result.error)
  function go(e: FormEvent<HTMLFormElement>) {
    e.preventDefault()
    const d = new FormData(e.currentTarget)
    const accept = d.get('answer') === 'accept'
    const reason = required(d.get('reason'))
    if (!accept && !reason) {
      setLocal('A rejection needs a reason.')
      return
    }
    setLocal(undefined)
    void exec({ input: { handoffId: handoff.id, accept, ...(reason ? { reason } : {}) } })
  }
  return (
    <form onSubmit={go} noValidate className={styles.stack}>
      <p className={styles.note}>
        {handoff.from.name} offers the baton to {handoff.to.name}
        {handoff.reason ? `: “${handoff.reason}”` : ''}.
      </p>
      <fieldset className={styles.radios}>
        <legend>Answer</legend>
        <label>
          <input type='radio' name='answer' value='accept' defaultChecked /> Accept
        </label>
        <label>
          <input type='radio' name='answer' value='reject' /> Reject
        </label>
      </fieldset>
      <Field label='Reason (required to reject)' error={local ?? errors.fields.reason}>
        <input name='reason' type='text' />
      </Field>
      <SubmitRow errors={errors.form} busy={result.fetching} label='Send answer' />
    </form>
  )
}

function WaitingForm({
  incidentId,
  parties,
  onDone,
}: {
  incidentId: string
  parties: PageParty[]
  onDone: () => void
}) {
  const { result, exec } = useAction(SetWaitingDocument, onDone)
  const [local, setLocal] = useState<Record<string, string>>({})
  const errors = apiErrors(result.error)
  function go(e: FormEvent<HTMLFormElement>) {
    const v = readForm(
      e,
      {
        onPartyId: ['on', 'Choose the party owed the next move.'],
        reason: ['reason', 'Say what you wait for.'],
      },
      setLocal
    )
    if (v) void exec({ input: { incidentId, ...v } })
  }
  return (
    <form onSubmit={go} noValidate className={styles.grid}>
      <Field label='Waiting on' error={local.onPartyId ?? errors.fields.onPartyId}>
        <PartySelect name='on' parties={parties} />
      </Field>
      <Field label='Reason' error={local.reason ?? errors.fields.reason}>
        <input name='reason' type='text' />
      </Field>
      <SubmitRow errors={errors.form} busy={result.fetching} label='Set waiting' />
    </form>
  )
}

function LinkForm({
  incident,
  parties,
  onDone,
}: {
  incident: PageIncident
  parties: PageParty[]
  onDone: () => void
}) {
  const { viewer } = useSession()
  const [declared, setDeclared] = useState<string | null>(null)
  const { result, exec } = useAction(DeclareLinkedDocument, () => undefined)
  const [local, setLocal] = useState<Record<string, string>>({})
  const errors = apiErrors(result.error)
  const holders = isStaff(viewer.role)
    ? parties
    : parties.filter((p) => p.slug === viewer.party?.slug)
  async function go(e: FormEvent<HTMLFormElement>) {
    const v = readForm(
      e,
      {
        title: ['title', 'Give the linked incident a title.'],
        holderPartyId: ['holder', 'Choose the party that holds it first.'],
        priority: ['priority'],
      },
      setLocal
    )
    if (!v) return
    const r = await exec({
      input: {
        clientKey: `${incident.id}:${crypto.randomUUID()}`,
        title: v.title,
        priority: v.priority as Priority,
        holderPartyId: v.holderPartyId,
        parentIncidentId: incident.id,
        ...(incident.service ? { serviceId: incident.service.id } : {}),
      },
    })
    if (r.data) {
      setDeclared(r.data.declareIncident.key)
      onDone()
    }
  }
  return (
    <form
      onSubmit={(e) => {
        void go(e)
      }}
      noValidate
      className={styles.grid}
    >
      <Field label='Title' error={local.title ?? errors.fields.title}>
        <input name='title' type='text' />
      </Field>
      <Field label='Priority' error={errors.fields.priority}>
        <PrioritySelect />
      </Field>
      <Field label='Holder' error={local.holderPartyId ?? errors.fields.holderPartyId}>
        <PartySelect name='holder' parties={holders} />
      </Field>
      <SubmitRow errors={errors.form} busy={result.fetching} label='Declare linked incident'>
        {declared && <Done>Declared {declared}.</Done>}
      </SubmitRow>
    </form>
  )
}

/** A vendor contests a breach attributed to it on a closed (settled) incident, with evidence. */
function DisputeForm({
  incidentId,
  clocks,
}: {
  incidentId: string
  clocks: PageIncident['clocks']
}) {
  const [existing, refetch] = useQuery({
    query: IncidentDisputesDocument,
    variables: { incidentId },
    requestPolicy: 'network-only',
  })
  const [opened, setOpened] = useState(false)
  const { result, exec } = useAction(OpenDisputeDocument, () => {
    setOpened(true)
    refetch({ requestPolicy: 'network-only' })
  })
  const [local, setLocal] = useState<Record<string, string>>({})
  const errors = apiErrors(result.error)
  const open = new Set(
    (existing.data?.disputes ?? []).filter((d) => d.state === 'OPEN').map((d) => d.clockId)
  )
  const choices = clocks.filter((c) => !open.has(c.id))
  function go(e: FormEvent<HTMLFormElement>) {
    const v = readForm(
      e,
      {
        clockId: ['clockId', 'Choose the breach you contest.'],
        evidence: ['evidence', 'Give the evidence that the breach is not yours.'],
      },
      setLocal
    )
    if (!v) return
    setOpened(false)
    void exec({ incidentId, ...v })
  }
  return (
    <form onSubmit={go} noValidate className={styles.stack}>
      {open.size > 0 && (
        <p className={styles.note}>
          {open.size} of your breaches here already {open.size === 1 ? 'has' : 'have'} an open
          dispute (see <Link href='/account'>My account</Link>).
        </p>
      )}
      <Field label='Breach' error={local.clockId ?? errors.fields.clockId}>
        <select name='clockId' defaultValue={choices.length === 1 ? choices[0]!.id : ''}>
          <option value=''>Choose a breach…</option>
          {choices.map((c) => (
            <option key={c.id} value={c.id}>
              {describeClockId(c.id).metric} · {c.agreement.name}
              {c.breachedAt ? ` · breached ${c.breachedAt.slice(0, 16).replace('T', ' ')} UTC` : ''}
            </option>
          ))}
        </select>
      </Field>
      <Field label='Evidence' error={local.evidence ?? errors.fields.evidence}>
        <textarea name='evidence' rows={4} />
      </Field>
      <SubmitRow errors={errors.form} busy={result.fetching} label='Open the dispute'>
        {' '}
        {opened && (
          <Done>
            Dispute opened: the retained team decides it (<Link href='/account'>My account</Link>
            ).
          </Done>
        )}
      </SubmitRow>
    </form>
  )
}

/** A form's errors that belong to no field, its submit button and what follows the button. */
function SubmitRow({
  errors,
  busy,
  label,
  children,
}: {
  errors: string[]
  busy: boolean
  label: string
  children?: ReactNode
}) {
  return (
    <>
      <FormErrors messages={errors} />
      <div>
        <button type='submit' className='primary' disabled={busy}>
          {label}
        </button>
        {children}
      </div>
    </>
  )
}

function Done({ children }: { children: ReactNode }) {
  return (
    <span role='status' className={styles.done}>
      {children}
    </span>
  )
}
