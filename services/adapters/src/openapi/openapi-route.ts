import { Hono } from 'hono'
import { buildOpenApiDocument } from './openapi-document.ts'

export function openApiRoute() {
  const app = new Hono()
  let doc: object | null = null
  app.get('/openapi.json', (c) => c.json((doc ??= buildOpenApiDocument())))
  return app
}
