/** A text in pieces, incident keys (`INC-1234`) apart, so a page can link each key to its incident. */
export type TextPiece = { text: string } | { key: string }

const KEY = /\bINC-\d+\b/g

export function splitIncidentKeys(text: string): TextPiece[] {
  const out: TextPiece[] = []
  let last = 0
  for (const m of text.matchAll(KEY)) {
    if (m.index > last) out.push({ text: text.slice(last, m.index) })
    out.push({ key: m[0] })
    last = m.index + m[0].length
  }
  if (last < text.length) out.push({ text: text.slice(last) })
  return out
}
