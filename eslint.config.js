// The package rules of docs/architecture.md ("Package rules"), enforced as no-restricted-imports
// per folder.
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import reactHooks from 'eslint-plugin-react-hooks'

const services = ['@baton/workflows', '@baton/adapters', '@baton/gateway', '@baton/console']
const noServices = (own) =>
  services
    .filter((s) => s !== own)
    .map((name) => ({ name, message: 'Services never import each other; meet through schema/*.' }))
// Workflow code runs in Temporal's deterministic sandbox: everything under workflows/ and every
// file named *-workflow.ts / *-workflows.ts / workflows.ts (the accountability and test workflows).
const workflowFiles = [
  'services/workflows/src/workflows/**/*.ts',
  'services/workflows/src/**/*-workflow.ts',
  'services/workflows/src/**/*-workflows.ts',
  'services/workflows/src/**/workflows.ts',
]
// @baton/temporal is the contract between the services: nothing of theirs, no Temporal client/worker.
const temporalContractPaths = [
  '@baton/db',
  '@baton/graphql',
  '@temporalio/worker',
  '@temporalio/client',
  '@temporalio/activity',
  'drizzle-orm',
  ...services,
].map((name) => ({
  name,
  message: '@baton/temporal holds the contract only: domain and @temporalio/workflow define*.',
}))
const patterns = (own) => [
  {
    group: ['**/services/*', '../../services/**'],
    message: 'Services never import each other; meet through schema/*.',
  },
]

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '.baton/**',
      '**/*.js',
      '**/*.mjs',
      '**/*.cjs',
      '**/generated/**',
      'services/console/src/gql/{gql,graphql,index}.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['schema/domain/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...[
              'drizzle-orm',
              'postgres',
              '@temporalio/workflow',
              '@temporalio/client',
              '@temporalio/worker',
              '@temporalio/activity',
              'hono',
              'graphql',
              'pino',
            ].map((name) => ({
              name,
              message: '@baton/domain is pure: no IO, Temporal or drizzle.',
            })),
            ...['@baton/db', '@baton/temporal', '@baton/graphql', ...services].map((name) => ({
              name,
              message: '@baton/domain imports nothing of Baton.',
            })),
          ],
          patterns: [
            {
              group: [
                'node:*',
                'fs',
                'path',
                'crypto',
                'http',
                'os',
                'child_process',
                'drizzle-orm/*',
                '@temporalio/*',
              ],
              message: '@baton/domain is pure: no node:* and no IO.',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'Pass config in; the domain never reads the environment.' },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'The domain takes `now` as an argument.' },
        { object: 'Math', property: 'random', message: 'The domain is deterministic.' },
      ],
    },
  },
  {
    files: ['schema/db/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['@baton/temporal', '@baton/graphql', ...services].map((name) => ({
            name,
            message: '@baton/db may import only @baton/domain.',
          })),
          patterns: [{ group: ['@temporalio/*'], message: '@baton/db does not know Temporal.' }],
        },
      ],
    },
  },
  {
    files: ['schema/temporal/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: temporalContractPaths,
        },
      ],
    },
  },
  {
    files: workflowFiles,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            '@baton/db',
            'drizzle-orm',
            'postgres',
            '@temporalio/activity',
            '@temporalio/client',
            '@temporalio/worker',
            'pino',
          ]
            .map((name) => ({
              name,
              message:
                'Workflow code is sandboxed: only @temporalio/workflow, @baton/domain, @baton/temporal and type imports of activities.',
            }))
            .concat(noServices('@baton/workflows'), [
              { name: '@baton/graphql', message: 'Only the gateway uses the SDL.' },
            ]),
          patterns: [{ group: ['node:*'], message: 'Workflow code is sandboxed.' }, ...patterns()],
        },
      ],
    },
  },
  // @baton/temporal's main entry is the workflow contract (loaded inside the workflow sandbox):
  // the OpenTelemetry runtime, the metrics server and the outbound fetch live in their own entry
  // points (@baton/temporal/tracing, /metrics, /outbound).
  {
    files: ['schema/temporal/src/*.ts'],
    ignores: ['schema/temporal/src/serve-metrics.ts', 'schema/temporal/src/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: temporalContractPaths,
          patterns: [
            {
              group: ['@opentelemetry/*', '@temporalio/interceptors-opentelemetry', 'node:*'],
              message:
                'The contract entry stays sandbox-safe: OpenTelemetry is @baton/temporal/tracing, node servers /metrics.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['services/workflows/src/**/*.ts'],
    ignores: workflowFiles,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...noServices('@baton/workflows'),
            { name: '@baton/graphql', message: 'Only the gateway uses the SDL.' },
          ],
          patterns: patterns(),
        },
      ],
    },
  },
  {
    files: ['services/adapters/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...noServices('@baton/adapters'),
            { name: '@baton/graphql', message: 'Only the gateway uses the SDL.' },
          ],
          patterns: patterns(),
        },
      ],
    },
  },
  {
    files: ['services/gateway/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: noServices('@baton/gateway'), patterns: patterns() },
      ],
    },
  },
  // Resolvers read and write through @baton/db's data services, never through drizzle directly.
  {
    files: ['services/gateway/src/resolvers/**/*.ts', 'services/gateway/src/commands/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...noServices('@baton/gateway'),
            ...['drizzle-orm', 'postgres'].map((name) => ({
              name,
              message: 'Resolvers query through @baton/db functions (schema/db/src/queries).',
            })),
          ],
          patterns: [
            ...patterns(),
            {
              group: ['drizzle-orm/*'],
              message: 'Resolvers query through @baton/db functions (schema/db/src/queries).',
            },
          ],
        },
      ],
    },
  },
  // The console runs in the browser: it meets the gateway only over HTTP/GraphQL (documents checked against the SDL).
  {
    files: ['services/console/src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
      'no-restricted-imports': [
        'error',
        {
          paths: [
            '@baton/domain',
            '@baton/db',
            '@baton/temporal',
            '@baton/graphql',
            ...services.filter((s) => s !== '@baton/console'),
          ].map((name) => ({
            name,
            message:
              'The console is a browser app: it talks to the gateway over HTTP and GraphQL only.',
          })),
          patterns: [
            {
              group: ['**/services/*', '../../services/**', '../../../schema/**'],
              message:
                'The console is a browser app: it talks to the gateway over HTTP and GraphQL only.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['services/console/src/**/*.test.{ts,tsx}'],
    rules: { 'no-restricted-imports': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    files: ['**/*.test.ts', 'bench/**/*.ts', 'infra/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  }
)
