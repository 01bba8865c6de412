import type { Dialect } from '@baton/domain'
import { canonicalDialect } from './canonical/canonical-dialect.ts'
import { jiraDialect } from './jira/jira-dialect.ts'
import { pagerDutyDialect } from './pagerduty/pagerduty-dialect.ts'
import { serviceNowDialect } from './servicenow/servicenow-dialect.ts'
import type { VendorDialect } from './vendor-dialect.ts'

/** Every dialect by name; a party's integration.dialect picks one. */
export const dialects: Record<Dialect, VendorDialect> = {
  canonical: canonicalDialect as VendorDialect,
  pagerduty: pagerDutyDialect as VendorDialect,
  jira: jiraDialect as VendorDialect,
  servicenow: serviceNowDialect as VendorDialect,
}

export const dialectOf = (name: Dialect): VendorDialect => dialects[name]
