import { Command } from 'commander';
import { CloudCasaClient, CloudCasaClientOptions } from '../client';
import { terminalSafe } from './output';
import { Connection, GivenValue, noApiKeyMessage, resolveConnection } from '../client/connection';

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

/** How a command departs from the usual `--api-url`/`--api-key`, environment, default. */
export interface ConnectOptions {
  /** Replaces `--api-url` as the given URL (validate-external: the query's `api_url`). @default - `--api-url` */
  readonly apiUrl?: GivenValue;
  /** The URL used when neither the given value nor the environment names one (`casa validate`: the stack's default). */
  readonly fallbackApiUrl?: GivenValue;
  /** The usage error when no key is set. @default - `noApiKeyMessage('--api-key')` */
  readonly noApiKey?: string;
  /** Client settings of the command (timeouts, retries). */
  readonly client?: Omit<CloudCasaClientOptions, 'apiUrl' | 'apiKey' | 'logger'>;
}

/** The API URL and key of a command, by `resolveConnection`'s precedence; a bad URL is a usage error. */
export function connectionOf(cmd: Command, o: ConnectOptions = {}): Connection {
  const g = globals(cmd);
  try {
    return resolveConnection({
      apiUrl: o.apiUrl ?? { value: g.apiUrl, from: '--api-url' },
      apiKey: { value: g.apiKey, from: '--api-key' },
      fallbackApiUrl: o.fallbackApiUrl,
    });
  } catch (e) {
    throw new CliError((e as Error).message, EXIT.USAGE);
  }
}

/** A client for the command's connection, and the connection (for messages). With --verbose, says where both came from. */
export function connect(cmd: Command, o: ConnectOptions = {}): { client: CloudCasaClient; connection: Connection } {
  const connection = connectionOf(cmd, o);
  if (!connection.apiKey) throw new CliError(o.noApiKey ?? noApiKeyMessage('--api-key'), EXIT.USAGE);
  const logger = globals(cmd).verbose ? (l: string) => process.stderr.write(`${terminalSafe(l)}\n`) : undefined;
  logger?.(`API ${connection.apiUrl} (from ${connection.apiUrlFrom}), API key from ${connection.apiKeyFrom}`);
  try {
    return { client: new CloudCasaClient({ ...o.client, apiUrl: connection.apiUrl, apiKey: connection.apiKey, logger }), connection };
  } catch (e) {
    throw new CliError((e as Error).message, EXIT.USAGE);
  }
}

/** A client from --api-url/--api-key or the environment. */
export function clientFor(cmd: Command): CloudCasaClient {
  return connect(cmd).client;
}

/** One warning line on stderr, made terminal-safe, the API key masked. */
export function warn(msg: string) { process.stderr.write(`warning: ${terminalSafe(msg)}\n`); }

/** One line of human output on stdout, made terminal-safe (API data may carry escape sequences), the API key masked. */
export function out(line: string) { process.stdout.write(`${terminalSafe(line)}\n`); }

/** A CloudCasa `_id`. */
export const OBJECT_ID_RE = /^[0-9a-f]{24}$/;
