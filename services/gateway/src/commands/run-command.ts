import type { IncidentRow } from '@baton/db'
import { commandUpdate, type CommandResult, type IncidentCommand } from '@baton/temporal'
import type { GatewayContext } from '../context.ts'
import { vendorOrigin } from './vendor-authority.ts'
import { updateWithDeadline } from './update-with-deadline.ts'

/**
 * Sends one command to the incident's workflow as an update. The update returns after the event
 * is in the ledger and projection, so a read that follows sees it; a workflow that does not
 * answer within the command deadline is DEADLINE_EXCEEDED (update-with-deadline.ts).
 */
export async function runCommand(
  ctx: GatewayContext,
  incident: IncidentRow,
  command: IncidentCommand
): Promise<CommandResult> {
  const origin = await vendorOrigin(ctx, incident, command)
  try {
    const result = await updateWithDeadline(
      ctx,
      incident.key,
      commandUpdate,
      origin ? [command, origin] : [command]
    )
    ctx.log.info({ incident: incident.key, type: command.type, seq: result.seq }, 'command applied')
    return result
  } finally {
    // The projection changed underneath the request's loaders.
    ctx.loaders.incident.clear(incident.id)
    ctx.loaders.incidentByKey.clear(incident.key)
    ctx.loaders.handoffsByIncident.clear(incident.id)
    ctx.loaders.bondsByIncident.clear(incident.id)
    ctx.loaders.ledgerByIncident.clear(incident.id)
  }
}
