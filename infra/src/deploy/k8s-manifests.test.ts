import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

// The services listen on loopback and serve /metrics on no port unless configured (their
// config.ts); the Kubernetes manifests must configure both, and agree with each other.
const dir = join(import.meta.dirname, '../../deploy/k8s')
const read = (file: string) => readFileSync(join(dir, file), 'utf8')
const configValue = (key: string) => {
  const m = new RegExp(`^\\s+${key}: '([^']*)'`, 'm').exec(read('config.yaml'))
  return m?.[1]
}

describe('k8s manifests and the services agree on addresses and metrics ports', () => {
  it('binds every service to 0.0.0.0 in the pod (the default is loopback)', () => {
    for (const key of ['BATON_GATEWAY_HOST', 'BATON_ADAPTERS_HOST', 'BATON_WORKER_METRICS_HOST'])
      expect(configValue(key), key).toBe('0.0.0.0')
  })

  for (const [file, key] of [
    ['gateway.yaml', 'BATON_GATEWAY_METRICS_PORT'],
    ['adapters.yaml', 'BATON_ADAPTERS_METRICS_PORT'],
    ['worker.yaml', 'BATON_WORKER_METRICS_PORT'],
  ] as const) {
    it(`${file}: Prometheus scrapes the metrics port of ${key}, which no Service exposes`, () => {
      const port = configValue(key)
      expect(port, key).toMatch(/^\d+$/)
      const text = read(file)
      expect(text).toContain(`prometheus.io/port: '${port}'`)
      expect(text).toContain(`{ name: metrics, containerPort: ${port} }`)
      const service = text.split(/^kind: Service$/m)[1] ?? ''
      expect(service).not.toMatch(/metrics|9464|9465|9466/)
    })
  }
})
