import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import { EngineName, EnginesManifest, enginesDir, loadEngines } from '../../.ci/engines';

export { ENGINES, enginesDir, loadEngines } from '../../.ci/engines';
export type { EngineName, EnginesManifest } from '../../.ci/engines';

/** Absolute path of an engine binary, or undefined when `npm run engines` has not built it. */
export function engineBinary(engine: EngineName): string | undefined {
  const m = loadEngines();
  const bin = m?.[engine];
  return bin && fs.existsSync(bin) ? bin : undefined;
}

/**
 * `describe` for a block that needs an engine. Locally a missing engine skips the block with a clear
 * message; under CI=true a missing engine is a failure, never a skip.
 */
export function describeWithEngine(engine: EngineName, name: string, fn: (bin: string, m: EnginesManifest) => void) {
  const bin = engineBinary(engine);
  if (bin) {
    describe(`${name} [${engine}]`, () => fn(bin, loadEngines()!));
  } else if (process.env.CI === 'true' || process.env.CI === '1') {
    describe(`${name} [${engine}]`, () => {
      test('engine is available', () => {
        throw new Error(`CI=true but ${engine} was not found under ${enginesDir()}: run \`npm run engines\` first`);
      });
    });
  } else {
    // eslint-disable-next-line no-console
    console.warn(`SKIPPED ${name} [${engine}]: ${engine} not built; run \`npm run engines\` to enable end-to-end tests`);
    describe.skip(`${name} [${engine}] (engine missing: run \`npm run engines\`)`, () => fn('', {} as EnginesManifest));
  }
}

/** The environment every engine run gets: offline CLI config, no checkpoint calls, no prompts. */
export function engineEnv(m: EnginesManifest, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    TF_CLI_CONFIG_FILE: m.cliConfigFile,
    CHECKPOINT_DISABLE: '1',
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
    ...extra,
  };
}

export interface RunResult { readonly code: number; readonly stdout: string; readonly stderr: string }

/** Runs a command without blocking the event loop (in-process HTTP servers must keep answering). */
export function run(cmd: string, args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv }): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(cmd, args, { cwd: opts.cwd, env: opts.env, maxBuffer: 256 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as any).code === 'number' ? (err as any).code : 1) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}
