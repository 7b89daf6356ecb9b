import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EngineName, EnginesManifest, engineEnv, run, RunResult } from './engines';

/** Thrown when an engine command fails; carries the command output for the test report. */
export class EngineError extends Error {
  constructor(readonly engine: EngineName, readonly args: string[], readonly result: RunResult) {
    super(`${engine} ${args.join(' ')} exited ${result.code}\n--- stderr ---\n${result.stderr}\n--- stdout (tail) ---\n${result.stdout.slice(-4000)}`);
  }
}

/**
 * A working copy of a synthesized stack directory (the folder holding `cdk.tf.json`) driven by one engine.
 * Each engine gets its own copy, because `.terraform/` and the lock file differ between engines.
 */
export class EngineWorkdir {
  /** Copies `stackDir` to a fresh temporary folder. */
  static fromStackDir(engine: EngineName, bin: string, m: EnginesManifest, stackDir: string, env: Record<string, string> = {}) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `cc-${engine}-`));
    fs.cpSync(stackDir, dir, { recursive: true, filter: (src) => !src.includes(`${path.sep}.terraform`) });
    return new EngineWorkdir(engine, bin, m, dir, env);
  }

  /** Writes `stack` as `cdk.tf.json` into a fresh temporary folder. */
  static fromJson(engine: EngineName, bin: string, m: EnginesManifest, stack: unknown, env: Record<string, string> = {}) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `cc-${engine}-`));
    fs.writeFileSync(path.join(dir, 'cdk.tf.json'), JSON.stringify(stack, null, 2));
    return new EngineWorkdir(engine, bin, m, dir, env);
  }

  /** Every command run so far with its exit code (useful in failure messages). */
  readonly log: string[] = [];

  private constructor(readonly engine: EngineName, readonly bin: string, readonly manifest: EnginesManifest,
    readonly dir: string, readonly env: Record<string, string>) {}

  /** Replaces the stack configuration (e.g. after changing a construct), keeping state and `.terraform/`. */
  writeJson(stack: unknown) {
    fs.writeFileSync(path.join(this.dir, 'cdk.tf.json'), JSON.stringify(stack, null, 2));
  }

  /** Runs the engine; resolves with the result whatever the exit code. */
  async exec(args: string[], env: Record<string, string> = {}): Promise<RunResult> {
    const r = await run(this.bin, args, { cwd: this.dir, env: engineEnv(this.manifest, { ...this.env, ...env }) });
    this.log.push(`${this.engine} ${args.join(' ')} -> ${r.code}`);
    return r;
  }

  /** Runs the engine; throws an EngineError on a non-zero exit. */
  async ok(args: string[], env: Record<string, string> = {}): Promise<RunResult> {
    const r = await this.exec(args, env);
    if (r.code !== 0) throw new EngineError(this.engine, args, r);
    return r;
  }

  init() { return this.ok(['init', '-no-color', '-input=false']); }

  /** `plan -out` then `show -json` of the plan. */
  async plan(extra: string[] = []): Promise<PlanJson> {
    await this.ok(['plan', '-no-color', '-input=false', '-out=tfplan', ...extra]);
    const r = await this.ok(['show', '-no-color', '-json', 'tfplan']);
    return JSON.parse(r.stdout) as PlanJson;
  }

  apply(extra: string[] = []) { return this.ok(['apply', '-no-color', '-input=false', '-auto-approve', ...extra]); }
  destroy(extra: string[] = []) { return this.ok(['destroy', '-no-color', '-input=false', '-auto-approve', ...extra]); }

  /** `show -json` of the current state. */
  async show(): Promise<StateJson> {
    const r = await this.ok(['show', '-no-color', '-json']);
    return JSON.parse(r.stdout) as StateJson;
  }

  /** The version line the engine prints (`Terraform v1.5.7`, `OpenTofu v1.12.6`). */
  async version(): Promise<string> {
    return (await this.ok(['version'])).stdout.split('\n')[0];
  }

  cleanup() { fs.rmSync(this.dir, { recursive: true, force: true }); }
}

export interface ResourceChange {
  readonly address: string;
  readonly type: string;
  readonly name: string;
  readonly change: { readonly actions: string[]; readonly before: any; readonly after: any };
}
export interface PlanJson { readonly resource_changes?: ResourceChange[]; readonly [k: string]: unknown }
export interface StateResource { readonly address: string; readonly type: string; readonly name: string; readonly values: any }
export interface StateJson { readonly values?: { readonly root_module?: { readonly resources?: StateResource[] } } }

/** Resource changes whose actions are anything but no-op/read. */
export function pendingChanges(plan: PlanJson): ResourceChange[] {
  return (plan.resource_changes ?? []).filter(c => !c.change.actions.every(a => a === 'no-op' || a === 'read'));
}
