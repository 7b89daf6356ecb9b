import { ChildProcess, execFile, spawn } from 'node:child_process';
import * as path from 'node:path';
import { main } from '../../lib/cli';

export const CLI_JS = path.join(__dirname, '..', '..', 'lib', 'cli', 'casa.js');

/** Runs the CLI in-process, capturing what it writes. */
export async function cli(args: string[], env: Record<string, string | undefined> = {}) {
  const out: string[] = []; const err: string[] = [];
  const saved = { ...process.env };
  Object.assign(process.env, env);
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete process.env[k];
  const o = jest.spyOn(process.stdout, 'write').mockImplementation((c: any) => { out.push(String(c)); return true; });
  const e = jest.spyOn(process.stderr, 'write').mockImplementation((c: any) => { err.push(String(c)); return true; });
  try {
    const code = await main(args);
    return { code, stdout: out.join(''), stderr: err.join('') };
  } finally {
    o.mockRestore(); e.mockRestore();
    process.env = saved;
  }
}

export interface CliResult { code: number; stdout: string; stderr: string }

/** Runs the compiled CLI as a subprocess (what users and Terraform provisioners run), `stdin` written to its input. */
export function cliProcess(args: string[], env: Record<string, string> = {}, stdin?: string): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [CLI_JS, ...args], { env: { ...process.env, ...env } }, (e, stdout, stderr) => {
      resolve({ code: e ? (typeof (e as any).code === 'number' ? (e as any).code : 1) : 0, stdout, stderr });
    });
    if (stdin !== undefined) child.stdin?.end(stdin);
  });
}

export function spawnCli(args: string[]): ChildProcess {
  return spawn(process.execPath, [CLI_JS, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
}
