import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

let cached: string | undefined;

/**
 * How the engine starts this package's CLI, decided at synth, when nothing is configured (`cliCommand`,
 * `CLOUDCASA_CLI`). The synthesized stack must keep working when it is planned in another job, checkout or
 * directory than the one that synthesized it, so no absolute path is written when a portable form exists:
 *
 * - Node.js (TypeScript/JavaScript apps): `node` with the CLI's path **relative to the stack directory**
 *   (`cdktf.out/stacks/<stack>`), e.g. `../../../node_modules/cdktf-cloudcasa/lib/cli/casa.js`. It holds wherever
 *   the app and its `node_modules` move together. A small constant loader turns a missing package into a message
 *   that says what to install, instead of Node's MODULE_NOT_FOUND. (Measured: 0.2 s per call, as fast as an
 *   absolute path; `npx --no-install` took 2.0 s.)
 * - Python: the `cdktf-cloudcasa` command the wheel installs into the environment's `bin/` (on PATH in an active
 *   virtualenv or a pipeline's Python).
 * - Other jsii languages: an absolute path to a copy of the package in the user cache (`stableCliPath`), which is
 *   machine-bound; set `cliCommand` for stacks planned elsewhere.
 * @internal
 */
export function defaultCliProgram(stackDir: string, env: Record<string, string | undefined> = process.env): string[] {
  if (env.JSII_AGENT?.startsWith('Python')) return ['cdktf-cloudcasa'];
  const script = stableCliPath(env);
  if (env.JSII_AGENT) return ['node', script];
  let rel = path.relative(stackDir, script).split(path.sep).join('/');
  if (!rel.startsWith('.')) rel = `./${rel}`;
  return ['node', '-e', CLI_LOADER, rel];
}

/**
 * The constant program `node -e` runs: resolve the CLI path (argument 1) against the working directory (the stack
 * directory), load it, run it with the rest of the arguments; when it is not there, say what to do. It reads no
 * input but its arguments and is the same in every stack.
 * @internal
 */
export const CLI_LOADER = [
  "const p=require('path').resolve(process.argv[1]);let m;",
  "try{m=require(p)}catch(e){if(e.code!=='MODULE_NOT_FOUND'||!String(e.message).includes(p))throw e;",
  "process.stderr.write('cdktf-cloudcasa: its CLI is not installed at '+p+' (the path this stack was synthesized with, '",
  "+'relative to the stack directory). Install the app\\'s dependencies (npm ci) next to the stack, or synthesize with '",
  "+'CLOUDCASA_CLI set to a command that runs the CLI.\\n');process.exit(127)}",
  "m.main(process.argv.slice(2)).then(c=>{process.exitCode=c},e=>{process.stderr.write('error: '+e+'\\n');process.exitCode=1})",
].join('');

/**
 * The absolute path of this package's CLI (`lib/cli/casa.js`, the bundled CLI), for the commands the engine runs later:
 * run-on-apply and copydef links (`local-exec`) and plan-time validation (the `external` program).
 *
 * Under a jsii host (Python, Java, Go, .NET; the kernel sets `JSII_AGENT`), this package is unpacked into a
 * temporary directory that is deleted when the host process exits, long before `terraform plan` runs. Then
 * the package is copied once to a stable cache keyed by the assembly fingerprint, and that copy is used.
 * @internal
 */
export function stableCliPath(env: Record<string, string | undefined> = process.env, root = path.resolve(__dirname, '..')): string {
  const local = path.join(root, 'lib', 'cli', 'casa.js');
  if (!env.JSII_AGENT) return local;
  if (cached && fs.existsSync(cached)) return cached;
  const base = env.CLOUDCASA_RUNTIME_DIR
    ?? path.join(env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'cdktf-cloudcasa', 'runtime');
  const dest = path.join(base, fingerprint(root));
  const cli = path.join(dest, 'lib', 'cli', 'casa.js');
  if (!fs.existsSync(cli)) {
    // Copy to a private name, then rename: concurrent synths never see a half-written copy.
    const tmp = `${dest}.partial-${process.pid}`;
    fs.mkdirSync(base, { recursive: true });
    fs.cpSync(root, tmp, { recursive: true, filter: (src) => !/[\\/](\.git|dist|coverage)$/.test(src) });
    try {
      fs.renameSync(tmp, dest);
    } catch {
      fs.rmSync(tmp, { recursive: true, force: true }); // another process got there first
    }
  }
  cached = cli;
  return cli;
}

/** The jsii assembly's fingerprint (changes with any change to the package), else the package version. */
function fingerprint(root: string): string {
  try {
    const assembly = JSON.parse(fs.readFileSync(path.join(root, '.jsii'), 'utf8'));
    return `${assembly.version}-${String(assembly.fingerprint).replace(/[^A-Za-z0-9]/g, '').slice(0, 16)}`;
  } catch {
    return JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).version;
  }
}
