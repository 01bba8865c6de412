import type { IncidentEvent } from '../events/incident-event.ts'
import { domainError, ok } from '../result.ts'
import type { Result } from '../result.ts'
import type { IncidentState } from './incident-state.ts'
import { openHandoff } from './incident-state.ts'
import type { ApplyOptions } from './apply-options.ts'
import { applyHandoffEvent } from './apply-handoff-event.ts'
import { applyPriorityEvent } from './apply-priority-event.ts'
import { actedBy, endCycles, startCycle, switchSegment, utc } from './custody-helpers.ts'

const FINAL = new Set(['RESOLVED', 'CLOSED'])

/** The incident's state machine: a valid event gives the next state, an invalid one says why. */
export function applyIncidentEvent(
  s: IncidentState,
  e: IncidentEvent,
  options: ApplyOptions = {}
): Result<IncidentState> {
  const atMs = Date.parse(e.at)
  if (Number.isNaN(atMs)) return domainError('BAD_INPUT', `at: invalid instant '${e.at}'`)
  const at = utc(e.at)
  if (!s.opened) {
    if (e.type !== 'opened')
      return domainError(
        'INVALID_TRANSITION',
        `the incident is not open yet: '${e.type}' must follow 'opened'`
      )
    const { desk, serviceId, parentKey } = e
    return ok({
      ...s,
      opened: true,
      title: e.title,
      priority: e.priority,
      status: 'OPEN',
      openedAt: at,
      holder: e.holder,
      lastEventAt: at,
      ...(desk ? { desk } : {}),
      ...(serviceId ? { serviceId } : {}),
      ...(parentKey ? { parentKey } : {}),
      segments: [{ party: e.holder, ...(desk ? { desk } : {}), from: at, state: 'working' }],
      responseCycles: startCycle(s, e.holder, at),
      activeSpans: [{ from: at }],
    })
  }
  if (atMs < Date.parse(s.lastEventAt))
    return domainError(
      'BAD_INPUT',
      `events must be in time order: ${at} is before ${s.lastEventAt}`
    )
  const next = applyOpen(s, e, at, options)
  return next.ok ? ok({ ...next.value, lastEventAt: at }) : next
}

function applyOpen(
  s: IncidentState,
  e: IncidentEvent,
  at: string,
  options: ApplyOptions
): Result<IncidentState> {
  if (e.type === 'opened') return domainError('INVALID_TRANSITION', 'the incident is already open')
  if (s.status === 'CLOSED')
    return domainError('INVALID_TRANSITION', `the incident is closed: '${e.type}' is not allowed`)
  if (e.type === 'comment') return ok(s)
  if (e.type === 'reopened') {
    if (s.status !== 'RESOLVED')
      return domainError('INVALID_TRANSITION', 'only a resolved incident can be reopened')
    const { resolvedAt: _r, ...rest } = s
    return ok({
      ...rest,
      status: 'OPEN',
      segments: switchSegment(s, at, {
        party: s.holder,
        ...(s.desk ? { desk: s.desk } : {}),
        state: 'working',
      }),
      responseCycles: startCycle(s, s.holder, at),
      activeSpans: [...s.activeSpans, { from: at }],
    })
  }
  if (e.type === 'closed') {
    if (s.status !== 'RESOLVED')
      return domainError('INVALID_TRANSITION', 'only a resolved incident can be closed')
    return ok({ ...s, status: 'CLOSED', closedAt: at })
  }
  // A pending request can still be declined once the incident is resolved.
  if (e.type === 'priority_change_declined') return applyPriorityEvent(s, e, at)
  if (FINAL.has(s.status))
    return domainError(
      'INVALID_TRANSITION',
      `the incident is ${s.status.toLowerCase()}: reopen it first`
    )
  if (e.type.startsWith('handoff_'))
    return applyHandoffEvent(
      s,
      e as Extract<IncidentEvent, { type: `handoff_${string}` }>,
      at,
      options
    )
  switch (e.type) {
    case 'priority_changed':
    case 'priority_change_requested':
      return applyPriorityEvent(s, e, at)
    case 'assigned': {
      // The retained organisation moves the baton directly; the new holder's response cycle starts.
      if (openHandoff(s))
        return domainError('OPEN_OFFER_EXISTS', 'withdraw the open hand-off before reassigning')
      const { waiting: _w, desk: _d, ...rest } = s
      return ok({
        ...rest,
        holder: e.party,
        ...(e.desk ? { desk: e.desk } : {}),
        status: 'OPEN',
        segments: switchSegment(s, at, {
          party: e.party,
          ...(e.desk ? { desk: e.desk } : {}),
          state: 'working',
        }),
        responseCycles: startCycle(s, e.party, at),
      })
    }
    case 'acknowledged': {
      if (e.party !== s.holder)
        return domainError(
          'NOT_HOLDER',
          `${e.party} cannot acknowledge: ${s.holder} holds the incident`
        )
      const open = s.responseCycles.some(
        (c) => c.party === e.party && c.endedAt === undefined && c.handoffId === undefined
      )
      if (!open && s.status !== 'OPEN')
        return domainError('INVALID_TRANSITION', `${e.party} has already acknowledged`)
      return ok({
        ...s,
        status: s.waiting ? 'WAITING' : 'ACKNOWLEDGED',
        acknowledgedAt: s.acknowledgedAt ?? at,
        responseCycles: endCycles(
          s.responseCycles,
          at,
          (c) => c.party === e.party && c.handoffId === undefined,
          'acknowledged'
        ),
      })
    }
    case 'waiting': {
      if (e.party !== s.holder)
        return domainError('NOT_HOLDER', `${e.party} cannot wait: ${s.holder} holds the incident`)
      if (e.on === e.party) return domainError('BAD_INPUT', 'a party cannot wait on itself')
      if (s.waiting)
        return domainError('INVALID_TRANSITION', `already waiting on ${s.waiting.on}: resume first`)
      return ok({
        ...s,
        status: 'WAITING',
        waiting: { on: e.on, reason: e.reason, since: at },
        segments: switchSegment(s, at, {
          party: s.holder,
          ...(s.desk ? { desk: s.desk } : {}),
          state: 'waiting',
          waitingOn: e.on,
          reason: e.reason,
        }),
        responseCycles: actedBy(s.responseCycles, e.party, at),
      })
    }
    case 'resumed': {
      if (e.party !== s.holder)
        return domainError('NOT_HOLDER', `${e.party} cannot resume: ${s.holder} holds the incident`)
      if (!s.waiting) return domainError('INVALID_TRANSITION', 'the incident is not waiting')
      const { waiting: _w, ...rest } = s
      return ok({
        ...rest,
        status: 'ACKNOWLEDGED',
        segments: switchSegment(s, at, {
          party: s.holder,
          ...(s.desk ? { desk: s.desk } : {}),
          state: 'working',
        }),
      })
    }
    case 'resolved': {
      if (e.party !== s.holder && !e.force)
        return domainError(
          'NOT_HOLDER',
          `${e.party} cannot resolve: ${s.holder} holds the incident`
        )
      if (s.waiting && !e.force)
        return domainError(
          'WAITING_ON_OTHER_PARTY',
          `the incident is waiting on ${s.waiting.on}: resume first or force`
        )
      const open = openHandoff(s)
      if (open && !e.force)
        return domainError(
          'OPEN_OFFER_EXISTS',
          `hand-off ${open.id} to ${open.to} is still open: withdraw it first or force`
        )
      const { waiting: _w, ...rest } = s
      const cycles = endCycles(actedBy(s.responseCycles, e.party, at), at, () => true, 'resolved')
      return ok({
        ...rest,
        status: 'RESOLVED',
        resolvedAt: at,
        segments: switchSegment(s, at),
        handoffs: s.handoffs.map((h) =>
          h.id === open?.id ? { ...h, state: 'WITHDRAWN' as const, respondedAt: at } : h
        ),
        responseCycles: cycles,
        activeSpans: s.activeSpans.map((sp) => (sp.to === undefined ? { ...sp, to: at } : sp)),
      })
    }
  }
  return domainError('INVALID_TRANSITION', `unhandled event '${e.type}'`)
}
