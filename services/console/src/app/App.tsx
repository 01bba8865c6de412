import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react'
import { Provider } from 'urql'
import { Redirect, Route, Switch, useLocation } from 'wouter'
import { BoardPage } from '../board/BoardPage.tsx'
import { AppShell } from '../layout/AppShell.tsx'
import { NotFound } from '../layout/NotFound.tsx'
import { SessionContext } from '../signin/session-context.tsx'
import { fetchSession, type SessionViewer } from '../signin/session.ts'
import { SignInPage } from '../signin/SignInPage.tsx'
import { createBatonClient } from './client.ts'

// The incident page (swimlanes, ledger, actions) loads on demand: the board route stays small.
const IncidentPage = lazy(() =>
  import('../incident/IncidentPage.tsx').then((m) => ({ default: m.IncidentPage }))
)
// The accountability pages (vendor portal's My account, the retained team's disputes) likewise.
const AccountPage = lazy(() =>
  import('../account/AccountPage.tsx').then((m) => ({ default: m.AccountPage }))
)
const DisputesPage = lazy(() =>
  import('../disputes/DisputesPage.tsx').then((m) => ({ default: m.DisputesPage }))
)
const DisputePage = lazy(() =>
  import('../disputes/DisputePage.tsx').then((m) => ({ default: m.DisputePage }))
)
// Governance (vendors, review packs, integration health): one chunk, loaded on demand.
const governance = () => import('../governance/routes.ts')
const VendorsPage = lazy(() => governance().then((m) => ({ default: m.VendorsPage })))
const ReviewPackPage = lazy(() => governance().then((m) => ({ default: m.ReviewPackPage })))
const IntegrationOverviewPage = lazy(() =>
  governance().then((m) => ({ default: m.IntegrationOverviewPage }))
)
const IntegrationVendorPage = lazy(() =>
  governance().then((m) => ({ default: m.IntegrationVendorPage }))
)

// The governance pages (what-if, the world) load on demand too.
const WhatIfPage = lazy(() =>
  import('../whatif/WhatIfPage.tsx').then((m) => ({ default: m.WhatIfPage }))
)
const WorldPage = lazy(() =>
  import('../world/WorldPage.tsx').then((m) => ({ default: m.WorldPage }))
)

type Session =
  | { state: 'loading' }
  | { state: 'signed-out'; error?: string }
  | { state: 'signed-in'; viewer: SessionViewer }

export function App() {
  const [session, setSession] = useState<Session>({ state: 'loading' })
  const [location, navigate] = useLocation()

  useEffect(() => {
    fetchSession()
      .then((viewer) =>
        setSession(viewer ? { state: 'signed-in', viewer } : { state: 'signed-out' })
      )
      .catch((e: unknown) =>
        setSession({ state: 'signed-out', error: e instanceof Error ? e.message : String(e) })
      )
  }, [])

  const clear = useCallback(() => {
    setSession({ state: 'signed-out' })
    navigate('/signin')
  }, [navigate])

  if (session.state === 'loading')
    return (
      <main id='main'>
        <h1 className='visually-hidden'>Baton console</h1>
        <p className='muted' role='status'>
          Loading…
        </p>
      </main>
    )

  if (session.state === 'signed-out') {
    if (location !== '/signin') {
      const next =
        location === '/' ? '' : `?next=${encodeURIComponent(location + window.location.search)}`
      return <Redirect to={`/signin${next}`} replace />
    }
    return <SignInPage onSignedIn={(viewer) => setSession({ state: 'signed-in', viewer })} />
  }

  return <SignedIn viewer={session.viewer} clear={clear} />
}

function SignedIn({ viewer, clear }: { viewer: SessionViewer; clear: () => void }) {
  // One client (and one WebSocket) per session; a new sign-in makes a new one.
  const client = useMemo(() => createBatonClient(clear), [clear])
  const sessionValue = useMemo(() => ({ viewer, clear }), [viewer, clear])
  return (
    <SessionContext.Provider value={sessionValue}>
      <Provider value={client}>
        <AppShell>
          <Switch>
            <Route path='/signin'>
              <Redirect to='/' replace />
            </Route>
            <Route path='/'>
              <BoardPage />
            </Route>
            <Route path='/incidents/:key'>
              {(params) => (
                <Suspense fallback={<p role='status'>Loading incident…</p>}>
                  <IncidentPage incidentKey={decodeURIComponent(params.key)} />
                </Suspense>
              )}
            </Route>
            <Route path='/vendors'>
              <Suspense fallback={<p role='status'>Loading…</p>}>
                <VendorsPage />
              </Suspense>
            </Route>
            <Route path='/vendors/:slug/packs/:id'>
              {(p) => (
                <Suspense fallback={<p role='status'>Loading…</p>}>
                  <ReviewPackPage vendorSlug={p.slug} packId={decodeURIComponent(p.id)} />
                </Suspense>
              )}
            </Route>
            <Route path='/integration'>
              <Suspense fallback={<p role='status'>Loading…</p>}>
                <IntegrationOverviewPage />
              </Suspense>
            </Route>
            <Route path='/integration/:slug'>
              {(p) => (
                <Suspense fallback={<p role='status'>Loading…</p>}>
                  <IntegrationVendorPage slug={p.slug} />
                </Suspense>
              )}
            </Route>
            <Route path='/what-if'>
              <Suspense fallback={<p role='status'>Loading the what-if…</p>}>
                <WhatIfPage />
              </Suspense>
            </Route>
            <Route path='/world'>
              <Suspense fallback={<p role='status'>Loading the world…</p>}>
                <WorldPage />
              </Suspense>
            </Route>
            <Route path='/account'>
              <Suspense fallback={<p role='status'>Loading…</p>}>
                <AccountPage />
              </Suspense>
            </Route>
            <Route path='/disputes'>
              <Suspense fallback={<p role='status'>Loading…</p>}>
                <DisputesPage />
              </Suspense>
            </Route>
            <Route path='/disputes/:id'>
              {(params) => (
                <Suspense fallback={<p role='status'>Loading…</p>}>
                  <DisputePage id={decodeURIComponent(params.id)} />
                </Suspense>
              )}
            </Route>
            <Route>
              <NotFound what='page' />
            </Route>
          </Switch>
        </AppShell>
      </Provider>
    </SessionContext.Provider>
  )
}
