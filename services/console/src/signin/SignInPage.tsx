import { useState, type FormEvent } from 'react'
import { useLocation, useSearch } from 'wouter'
import { signIn, type SessionViewer } from './session.ts'
import styles from './SignInPage.module.css'

/** Exchanges an API token for a session cookie; the token is not kept anywhere in the browser. */
export function SignInPage({ onSignedIn }: { onSignedIn: (viewer: SessionViewer) => void }) {
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [, navigate] = useLocation()
  const search = useSearch()

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault()
    const form = e.currentTarget
    const token = (new FormData(form).get('token') ?? '').toString().trim()
    if (!token) {
      setError('Enter an API token.')
      return
    }
    setBusy(true)
    setError(null)
    try {
      const result = await signIn(token)
      if (!result.ok) {
        setError(result.message)
        return
      }
      form.reset()
      const next = new URLSearchParams(search).get('next')
      onSignedIn(result.viewer)
      navigate(next && next.startsWith('/') && !next.startsWith('//') ? next : '/', {
        replace: true,
      })
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err))
    } finally {
      setBusy(false)
    }
  }

  return (
    <main id='main' className={styles.page}>
      <form
        className={styles.card}
        onSubmit={(e) => {
          void submit(e)
        }}
        aria-labelledby='signin-title'
        noValidate
      >
        <h1 id='signin-title'>Baton console</h1>
        <p className='muted'>
          Sign in with your API token. It is exchanged for a session; the browser does not keep it.
        </p>
        <label htmlFor='signin-token'>API token</label>
        <input
          id='signin-token'
          name='token'
          type='password'
          autoComplete='off'
          required
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'signin-error' : undefined}
        />
        {error && (
          <p id='signin-error' role='alert' className={styles.error}>
            {error}
          </p>
        )}
        <button type='submit' className='primary' disabled={busy}>
          Sign in
        </button>
      </form>
    </main>
  )
}
