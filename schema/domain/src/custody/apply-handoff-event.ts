import type { IncidentEvent } from '../events/incident-event.ts'
import { domainError, ok } from '../result.ts'
import type { Result } from '../result.ts'
import type { Handoff, IncidentState } from './incident-state.ts'
import { openHandoff } from './incident-state.ts'
import { actedBy, endCycles, startCycle, switchSegment } from './custody-helpers.ts'
import type { ApplyOptions } from './apply-options.ts'
import { evaluatePingPong } from './ping-pong.ts'

type HandoffEvent = Extract<IncidentEvent, { type: `handoff_${string}` }>

const setHandoff = (s: IncidentState, id: string, patch: Partial<Handoff>): Handoff[] =>
  s.handoffs.map((h) => (h.id === id ? { ...h, ...patch } : h))

export function applyHandoffEvent(
  s: IncidentState,
  e: HandoffEvent,
  at: string,
  options: ApplyOptions
): Result<IncidentState> {
  if (e.type === 'handoff_offered') {
    if (e.from !== s.holder)
      return domainError('NOT_HOLDER', `${e.from} cannot offer: ${s.holder} holds the incident`)
    if (e.to === e.from)
      return domainError('BAD_INPUT', `${e.from} cannot offer a hand-off to itself`)
    if (s.handoffs.some((h) => h.id === e.handoffId))
      return domainError('BAD_INPUT', `hand-off ${e.handoffId} already exists`)
    const open = openHandoff(s)
    if (open)
      return domainError(
        'OPEN_OFFER_EXISTS',
        `hand-off ${open.id} to ${open.to} is still open: withdraw it first`
      )
    if (options.pingPong) {
      const verdict = evaluatePingPong(s, { from: e.from, to: e.to }, options.pingPong)
      if (verdict.triggered && verdict.reasonCodeRequired && !e.reasonCode) {
        return domainError(
          'REASON_CODE_REQUIRED',
          `ping-pong (${verdict.reasons.join('; ')}): this offer needs a reason code`
        )
      }
    }
    const handoff: Handoff = {
      id: e.handoffId,
      from: e.from,
      to: e.to,
      state: 'OFFERED',
      offeredAt: at,
      reason: e.reason,
      ...(e.toDesk ? { toDesk: e.toDesk } : {}),
      ...(e.reasonCode ? { reasonCode: e.reasonCode } : {}),
      ...(e.context ? { context: e.context } : {}),
    }
    return ok({
      ...s,
      handoffs: [...s.handoffs, handoff],
      responseCycles: startCycle(
        { ...s, responseCycles: actedBy(s.responseCycles, e.from, at) },
        e.to,
        at,
        e.handoffId
      ),
    })
  }
  const h = s.handoffs.find((x) => x.id === e.handoffId)
  if (!h) return domainError('HANDOFF_NOT_FOUND', `no hand-off ${e.handoffId}`)
  const isOpen = h.state === 'OFFERED' || h.state === 'EXPIRED'
  if (e.type === 'handoff_expired') {
    if (h.state !== 'OFFERED')
      return domainError(
        'HANDOFF_ALREADY_ANSWERED',
        `hand-off ${h.id} is ${h.state}, it cannot expire`
      )
    return ok({ ...s, handoffs: setHandoff(s, h.id, { state: 'EXPIRED', expiredAt: at }) })
  }
  if (!isOpen)
    return domainError('HANDOFF_ALREADY_ANSWERED', `hand-off ${h.id} is already ${h.state}`)
  if (e.type === 'handoff_withdrawn') {
    if (e.party !== h.from)
      return domainError(
        'NOT_HOLDER',
        `only ${h.from}, who offered hand-off ${h.id}, can withdraw it`
      )
    return ok({
      ...s,
      handoffs: setHandoff(s, h.id, { state: 'WITHDRAWN', respondedAt: at }),
      responseCycles: endCycles(s.responseCycles, at, (c) => c.handoffId === h.id, 'withdrawn'),
    })
  }
  if (e.party !== h.to)
    return domainError('NOT_HOLDER', `hand-off ${h.id} was offered to ${h.to}, not ${e.party}`)
  if (e.type === 'handoff_rejected') {
    return ok({
      ...s,
      handoffs: setHandoff(s, h.id, {
        state: 'REJECTED',
        respondedAt: at,
        responseReason: e.reason,
      }),
      responseCycles: endCycles(s.responseCycles, at, (c) => c.handoffId === h.id, 'rejected'),
    })
  }
  // Accepted: the baton moves, and any waiting of the previous holder ends with its custody.
  const desk = e.desk ?? h.toDesk
  const { waiting: _waiting, desk: _desk, ...rest } = s
  return ok({
    ...rest,
    holder: h.to,
    ...(desk ? { desk } : {}),
    status: 'ACKNOWLEDGED',
    segments: switchSegment(s, at, { party: h.to, ...(desk ? { desk } : {}), state: 'working' }),
    handoffs: setHandoff(s, h.id, { state: 'ACCEPTED', respondedAt: at }),
    responseCycles: endCycles(s.responseCycles, at, (c) => c.handoffId === h.id, 'accepted'),
  })
}
