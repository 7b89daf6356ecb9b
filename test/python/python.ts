// Where the Python venv built by .ci/packages.sh lives, and `describe` for blocks that need it.
import { spawnSync } from 'child_process';
import * as os from 'os';
import * as path from 'path';

/** The venv with the cdktf_cloudcasa wheel (same default as .ci/packages.sh). */
export function venvDir(): string {
  const cache = process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache');
  return process.env.CLOUDCASA_PYTHON_VENV ?? path.join(cache, 'cdktf-cloudcasa', 'python');
}

/** The venv's interpreter. */
export function venvPython(): string {
  return path.join(venvDir(), 'bin', 'python');
}

/** Why the venv cannot be used, or undefined when `import cdktf_cloudcasa` works in it. */
function venvProblem(): string | undefined {
  const r = spawnSync(venvPython(), ['-c', 'import cdktf_cloudcasa'], { encoding: 'utf8', timeout: 60_000 });
  if (r.error) return `${venvPython()} cannot run (${(r.error as NodeJS.ErrnoException).code ?? r.error.message})`;
  if (r.status !== 0) return `\`import cdktf_cloudcasa\` fails in ${venvDir()}: ${r.stderr.trim().split('\n').pop()}`;
  return undefined;
}

/**
 * `describe` for a block that needs the Python package. Locally a missing venv skips the block with a clear
 * message; under CI=true it is a failure, never a skip.
 */
export function describeWithPython(name: string, fn: (python: string) => void) {
  const problem = venvProblem();
  if (!problem) {
    describe(name, () => fn(venvPython()));
  } else if (process.env.CI === 'true' || process.env.CI === '1') {
    describe(name, () => {
      test('the Python venv is built', () => {
        throw new Error(`CI=true but ${problem}: run \`bash .ci/packages.sh\` first`);
      });
    });
  } else {
    // eslint-disable-next-line no-console
    console.warn(`SKIPPED ${name}: ${problem}; run \`bash .ci/packages.sh\` to build the Python package and its venv`);
    describe.skip(`${name} (Python venv missing: run \`bash .ci/packages.sh\`)`, () => fn(''));
  }
}
