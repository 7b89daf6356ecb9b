import { TerraformStack, TerraformVariable } from 'cdktf';
import { makeStack, synthJson } from './util';
import * as lib from '../../lib';
import {
  CloudCasaResource, Duration, KubeBackup, KubeCluster, KubeHook, KubeHookType, KubeOffload, ObjectStore, OffloadTarget, Policy,
  PlanValidation, Schedule, Trigger,
} from '../../lib';
import { COLLECTIONS } from '../../lib/_collections';
import { TRIGGER_TYPES } from '../../lib/validate/spec-format';

/** Every construct class the package exports that creates a CloudCasa object. */
function constructClasses(): Array<[string, any]> {
  return Object.entries(lib).filter(([, v]) => typeof v === 'function' && v.prototype instanceof CloudCasaResource) as Array<[string, any]>;
}

function oneOfEach() {
  const { stack } = makeStack(PlanValidation.apiOnly());
  const cluster = new KubeCluster(stack, 'Cluster', { clusterName: 'prod' });
  const policy = new Policy(stack, 'Nightly', { schedules: [{ schedule: Schedule.daily(), retention: Duration.days(7) }] });
  const hook = new KubeHook(stack, 'Freeze', { hookType: KubeHookType.PRE_BACKUP, rules: [{ targets: [{ command: 'sync' }] }] });
  const store = new ObjectStore(stack, 'Store', { bucketName: 'b' });
  const backup = new KubeBackup(stack, 'Apps', { cluster, trigger: Trigger.adhoc() });
  const offload = new KubeOffload(stack, 'Copy', { backup, target: OffloadTarget.objectStore(store), trigger: Trigger.scheduled(policy) });
  return { stack, members: [cluster, policy, hook, store, backup, offload] };
}

describe('CloudCasaResource: one skeleton for every construct', () => {
  test('the seven constructs extend it, and each produces its own validation spec', () => {
    const classes = constructClasses().map(([name]) => name).sort();
    expect(classes).toEqual(['AzureObjectStore', 'KubeBackup', 'KubeCluster', 'KubeHook', 'KubeOffload', 'ObjectStore', 'Policy']);
    for (const [name, cls] of constructClasses()) {
      // Defined by the class itself, not inherited: a new construct type without one fails here.
      expect({ name, own: Object.getOwnPropertyNames(cls.prototype).includes('_validationSpec') }).toEqual({ name, own: true });
      expect({ name, own: Object.getOwnPropertyNames(cls.prototype).includes('_renderBody') }).toEqual({ name, own: true });
    }
  });

  test('every construct contributes to the spec the validation data source receives', () => {
    const { stack, members } = oneOfEach();
    const spec = JSON.parse(synthJson(stack).data.external.cloudcasa_validation.query.spec);
    expect(spec.backups).toEqual([expect.objectContaining({ path: 'test/Apps', cluster: { inStack: 'prod' }, triggerType: 'ADHOC' })]);
    expect(spec.offloads).toEqual([expect.objectContaining({ path: 'test/Copy', backup: { inStack: 'Apps' }, policy: { inStack: 'Nightly' } })]);
    // Adoption covers every object the stack creates, one entry each, keyed by the resource's logical id.
    expect(spec.adopt.map((a: any) => a.collection).sort()).toEqual(members.map((m) => m.collection).sort());
    for (const m of members) expect(m._validationSpec().ref).toEqual({ inStack: expect.any(String) });
  });

  test('a reference to another stack\'s construct is not "in this stack" for validation', () => {
    const { stack } = makeStack(PlanValidation.apiOnly());
    const other = new TerraformStack(stack.node.scope!, 'other');
    new lib.CloudCasaProvider(other, 'CloudCasa', { cliCommand: 'x', planValidation: PlanValidation.disabled() });
    const cluster = new KubeCluster(other, 'Cluster', { clusterName: 'prod' });
    const backup = new KubeBackup(stack, 'Apps', { cluster, trigger: Trigger.adhoc() });
    expect(backup._validationSpec().backup!.cluster).toEqual({ unresolved: 'the id of other/Cluster' });
  });

  test('importExisting() adds an import block tracking exactly the fields the construct sends', () => {
    const { stack } = makeStack();
    const policy = new Policy(stack, 'P', { schedules: [{ schedule: Schedule.daily(), retention: Duration.days(7) }] });
    policy.importExisting('5f0c0ffee0c0ffee0c0ffee0');
    const json = synthJson(stack);
    expect(json.import).toEqual([{ to: `restful_resource.${Object.keys(json.resource.restful_resource)[0]}`, id: Policy.importSpec('5f0c0ffee0c0ffee0c0ffee0') }]);
    expect(JSON.parse(Policy.importSpec('5f0c0ffee0c0ffee0c0ffee0'))).toEqual({
      id: 'policies/5f0c0ffee0c0ffee0c0ffee0', path: 'policies', body: { name: null, timezone: null, schedules: null },
    });
  });

  test('an imported reference of the wrong kind (possible without static types) fails synth, naming it', () => {
    const { stack } = makeStack();
    const policy = Policy.fromPolicyId(stack, 'Shared', '5f0c0ffee0c0ffee0c0ffee0');
    new KubeBackup(stack, 'B', { cluster: policy as any, trigger: Trigger.adhoc() });
    expect(() => synthJson(stack))
      .toThrow(/test\/Shared: 'clusterId' is a reference to a policy, not a cluster/);
    expect(() => Trigger.scheduled(KubeCluster.fromClusterId(stack, 'C', 'c1') as any))
      .toThrow(/test\/C: 'policyId' is a reference to a cluster, not a policy/);
  });
});

describe('Duration from a cdktf number token', () => {
  test('converts to its own unit and reaches the body unchanged', () => {
    const { stack } = makeStack();
    const days = new TerraformVariable(stack, 'retention_days', { type: 'number' });
    const d = Duration.days(days.numberValue);
    expect(d.isUnresolved()).toBe(true);
    expect(() => d.toSeconds()).toThrow(/its amount is a token.*cannot be converted to seconds/);
    new Policy(stack, 'P', { schedules: [{ schedule: Schedule.daily(), retention: d }] });
    const body = Object.values(synthJson(stack).resource.restful_resource as Record<string, any>)[0].body;
    expect(body.schedules[0].retainDays).toBe('${var.retention_days}');
  });

  test('a token in another unit than the prop needs fails synth naming the construct and prop', () => {
    const { stack } = makeStack();
    const hours = new TerraformVariable(stack, 'h', { type: 'number' });
    expect(() => new Policy(stack, 'P', { schedules: [{ schedule: Schedule.daily(), retention: Duration.hours(hours.numberValue) }] }))
      .toThrow(/test\/P: 'schedules\[0\]\.retention' must be a whole number of days, at least 1; got "Duration\.hours\(<token>\)"/);
  });

  test('a literal is still checked', () => {
    expect(() => Duration.days(-1)).toThrow(/Duration\.days\(\)/);
    expect(Duration.hours(48).toDays()).toBe(2);
  });
});

describe('values the constructs and the validator share', () => {
  test('TriggerType (a jsii enum) has exactly the trigger types the validator knows', () => {
    expect(Object.values(lib.TriggerType).sort()).toEqual([...TRIGGER_TYPES].sort());
  });
});

describe('the update route: a PUT built from the last read (docs/restful-provider.md#updates)', () => {
  /** The restful_resource of each member, by collection. */
  function resources(stack: TerraformStack): Record<string, any> {
    const json = synthJson(stack);
    const out: Record<string, any> = {};
    for (const r of Object.values<any>(json.resource.restful_resource)) out[r.path] = r;
    return out;
  }

  test('every construct PUTs: the last read, minus meta, with each configured field set and untracked fields removed', () => {
    const { stack } = oneOfEach();
    for (const [path, r] of Object.entries(resources(stack))) {
      expect({ path, method: r.update_method }).toEqual({ path, method: 'PUT' });
      const patches: any[] = r.update_body_patches;
      expect(patches[0]).toEqual({ path: '', raw_json: '$(body)' });
      const removed = patches.filter((p) => p.removed === true).map((p) => p.path);
      expect(removed).toEqual(expect.arrayContaining(['_id', '_etag', '_created', '_updated', '_links']));
      const set = patches.slice(1).filter((p) => p.raw_json !== undefined).map((p) => p.path);
      // exactly the configured fields, each once, and every one of them tracked by an import
      expect(set.sort()).toEqual(Object.keys(r.body).sort());
      const tracked: string[] = (COLLECTIONS as any)[path].trackedKeys;
      expect(set.filter((k) => !tracked.includes(k))).toEqual([]);
      // a tracked field the construct does not send is removed, never sent as null
      for (const k of tracked) if (!(k in r.body)) expect(removed).toContain(k);
      expect(JSON.stringify(patches)).not.toContain('null');
    }
  });

  test('an ADHOC backup removes `policy` from the PUT instead of sending null', () => {
    const { stack } = oneOfEach();
    const backup = resources(stack).kubebackups;
    expect(backup.body.policy).toBeUndefined();
    expect(backup.update_body_patches).toContainEqual({ path: 'policy', removed: true });
  });

  test('literal values are JSON with `$` and `%` escaped, so restful\'s `$(...)` expander and Terraform templates leave them alone', () => {
    const { stack } = makeStack();
    new KubeHook(stack, 'H', { hookType: KubeHookType.PRE_BACKUP, rules: [{ targets: [{ command: 'echo $(date) $(body._etag) 100%' }] }] });
    const hook = resources(stack).kubehooks;
    const patch = hook.update_body_patches.find((p: any) => p.path === 'hook');
    expect(patch.raw_json).not.toMatch(/[$%]/);
    // the API decodes the escapes back to the configured command
    expect(JSON.parse(patch.raw_json)).toEqual(hook.body.hook);
  });

  test('beside a token, literal quotes, backslashes, `%{` and `$(...)` stay out of the Terraform expression', () => {
    const { stack } = makeStack();
    const container = new TerraformVariable(stack, 'container', { type: 'string' });
    const command = 'sh -c "pg_dump \\"$DB\\" > /tmp/$(date).sql" 100%{x}\nnext';
    new KubeHook(stack, 'H', { hookType: KubeHookType.PRE_BACKUP, rules: [{ targets: [{ command, container: container.stringValue }] }] });
    const patch = resources(stack).kubehooks.update_body_patches.find((p: any) => p.path === 'hook');
    const expr = '${replace(replace(jsonencode(var.container), "$", "\\\\u0024"), "%", "\\\\u0025")}';
    expect(patch.raw_json).toContain(expr);
    // what Terraform evaluates: the literal text around the one expression, with the token's JSON in its place
    const literal = patch.raw_json.replace(expr, '"main"');
    expect(literal).not.toMatch(/[$%]/);
    expect(JSON.parse(literal)).toEqual([{ target: [{ command, container: 'main' }] }]);
  });

  test('a value only Terraform knows is encoded by Terraform, with the same escapes', () => {
    const { stack } = makeStack();
    const name = new TerraformVariable(stack, 'name', { type: 'string' });
    new KubeCluster(stack, 'C', { clusterName: name.stringValue });
    const patch = resources(stack).kubeclusters.update_body_patches.find((p: any) => p.path === 'name');
    expect(patch.raw_json).toBe('${replace(replace(jsonencode(var.name), "$", "\\\\u0024"), "%", "\\\\u0025")}');
  });
});

describe('synth refuses what would fail or orphan half-way through an apply', () => {
  test('two definitions with one name in one collection, naming both construct paths', () => {
    const { stack } = makeStack();
    const cluster = KubeCluster.fromClusterId(stack, 'C', '0123456789abcdef01234567');
    new KubeBackup(stack, 'A', { backupName: 'same', cluster, trigger: Trigger.adhoc() });
    new KubeBackup(stack, 'B', { backupName: 'same', cluster, trigger: Trigger.adhoc() });
    // the same name in another collection is fine
    new Policy(stack, 'P', { policyName: 'same', schedules: [{ schedule: Schedule.daily(), retention: Duration.days(1) }] });
    expect(() => synthJson(stack, true)).toThrow(/test\/B: the backup definition name 'same' is also the name of test\/A/);
  });

  test('two KubeOffloads of one KubeBackup, naming both', () => {
    const { stack } = makeStack();
    const cluster = KubeCluster.fromClusterId(stack, 'C', '0123456789abcdef01234567');
    const backup = new KubeBackup(stack, 'Apps', { cluster, trigger: Trigger.adhoc() });
    new KubeOffload(stack, 'One', { backup, target: OffloadTarget.provider('aws', 'us-east-2'), trigger: Trigger.adhoc() });
    new KubeOffload(stack, 'Two', { backup, target: OffloadTarget.provider('aws', 'eu-west-1'), trigger: Trigger.adhoc() });
    expect(() => synthJson(stack, true)).toThrow(/test\/Two: test\/Apps already has a copy, test\/One/);
  });

  test('distinct names and one copy per backup synthesize', () => {
    const { stack } = oneOfEach();
    expect(() => synthJson(stack, true)).not.toThrow();
  });
});
