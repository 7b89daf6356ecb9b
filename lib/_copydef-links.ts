import { Lazy, TerraformResource } from 'cdktf';
import { IConstruct } from 'constructs';
import { cliProvisioner, objectIdPrecondition, TerraformData } from './_internal';
import { CloudCasaProvider } from './cloudcasa-provider';

/**
 * Links one `copydef` writer takes: `link-offloads` reads them from one environment variable (50 bytes a link), so
 * a chunk stays far below Linux's 128 KiB limit of one variable. A stack with more copies gets more writers.
 * @internal
 */
export const LINKS_PER_WRITER = 500;

interface Link {
  /** The copy's `_id` (a reference to its restful id). */
  readonly offloadId: string;
  /** The backup's `_id`. */
  readonly backupId: string;
  /** The KubeOffload's construct path, for the precondition's message. */
  readonly path: string;
}

interface Writer {
  readonly resource: TerraformData;
  readonly pairs: string[];
  readonly precondition: Array<{ condition: any; errorMessage: string }>;
  count: number;
}

const WRITERS = new WeakMap<CloudCasaProvider, Writer[]>();

/**
 * Registers the `copydef` back-link of one KubeOffload with its stack's link writer, and returns the writer.
 *
 * One `terraform_data` per stack (per 500 links) runs `casa link-offloads` once, after every backup and copy it
 * names, with the `offload:backup` pairs of the whole stack: one process and about one request per link written,
 * instead of a process per copy. Its `triggers_replace` is the list of pairs of restful ids, which never change
 * on an update in place, so it re-runs only when a copy or a backup is created, re-created or removed; the CLI
 * then writes only the backups that do not point at their copy yet (docs/performance.md#copy-links).
 * @internal
 */
export function registerCopydefLink(scope: IConstruct, link: Link): TerraformResource {
  const provider = CloudCasaProvider.of(scope);
  let writers = WRITERS.get(provider);
  if (!writers) WRITERS.set(provider, writers = []);
  let writer = writers[writers.length - 1];
  if (!writer || writer.count >= LINKS_PER_WRITER) {
    const n = writers.length + 1;
    // Filled as copies register (cdktf reads these arrays at synth): the pairs, and a check of each pair's ids.
    const pairs: string[] = [];
    const precondition: Array<{ condition: any; errorMessage: string }> = [];
    const resource = new TerraformData(provider, n === 1 ? 'CopydefLinks' : `CopydefLinks${n}`, {
      triggersReplace: pairs,
      lifecycle: { precondition },
      provisioners: [cliProvisioner(provider.cliProgram, 'link-offloads', {
        CLOUDCASA_API_URL: provider.apiUrl,
        CLOUDCASA_LINKS: Lazy.stringValue({ produce: () => pairs.join(',') }),
      })],
    });
    resource.overrideLogicalId(n === 1 ? 'cloudcasa_copydef_links' : `cloudcasa_copydef_links_${n}`);
    writer = { resource, pairs, precondition, count: 0 };
    writers.push(writer);
  }
  writer.count++;
  writer.pairs.push(`${link.offloadId}:${link.backupId}`);
  writer.precondition.push(objectIdPrecondition(link.offloadId, link.path), objectIdPrecondition(link.backupId, `the backup of ${link.path}`));
  return writer.resource;
}
