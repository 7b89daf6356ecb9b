import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

let cached: string | undefined;

/**
 * The absolute path of this package's CLI (`lib/cli/index.js`), for the commands the engine runs later:
 * run-on-apply and copydef links (`local-exec`) and plan-time validation (the `external` program).
 *
 * Under a jsii host (Python, Java, Go, .NET; the kernel sets `JSII_AGENT`), this package is unpacked into a
 * temporary directory that is deleted when the host process exits, long before `terraform plan` runs. Then
 * the package is copied once to a stable cache keyed by the assembly fingerprint, and that copy is used.
 * @internal
 */
export function stableCliPath(env: NodeJS.ProcessEnv = process.env, root = path.resolve(__dirname, '..')): string {
  const local = path.join(root, 'lib', 'cli', 'index.js');
  if (!env.JSII_AGENT) return local;
  if (cached && fs.existsSync(cached)) return cached;
  const base = env.CLOUDCASA_RUNTIME_DIR
    ?? path.join(env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'cdktf-cloudcasa', 'runtime');
  const dest = path.join(base, fingerprint(root));
  const cli = path.join(dest, 'lib', 'cli', 'index.js');
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
