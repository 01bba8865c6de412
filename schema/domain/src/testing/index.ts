// Test fixtures (the world of docs/scenario.md in code). Not part of the main entry: the workflow sandbox never loads it.
export * from './demo-world.ts'
export * from './test-party.ts'
export * from './demo-scorecard.ts'
