import { Command } from 'commander';
import { CloudCasaClient, maskSecret } from '../client';

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
      logger: g.verbose ? (l) => process.stderr.write(`${l}\n`) : undefined,
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

export function warn(msg: string, key?: string) { process.stderr.write(`warning: ${maskSecret(msg, key)}\n`); }
