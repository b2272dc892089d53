// One jest run for every test: API tests against the real database, app component tests in jsdom,
// build checks of the weapp output, browser tests against the real H5 build, and the built weapp run in
// Node against the real server (e2e/weapp-smoke.test.ts: it needs the database, hence the e2e project).
const path = require('node:path');

const swc = ['@swc/jest', {
  jsc: {
    parser: { syntax: 'typescript', tsx: true },
    transform: { react: { runtime: 'automatic' } },
    target: 'es2022',
  },
  module: { type: 'commonjs' },
}];
const shared = { '^@shared/(.*)$': path.join(__dirname, 'shared/src/$1') };

module.exports = {
  testTimeout: 30000,
  projects: [
    {
      displayName: 'server',
      testEnvironment: 'node',
      testMatch: ['<rootDir>/test/server/**/*.test.ts', '<rootDir>/test/shared/**/*.test.ts'],
      transform: { '^.+\\.(t|j)sx?$': swc },
      moduleNameMapper: shared,
      globalSetup: '<rootDir>/test/support/globalSetup.ts',
      globalTeardown: '<rootDir>/test/support/globalTeardown.ts',
    },
    {
      displayName: 'app',
      testEnvironment: 'jsdom',
      testMatch: ['<rootDir>/test/app/**/*.test.ts?(x)'],
      setupFilesAfterEnv: ['<rootDir>/test/app/support/setup.ts'],
      transform: { '^.+\\.(t|j)sx?$': swc },
      moduleNameMapper: {
        ...shared,
        '^@tarojs/components$': '<rootDir>/test/app/support/components.tsx',
        '^@tarojs/taro$': '<rootDir>/test/app/support/taro.ts',
        '\\.(css|scss|less)$': '<rootDir>/test/app/support/style.ts',
        '^@/(.*)$': '<rootDir>/miniprogram/src/$1',
      },
    },
    {
      displayName: 'build',
      testEnvironment: 'node',
      testMatch: ['<rootDir>/test/build/**/*.test.ts'],
      transform: { '^.+\\.(t|j)sx?$': swc },
      moduleNameMapper: shared,
    },
    {
      // The short API fuzzing (schemathesis against a demo server of its own); `npm run test:hardening` runs the full one.
      displayName: 'hardening',
      testEnvironment: 'node',
      testMatch: ['<rootDir>/test/hardening/**/*.test.ts'],
      transform: { '^.+\\.(t|j)sx?$': swc },
      moduleNameMapper: shared,
    },
    {
      displayName: 'e2e',
      testEnvironment: 'node',
      testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
      transform: { '^.+\\.(t|j)sx?$': swc },
      moduleNameMapper: shared,
      globalSetup: '<rootDir>/test/support/globalSetup.ts',
      globalTeardown: '<rootDir>/test/support/globalTeardown.ts',
    },
  ],
};
