import * as fs from 'node:fs';
import * as path from 'node:path';
import { Command } from 'commander';
import { noApiKeyMessage } from '../../client/connection';
import type { ValidationReport } from '../../validate';
import { VALIDATION_DATA_SOURCE_ID } from '../../validate/spec-format';
import { CliError, connect, ConnectOptions, EXIT, globals } from '../context';
import { printJson, terminalSafe } from '../output';

interface ValidateOpts { kubeconfig?: string }

/** Request timeout and retries of the validation program (it runs inside every plan). */
const PLAN_REQUEST_TIMEOUT_MS = 15_000;
const PLAN_MAX_RETRIES = 2;

/** Why the key must come from the environment, for the message when none is set. */
const NO_KEY = `${noApiKeyMessage()} (plan-time validation reads it from the environment, because the data source's query `
  + 'is stored in the state); or turn the check off with PlanValidation.disabled()';

// Required on first use, not at the top: the engine starts this program on every plan, so it loads only what
// validation needs.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const loadValidate = (): typeof import('../../validate') => require('../../validate');

/** The stack's `cdk.tf.json`, from a stack output folder (`cdktf.out/stacks/<name>`) or the file itself. */
function readStack(dir: string): { file: string; json: any } {
  const file = fs.existsSync(dir) && fs.statSync(dir).isDirectory() ? path.join(dir, 'cdk.tf.json') : dir;
  if (!fs.existsSync(file)) {
    throw new CliError(`no cdk.tf.json at ${file}: pass a synthesized stack folder such as cdktf.out/stacks/<name> (run \`cdktf synth\` first)`, EXIT.USAGE);
  }
  try {
    return { file, json: JSON.parse(fs.readFileSync(file, 'utf8')) };
  } catch (e) {
    throw new CliError(`${file} is not valid JSON: ${(e as Error).message}`, EXIT.USAGE);
  }
}

async function run(cmd: Command, spec: unknown, url: Pick<ConnectOptions, 'apiUrl' | 'fallbackApiUrl'>, kubeconfig?: string) {
  // A plan waits for this program: an API that never answers must fail it within a minute or so, not hang it
  // (3 attempts of at most 15 s each, plus backoff), while a slow page still has 15 s.
  const settings = { timeoutMs: PLAN_REQUEST_TIMEOUT_MS, maxRetries: PLAN_MAX_RETRIES };
  const { client, connection } = connect(cmd, { ...url, noApiKey: NO_KEY, client: settings });
  const { validateSpec } = loadValidate();
  try {
    return { report: await validateSpec(spec as any, { client, kubeconfig }), connection };
  } catch (e) {
    if (/validation spec is/.test((e as Error).message)) throw new CliError((e as Error).message, EXIT.USAGE);
    throw e;
  }
}

/** The keys of the spec's adoptable objects, if it parses. */
function adoptKeys(spec: unknown): string[] {
  try {
    const adopt = JSON.parse(String(spec))?.adopt;
    return Array.isArray(adopt) ? adopt.map((a: any) => String(a?.key)).filter((k: string) => /^[A-Za-z0-9_-]+$/.test(k)) : [];
  } catch { return []; }
}

/** The spec's namespace source mode, if it parses. */
function parseMode(spec: unknown): string | undefined {
  try { return JSON.parse(String(spec))?.namespaceSource?.mode; } catch { return undefined; }
}

function readStdin(): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    process.stdin.on('data', (c) => chunks.push(Buffer.from(c)));
    process.stdin.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    process.stdin.on('error', reject);
  });
}

export function registerValidate(program: Command) {
  program.command('validate')
    .description('check a synthesized stack against CloudCasa before any write: clusters, namespaces, policies, triggers')
    .argument('<stack-dir>', 'the stack output folder holding cdk.tf.json (e.g. cdktf.out/stacks/prod)')
    .option('--kubeconfig <file>', 'read cluster namespaces through this kubeconfig (overrides the stack\'s PlanValidation choice)')
    .action(async (dir: string, opts: ValidateOpts, cmd: Command) => {
      const { file, json } = readStack(dir);
      const spec = json.data?.external?.[VALIDATION_DATA_SOURCE_ID]?.query?.spec;
      if (typeof spec !== 'string') {
        throw new CliError(`${file} has no data.external.${VALIDATION_DATA_SOURCE_ID}: the stack was synthesized with PlanValidation.disabled(), `
          + 'or without a KubeBackup/KubeOffload and CloudCasaProvider', EXIT.USAGE);
      }
      const variableDefault = json.variable?.cloudcasa_api_url?.default;
      const { report, connection } = await run(cmd, spec, {
        fallbackApiUrl: { value: typeof variableDefault === 'string' ? variableDefault : undefined, from: `the default of variable cloudcasa_api_url in ${file}` },
      }, opts.kubeconfig);
      const { formatFindings, summary } = loadValidate();
      if (globals(cmd).json) {
        printJson({ ok: report.errors.length === 0, apiUrl: connection.apiUrl, apiUrlFrom: connection.apiUrlFrom, ...report });
      } else {
        const lines = formatFindings(report);
        process.stdout.write(terminalSafe(`${lines ? `${lines}\n` : ''}${report.errors.length ? 'FAILED' : 'OK'}: ${summary(report)}`) + '\n');
      }
      if (report.errors.length) throw new CliError(`validation of ${file} failed with ${report.errors.length} error(s); fix them before planning`);
    });

  program.command('validate-external', { hidden: true })
    .description('the program of the plan-time `external` data source: the query arrives as JSON on stdin')
    .action(async (_opts: unknown, cmd: Command) => {
      let query: any;
      try {
        query = JSON.parse(await readStdin());
      } catch (e) {
        throw new CliError(`validate-external expects the external data source's query as JSON on stdin: ${(e as Error).message}`, EXIT.USAGE);
      }
      // An escape hatch for runs that must not be blocked, e.g. destroying a stack whose cluster is already
      // deregistered (the engine reads data sources while planning a destroy too).
      if (['1', 'true'].includes(String(process.env.CLOUDCASA_SKIP_VALIDATION).toLowerCase())) {
        const skipped = 'skipped: CLOUDCASA_SKIP_VALIDATION is set';
        const adopt = Object.fromEntries(adoptKeys(query?.spec).map((k) => [`adopt_${k}`, '']));
        process.stdout.write(`${JSON.stringify({ ok: 'true', checked: '0', requests: '0', warnings: '', notes: skipped, notices: skipped, ...adopt })}\n`);
        return;
      }
      // The query's api_url is var.cloudcasa_api_url as the engine resolved it: the API this plan writes to. It is the
      // given URL, so neither --api-url nor a CLOUDCASA_API_URL left in the shell can point the check elsewhere.
      const apiUrl = typeof query?.api_url === 'string' ? query.api_url : undefined;
      const { report } = await run(cmd, query?.spec, { apiUrl: { value: apiUrl, from: "the data source's query (api_url)" } });
      const { formatFindings } = loadValidate();
      if (report.errors.length) {
        const stack = report.errors[0].path.split('/')[0];
        const n = report.errors.length;
        throw new CliError(`CloudCasa plan-time validation of stack "${stack}" found ${n} error${n === 1 ? '' : 's'}; nothing has been written.\n`
          + `${formatFindings(report)}\n`
          + 'Fix the stack (or turn the check off with PlanValidation.disabled() on the CloudCasaProvider) and plan again.');
      }
      const text = (sev: 'warning' | 'note', r: ValidationReport = report) => formatFindings(r, [sev]).replace(/^(warning|note): +/gm, '');
      // What the stack's check blocks print as plan warnings: every note except the one that only restates a
      // deliberate PlanValidation.apiOnly() (it would warn on every plan of such a stack).
      const deliberate = parseMode(query?.spec) === 'none';
      const notices = text('note', { ...report, notes: report.notes.filter((n) => !(deliberate && n.field === 'planValidation')) });
      // The external protocol: one JSON object of strings on stdout.
      process.stdout.write(`${JSON.stringify({
        ok: 'true',
        checked: String(report.checked),
        requests: String(report.requests),
        warnings: text('warning'),
        notes: text('note'),
        notices,
        // One entry per adoptable object, '' when CloudCasa has none of that name (the import blocks need every key).
        ...Object.fromEntries(Object.entries(report.adopt).map(([k, v]) => [`adopt_${k}`, v])),
      })}\n`);
    });
}
