import type { DbHandle } from '@baton/db'
import type { VendorDbScope } from '../auth/vendor-db-scope.ts'

const STREAMED = /text\/event-stream|multipart\/mixed/i

/**
 * Runs one GraphQL request of a VENDOR token with its database work under Postgres row-level
 * security (role baton_vendor, its party in baton.vendor_party_id): a query layer that forgot
 * a filter still cannot read another vendor's rows.
 *
 * Ordinary requests reserve one connection and run in one transaction, committed when yoga has
 * answered. SSE requests (subscriptions) hold nothing between events: each statement gets its
 * own short scoped transaction.
 */
export async function runAsVendor(
  scope: VendorDbScope,
  partyId: string,
  request: Request,
  run: (db: DbHandle) => Promise<Response>
): Promise<Response> {
  if (STREAMED.test(request.headers.get('accept') ?? '')) return run(scope.perStatement(partyId))
  const tx = await scope.beginRequest(partyId)
  let response: Response
  try {
    response = await run(tx.handle)
  } catch (error) {
    await tx.end(false)
    throw error
  }
  if (!response.body || !STREAMED.test(response.headers.get('content-type') ?? '')) {
    await tx.end(true)
    return response
  }
  // A streamed answer to a request that did not ask for one: keep the transaction until the stream ends.
  const reader = response.body.getReader()
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read()
        if (!done) return controller.enqueue(value)
        await tx.end(true)
        controller.close()
      } catch (error) {
        await tx.end(false)
        controller.error(error)
      }
    },
    async cancel(reason) {
      await tx.end(false)
      await reader.cancel(reason)
    },
  })
  return new Response(body, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  })
}
