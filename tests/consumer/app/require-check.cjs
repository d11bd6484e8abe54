/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS consumer is what this file checks */
// A CommonJS consumer: require() of each package's ESM build (Node >= 20.19 loads it in place).
const assert = require('node:assert/strict');

const exportsByPackage = {
  '@saleschat-kit/core': 'createSaleschatClient',
  '@saleschat-kit/core/messages': 'formatMessage',
  '@saleschat-kit/react': 'SaleschatProvider',
  '@saleschat-kit/ui': 'saleschatToasts',
  '@saleschat-kit/elements': 'configure',
  '@saleschat-kit/proxy': 'createSaleschatProxy',
  '@saleschat-kit/saleschat-client': 'createSaleschatApi',
  '@saleschat-kit/fake-saleschat': 'startFakeSaleschatServer',
  '@saleschat-kit/cli': 'runCli',
};
for (const [name, exported] of Object.entries(exportsByPackage)) {
  assert.ok(exported in require(name), `${name} exports ${exported}`);
  console.log(`require('${name}').${exported}: ok`);
}
