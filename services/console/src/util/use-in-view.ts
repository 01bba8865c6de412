import { useEffect, useRef, useState } from 'react'

// One IntersectionObserver for every ticking cell: thousands of board rows share it.
const callbacks = new WeakMap<Element, (visible: boolean) => void>()
let observer: IntersectionObserver | null = null
function shared(): IntersectionObserver | null {
  if (typeof IntersectionObserver === 'undefined') return null
  observer ??= new IntersectionObserver(
    (entries) => {
      for (const e of entries) callbacks.get(e.target)?.(e.isIntersecting)
    },
    { rootMargin: '200px 0px' }
  )
  return observer
}

/**
 * Whether the element is on screen (with a margin). Ticking cells subscribe to the clock only
 * while visible, so a board of thousands of rows ticks only the few dozen a person can see.
 * Without IntersectionObserver (tests), everything counts as visible.
 */
export function useInView<T extends Element>(): [React.RefObject<T | null>, boolean] {
  const ref = useRef<T>(null)
  const [visible, setVisible] = useState(() => typeof IntersectionObserver === 'undefined')
  useEffect(() => {
    const el = ref.current
    const o = shared()
    if (!el || !o) return
    callbacks.set(el, setVisible)
    o.observe(el)
    return () => {
      o.unobserve(el)
      callbacks.delete(el)
    }
  }, [])
  return [ref, visible]
}
