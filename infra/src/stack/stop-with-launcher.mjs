// Preloaded (node --import) into every service that npm start spawns. The launcher holds the write
// end of the service's stdin; when the launcher goes away by any means, SIGKILL included, stdin
// ends and the service stops as on SIGTERM (its orderly shutdown), instead of living on as an
// orphan that polls Temporal's task queues with a database that may be gone. Unref'd: an open
// stdin never keeps a stopping service alive. Main thread only: worker threads (the Temporal
// worker's workflow threads) inherit --import, and their stdin is no pipe and ends at once.
import { isMainThread } from 'node:worker_threads'

if (isMainThread) {
  const stop = () => process.kill(process.pid, 'SIGTERM')
  process.stdin.once('end', stop)
  process.stdin.once('error', stop)
  process.stdin.resume()
  process.stdin.unref?.()
}
