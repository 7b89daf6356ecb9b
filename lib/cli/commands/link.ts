import { Command } from 'commander';
import { idFromEnv } from './run';
import { CopydefLink } from '../../client';
import { clientFor, CliError, EXIT, globals, OBJECT_ID_RE, out } from '../context';
import { printJson } from '../output';

/** Links per `link-offloads` run at most: what one environment variable of `offload:backup` pairs holds safely. */
export const MAX_LINKS_PER_RUN = 1000;

/**
 * Reads the links handed over by the engine in CLOUDCASA_LINKS: `offloadId:backupId` pairs separated by commas,
 * every id an ObjectId (anything else is refused before a request is made).
 */
export function linksFromEnv(name = 'CLOUDCASA_LINKS'): CopydefLink[] {
  const v = process.env[name];
  if (v === undefined) throw new CliError(`${name} is not set: this command is run by Terraform's local-exec, which passes it`, EXIT.USAGE);
  if (v === '') return [];
  const pairs = v.split(',');
  if (pairs.length > MAX_LINKS_PER_RUN) throw new CliError(`${name} holds ${pairs.length} links; at most ${MAX_LINKS_PER_RUN} are taken per run`, EXIT.USAGE);
  return pairs.map((p, i) => {
    const [offload, backup, ...rest] = p.split(':');
    if (rest.length || !OBJECT_ID_RE.test(offload ?? '') || !OBJECT_ID_RE.test(backup ?? '')) {
      throw new CliError(`${name}: link ${i + 1} is not two 24-hex ObjectIds as offload:backup: got '${p.slice(0, 80)}'; refusing to use it`, EXIT.USAGE);
    }
    return { offload, backup };
  });
}

/**
 * `link-offload <offload>` and `link-offloads`: write copy definitions' ids into their backups' `copydef`, the
 * back-link the CloudCasa UI expects (docs/cloudcasa.md#copydef-back-link). No write when already linked; a
 * read-modify-write on conflict, so it works whatever jobs did to the backups meanwhile.
 */
export function registerLink(program: Command) {
  program.command('link-offload')
    .description("set the backup's copydef to this copy definition")
    // The env default is what stacks synthesized by 0.x releases before link-offloads pass.
    .argument('[offload]', 'copy definition name or id, optionally prefixed kubeoffloads/ (default: the ObjectId in env CLOUDCASA_OFFLOAD_ID)')
    .action(async (ref: string | undefined, _opts: unknown, cmd: Command) => {
      const client = clientFor(cmd);
      const offload = await client.kubeoffloads.resolve(ref === undefined ? idFromEnv('CLOUDCASA_OFFLOAD_ID') : ref.replace(/^kubeoffloads\//, ''));
      const [r] = await client.kubebackups.linkCopydefs([{ backup: offload.backupdef, offload: offload._id }]);
      if (globals(cmd).json) {
        printJson({ backup: r.backup, copydef: r.offload, changed: r.changed });
      } else {
        out(`${r.changed ? 'linked' : 'already linked'}: kubebackups '${r.name}' copydef -> kubeoffloads '${offload.name}' (${offload._id})`);
      }
    });

  // What the stack's CopydefLinks resource runs from its local-exec provisioner, once per apply in which a link
  // is new or an id changed: every link of the stack, in one process. Inputs come from the environment only.
  program.command('link-offloads', { hidden: true })
    .description('write the copydef of every offload:backup pair in CLOUDCASA_LINKS (used by local-exec)')
    .option('--concurrency <n>', 'writes in flight at once', '8')
    .action(async (opts: { concurrency: string }, cmd: Command) => {
      const concurrency = Number(opts.concurrency);
      if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) {
        throw new CliError(`--concurrency must be a whole number from 1 to 64, got '${opts.concurrency}'`, EXIT.USAGE);
      }
      const links = linksFromEnv();
      const results = await clientFor(cmd).kubebackups.linkCopydefs(links, { concurrency });
      const changed = results.filter((r) => r.changed);
      if (globals(cmd).json) {
        printJson({ links: results.length, changed: changed.length, results });
      } else {
        for (const r of changed) out(`linked: kubebackups '${r.name}' copydef -> kubeoffloads ${r.offload}`);
        out(`${changed.length} of ${results.length} copy links written, ${results.length - changed.length} already in place`);
      }
    });
}
