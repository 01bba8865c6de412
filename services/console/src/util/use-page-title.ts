import { useEffect } from 'react'

/** The browser tab's title while a page is shown (`What-if · Baton`); the console's own when it goes. */
export function usePageTitle(page: string): void {
  useEffect(() => {
    document.title = `${page} · Baton`
    return () => {
      document.title = 'Baton console'
    }
  }, [page])
}
