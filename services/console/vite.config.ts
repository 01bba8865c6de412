import { defineConfig } from 'vite'
import react from '@vitejs/plugin-react'

// The gateway the dev server forwards the API to (`npm start` listens on 4000 unless told otherwise).
const gateway = process.env.BATON_GATEWAY_URL ?? 'http://127.0.0.1:4000'

export default defineConfig({
  plugins: [react()],
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
