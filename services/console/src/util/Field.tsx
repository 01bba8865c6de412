import { useId, type ReactElement, cloneElement } from 'react'
import styles from './Field.module.css'

/** A labelled form control with its inline error (announced, and linked by aria-describedby). */
export function Field({
  label,
  error,
  hint,
  children,
}: {
  label: string
  error?: string | undefined
  hint?: string
  children: ReactElement<Record<string, unknown>>
}) {
  const id = useId()
  const errorId = `${id}-error`
  const hintId = `${id}-hint`
  const describedBy =
    [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ') || undefined
  return (
    <div className={styles.field}>
      <label htmlFor={id}>{label}</label>
      {cloneElement(children, {
        id,
        'aria-invalid': error ? true : undefined,
        'aria-describedby': describedBy,
      })}
      {hint && (
        <span id={hintId} className={styles.hint}>
          {hint}
        </span>
      )}
      {error && (
        <span id={errorId} className={styles.error} role='alert'>
          {error}
        </span>
      )}
    </div>
  )
}

/** Errors of a form that belong to no single field. */
export function FormErrors({ messages }: { messages: string[] }) {
  if (!messages.length) return null
  return (
    <div role='alert' className={styles.formError}>
      {messages.map((m) => (
        <p key={m}>{m}</p>
      ))}
    </div>
  )
}
