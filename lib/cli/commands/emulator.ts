import { Command } from 'commander';
import { CliError, EXIT, globals } from '../context';
import { parseDuration } from '../output';

interface EmulatorOpts {
  port: string;
  host: string;
  data?: string;
  cluster?: string[];
  kubeconfig?: string;
  jobDuration?: string;
  maxBodyBytes?: string;
  autoConnectAgents?: boolean;
}

/** `--cluster prod=default,production` → { name: 'prod', namespaces: [...] } */
export function parseClusterSpec(spec: string): { name: string; namespaces: string[] } {
  const [name, ns = ''] = spec.split('=');
  if (!name) throw new CliError(`--cluster expects NAME=ns1,ns2, got '${spec}'`, EXIT.USAGE);
  return { name, namespaces: ns.split(',').map(s => s.trim()).filter(Boolean) };
}

export function registerEmulator(program: Command) {
  program.command('emulator')
    .description('run the local CloudCasa API emulator until interrupted (clients send the global --api-key if given, else a printed random key)')
    .option('--port <port>', 'port (0 picks a free one)', '8080')
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option('--data <file>', 'keep state in this JSON file (resumes from it on start)')
    .option('--cluster <name=namespaces...>', 'seed an ACTIVE cluster with namespaces, e.g. prod=default,production')
    .option('--kubeconfig <file>', 'write a kubeconfig for the emulated clusters\' Kubernetes APIs')
    .option('--job-duration <duration>', 'how long a job runs', '2s')
    .option('--auto-connect-agents', 'clusters registered through the API turn ACTIVE by themselves (default: they stay PENDING, as without an agent)')
    .option('--max-body-bytes <n>', 'largest request body accepted (larger ones get 413)', String(10 * 1024 * 1024))
    .action(async (opts: EmulatorOpts, cmd: Command) => {
      const port = Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`--port must be 0-65535, got '${opts.port}'`, EXIT.USAGE);
      const maxBodyBytes = Number(opts.maxBodyBytes);
      if (!Number.isInteger(maxBodyBytes) || maxBodyBytes < 1) throw new CliError(`--max-body-bytes must be a whole number ≥ 1, got '${opts.maxBodyBytes}'`, EXIT.USAGE);
      let runMs: number;
      try { runMs = parseDuration(opts.jobDuration ?? '2s'); } catch (e) { throw new CliError((e as Error).message, EXIT.USAGE); }
      // Loaded here, not at the top: every CLI start (plan-time validation runs on each plan) would pay for it.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { startEmulator } = require('../../emulator') as typeof import('../../emulator');
      const emu = await startEmulator({
        port,
        host: opts.host,
        dataFile: opts.data,
        maxBodyBytes,
        // Only an explicit --api-key sets the key clients must send; otherwise a random one. Never
        // CLOUDCASA_API_KEY: that is where a real CloudCasa key lives, and the emulator prints its key.
        apiKey: globals(cmd).apiKey,
        clusters: (opts.cluster ?? []).map(parseClusterSpec),
        jobPendingMs: Math.round(runMs / 4),
        jobRunningMs: runMs - Math.round(runMs / 4),
        autoConnectAgents: opts.autoConnectAgents === true,
      });
      if (opts.kubeconfig) emu.writeKubeconfig(opts.kubeconfig);
      // Signal handlers first, then the banner: whoever waits for the banner may stop us at once.
      const stopped = new Promise<void>((resolve) => {
        const stop = () => { void emu.close().then(resolve); };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      process.stdout.write([
        `CloudCasa emulator listening on ${emu.url}`,
        `  export CLOUDCASA_API_URL=${emu.url}`,
        // A generated key is printed so clients can use it; a key the user chose is not echoed back.
        globals(cmd).apiKey ? '  export CLOUDCASA_API_KEY=<the --api-key you gave>' : `  export CLOUDCASA_API_KEY=${emu.apiKey}`,
        ...(opts.kubeconfig ? [`  kubeconfig for the emulated clusters: ${opts.kubeconfig}`] : []),
        'Press Ctrl-C to stop.', '',
      ].join('\n'));
      await stopped;
    });
}
