import type { ReactNode } from 'react'
import { Link } from 'wouter'
import { signOut } from '../signin/session.ts'
import { useSession } from '../signin/session-context.tsx'
import { ConnectionBadge } from './ConnectionBadge.tsx'
import styles from './AppShell.module.css'

/** Header (product, navigation, live status, who is signed in) and the main landmark. */
export function AppShell({ children }: { children: ReactNode }) {
  const { viewer, clear } = useSession()
  return (
    <div className={styles.shell}>
      <a className={styles.skip} href='#main'>
        Skip to content
      </a>
      <header className={styles.header}>
        <Link href='/' className={styles.brand}>
          Baton
        </Link>
        <nav aria-label='Main' className={styles.nav}>
          <Link href='/' className={(active) => (active ? styles.active : '')}>
            Board
          </Link>
          {viewer.role === 'VENDOR' ? (
            <Link href='/account' className={(active) => (active ? styles.active : '')}>
              My account
            </Link>
          ) : (
            <>
              <Link href='/disputes' className={(active) => (active ? styles.active : '')}>
                Disputes
              </Link>
              <Link href='/vendors' className={(active) => (active ? styles.active : '')}>
                Vendors
              </Link>
              <Link href='/integration' className={(active) => (active ? styles.active : '')}>
                Integration health
              </Link>
              <Link href='/what-if' className={(active) => (active ? styles.active : '')}>
                What-if
              </Link>
              <Link href='/world' className={(active) => (active ? styles.active : '')}>
                World
              </Link>
            </>
          )}
        </nav>
        <ConnectionBadge />
        <div className={styles.viewer}>
          <span className={styles.who}>
            <span className='visually-hidden'>Signed in as </span>
            <span className={styles.role}>{viewer.role}</span>
            <span>{viewer.party ? viewer.party.name : 'Retained staff'}</span>
            <span className={styles.tokenName}>({viewer.name})</span>
          </span>
          <button
            type='button'
            className={styles.signOut}
            onClick={() => {
              void signOut().finally(clear)
            }}
          >
            Sign out
          </button>
        </div>
      </header>
      <main id='main' className={styles.main} tabIndex={-1}>
        {children}
      </main>
    </div>
  )
}
