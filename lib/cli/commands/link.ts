import { Command } from 'commander';
import { idFromEnv } from './run';
import { clientFor, globals, out } from '../context';
import { printJson } from '../output';

/**
 * `link-offload <offload>`: writes the copy definition's id into its backup's `copydef`, the back-link the
 * CloudCasa UI expects (docs/cloudcasa.md#copydef-back-link). A read-modify-write with the backup's current etag, so it
 * works whatever jobs did to the backup meanwhile; KubeOffload runs it on apply. No write when already linked.
 */
export function registerLink(program: Command) {
  program.command('link-offload')
    .description("set the backup's copydef to this copy definition (what KubeOffload does on apply)")
    .argument('[offload]', 'copy definition name or id, optionally prefixed kubeoffloads/ (default: the ObjectId in env CLOUDCASA_OFFLOAD_ID, as KubeOffload passes it)')
    .action(async (ref: string | undefined, _opts: unknown, cmd: Command) => {
      const client = clientFor(cmd);
      const offload = await client.kubeoffloads.resolve(ref === undefined ? idFromEnv('CLOUDCASA_OFFLOAD_ID') : ref.replace(/^kubeoffloads\//, ''));
      const backup = await client.kubebackups.get(offload.backupdef);
      const changed = backup.copydef !== offload._id;
      if (changed) await client.kubebackups.update(backup._id, { copydef: offload._id });
      if (globals(cmd).json) {
        printJson({ backup: backup._id, copydef: offload._id, changed });
      } else {
        out(`${changed ? 'linked' : 'already linked'}: kubebackups '${backup.name}' copydef -> kubeoffloads '${offload.name}' (${offload._id})`);
      }
    });
}
