import { resolveStateSecret } from './state-secret.ts'

/** BATON_MASTER_KEY, else one generated once into .baton/master.key (mode 600; see stateDir) for the embedded default. */
export const resolveMasterKey = (projectRoot: string): string =>
  resolveStateSecret(projectRoot, process.env.BATON_MASTER_KEY, 'master.key')
