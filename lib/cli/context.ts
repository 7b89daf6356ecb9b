import { Command } from 'commander';
import { CloudCasaClient } from '../client';
import { terminalSafe } from './output';

/** Options every command accepts (declared on the root program). */
export interface GlobalOptions { apiUrl?: string; apiKey?: string; json?: boolean; verbose?: boolean }

/** Exit codes: 0 success, 1 failure (API error, failed job, validation errors), 2 usage error. */
export const EXIT = { OK: 0, FAILURE: 1, USAGE: 2 } as const;

/** An error that carries its exit code and a message already fit for the terminal. */
export class CliError extends Error {
  constructor(message: string, readonly exitCode: number = EXIT.FAILURE) { super(message); }
}

export function globals(cmd: Command): GlobalOptions {
  return cmd.optsWithGlobals() as GlobalOptions;
}

/** A client from --api-url/--api-key or the environment. */
export function clientFor(cmd: Command): CloudCasaClient {
  const g = globals(cmd);
  try {
    return new CloudCasaClient({
      apiUrl: g.apiUrl,
      apiKey: g.apiKey,
      logger: g.verbose ? (l) => process.stderr.write(`${terminalSafe(l)}\n`) : undefined,
    });
  } catch (e) {
    throw new CliError((e as Error).message, EXIT.USAGE);
  }
}

/** The key to mask in anything printed. */
export function secretOf(cmd: Command): string | undefined {
  const g = globals(cmd);
  return g.apiKey ?? process.env.CLOUDCASA_API_KEY ?? process.env.TF_VAR_cloudcasa_api_key;
}

export function warn(msg: string, key?: string) { process.stderr.write(`warning: ${terminalSafe(msg, key ?? envKey())}\n`); }

/** One line of human output on stdout, made terminal-safe (API data may carry escape sequences). */
export function out(line: string) { process.stdout.write(`${terminalSafe(line, envKey())}\n`); }

function envKey(): string | undefined { return process.env.CLOUDCASA_API_KEY ?? process.env.TF_VAR_cloudcasa_api_key; }

/** A CloudCasa `_id`. */
export const OBJECT_ID_RE = /^[0-9a-f]{24}$/;
