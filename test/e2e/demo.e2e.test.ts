/**
 * The README's first quick-start command, `npm run demo`, run as a user would: it must succeed and show each
 * step. (The demo prefers OpenTofu; with CLOUDCASA_DEMO_ENGINE=terraform it uses Terraform.)
 */
import * as path from 'node:path';
import { describeWithEngine, engineEnv, run } from './engines';

const REPO = path.join(__dirname, '..', '..');

describeWithEngine('tofu', 'npm run demo', (_bin, manifest) => {
  test('runs every step on the embedded emulator and exits 0', async () => {
    const r = await run('npm', ['run', '--silent', 'demo'], { cwd: REPO, env: engineEnv(manifest) });
    const out = r.stdout + r.stderr;
    expect({ code: r.code, tail: r.code ? out.slice(-3000) : '' }).toEqual({ code: 0, tail: '' });
    for (const s of [
      /\[1\/7\] Starting the embedded CloudCasa API emulator/,
      /\[2\/7\] Finding an engine\n\s+deploying with OpenTofu v1\.12\.6/,
      /\[3\/7\] Synthesizing .*\n\s+cdktf.out\/stacks\/cloudcasa-scheduled-backup\/cdk.tf.json/,
      /\[4\/7\] Validating/,
      /\[5\/7\] Deploying with OpenTofu/,
      /Apply complete! Resources: \d+ added/,
      /\[6\/7\] Running the ADHOC backup.*\n(.*\n)*.*ended COMPLETED/,
      /\[7\/7\] Listing its jobs.*\nJOB\s+DEFINITION\s+TYPE\s+STATE/,
      /Done\./,
    ]) expect(out).toMatch(s);
    // Two runs of test_terraform_kubebackup: one on apply, one from `casa run --wait`.
    expect(out.match(/test_terraform_kubebackup\s+\S+\s+COMPLETED/g)).toHaveLength(2);
  });
});
