// Synth benchmark: 500 KubeBackup + 500 KubeOffload + 20 Policy through the constructs, against a hand-built stack of
// the raw restful L1 resources producing the same JSON.
//
//   npx ts-node --transpile-only test/bench/synth.bench.ts [runs]
//
// Exits 1 when the two JSONs differ or the median ratio is above the target.
import { Fn, TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { Construct } from 'constructs';
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

function eveResource(scope: Construct, path: string, body: { [key: string]: any }): restful.resource.Resource {
  return new restful.resource.Resource(scope, 'Resource', {
    path,
    readPath: '$(path)/$(body._id)',
    updateMethod: 'PUT',
    updateHeader: WRITE_HEADERS,
    deleteHeader: WRITE_HEADERS,
    body,
    // the same PUT-from-the-last-read a correct hand-written stack needs (docs/restful-provider.md#updates)
    updateBodyPatches: updateBodyPatches(body, (COLLECTIONS as any)[path].trackedKeys),
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
    const copy = new Construct(stack, `Copy${i}`);
    const ko = eveResource(copy, 'kubeoffloads', {
      name: `Copy${i}`,
      backupdef: outputOf(kb),
      trigger_type: 'SCHEDULED',
      policy: policyIds[i % POLICIES],
      delete_snapshots: true,
      run_backup: true,
      offload_provider: { type: 'aws', region: 'us-east-2' },
    });
    new TerraformData(copy, 'CopydefLink', {
      triggersReplace: [ko.id, outputOf(kb)],
      dependsOn: [kb, ko],
      lifecycle: { precondition: [objectIdPrecondition(outputOf(ko), `bench/Copy${i}`)] },
      provisioners: [cliProvisioner(['casa'], 'link-offload', { CLOUDCASA_API_URL: url.stringValue, CLOUDCASA_OFFLOAD_ID: outputOf(ko) })],
    });
  }
  return stack;
}

function time(build: () => TerraformStack): { ms: number; json: string } {
  const start = process.hrtime.bigint();
  const json = Testing.synth(build());
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, json };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function main(): void {
  const runs = Number(process.argv[2] ?? 7);
  // Warm-up (module loading, JIT), and the equality check.
  const a = time(withConstructs);
  const b = time(rawL1);
  if (a.json !== b.json) {
    console.error('FAIL: the construct stack and the raw L1 stack synthesize different JSON');
    process.exit(1);
  }
  const constructs: number[] = [];
  const raw: number[] = [];
  for (let r = 0; r < runs; r++) {
    // Alternate the order so that GC pressure and CPU frequency hit both sides alike.
    if (r % 2 === 0) {
      constructs.push(time(withConstructs).ms);
      raw.push(time(rawL1).ms);
    } else {
      raw.push(time(rawL1).ms);
      constructs.push(time(withConstructs).ms);
    }
  }
  const c = median(constructs);
  const l1 = median(raw);
  const ratio = c / l1;
  const verdict = ratio <= TARGET ? 'PASS' : 'FAIL';
  console.log(`synth (${BACKUPS} KubeBackup + ${BACKUPS} KubeOffload + ${POLICIES} Policy, median of ${runs}): `
    + `constructs ${c.toFixed(0)} ms vs raw L1 ${l1.toFixed(0)} ms, ratio ${ratio.toFixed(2)} (target <= ${TARGET}): ${verdict}`);
  if (verdict === 'FAIL') process.exit(1);
}

main();
