import { changeWorld, WorldConflictError, WorldEditError, type WorldChangeResult } from '@baton/db'
import type { World } from '@baton/domain'
import type { GatewayContext } from '../context.ts'
import { conflict, gqlError } from '../graphql/errors.ts'

/**
 * Runs one admin change through @baton/db's changeWorld (load, pure edit, validate, persist,
 * audit) as the viewer, mapping the world's refusals to the error codes of INTERFACES.md.
 * The caller has already checked the ADMIN role.
 */
export async function runWorldChange(
  ctx: GatewayContext,
  mutation: string,
  subject: string,
  o: { coverage?: boolean },
  edit: (w: World) => World
): Promise<WorldChangeResult> {
  try {
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
  } catch (error) {
    if (error instanceof WorldEditError)
      throw gqlError(error.code, error.message, {
        ...(error.field ? { field: error.field } : {}),
        ...(error.problems ? { problems: error.problems } : {}),
      })
    if (error instanceof WorldConflictError) throw conflict(error.message)
    throw error
  }
}
