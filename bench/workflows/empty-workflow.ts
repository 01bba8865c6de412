/** The baseline: a workflow that does nothing, started and completed on the same server. */
export async function emptyWorkflow(): Promise<string> {
  return 'done'
}
