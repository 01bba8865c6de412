import { readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import type { DocumentNode } from 'graphql'
import type { Plugin } from 'graphql-yoga'

/** The file the console's build writes beside index.html: `{ "sha256:<hex>": "<document>" }`. */
export const TRUSTED_DOCUMENTS_FILE = 'persisted-documents.json'

const HASH = /^[0-9a-f]{64}$/

/**
 * The console's own GraphQL documents, by hash (services/console/codegen.ts writes them; its
 * build copies the map into dist). Read from the console's dist directory when first asked and
 * again whenever the file changes (a rebuild while the gateway runs); a missing or unreadable
 * file means no trusted documents.
 */
export function trustedDocumentsFrom(distDir: string): () => ReadonlyMap<string, string> {
  const file = join(distDir, TRUSTED_DOCUMENTS_FILE)
  let stamp = ''
  let documents: ReadonlyMap<string, string> = new Map()
  return () => {
    const info = statSync(file, { throwIfNoEntry: false })
    const now = info ? `${info.size}:${info.mtimeMs}` : ''
    if (now === stamp) return documents
    stamp = now
    documents = new Map()
    if (!info) return documents
    try {
      const raw = JSON.parse(readFileSync(file, 'utf8')) as unknown
      if (raw && typeof raw === 'object')
        documents = new Map(
          Object.entries(raw as Record<string, unknown>).flatMap(([key, text]) => {
            const hash = key.replace(/^sha256:/, '')
            return HASH.test(hash) && typeof text === 'string' ? [[hash, text] as const] : []
          })
        )
    } catch {
      // A half-written file during a rebuild: read again when it changes.
    }
    return documents
  }
}

const hashOf = (extensions: unknown): string | undefined => {
  const pq = (extensions as { persistedQuery?: { sha256Hash?: unknown } } | undefined)
    ?.persistedQuery
  const hash = pq?.sha256Hash
  return typeof hash === 'string' && HASH.test(hash) ? hash : undefined
}

/**
 * Trusted documents: a request that names a known hash (`extensions.persistedQuery.sha256Hash`,
 * as Apollo's persisted queries) runs the document stored under it, whatever query text came
 * with it. A document whose text is one of the trusted ones is held by the query limits to every
 * limit but cost (a page of the board is legitimately large): `trust` is called with each text
 * the gateway parses and remembers the parsed document. An unknown hash is ignored: the text sent
 * runs as any other document, under every limit, so a console built from other documents than
 * the gateway knows still works.
 */
export function useTrustedDocuments(documents: () => ReadonlyMap<string, string>): {
  plugin: Plugin
  trust: (source: string, document: DocumentNode) => void
  isTrusted: (document: DocumentNode) => boolean
} {
  const trusted = new WeakSet<DocumentNode>()
  let texts: { from: ReadonlyMap<string, string>; set: ReadonlySet<string> } | undefined
  const trustedTexts = () => {
    const current = documents()
    if (texts?.from !== current) texts = { from: current, set: new Set(current.values()) }
    return texts.set
  }
  return {
    plugin: {
      onParams({ params, setParams }) {
        const hash = hashOf(params.extensions)
        const text = hash ? documents().get(hash) : undefined
        if (text !== undefined) setParams({ ...params, query: text })
      },
    },
    trust(source, document) {
      if (trustedTexts().has(source)) trusted.add(document)
    },
    isTrusted: (document) => trusted.has(document),
  }
}
