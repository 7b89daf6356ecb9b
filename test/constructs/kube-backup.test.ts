import { Testing } from 'cdktf';
import { Construct } from 'constructs';
import { all, makeStack, only, onlyId, synthJson, WRITE_HEADERS } from './util';
import {
  BackupHook, Duration, KubeBackup, KubeCluster, KubeHook, KubeHookType, Namespaces, Policy, Schedule, Trigger, TriggerType,
} from '../../lib';

function setup() {
  const { stack, provider } = makeStack();
  const cluster = KubeCluster.fromClusterId(stack, 'Cluster', 'c0ffee');
  const policy = Policy.fromPolicyId(stack, 'Policy', 'p0');
  return { stack, provider, cluster, policy };
}

describe('KubeBackup', () => {
  test('default configuration', () => {
    // GIVEN
    const { stack, cluster, policy } = setup();
    // WHEN
    const kb = new KubeBackup(stack, 'Apps', { cluster, trigger: Trigger.scheduled(policy) });
    // THEN
    expect(only(synthJson(stack), 'restful_resource')).toEqual({
      path: 'kubebackups',
      read_path: '$(path)/$(body._id)',
      update_method: 'PUT',
      update_body_patches: expect.any(Array),
      update_header: WRITE_HEADERS,
      delete_header: WRITE_HEADERS,
      force_new_attrs: ['cluster'],
      body: {
        name: 'Apps',
        cluster: 'c0ffee',
        trigger_type: 'SCHEDULED',
        policy: 'p0',
        source: { all_namespaces: true, snapshotPersistentVolumes: true },
        pre_hooks: [],
        post_hooks: [],
        pause: false,
      },
    });
    expect(kb).toMatchObject({
      backupName: 'Apps', triggerType: TriggerType.SCHEDULED, snapshotPersistentVolumes: true, paused: false, runOnApply: false,
    });
    expect(kb.runOnApplyRetention.toDays()).toBe(7);
    expect(kb.runOnApplyTimeout.toMinutes()).toBe(30);
    expect(kb.runOnApplyResource).toBeUndefined();
  });

  test('custom configuration', () => {
    // GIVEN
    const { stack } = setup();
    const cluster = new KubeCluster(stack, 'Prod', { clusterName: 'prod' });
    const policy = new Policy(stack, 'Nightly', { schedules: [{ schedule: Schedule.daily({ hour: 1 }), retention: Duration.days(7) }] });
    const hook = new KubeHook(stack, 'Freeze', { hookType: KubeHookType.PRE_BACKUP, rules: [{ targets: [{ command: 'fsfreeze -f /data' }] }] });
    // WHEN
    new KubeBackup(stack, 'Shop', {
      backupName: 'shop-backup',
      cluster,
      trigger: Trigger.scheduled(policy),
      namespaces: Namespaces.of(['shop', 'payments']),
      snapshotPersistentVolumes: false,
      preHooks: [BackupHook.fromHooks([hook], ['shop'])],
      postHooks: [BackupHook.template(['5f612ac2a47691eb08e77904'], ['payments'])],
      paused: true,
      tags: { team: 'web' },
    });
    // THEN
    expect(Testing.synth(stack)).toMatchSnapshot();
    const json = synthJson(stack);
    const backup = Object.values(all(json, 'restful_resource')).find((r: any) => r.path === 'kubebackups') as any;
    expect(backup.body).toEqual({
      name: 'shop-backup',
      cluster: `\${element(split("/", restful_resource.${Object.keys(all(json, 'restful_resource')).find((k) => k.startsWith('Prod_'))}.id), 1)}`,
      trigger_type: 'SCHEDULED',
      policy: expect.stringMatching(/^\$\{element\(split\("\/", restful_resource\.Nightly_[0-9A-F]+\.id\), 1\)\}$/),
      source: { all_namespaces: false, namespaces: ['shop', 'payments'], snapshotPersistentVolumes: false },
      pre_hooks: [{ template: false, namespaces: ['shop'], hooks: [expect.stringMatching(/^\$\{element\(split\("\/", restful_resource\.Freeze_[0-9A-F]+\.id\), 1\)\}$/)] }],
      post_hooks: [{ template: true, namespaces: ['payments'], hooks: ['5f612ac2a47691eb08e77904'] }],
      pause: true,
      tags: { team: 'web' },
    });
    expect(JSON.stringify(backup)).not.toMatch(/copydef|"status"|snapshot_longhorn/);
  });

  test('excluded namespaces and cluster lookup by name', () => {
    const { stack } = setup();
    const cluster = KubeCluster.fromName(stack, 'ByName', 'prod');
    new KubeBackup(stack, 'B', { cluster, trigger: Trigger.adhoc(), namespaces: Namespaces.allExcept(['kube-system']) });
    const json = synthJson(stack);
    expect(only(json, 'restful_resource', 'data')).toEqual({
      id: 'kubeclusters',
      query: { where: ['{"name":"prod"}'] },
      selector: '_items.0',
      output_attrs: ['_id', 'name'],
      // A missing name reads as null (destroy still works) and fails other plans through the postcondition.
      allow_not_exist: true,
      lifecycle: {
        postcondition: [{
          condition: '${self.output != null}',
          error_message: 'test/ByName: CloudCasa\'s kubeclusters has nothing named "prod". Create it first, or fix the name (a destroy still works).',
        }],
      },
    });
    const body = only(json, 'restful_resource').body;
    expect(body.cluster).toMatch(/^\$\{try\(data\.restful_resource\.ByName_Lookup_[0-9A-F]+\.output\._id, ""\)\}$/);
    expect(body.source).toEqual({ all_namespaces: true, excluded_namespaces: ['kube-system'], snapshotPersistentVolumes: true });
    expect(body.trigger_type).toBe('ADHOC');
    expect(body.policy).toBeUndefined();
  });

  test('run on apply', () => {
    // GIVEN
    const { stack, cluster } = setup();
    // WHEN
    const kb = new KubeBackup(stack, 'Adhoc', {
      cluster,
      trigger: Trigger.adhoc(),
      runOnApply: true,
      runOnApplyRetention: Duration.days(3),
      runOnApplyTimeout: Duration.hours(1),
    });
    // THEN
    expect(Testing.synth(stack)).toMatchSnapshot();
    const json = synthJson(stack);
    const id = onlyId(json, 'restful_resource');
    const data = only(json, 'terraform_data');
    expect(JSON.parse(data.triggers_replace[1])).toEqual(only(json, 'restful_resource').body);
    // A fixed command run without a shell: the CLI is the interpreter (argv), every input is in the environment.
    expect(data).toEqual({
      triggers_replace: [`\${restful_resource.${id}.id}`, expect.any(String)],
      lifecycle: {
        precondition: [{
          condition: `\${can(regex("^[0-9a-f]{24}$", element(split("/", restful_resource.${id}.id), 1)))}`,
          error_message: 'The API returned an _id for test/Adhoc that is not a 24-hex ObjectId; refusing to use it.',
        }],
      },
      provisioner: [{
        'local-exec': {
          interpreter: ['npx', 'cdktf-cloudcasa'],
          working_dir: '${path.module}',
          command: 'run-on-apply',
          environment: {
            CLOUDCASA_API_URL: '${var.cloudcasa_api_url}',
            CLOUDCASA_DEFINITION_KIND: 'kubebackups',
            CLOUDCASA_DEFINITION_ID: `\${element(split("/", restful_resource.${id}.id), 1)}`,
            CLOUDCASA_RETAIN_DAYS: '3',
            CLOUDCASA_RUN_TIMEOUT: '3600s',
          },
        },
      }],
    });
    expect(JSON.stringify(data)).not.toMatch(/_etag|api_key/);
    expect(kb.runOnApplyResource).toBeDefined();
  });

  test('run on apply uses the default CLI command and defaults', () => {
    const { stack, cluster, provider } = setup();
    new KubeBackup(stack, 'Adhoc', { cluster, trigger: Trigger.adhoc(), runOnApply: true });
    const exec = only(synthJson(stack), 'terraform_data').provisioner[0]['local-exec'];
    expect(exec.interpreter).toEqual(provider.cliProgram);
    expect(exec.command).toBe('run-on-apply');
    expect(exec.environment).toMatchObject({ CLOUDCASA_RETAIN_DAYS: '7', CLOUDCASA_RUN_TIMEOUT: '1800s' });
  });

  test('a new cluster replaces the definition: by the planned body, and by the id of a KubeCluster of the stack', () => {
    const { stack, cluster } = setup();
    new KubeBackup(stack, 'ByLookup', { cluster, trigger: Trigger.adhoc() });
    const own = new KubeCluster(stack, 'Own', { clusterName: 'own' });
    new KubeBackup(stack, 'OnOwn', { cluster: own, trigger: Trigger.adhoc() });
    const json = synthJson(stack);
    const resources = json.resource.restful_resource;
    const ids = Object.keys(resources);
    const byLookup = resources[ids.find((i) => i.startsWith('ByLookup'))!];
    const onOwn = resources[ids.find((i) => i.startsWith('OnOwn'))!];
    const ownId = ids.find((i) => i.startsWith('Own'))!;
    expect(byLookup.force_new_attrs).toEqual(['cluster']);
    expect(byLookup.lifecycle).toBeUndefined();
    expect(onOwn.force_new_attrs).toEqual(['cluster']);
    // the id, which changes only when the cluster is re-created (an update keeps it), as a bare address
    expect(onOwn.lifecycle).toEqual({ replace_triggered_by: [`restful_resource.${ownId}.id`] });
  });

  test('warns when run-on-apply options are set without runOnApply', () => {
    const { stack, cluster } = setup();
    new KubeBackup(stack, 'B', { cluster, trigger: Trigger.adhoc(), runOnApplyRetention: Duration.days(2) });
    const warnings = stack.node.findAll().flatMap((c) => c.node.metadata).filter((m) => m.type === '@cdktf/warn');
    expect(warnings.map((w) => w.data)).toEqual([expect.stringMatching(/test\/B: 'runOnApplyRetention' and 'runOnApplyTimeout' have no effect/)]);
  });

  test('importSpec and fromBackupId', () => {
    expect(JSON.parse(KubeBackup.importSpec('5f61'))).toEqual({
      id: 'kubebackups/5f61',
      path: 'kubebackups',
      body: { name: null, cluster: null, trigger_type: null, policy: null, source: null, pre_hooks: null, post_hooks: null, pause: null, tags: null },
    });
    const { stack } = setup();
    expect(KubeBackup.fromBackupId(stack, 'Old', '5f61').backupId).toBe('5f61');
    expect(() => KubeBackup.fromBackupId(stack, 'Bad', '')).toThrow(/test\/Bad: 'backupId' must be a non-empty CloudCasa id/);
  });

  test('fails without a trigger', () => {
    const { stack, cluster } = setup();
    expect(() => new KubeBackup(stack, 'B', { cluster } as any)).toThrow(
      /test\/B: 'trigger' is required; got undefined\. Pass Trigger\.adhoc\(\).*or Trigger\.scheduled\(policy\)/,
    );
  });

  test('fails for Trigger.scheduled without a policy', () => {
    const { stack, cluster } = setup();
    expect(() => new KubeBackup(stack, 'B', { cluster, trigger: Trigger.scheduled(undefined as any) })).toThrow(
      /Trigger\.scheduled\(\): 'policy' is required for a SCHEDULED trigger; got undefined/,
    );
  });

  test('fails without a cluster', () => {
    const { stack } = setup();
    expect(() => new KubeBackup(stack, 'B', { trigger: Trigger.adhoc() } as any)).toThrow(/test\/B: 'cluster' is required; got undefined/);
  });

  test('fails for runOnApply on a SCHEDULED backup', () => {
    const { stack, cluster, policy } = setup();
    expect(() => new KubeBackup(stack, 'B', { cluster, trigger: Trigger.scheduled(policy), runOnApply: true })).toThrow(
      /test\/B: 'runOnApply' is only allowed on ADHOC backups, but the trigger is SCHEDULED; got true/,
    );
  });

  test('fails for run-on-apply durations out of range', () => {
    const { stack, cluster } = setup();
    expect(() => new KubeBackup(stack, 'B', { cluster, trigger: Trigger.adhoc(), runOnApply: true, runOnApplyRetention: Duration.hours(12) }))
      .toThrow(/test\/B: 'runOnApplyRetention' must be a whole number of days, at least 1; got "12 hours"\. Use Duration\.days\(n\) with n >= 1/);
    expect(() => new KubeBackup(stack, 'C', { cluster, trigger: Trigger.adhoc(), runOnApply: true, runOnApplyTimeout: Duration.seconds(0) }))
      .toThrow(/test\/C: 'runOnApplyTimeout' must be a whole number of seconds, at least 1; got "0 seconds"/);
  });

  test('fails for an empty name', () => {
    const { stack, cluster } = setup();
    expect(() => new KubeBackup(stack, 'B', { cluster, trigger: Trigger.adhoc(), backupName: ' ' })).toThrow(
      /test\/B: 'backupName' must be a non-empty string; got " "/,
    );
  });

  test('default name follows the construct path', () => {
    const { stack, cluster } = setup();
    const team = new Construct(stack, 'Team A');
    expect(new KubeBackup(team, 'Nightly', { cluster, trigger: Trigger.adhoc() }).backupName).toBe('Team-A-Nightly');
  });
});
