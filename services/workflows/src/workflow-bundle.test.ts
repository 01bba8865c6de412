import { describe, expect, it } from 'vitest'
import { bundleWorkflowCode } from '@temporalio/worker'
import { workflowsPath } from './create-worker.ts'

describe('workflow bundle', () => {
  it('bundles the workflows and @baton/domain for the sandbox without node modules', async () => {
    const bundle = await bundleWorkflowCode({
      workflowsPath,
      logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} } as never,
    })
    expect(bundle.code).toContain('incidentWorkflow')
    expect(bundle.code).toContain('addBusinessTime')
  }, 120_000)
})
