/**
 * What happens to an end-to-end suite when the engines are missing: locally it is skipped with a message
 * saying how to build them; with CI=true it fails, never skips.
 */
import * as path from 'node:path';
import { run } from './engines';

const REPO = path.join(__dirname, '..', '..');
const JEST = path.join(REPO, 'node_modules', '.bin', 'jest');

function smokeWithoutEngines(ci: boolean) {
  const env: NodeJS.ProcessEnv = { ...process.env, CLOUDCASA_ENGINES_DIR: path.join(REPO, 'no-engines-here') };
  if (ci) env.CI = 'true'; else delete env.CI;
  return run(JEST, ['--coverage=false', '--ci', 'test/e2e/smoke.e2e.test.ts'], { cwd: REPO, env });
}

test('without engines, a local run skips the end-to-end tests and says how to get them', async () => {
  const r = await smokeWithoutEngines(false);
  expect(r.code).toBe(0);
  expect(r.stdout + r.stderr).toMatch(/SKIPPED smoke: one restful resource \[terraform\]: terraform not built; run `npm run engines`/);
  expect(r.stdout + r.stderr).toMatch(/Tests:\s+2 skipped, 2 total/);
});

test('without engines, CI=true fails the end-to-end tests', async () => {
  const r = await smokeWithoutEngines(true);
  expect(r.code).not.toBe(0);
  expect(r.stdout + r.stderr).toMatch(/CI=true but terraform was not found under .*no-engines-here: run `npm run engines` first/);
  expect(r.stdout + r.stderr).toMatch(/Tests:\s+2 failed, 2 total/);
});
