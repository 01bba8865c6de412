import { useRef, useState, type FormEvent } from 'react'
import { useMutation } from 'urql'
import { Link } from 'wouter'
import { DeclareIncidentDocument, type BoardWorldQuery, type Priority } from '../gql/graphql.ts'
import { isStaff, useSession } from '../signin/session-context.tsx'
import { apiErrors } from '../util/api-errors.ts'
import { Field, FormErrors } from '../util/Field.tsx'
import { PrioritySelect } from '../util/SelectField.tsx'
import styles from './DeclareIncidentForm.module.css'

const newKey = () =>
  typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : `${Date.now()}-${Math.random()}`

/** Declares an incident. Staff name any holder; a VENDOR token declares with itself as holder. */
export function DeclareIncidentForm({
  parties,
  services,
}: {
  parties: BoardWorldQuery['parties']
  services: BoardWorldQuery['services']
}) {
  const { viewer } = useSession()
  const [result, declare] = useMutation(DeclareIncidentDocument)
  const [declared, setDeclared] = useState<string | null>(null)
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({})
  // One idempotency key per declaration: a retry after a network error cannot declare twice.
  const clientKey = useRef(newKey())
  const staff = isStaff(viewer.role)
  const holders = staff ? parties : parties.filter((p) => p.slug === viewer.party?.slug)
  const errors = apiErrors(result.error)

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault()
    const form = e.currentTarget
    const data = new FormData(form)
    const title = String(data.get('title') ?? '').trim()
    const holderPartyId = String(data.get('holder') ?? '')
    const local: Record<string, string> = {}
    if (!title) local.title = 'Give the incident a title.'
    if (!holderPartyId) local.holderPartyId = 'Choose the party that holds the baton first.'
    setLocalErrors(local)
    if (Object.keys(local).length) return
    const description = String(data.get('description') ?? '').trim()
    const serviceId = String(data.get('service') ?? '')
    const res = await declare({
      input: {
        clientKey: clientKey.current,
        title,
        priority: String(data.get('priority')) as Priority,
        holderPartyId,
        ...(serviceId ? { serviceId } : {}),
        ...(description ? { description } : {}),
      },
    })
    if (res.data) {
      setDeclared(res.data.declareIncident.key)
      clientKey.current = newKey()
      form.reset()
    }
  }

  return (
    <details className={styles.box}>
      <summary>Declare an incident</summary>
      <form
        className={styles.form}
        onSubmit={(e) => {
          void submit(e)
        }}
        noValidate
        aria-label='Declare an incident'
      >
        <Field label='Title' error={localErrors.title ?? errors.fields.title}>
          <input name='title' type='text' required maxLength={200} />
        </Field>
        <Field label='Priority' error={errors.fields.priority}>
          <PrioritySelect />
        </Field>
        <Field label='Holder' error={localErrors.holderPartyId ?? errors.fields.holderPartyId}>
          <select name='holder' defaultValue={holders.length === 1 ? holders[0]!.id : ''}>
            {holders.length !== 1 && <option value=''>Choose a party…</option>}
            {holders.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </Field>
        <Field label='Service' error={errors.fields.serviceId}>
          <select name='service' defaultValue=''>
            <option value=''>None</option>
            {services.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </Field>
        <Field label='Description' error={errors.fields.description}>
          <textarea name='description' rows={2} />
        </Field>
        <FormErrors messages={errors.form} />
        <div className={styles.actions}>
          <button type='submit' className='primary' disabled={result.fetching}>
            Declare
          </button>
          {declared && (
            <span role='status'>
              Declared <Link href={`/incidents/${encodeURIComponent(declared)}`}>{declared}</Link>.
            </span>
          )}
        </div>
      </form>
    </details>
  )
}
