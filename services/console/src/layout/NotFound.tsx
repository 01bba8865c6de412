import { Link } from 'wouter'

/** Shown for an unknown route, and for an incident that does not exist or is outside the caller's scope. */
export function NotFound({ what, detail }: { what: string; detail?: string }) {
  return (
    <section aria-labelledby='not-found-title'>
      <h1 id='not-found-title'>Not found</h1>
      <p>{detail ?? `This ${what} does not exist, or you may not see it.`}</p>
      <p>
        <Link href='/'>Back to the board</Link>
      </p>
    </section>
  )
}
