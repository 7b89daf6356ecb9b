#!/usr/bin/env node
// The `cdktf-cloudcasa` (alias `casa`) command. Not part of the jsii API.
import { Command, CommanderError } from 'commander';
import { CloudCasaError } from '../client';
import { registerEmulator } from './commands/emulator';
import { registerLink } from './commands/link';
import { registerList } from './commands/list';
import { registerRun } from './commands/run';
import { registerValidate } from './commands/validate';
import { CliError, EXIT } from './context';
import { setGivenApiKey, terminalSafe } from './output';
import { DEFAULT_API_URL } from '../validate/spec-format';

export function buildProgram(): Command {
  const program = new Command()
    .name('casa')
    .description('CloudCasa backups from the command line: jobs, runs, validation of synthesized stacks, the local emulator')
    .option('--api-url <url>', `API root (env CLOUDCASA_API_URL; default ${DEFAULT_API_URL})`)
    .option('--api-key <key>', 'API key (env CLOUDCASA_API_KEY, or TF_VAR_cloudcasa_api_key)')
    .option('--json', 'machine-readable JSON output')
    .option('-v, --verbose', 'log every request (the key is masked)')
    .showHelpAfterError()
    .exitOverride();
  registerList(program);
  registerRun(program);
  registerLink(program);
  registerValidate(program);
  registerEmulator(program);
  return program;
}

/** Runs the CLI; resolves with the exit code instead of exiting (tests call this in-process). */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  // Everything printed masks the key in use: --api-key once parsed, else the environment's.
  setGivenApiKey(undefined);
  program.hook('preAction', () => setGivenApiKey(program.opts().apiKey));
  try {
    await program.parseAsync(argv, { from: 'user' });
    return EXIT.OK;
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version end here with exit code 0; usage errors were already printed with help.
      return e.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
    }
    const message = e instanceof CliError || CloudCasaError.isCloudCasaError(e) ? (e as Error).message : String((e as Error)?.stack ?? e);
    setGivenApiKey(program.opts().apiKey);
    process.stderr.write(`error: ${terminalSafe(message)}\n`);
    return e instanceof CliError ? e.exitCode : EXIT.FAILURE;
  }
}

/** Runs the CLI on this process's arguments and sets its exit code: what the `casa` program does. */
export function runAsProgram(): void {
  main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (e) => {
    process.stderr.write(`error: ${terminalSafe(String(e))}\n`);
    process.exitCode = EXIT.FAILURE;
  });
}

// Run directly (`node lib/cli/index.js`). The bundled program, lib/cli/casa.js, calls runAsProgram() itself.
if (require.main === module) runAsProgram();
