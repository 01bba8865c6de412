import { readFileSync } from 'node:fs'

/** The SDL modules, in a fixed order: roots (auth) first, then the modules that extend them. */
export const SDL_MODULES = [
  'auth',
  'scalars',
  'parties',
  'calendars',
  'services',
  'agreements',
  'incidents',
  'custody',
  'handoffs',
  'clocks',
  'escalations',
  'bonds',
  'dead-letters',
  'ledger',
  'scorecards',
  'disputes',
  'event-times',
  'simulation',
  'notifications',
  'priority-requests',
  'subscriptions',
  'admin',
  'integration-health',
] as const
export type SdlModule = (typeof SDL_MODULES)[number]

const read = (name: SdlModule) =>
  readFileSync(new URL(`./modules/${name}.graphql`, import.meta.url), 'utf8')

/** Each module's SDL by name. */
export const sdl: Record<SdlModule, string> = Object.fromEntries(
  SDL_MODULES.map((m) => [m, read(m)])
) as Record<SdlModule, string>

/** The SDL documents for makeExecutableSchema / createSchema. */
export const typeDefs: string[] = SDL_MODULES.map((m) => sdl[m])

/** The whole schema as one SDL string. */
export const schemaSdl: string = typeDefs.join('\n')
