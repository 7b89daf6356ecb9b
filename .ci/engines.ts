// Where `.ci/engines.sh` (`npm run engines`) put the engines and providers it built from the Go module proxy.
// Used by the test harness and by the demo, which deploys with those engines on the embedded emulator; nothing
// in the library reads it.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** The engines `.ci/engines.sh` builds. */
export type EngineName = 'terraform' | 'tofu';
export const ENGINES: EngineName[] = ['terraform', 'tofu'];

/** What `.ci/engines.sh` (`npm run engines`) writes to `<cache>/engines.json`. */
export interface EnginesManifest {
  readonly terraform: string;
  readonly tofu: string;
  readonly cliConfigFile: string;
  readonly mirror: string;
  readonly versions: Record<string, string>;
}

export function enginesDir(): string {
  const cache = process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache');
  return process.env.CLOUDCASA_ENGINES_DIR ?? path.join(cache, 'cdktf-cloudcasa', 'engines');
}

let manifest: EnginesManifest | undefined | null = null;
/** The manifest `npm run engines` wrote, or undefined; cached unless `reload`. */
export function loadEngines(reload = false): EnginesManifest | undefined {
  if (manifest !== null && !reload) return manifest;
  const file = path.join(enginesDir(), 'engines.json');
  manifest = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) as EnginesManifest : undefined;
  return manifest;
}
