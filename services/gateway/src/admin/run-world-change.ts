import {
  changeWorld,
  previewWorldChange,
  type WorldChangePreview,
  type WorldChangeResult,
} from '@baton/db'
import type { World } from '@baton/domain'
import type { GatewayContext } from '../context.ts'

/**
 * Runs one admin change through @baton/db's changeWorld (load, pure edit, validate, persist,
 * audit) as the viewer. Its refusals are ServiceErrors, answered by the GraphQL edge
 * (graphql/service-errors.ts) with their field and, for an invalid world, every problem.
 * The caller has already checked the ADMIN role.
 */
export async function runWorldChange(
  ctx: GatewayContext,
  mutation: string,
  subject: string,
  o: { coverage?: boolean },
  edit: (w: World) => World
): Promise<WorldChangeResult> {
  const result = await changeWorld(ctx.deps.db.db, {
    actor: { name: ctx.viewer.name, tokenId: ctx.viewer.tokenId },
    mutation,
    subject,
    edit,
    ...o,
  })
  ctx.log.info(
    { mutation, subject, change: result.change.id, warnings: result.warnings.length },
    'world changed'
  )
  return result
}

/**
 * What runWorldChange would do with the same edit, without saving it (a dry run: the same
 * load, edit, validation, persistence and coverage warnings in a transaction rolled back), with
 * the same refusals (ServiceErrors, answered by the GraphQL edge). The caller has already checked the ADMIN role.
 */
export async function previewRunWorldChange(
  ctx: GatewayContext,
  edit: (w: World) => World
): Promise<WorldChangePreview> {
  return previewWorldChange(ctx.deps.db.db, { edit })
}
