import { TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { makeStack, synthJson } from './util';
import {
  CloudCasaProvider, Duration, KubeBackup, KubeCluster, KubeOffload, Namespaces, OffloadTarget, PlanValidation, Policy, Schedule, Trigger,
} from '../../lib';

const nightly = (stack: TerraformStack) => new Policy(stack, 'Nightly', {
  policyName: 'nightly', schedules: [{ schedule: Schedule.daily({ hour: 2 }), retention: Duration.days(7) }],
});
const dataSource = (json: any) => json.data?.external?.cloudcasa_validation;
const specOf = (json: any) => JSON.parse(dataSource(json).query.spec);

describe('PlanValidation', () => {
  test('default configuration: one external data source running the CLI, with a plan-time spec', () => {
    // GIVEN
    const stack = new TerraformStack(Testing.app(), 'prod');
    const provider = new CloudCasaProvider(stack, 'CloudCasa');
    // WHEN
    new KubeBackup(stack, 'Apps', {
      cluster: KubeCluster.fromName(stack, 'Cluster', 'prod'), namespaces: Namespaces.of(['shop']), trigger: Trigger.scheduled(nightly(stack)),
    });
    // THEN
    const json = synthJson(stack);
    expect(provider.planValidation.toString()).toBe('PlanValidation.auto()');
    expect(provider.externalVersion).toBe('~> 2.3');
    expect(json.terraform.required_providers.external).toEqual({ source: 'hashicorp/external', version: '~> 2.3' });
    expect(json.provider.external).toEqual([{}]);
    expect(Object.keys(json.data.external)).toEqual(['cloudcasa_validation']);
    expect(dataSource(json).program).toEqual([...provider.cliProgram, 'validate-external']);
    expect(Object.keys(dataSource(json).query)).toEqual(['api_url', 'spec']);
    expect(dataSource(json).query.api_url).toBe('${var.cloudcasa_api_url}');
    expect(specOf(json)).toEqual({
      version: 1,
      stack: 'prod',
      namespaceSource: { mode: 'auto' },
      backups: [{
        path: 'prod/Apps',
        name: 'Apps',
        cluster: { name: 'prod' },
        allNamespaces: false,
        namespaces: ['shop'],
        triggerType: 'SCHEDULED',
        policy: { inStack: 'nightly' },
      }],
      offloads: [],
      adopt: [
        { key: expect.stringMatching(/^Nightly_/), collection: 'policies', name: 'nightly', body: { name: null, timezone: null, schedules: null } },
        {
          key: expect.stringMatching(/^Apps_/),
          collection: 'kubebackups',
          name: 'Apps',
          body: {
            name: null,
            cluster: null,
            trigger_type: null,
            policy: null,
            pre_hooks: null,
            post_hooks: null,
            pause: null,
            source: { all_namespaces: null, namespaces: null, snapshotPersistentVolumes: null },
          },
        },
      ],
    });
  });

  test('every named definition gets an import block over what the validation finds by name (adoption)', () => {
    const stack = new TerraformStack(Testing.app(), 'prod');
    new CloudCasaProvider(stack, 'CloudCasa');
    const policy = nightly(stack);
    const backup = new KubeBackup(stack, 'Apps', { cluster: KubeCluster.fromName(stack, 'Cluster', 'prod'), trigger: Trigger.scheduled(policy) });
    new KubeOffload(stack, 'Copy', { backup, target: OffloadTarget.provider('aws', 'us-east-2'), trigger: Trigger.scheduled(policy) });
    expect(CloudCasaProvider.of(stack).adoptExisting).toBe(true);
    const json = synthJson(stack);
    const ids = Object.keys(json.resource.restful_resource);
    expect(json.import).toHaveLength(3);
    for (const imp of json.import) {
      const key = imp.to.replace(/^restful_resource\./, '');
      expect(ids).toContain(key);
      const r = `data.external.cloudcasa_validation.result.adopt_${key}`;
      expect(imp).toEqual({ for_each: `\${${r} == "" ? toset([]) : toset([${r}])}`, to: `restful_resource.${key}`, id: '${each.value}' });
    }
    expect(specOf(json).adopt.map((a: any) => a.collection).sort()).toEqual(['kubebackups', 'kubeoffloads', 'policies']);
  });

  test('no adoption for importExisting(), for names only known at apply time, or without validation', () => {
    const stack = new TerraformStack(Testing.app(), 'prod');
    const name = new TerraformVariable(stack, 'name', { type: 'string' });
    new CloudCasaProvider(stack, 'CloudCasa');
    const policy = nightly(stack);
    policy.importExisting('0123456789abcdef01234567');
    new KubeBackup(stack, 'Apps', { backupName: name.stringValue, cluster: KubeCluster.fromClusterId(stack, 'C', 'c0ffee'), trigger: Trigger.adhoc() });
    const json = synthJson(stack);
    expect(json.import).toEqual([{ id: expect.stringContaining('"policies/0123456789abcdef01234567"'), to: expect.stringMatching(/^restful_resource\.Nightly_/) }]);
    expect(specOf(json).adopt).toEqual([]);

    const { stack: off } = makeStack(PlanValidation.disabled());
    nightly(off);
    expect(synthJson(off).import).toBeUndefined();

    // adoptExisting: false (engines older than 1.7): no import blocks, nothing to look up.
    const old = new TerraformStack(Testing.app(), 'old');
    const p = new CloudCasaProvider(old, 'CloudCasa', { adoptExisting: false });
    expect(p.adoptExisting).toBe(false);
    nightly(old);
    const oldJson = synthJson(old);
    expect(oldJson.import).toBeUndefined();
    expect(specOf(oldJson).adopt).toEqual([]);
  });

  test('custom configuration', () => {
    // GIVEN
    const stack = new TerraformStack(Testing.app(), 'test');
    // WHEN
    new CloudCasaProvider(stack, 'CloudCasa', {
      cliCommand: 'npx cdktf-cloudcasa',
      externalVersion: '2.3.5',
      planValidation: PlanValidation.kubeconfig({ path: '/etc/kube/config', contexts: { prod: 'gke_prod' } }),
    });
    new KubeBackup(stack, 'Apps', { cluster: KubeCluster.fromClusterId(stack, 'C', 'c0ffee'), trigger: Trigger.adhoc() });
    // THEN
    expect(Testing.synth(stack)).toMatchSnapshot();
    const json = synthJson(stack);
    expect(dataSource(json).program).toEqual(['npx', 'cdktf-cloudcasa', 'validate-external']);
    expect(json.terraform.required_providers.external.version).toBe('2.3.5');
    expect(specOf(json).namespaceSource).toEqual({ mode: 'kubeconfig', path: '/etc/kube/config', contexts: { prod: 'gke_prod' } });
  });

  test('validationProgram wins; a quoted cliCommand is split like a shell would', () => {
    const a = new TerraformStack(Testing.app(), 'a');
    new CloudCasaProvider(a, 'CloudCasa', { cliCommand: 'node "/opt/my tools/cli.js" --verbose', validationProgram: ['/usr/bin/casa'] });
    expect(dataSource(synthJson(a)).program).toEqual(['/usr/bin/casa', 'validate-external']);
    const b = new TerraformStack(Testing.app(), 'b');
    new CloudCasaProvider(b, 'CloudCasa', { cliCommand: 'node "/opt/my tools/cli.js" --verbose' });
    expect(dataSource(synthJson(b)).program).toEqual(['node', '/opt/my tools/cli.js', '--verbose', 'validate-external']);
  });

  test('disabled(): no data source, no external provider, no depends_on', () => {
    const { stack } = makeStack(PlanValidation.disabled());
    new KubeBackup(stack, 'Apps', { cluster: KubeCluster.fromClusterId(stack, 'C', 'c0ffee'), trigger: Trigger.adhoc() });
    const json = synthJson(stack);
    expect(json.data).toBeUndefined();
    expect(json.provider.external).toBeUndefined();
    expect(json.terraform.required_providers.external).toBeUndefined();
    expect(JSON.stringify(json)).not.toContain('depends_on');
    expect(CloudCasaProvider.of(stack).validationDataSource).toBeUndefined();
  });

  test.each([
    [PlanValidation.apiOnly(), { mode: 'none' }],
    [PlanValidation.kubeconfig(), { mode: 'kubeconfig' }],
    [PlanValidation.staticNamespaces({ prod: ['shop', 'default'] }), { mode: 'static', namespaces: { prod: ['shop', 'default'] } }],
  ])('%s is passed to the CLI', (validation, expected) => {
    const { stack } = makeStack(validation);
    expect(specOf(synthJson(stack)).namespaceSource).toEqual(expected);
  });

  test('fails for an invalid static namespace list', () => {
    expect(() => PlanValidation.staticNamespaces({ prod: ['Shop'] })).toThrow(/PlanValidation.staticNamespaces\(\)\['prod'\]: 'namespaces' is invalid: 'Shop' is not an RFC 1123 label/);
    expect(() => PlanValidation.staticNamespaces({ prod: [] })).toThrow(/the list is empty/);
  });

  test('every backup and copy is described with plan-time values only; the key never appears', () => {
    // GIVEN
    const { stack } = makeStack(PlanValidation.auto());
    const registered = new KubeCluster(stack, 'Edge', { clusterName: 'edge' });
    const byId = KubeCluster.fromClusterId(stack, 'ById', '5f612ac2a47691eb08e77904');
    const policy = nightly(stack);
    const oldPolicy = Policy.fromPolicyId(stack, 'Old', '5f612ac2a47691eb08e77905');
    const named = Policy.fromName(stack, 'Weekly', 'weekly');
    // WHEN
    const apps = new KubeBackup(stack, 'Team/Apps', {
      backupName: 'apps', cluster: registered, namespaces: Namespaces.allExcept(['kube-system']), trigger: Trigger.adhoc(),
    });
    new KubeBackup(stack, 'Db', { cluster: byId, trigger: Trigger.scheduled(oldPolicy) });
    new KubeOffload(stack, 'Copy', { backup: apps, target: OffloadTarget.provider('aws', 'us-east-2'), trigger: Trigger.scheduled(policy) });
    new KubeOffload(stack, 'OldCopy', {
      backup: KubeBackup.fromBackupId(stack, 'OldBackup', '5f612ac2a47691eb08e77906'), target: OffloadTarget.provider('aws', 'us-east-2'), trigger: Trigger.scheduled(named),
    });
    // THEN
    const json = synthJson(stack, true);
    const ds = dataSource(json);
    expect(JSON.stringify(ds)).not.toMatch(/api_key|TfToken|\$\{(?!var\.cloudcasa_api_url\}|path\.module\})/);
    const spec = specOf(json);
    expect(spec.backups).toEqual([
      { path: 'test/Team--Apps', name: 'apps', cluster: { inStack: 'edge' }, allNamespaces: true, excludedNamespaces: ['kube-system'], triggerType: 'ADHOC' },
      { path: 'test/Db', name: 'Db', cluster: { id: '5f612ac2a47691eb08e77904' }, allNamespaces: true, triggerType: 'SCHEDULED', policy: { id: '5f612ac2a47691eb08e77905' } },
    ]);
    expect(spec.offloads).toEqual([
      { path: 'test/Copy', name: 'Copy', backup: { inStack: 'apps' }, triggerType: 'SCHEDULED', policy: { inStack: 'nightly' } },
      { path: 'test/OldCopy', name: 'OldCopy', backup: { id: '5f612ac2a47691eb08e77906' }, triggerType: 'SCHEDULED', policy: { name: 'weekly' } },
    ]);
  });

  test('values only Terraform knows become `unresolved`, never a reference', () => {
    const { stack } = makeStack(PlanValidation.auto());
    const clusterId = new TerraformVariable(stack, 'cluster_id', { type: 'string' });
    const name = new TerraformVariable(stack, 'backup_name', { type: 'string' });
    new KubeBackup(stack, 'Apps', {
      backupName: name.stringValue, cluster: KubeCluster.fromClusterId(stack, 'C', clusterId.stringValue), trigger: Trigger.adhoc(),
    });
    const spec = specOf(synthJson(stack));
    expect(spec.backups[0]).toMatchObject({ name: 'test/Apps', cluster: { unresolved: 'the id of test/C' } });
    expect(dataSource(synthJson(stack)).query.spec).not.toContain('${');
  });

  test('definitions added after the provider count (the spec is lazy)', () => {
    const { stack } = makeStack(PlanValidation.auto());
    expect(specOf(synthJson(stack)).backups).toEqual([]);
    new KubeBackup(stack, 'Late', { cluster: KubeCluster.fromClusterId(stack, 'C', 'c0ffee'), trigger: Trigger.adhoc() });
    expect(specOf(synthJson(stack)).backups.map((b: any) => b.path)).toEqual(['test/Late']);
  });

  test('every restful resource and look-up waits for the validation, so a bad API fails it first (bounded)', () => {
    const { stack } = makeStack(PlanValidation.auto());
    const backup = new KubeBackup(stack, 'Apps', { cluster: KubeCluster.fromName(stack, 'C', 'prod'), trigger: Trigger.adhoc() });
    new KubeOffload(stack, 'Copy', { backup, target: OffloadTarget.provider('aws', 'us-east-2'), trigger: Trigger.scheduled(nightly(stack)) });
    const json = synthJson(stack);
    expect(json.data.external.cloudcasa_validation).toBeDefined();
    const all = [...Object.values(json.resource.restful_resource), ...Object.values(json.data.restful_resource)];
    expect(all.length).toBe(4);
    for (const r of all as any[]) expect(r.depends_on).toContain('data.external.cloudcasa_validation');
    expect(json.data.external.cloudcasa_validation.depends_on).toBeUndefined();
  });

  test('warnings and notes become check blocks, which both engines print as warnings', () => {
    const { stack } = makeStack(PlanValidation.auto());
    new KubeBackup(stack, 'Apps', { cluster: KubeCluster.fromClusterId(stack, 'C', 'c0ffee'), trigger: Trigger.adhoc() });
    expect(synthJson(stack).check).toEqual({
      cloudcasa_validation_warnings: {
        assert: [{
          condition: '${data.external.cloudcasa_validation.result.warnings == ""}',
          error_message: 'CloudCasa plan-time validation warnings:\n${data.external.cloudcasa_validation.result.warnings}',
        }],
      },
      cloudcasa_validation_notes: {
        assert: [{
          condition: '${data.external.cloudcasa_validation.result.notices == ""}',
          error_message: 'CloudCasa plan-time validation notes:\n${data.external.cloudcasa_validation.result.notices}',
        }],
      },
    });
  });

  test('without validation nothing waits and there are no check blocks', () => {
    const { stack } = makeStack(PlanValidation.disabled());
    new KubeBackup(stack, 'Apps', { cluster: KubeCluster.fromName(stack, 'C', 'prod'), trigger: Trigger.adhoc() });
    const json = synthJson(stack);
    expect(json.check).toBeUndefined();
    expect(Object.values(json.resource.restful_resource).filter((r: any) => r.depends_on)).toEqual([]);
  });
});
