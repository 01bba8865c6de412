import { resolve } from 'node:path'
import { runStack, type RunningStack } from './run-stack.ts'
import { playOutage } from './play-outage.ts'
import { outcomeQueries } from './outcome-queries.ts'
import { demoVendorsLine } from './demo-vendors.ts'
import { printOutageOutcome } from './outage-outcome.ts'

const projectRoot = resolve(import.meta.dirname, '../../..')
const args = process.argv.slice(2)
const verbose = args.includes('--verbose')
const playing = args.includes('--play-outage')
const exitAfter = args.includes('--exit')
const vendors = !args.includes('--no-vendors')
if (playing && !vendors) {
  console.error('--play-outage needs the demo vendors: leave out --no-vendors')
  process.exit(2)
}
const speed = Number(args.find((a) => a.startsWith('--speed='))?.slice(8) ?? 60)
const worldFile = resolve(
  projectRoot,
  args.find((a) => a.startsWith('--world='))?.slice(8) ?? 'infra/worlds/demo.world.json'
)
const log = (line: string) => console.log(line)

// The handlers are installed before anything starts: a SIGINT or SIGTERM during start-up (sent to
// this process alone, as a supervisor does) aborts runStack, which stops every child it started.
const starting = new AbortController()
let stack: RunningStack | null = null
let stopping = false
const shutdown = async (signal: string) => {
  if (stopping) return
  stopping = true
  if (!stack) {
    log(`\n${signal} received during start-up: stopping what has started…`)
    starting.abort(new Error(`${signal} received during start-up`))
    return
  }
  log(
    `\n${signal} received: stopping the gateway, adapters, worker${stack.temporalUiUrl ? ', Temporal' : ''} and the database we started…`
  )
  await stack.stop()
  log('Stopped. Nothing of the stack is left running.')
  process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0)
}
process.on('SIGINT', () => void shutdown('SIGINT'))
process.on('SIGTERM', () => void shutdown('SIGTERM'))

try {
  stack = await runStack({ projectRoot, worldFile, log, verbose, vendors, signal: starting.signal })
} catch (error) {
  // On Ctrl-C the children see the signal too and may exit before this process handles its own.
  await new Promise((r) => setTimeout(r, 100))
  if (stopping) {
    log('Stopped. Nothing of the stack is left running.')
    process.exit(0)
  }
  console.error(`\nBaton could not start: ${(error as Error).message}`)
  process.exit(1)
}

log(`
Baton is up.
  Console:             ${stack.gatewayUrl}/   (sign in with the admin token below)
  GraphiQL:            ${stack.gatewayUrl}/graphql
  Vendor webhooks:     ${stack.adaptersUrl}/webhooks/{partySlug}   (OpenAPI: ${stack.adaptersUrl}/openapi.json)
  Temporal:            ${stack.temporalAddress}${stack.temporalUiUrl ? `   UI: ${stack.temporalUiUrl}` : ''}
  Mailbox:             ${stack.mailboxDir}   (escalation e-mails, one .eml file each)
${demoVendorsLine(stack.vendors)}  Admin token:         ${stack.adminToken}
                       (also in ${stack.adminTokenFile}; in GraphiQL set header  Authorization: Bearer <token>)
Press Ctrl-C to stop.`)

if (playing) {
  log(
    `\nWatch the outage live on the board: ${stack.gatewayUrl}/   (sign in with the admin token; INC pages at ${stack.gatewayUrl}/incidents/<key>)`
  )
  try {
    const incidents = await playOutage(stack, { speed, log })
    if (incidents.p1) log(outcomeQueries(incidents.p1, incidents.p2))
    await printOutageOutcome(stack, incidents, log)
    log(
      'The outage has been played.' +
        (exitAfter ? '' : ' The stack keeps running for the console; Ctrl-C stops it.')
    )
  } catch (error) {
    console.error(`The outage could not be played: ${(error as Error).message}`)
    process.exitCode = 1
  }
  if (exitAfter) await shutdown('--exit')
}
