import * as fs from 'node:fs';
import { backup, offload, spec, world, World } from './helpers';
import { parseSpec, staticNamespaces, validateSpec } from '../../lib/validate';

let w: World;
beforeAll(async () => { w = await world(); });
afterAll(() => w.close());

const kube = () => ({ mode: 'kubeconfig', path: w.kubeconfig });
const run = (s: Parameters<typeof validateSpec>[0], extra: Partial<Parameters<typeof validateSpec>[1]> = {}) =>
  validateSpec(s, { client: w.client, ...extra });
const messages = (found: Array<{ message: string }>) => found.map((f) => f.message);

describe('validateSpec: a valid stack', () => {
  test('produces no findings, with one request per collection and per cluster', async () => {
    const r = await run(spec([backup(), backup({ path: 'app/Pay', name: 'pay', namespaces: ['payments'], cluster: { id: w.prodId }, policy: { id: w.nightlyId } })],
      [offload({ backup: { inStack: 'pay' } })], kube()));
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([expect.objectContaining({ path: 'app/Copy', field: 'trigger' })]);
    expect(r.notes).toEqual([]);
    expect(r.checked).toBe(3);
    expect(r.requests).toBe(3); // kubeclusters, policies, prod's namespaces
  });
});

describe('validateSpec: namespaces', () => {
  test('fails for a misspelled namespace, with path, field, value, did-you-mean and the choices', async () => {
    const r = await run(spec([backup({ namespaces: ['prodution', 'default'] })], [], kube()));
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ severity: 'error', path: 'app/Apps', field: 'namespaces', value: '"prodution"' });
    expect(r.errors[0].message).toBe('app/Apps: \'namespaces\' names a namespace that does not exist in cluster "prod"; got "prodution". '
      + 'Did you mean "production"? Namespaces in "prod": "default", "kube-system", "payments", "production".');
  });

  test('fails for an excluded namespace that does not exist', async () => {
    const r = await run(spec([backup({ allNamespaces: true, namespaces: undefined, excludedNamespaces: ['kube-sytem'] })], [], kube()));
    expect(messages(r.errors)).toEqual([expect.stringMatching(/^app\/Apps: 'namespaces' excludes a namespace .* got "kube-sytem"\. Did you mean "kube-system"\?/)]);
  });

  test('no did-you-mean when nothing is close', async () => {
    const r = await run(spec([backup({ namespaces: ['web'] })], [], kube()));
    expect(r.errors[0].message).not.toMatch(/Did you mean/);
  });

  test('static lists: checked where given, a note where not', async () => {
    const s = spec([backup(), backup({ path: 'app/Stage', name: 'stage', cluster: { name: 'staging' }, namespaces: ['qa'] })], [],
      { mode: 'static', namespaces: { prod: ['default'] } });
    const r = await run(s);
    expect(messages(r.errors)).toEqual([expect.stringMatching(/^app\/Apps: 'namespaces' names .* got "production"/)]);
    expect(messages(r.notes)).toEqual([expect.stringMatching(/^app\/Stage: no static namespace list for cluster "staging"/)]);
    expect(r.requests).toBe(2);
  });

  test('static lists may be keyed by cluster id; a NamespaceSource can be passed directly', async () => {
    const r = await run(spec([backup({ namespaces: ['x'] })]), { namespaces: staticNamespaces({ [w.prodId]: ['x'] }) });
    expect(r.errors).toEqual([]);
  });

  test('apiOnly: namespaces are not checked, and a note says so', async () => {
    const r = await run(spec([backup({ namespaces: ['nope'] })], [], { mode: 'none' }));
    expect(r.errors).toEqual([]);
    expect(messages(r.notes)).toEqual([expect.stringMatching(/^app: namespace checks skipped: PlanValidation.apiOnly\(\)/)]);
  });

  test('auto without any kubeconfig: skipped with a clear note', async () => {
    const r = await run(spec([backup({ namespaces: ['nope'] })], [], { mode: 'auto' }), { env: { HOME: w.dir } });
    expect(r.errors).toEqual([]);
    expect(messages(r.notes)).toEqual([expect.stringMatching(/namespace checks skipped: no kubeconfig \(KUBECONFIG is unset and ~\/\.kube\/config does not exist\)/)]);
  });

  test('auto with KUBECONFIG: checked through the context named like the cluster', async () => {
    const r = await run(spec([backup({ namespaces: ['prodution'] })], [], { mode: 'auto' }), { env: { KUBECONFIG: w.kubeconfig } });
    expect(messages(r.errors)).toEqual([expect.stringMatching(/Did you mean "production"\?/)]);
  });

  test('auto: a cluster without a context of its name is a note, not an error', async () => {
    w.emulator.seedCluster({ name: 'edge', namespaces: ['default'] });
    try {
      const r = await run(spec([backup({ cluster: { name: 'edge' }, namespaces: ['x'] })], [], { mode: 'auto' }), { env: { KUBECONFIG: w.kubeconfig } });
      expect(r.errors).toEqual([]);
      expect(messages(r.notes)).toEqual([expect.stringMatching(/kubeconfig has no context "edge" for cluster "edge".*its namespaces were not checked/)]);
    } finally {
      // keep the other tests' cluster list stable
      const edge = (await w.client.kubeclusters.getByName('edge'))!;
      await w.client.kubeclusters.delete(edge._id);
    }
  });

  test('kubeconfig: a missing context is an error naming the contexts, with did-you-mean', async () => {
    const r = await run(spec([backup()], [], { mode: 'kubeconfig', path: w.kubeconfig, contexts: { prod: 'prd' } }));
    expect(messages(r.errors)).toEqual([expect.stringMatching(/kubeconfig has no context "prd" for cluster "prod"; did you mean "prod"\? Contexts: "prod", "staging"/)]);
  });

  test('kubeconfig: contexts map clusters (by name or id) to contexts', async () => {
    const r = await run(spec([backup({ namespaces: ['staging'] })], [], { mode: 'kubeconfig', path: w.kubeconfig, contexts: { [w.prodId]: 'staging' } }));
    expect(r.errors).toEqual([]);
  });

  test('kubeconfig: an unreachable cluster is an error', async () => {
    const bad = `${w.dir}/unreachable.json`;
    const cfg = w.emulator.kubeconfig();
    cfg.clusters[0].cluster.server = 'http://127.0.0.1:9';
    fs.writeFileSync(bad, JSON.stringify(cfg));
    const r = await run(spec([backup()], [], { mode: 'kubeconfig', path: bad }));
    expect(messages(r.errors)).toEqual([expect.stringMatching(/^app\/Apps: cannot list the namespaces of cluster "prod" through kubeconfig context "prod"/)]);
  });

  test('a cluster registered by the same stack is checked through its name', async () => {
    const r = await run(spec([backup({ cluster: { inStack: 'prod' }, namespaces: ['prodution'] })], [], kube()));
    expect(messages(r.errors)).toEqual([expect.stringMatching(/names a namespace that does not exist in cluster "prod"/)]);
  });
});

describe('validateSpec: clusters', () => {
  test('fails for an unknown cluster name, with did-you-mean', async () => {
    const r = await run(spec([backup({ cluster: { name: 'prd' } })]));
    expect(messages(r.errors)).toEqual(['app/Apps: \'cluster\' refers to a cluster that is not registered with CloudCasa; got name "prd". '
      + 'Did you mean "prod"? Registered clusters: "prod", "staging".']);
  });

  test('fails for an unknown cluster id, listing names and ids', async () => {
    const r = await run(spec([backup({ cluster: { id: '000000000000000000000000' } })]));
    expect(messages(r.errors)).toEqual([expect.stringContaining(`got id "000000000000000000000000". Registered clusters: "prod (${w.prodId})"`)]);
  });

  test('warns once per cluster that is not ACTIVE', async () => {
    const r = await run(spec([backup({ cluster: { name: 'staging' }, namespaces: ['staging'] }),
      backup({ path: 'app/B', name: 'b', cluster: { name: 'staging' }, namespaces: ['staging'] })]));
    expect(r.errors).toEqual([]);
    expect(messages(r.warnings)).toEqual([expect.stringMatching(/^app\/Apps: 'cluster' is not ACTIVE; got "staging" in state "PENDING"\./)]);
  });
});

describe('validateSpec: policies and triggers', () => {
  test('fails for a deleted policy', async () => {
    const r = await run(spec([backup({ policy: { id: 'ffffffffffffffffffffffff' } })]));
    expect(messages(r.errors)).toEqual([expect.stringMatching(/^app\/Apps: 'trigger' refers to a policy that does not exist \(deleted\?\); got policy id "ffffffffffffffffffffffff"\. Policies: "nightly \(/)]);
  });

  test('fails for a misspelled policy name, with did-you-mean', async () => {
    const r = await run(spec([backup({ policy: { name: 'nigthly' } })]));
    expect(messages(r.errors)).toEqual([expect.stringContaining('got policy name "nigthly". Did you mean "nightly"?')]);
  });

  test('a policy of the same stack is trusted', async () => {
    const r = await run(spec([backup({ policy: { inStack: 'brand-new' } })]));
    expect(r.errors).toEqual([]);
  });

  test.each([
    ['SCHEDULE', /has an unknown trigger type; got "SCHEDULE"\. Did you mean "SCHEDULED"\? Allowed: "ADHOC", "SCHEDULED"/],
    ['WEEKLY', /has an unknown trigger type; got "WEEKLY"\. Allowed: "ADHOC", "SCHEDULED"/],
  ])('fails for trigger type %s', async (t, re) => {
    const r = await run(spec([backup({ triggerType: t })]));
    expect(messages(r.errors)).toEqual([expect.stringMatching(re)]);
  });

  test('fails for SCHEDULED without a policy', async () => {
    const r = await run(spec([backup({ policy: undefined })]));
    expect(messages(r.errors)).toEqual([expect.stringMatching(/^app\/Apps: 'trigger' is SCHEDULED but names no policy/)]);
  });

  test('warns for ADHOC with a policy', async () => {
    const r = await run(spec([backup({ triggerType: 'ADHOC' })]));
    expect(r.errors).toEqual([]);
    expect(messages(r.warnings)).toEqual([expect.stringMatching(/is ADHOC, so CloudCasa ignores its policy/)]);
  });
});

describe('validateSpec: offloads', () => {
  let existing: { adhoc: string; scheduled: string };
  beforeAll(async () => {
    const mk = (name: string, policy?: string) => w.client.kubebackups.create({
      name,
      cluster: w.prodId,
      trigger_type: policy ? 'SCHEDULED' : 'ADHOC',
      ...(policy ? { policy } : {}),
      source: { all_namespaces: true, snapshotPersistentVolumes: true },
      pre_hooks: [],
      post_hooks: [],
    } as any);
    existing = { adhoc: (await mk('existing-adhoc'))._id, scheduled: (await mk('existing-scheduled', w.nightlyId))._id };
  });

  test('an existing ADHOC backup with a SCHEDULED copy is fine', async () => {
    const r = await run(spec([], [offload({ backup: { id: existing.adhoc } })]));
    expect([...r.errors, ...r.warnings]).toEqual([]);
  });

  test('warns when both the backup and the copy are SCHEDULED', async () => {
    const r = await run(spec([], [offload({ backup: { id: existing.scheduled } })]));
    expect(messages(r.warnings)).toEqual([expect.stringMatching(/^app\/Copy: 'trigger' duplicates the schedule.*got "SCHEDULED", and backup "existing-scheduled" is SCHEDULED too/)]);
  });

  test('fails for a backup that does not exist', async () => {
    const r = await run(spec([], [offload({ backup: { id: 'eeeeeeeeeeeeeeeeeeeeeeee' } })]));
    expect(messages(r.errors)).toEqual([expect.stringMatching(/^app\/Copy: 'backup' refers to a backup definition that does not exist \(deleted\?\); got id "eeeeeeeeeeeeeeeeeeeeeeee"/)]);
  });

  test('checks the copy\'s own trigger and policy', async () => {
    const r = await run(spec([backup({ triggerType: 'ADHOC', policy: undefined })], [offload({ policy: undefined })]));
    expect(messages(r.errors)).toEqual([expect.stringMatching(/^app\/Copy: 'trigger' is SCHEDULED but names no policy/)]);
  });
});

describe('validateSpec: cost and caching', () => {
  test('1 request per collection and 1 per cluster, however many definitions', async () => {
    const many = Array.from({ length: 200 }, (_, i) => backup({
      path: `app/B${i}`,
      name: `b${i}`,
      cluster: i % 2 ? { name: 'prod' } : { id: w.stagingId },
      namespaces: [i % 2 ? 'production' : 'staging'],
      policy: i % 3 ? { name: 'nightly' } : { id: w.nightlyId },
    }));
    const before = w.emulator.requestLog.length;
    const r = await run(spec(many, [], kube()));
    expect(r.errors).toEqual([]);
    expect(r.requests).toBe(4);
    expect(w.emulator.requestLog.length - before).toBe(4);
    expect(w.emulator.requestLog.slice(before).filter((e) => e.method !== 'GET')).toEqual([]);
  });

  test('nothing to look up: no request at all; unknown references become notes', async () => {
    const r = await run(spec([backup({ cluster: { unresolved: 'the id of app/C' }, policy: { unresolved: 'the id of app/P' } })]));
    expect(r.requests).toBe(0);
    expect(messages(r.notes.filter((n) => n.path === 'app/Apps'))).toEqual([
      'app/Apps: the cluster is the id of app/C (known only at apply time), so it and its namespaces were not checked',
      'app/Apps: the policy is the id of app/P (known only at apply time), so its existence was not checked',
    ]);
  });

  test('pages through large collections', async () => {
    const r = await run(spec([backup({ cluster: { name: 'staging' }, namespaces: ['staging'] })]), { pageSize: 1 });
    expect(r.errors).toEqual([]);
    expect(r.requests).toBeGreaterThanOrEqual(3);
  });
});

describe('parseSpec', () => {
  test.each([
    ['not json', /not valid JSON/],
    ['[]', /expected a JSON object/],
    ['{"version":2}', /version 2 is not supported/],
    ['{"version":1,"namespaceSource":{"mode":"psychic"}}', /mode "psychic" is not one of auto, kubeconfig, static, none/],
    ['{"version":1,"backups":[{"path":"a"}]}', /backups\[0\] needs path, name and cluster/],
  ])('fails for %s', (text, re) => {
    expect(() => parseSpec(text)).toThrow(re);
  });
});
