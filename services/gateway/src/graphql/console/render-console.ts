import { renderGraphiQL } from '@graphql-yoga/render-graphiql'
import type { GraphiQLOptions } from 'graphql-yoga'
import { exampleTabs, tokenHelpHtml } from './example-operations.ts'

/** GraphiQL options: the examples, an empty bearer header to fill in, SSE for subscriptions. */
export const consoleOptions: GraphiQLOptions = {
  title: 'Baton console',
  defaultTabs: exampleTabs,
  defaultQuery: exampleTabs[0]!.query,
  headers: JSON.stringify({ Authorization: 'Bearer <paste your token>' }, null, 2),
  defaultEditorToolsVisibility: 'headers',
  shouldPersistHeaders: false,
  subscriptionsProtocol: 'SSE',
}

const banner = `
<style>
  html, body { height: 100%; margin: 0; }
  body { display: flex; flex-direction: column; }
  #baton-token-help { flex: none; padding: 6px 12px; font: 13px/1.4 system-ui, sans-serif; background: #fff8e1; border-bottom: 1px solid #e0c97f; color: #333; }
  #baton-token-help code { background: #f3ead0; padding: 0 3px; border-radius: 3px; }
  #root { flex: 1; min-height: 0; height: auto !important; }
</style>
<div id="baton-token-help" role="note">${tokenHelpHtml}</div>`

/** The GraphiQL page with every asset inlined (works with no internet) and the token help on top. */
export function renderConsole(options: GraphiQLOptions): string {
  const html = renderGraphiQL(options)
  return html.replace('<div id="root"></div>', `${banner}\n<div id="root"></div>`)
}
