import type { Resolvers } from '../generated/resolvers-types.ts'
import { DateTimeScalar, DurationScalar } from '../graphql/scalars.ts'
import { clockResolvers } from './clocks.ts'
import { plannedEscalationResolvers } from './escalation-preview.ts'
import { incidentResolvers } from './incident-resolvers.ts'
import { mutationResolvers } from './mutation-resolvers.ts'
import { queryResolvers } from './query-resolvers.ts'
import { subscriptionResolvers } from './subscription-resolvers.ts'
import { worldResolvers } from './world-resolvers.ts'
import { scorecardResolvers } from './scorecard-resolvers.ts'
import { notificationResolvers } from './notification-resolvers.ts'
import { accountabilityResolvers } from './accountability-resolvers.ts'
import { adminResolvers } from './admin-resolvers.ts'
import { deadLetterResolvers } from './dead-letter-resolvers.ts'
import { eventTimeResolvers } from './event-time-resolvers.ts'
import { priorityRequestResolvers } from './priority-request-resolvers.ts'
import { integrationHealthResolvers } from './integration-health-resolvers.ts'

/** Every resolver, checked against the generated signatures of the SDL (`npm run codegen`). */
export const resolvers: Resolvers = {
  DateTime: DateTimeScalar,
  Duration: DurationScalar,
  ...queryResolvers,
  ...mutationResolvers,
  ...subscriptionResolvers,
  ...worldResolvers,
  ...incidentResolvers,
  ...clockResolvers,
  ...plannedEscalationResolvers,
  ...scorecardResolvers,
  ...notificationResolvers,
  ...accountabilityResolvers,
  Incident: {
    ...incidentResolvers.Incident,
    ...notificationResolvers.Incident,
    ...priorityRequestResolvers.Incident,
  },
  PriorityChangeRequest: priorityRequestResolvers.PriorityChangeRequest,
  ...adminResolvers,
  Query: {
    ...queryResolvers.Query,
    ...adminResolvers.Query,
    ...deadLetterResolvers.Query,
    ...accountabilityResolvers.Query,
  },
  Mutation: {
    ...mutationResolvers.Mutation,
    ...adminResolvers.Mutation,
    ...deadLetterResolvers.Mutation,
    ...eventTimeResolvers.Mutation,
    ...priorityRequestResolvers.Mutation,
    ...integrationHealthResolvers.Mutation,
    ...accountabilityResolvers.Mutation,
  },
  Dispute: { ...accountabilityResolvers.Dispute, ...eventTimeResolvers.Dispute },
  Bond: { ...incidentResolvers.Bond, ...deadLetterResolvers.Bond },
  DeadLetter: { ...deadLetterResolvers.DeadLetter, ...integrationHealthResolvers.DeadLetter },
  VendorIntegrationHealth: integrationHealthResolvers.VendorIntegrationHealth,
  Party: {
    ...worldResolvers.Party,
    ...adminResolvers.Party,
    ...integrationHealthResolvers.Party,
  },
  PartyIntegration: { ...adminResolvers.PartyIntegration, ...eventTimeResolvers.PartyIntegration },
}
