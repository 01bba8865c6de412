import { readFile, stat } from 'node:fs/promises'
import { extname, resolve, sep } from 'node:path'
import { gzipSync } from 'node:zlib'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
}
const COMPRESSIBLE = /^(text\/|application\/json|image\/svg)/

export type ConsoleFile = { body: Buffer; gzipped: Buffer | null; type: string; etag: string }

/**
 * Reads files of the console's build (dist) by URL path, never outside it. Hashed assets never
 * change under one name, so each is read and gzipped once; other files are re-read when their
 * size or mtime changes (a rebuild while the gateway runs).
 */
export function createConsoleFiles(distDir: string) {
  const root = resolve(distDir)
  const kept = new Map<string, ConsoleFile & { stamp: string }>()

  async function read(urlPath: string): Promise<ConsoleFile | null> {
    if (urlPath.includes('\0')) return null
    const file = resolve(root, `.${urlPath}`)
    if (!file.startsWith(root + sep)) return null
    const info = await stat(file).catch(() => null)
    if (!info?.isFile()) return null
    const stamp = `${info.size}-${info.mtimeMs}`
    const hit = kept.get(file)
    if (hit?.stamp === stamp) return hit
    const body = await readFile(file)
    const type = TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream'
    const entry = {
      body,
      type,
      stamp,
      etag: `W/"${stamp}"`,
      gzipped: COMPRESSIBLE.test(type) && body.length > 1024 ? gzipSync(body) : null,
    }
    if (kept.size > 2000) kept.clear()
    kept.set(file, entry)
    return entry
  }

  return {
    root,
    read,
    exists: async () =>
      (await stat(resolve(root, 'index.html')).catch(() => null))?.isFile() ?? false,
  }
}
export type ConsoleFiles = ReturnType<typeof createConsoleFiles>
