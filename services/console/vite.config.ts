import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { defineConfig, type Plugin } from 'vite'
import react from '@vitejs/plugin-react'

/**
 * dist/persisted-documents.json: the console's documents by hash (written by codegen), which
 * the gateway runs as trusted documents (services/gateway/src/graphql/plugins/trusted-documents.ts).
 */
function trustedDocuments(): Plugin {
  const source = fileURLToPath(new URL('./src/gql/persisted-documents.json', import.meta.url))
  return {
    name: 'baton-trusted-documents',
    apply: 'build',
    generateBundle() {
      this.emitFile({
        type: 'asset',
        fileName: 'persisted-documents.json',
        source: readFileSync(source, 'utf8'),
      })
    },
  }
}

// The gateway the dev server forwards the API to (`npm start` listens on 4000 unless told otherwise).
const gateway = process.env.BATON_GATEWAY_URL ?? 'http://127.0.0.1:4000'

export default defineConfig({
  plugins: [react(), trustedDocuments()],
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    sourcemap: false,
    // The CSP forbids inline scripts and styles: keep every asset in its own hashed file.
    assetsInlineLimit: 0,
  },
  server: {
    host: '127.0.0.1',
    proxy: {
      '/graphql': { target: gateway, ws: true, changeOrigin: false },
      '/auth': { target: gateway, changeOrigin: false },
    },
  },
})
