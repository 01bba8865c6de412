/** An open GraphQL-over-SSE subscription of a served gateway and the `next` events it has received. */
export type SseSubscription = {
  /** The `data:` text of each `next` event, in arrival order (raw JSON, unparsed). */
  received: string[]
  /** Settles once the gateway has answered the subscribing POST. */
  ready: Promise<Response>
  /** Closes the stream and waits for the reader to finish. */
  stop: () => Promise<void>
}

/**
 * Subscribes to the gateway at `url` over GraphQL SSE (one POST answered as `text/event-stream`)
 * with a bearer token, and collects every `next` event's payload as raw JSON text. For tests: the
 * gateway's own subscription tests and the end-to-end ones.
 */
export function subscribeSse(
  url: string,
  token: string,
  query: string,
  variables: Record<string, unknown> = {}
): SseSubscription {
  const controller = new AbortController()
  const received: string[] = []
  const ready = fetch(`${url}/graphql`, {
    method: 'POST',
    signal: controller.signal,
    headers: {
      'content-type': 'application/json',
      accept: 'text/event-stream',
      authorization: `Bearer ${token}`,
    },
    body: JSON.stringify({ query, variables }),
  })
  const done = ready
    .then(async (res) => {
      const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader()
      let buffer = ''
      for (let r = await reader.read(); !r.done; r = await reader.read()) {
        buffer += r.value
        for (let i = buffer.indexOf('\n\n'); i >= 0; i = buffer.indexOf('\n\n')) {
          const event = buffer.slice(0, i)
          buffer = buffer.slice(i + 2)
          const data = event.split('\n').find((l) => l.startsWith('data:'))
          if (data && event.includes('event: next')) received.push(data.slice(5))
        }
      }
    })
    .catch(() => {})
  return {
    received,
    ready,
    stop: async () => {
      controller.abort()
      await done
    },
  }
}
