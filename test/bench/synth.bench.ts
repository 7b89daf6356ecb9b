// Synth benchmark: 500 KubeBackup + 500 KubeOffload + 20 Policy through the constructs, against a hand-built stack of
// the raw restful L1 resources producing the same JSON.
//
//   npx ts-node --transpile-only test/bench/synth.bench.ts [runs]
//
// Each synth runs in a fresh process (the way `cdktf synth` runs an app), timed from spawn to exit, the two sides
// interleaved. Exits 1 when the two JSONs differ or the median ratio is above the target.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Fn, TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { Construct } from 'constructs';
import { writeSummary } from './summary';
import {
  CloudCasaProvider, Duration, KubeBackup, KubeCluster, KubeOffload, Namespaces, OffloadTarget, PlanValidation, Policy, Schedule,
  Trigger,
  restful,
} from '../../lib';
import { API_URL_ALLOWED, API_URL_PATTERN } from '../../lib/_api-url';
import { COLLECTIONS } from '../../lib/_collections';
import { cliProvisioner, objectIdPrecondition, TerraformData } from '../../lib/_internal';
import { updateBodyPatches } from '../../lib/cloudcasa-resource';

const BACKUPS = 500;
const POLICIES = 20;
const TARGET = 1.15;
const CLUSTER_ID = '5f612ac2a47691eb08e77904';
const JSON_HEADERS = { 'Accept': 'application/json', 'Content-Type': 'application/json' };
const WRITE_HEADERS = { 'If-Match': '$(body._etag)', ...JSON_HEADERS };

function withConstructs(): TerraformStack {
  const stack = new TerraformStack(Testing.app(), 'bench');
  new CloudCasaProvider(stack, 'CloudCasa', { cliCommand: 'casa', planValidation: PlanValidation.disabled() });
  const cluster = KubeCluster.fromClusterId(stack, 'Cluster', CLUSTER_ID);
  const policies: Policy[] = [];
  for (let p = 0; p < POLICIES; p++) {
    policies.push(new Policy(stack, `Policy${p}`, {
      timezone: 'Europe/Berlin',
      schedules: [{ schedule: Schedule.daily({ hour: p % 24 }), retention: Duration.days(7 + p) }],
    }));
  }
  for (let i = 0; i < BACKUPS; i++) {
    const backup = new KubeBackup(stack, `Backup${i}`, {
      cluster,
      trigger: Trigger.adhoc(),
      namespaces: Namespaces.of([`app-${i}`, 'shared']),
    });
    new KubeOffload(stack, `Copy${i}`, {
      backup,
      target: OffloadTarget.provider('aws', 'us-east-2'),
      trigger: Trigger.scheduled(policies[i % POLICIES]),
    });
  }
  return stack;
}

function eveResource(scope: Construct, collection: string, body: { [key: string]: any }): restful.resource.Resource {
  return new restful.resource.Resource(scope, 'Resource', {
    path: collection,
    readPath: '$(path)/$(body._id)',
    updateMethod: 'PUT',
    updateHeader: WRITE_HEADERS,
    deleteHeader: WRITE_HEADERS,
    body,
    // the same PUT-from-the-last-read a correct hand-written stack needs (docs/restful-provider.md#updates)
    updateBodyPatches: updateBodyPatches(body, (COLLECTIONS as any)[collection].trackedKeys)
      .map((p: any) => ({ path: p.path, rawJson: p.raw_json, removed: p.removed })),
  });
}

/** The `_id` from restful's id, `${element(split("/", restful_resource.<id>.id), 1)}`, as the constructs use. */
function outputOf(r: restful.resource.Resource): string {
  return Fn.element(Fn.split('/', r.id), 1);
}

function rawL1(): TerraformStack {
  const stack = new TerraformStack(Testing.app(), 'bench');
  const cc = new Construct(stack, 'CloudCasa');
  const url = new TerraformVariable(cc, 'cloudcasa_api_url', {
    type: 'string',
    default: 'https://api.cloudcasa.io/api/v1',
    description: 'CloudCasa API root, e.g. https://api.cloudcasa.io/api/v1 (TF_VAR_cloudcasa_api_url).',
  });
  url.overrideLogicalId('cloudcasa_api_url');
  url.addValidation({
    condition: Fn.can(Fn.regex(API_URL_PATTERN.replace(/\\/g, '\\\\'), url.stringValue)),
    errorMessage: 'Variable cloudcasa_api_url (bench/CloudCasa) is not an allowed CloudCasa API URL: got "'
      + `${Fn.replace(url.stringValue, '///[^/]*@/', '//***@')}". ${API_URL_ALLOWED}`,
  });
  const key = new TerraformVariable(cc, 'cloudcasa_api_key', {
    type: 'string', sensitive: true, description: 'CloudCasa API key (set TF_VAR_cloudcasa_api_key; never commit it).',
  });
  key.overrideLogicalId('cloudcasa_api_key');
  const provider = new restful.provider.RestfulProvider(cc, 'Resource', {
    baseUrl: url.stringValue,
    security: { http: { token: { token: key.stringValue } } },
    client: { retry: { statusCodes: [429, 500, 502, 503, 504], count: 4, waitInSec: 2 } },
  });
  provider.addOverride('header', JSON_HEADERS);
  const policyIds: string[] = [];
  for (let p = 0; p < POLICIES; p++) {
    const res = eveResource(new Construct(stack, `Policy${p}`), 'policies', {
      name: `Policy${p}`,
      timezone: 'Europe/Berlin',
      schedules: [{ retainDays: 7 + p, locked: false, schedule: { cronSpec: `0 ${p % 24} * * *` } }],
    });
    policyIds.push(outputOf(res));
  }
  // The copydef links of every copy: one terraform_data runs the CLI once for the whole stack.
  const pairs: string[] = [];
  const precondition: Array<{ condition: any; errorMessage: string }> = [];
  for (let i = 0; i < BACKUPS; i++) {
    const kb = eveResource(new Construct(stack, `Backup${i}`), 'kubebackups', {
      name: `Backup${i}`,
      cluster: CLUSTER_ID,
      trigger_type: 'ADHOC',
      source: { all_namespaces: false, namespaces: [`app-${i}`, 'shared'], snapshotPersistentVolumes: true },
      pre_hooks: [],
      post_hooks: [],
      pause: false,
    });
    const ko = eveResource(new Construct(stack, `Copy${i}`), 'kubeoffloads', {
      name: `Copy${i}`,
      backupdef: outputOf(kb),
      trigger_type: 'SCHEDULED',
      policy: policyIds[i % POLICIES],
      delete_snapshots: true,
      run_backup: true,
      offload_provider: { type: 'aws', region: 'us-east-2' },
    });
    pairs.push(`${outputOf(ko)}:${outputOf(kb)}`);
    precondition.push(objectIdPrecondition(outputOf(ko), `bench/Copy${i}`), objectIdPrecondition(outputOf(kb), `the backup of bench/Copy${i}`));
  }
  new TerraformData(cc, 'CopydefLinks', {
    triggersReplace: pairs,
    lifecycle: { precondition },
    provisioners: [cliProvisioner(['casa'], 'link-offloads', { CLOUDCASA_API_URL: url.stringValue, CLOUDCASA_LINKS: pairs.join(',') })],
  }).overrideLogicalId('cloudcasa_copydef_links');
  return stack;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** One synth in a fresh process, as `cdktf synth` runs an app: returns the wall time of the whole process. */
function synthInFreshProcess(side: 'constructs' | 'raw', out: string): number {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [...process.execArgv, __filename, '--child', side, out], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) throw new Error(`synth of the ${side} stack failed (exit ${r.status})`);
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

function main(): void {
  if (process.argv[2] === '--child') {
    fs.writeFileSync(process.argv[4], Testing.synth(process.argv[3] === 'raw' ? rawL1() : withConstructs()));
    return;
  }
  const runs = Number(process.argv[2] ?? 5);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-synth-bench-'));
  try {
    const out = { constructs: path.join(dir, 'constructs.json'), raw: path.join(dir, 'raw.json') };
    const constructs: number[] = [];
    const raw: number[] = [];
    for (let r = 0; r < runs; r++) {
      // Alternate the order so that disk cache and CPU frequency hit both sides alike.
      if (r % 2 === 0) {
        constructs.push(synthInFreshProcess('constructs', out.constructs));
        raw.push(synthInFreshProcess('raw', out.raw));
      } else {
        raw.push(synthInFreshProcess('raw', out.raw));
        constructs.push(synthInFreshProcess('constructs', out.constructs));
      }
    }
    if (fs.readFileSync(out.constructs, 'utf8') !== fs.readFileSync(out.raw, 'utf8')) {
      console.error('FAIL: the construct stack and the raw L1 stack synthesize different JSON');
      process.exit(1);
    }
    const c = median(constructs);
    const l1 = median(raw);
    const ratio = c / l1;
    const verdict = ratio <= TARGET ? 'PASS' : 'MISS';
    console.log(`P1 synth (${BACKUPS} KubeBackup + ${BACKUPS} KubeOffload + ${POLICIES} Policy, one synth per fresh process, median of ${runs}): `
      + `constructs ${c.toFixed(0)} ms vs raw L1 ${l1.toFixed(0)} ms, ratio ${ratio.toFixed(2)} (target <= ${TARGET}): ${verdict}`);
    writeSummary('P1', { constructsMs: Math.round(c), rawMs: Math.round(l1), ratio: Number(ratio.toFixed(3)), target: TARGET, verdict });
    if (verdict === 'MISS') process.exitCode = 1;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main();
