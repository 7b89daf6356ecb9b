import { Testing } from 'cdktf';
import { all, makeStack, synthJson, WRITE_HEADERS } from './util';
import {
  Duration, KubeBackup, KubeCluster, KubeOffload, ObjectStore, OffloadTarget, Policy, Schedule, Trigger, TriggerType,
} from '../../lib';

function setup() {
  const { stack } = makeStack();
  const cluster = KubeCluster.fromClusterId(stack, 'Cluster', 'c0ffee');
  const policy = new Policy(stack, 'Nightly', { schedules: [{ schedule: Schedule.daily({ hour: 1 }), retention: Duration.days(30) }] });
  const backup = new KubeBackup(stack, 'Apps', { cluster, trigger: Trigger.adhoc() });
  return { stack, cluster, policy, backup };
}

function ids(json: any) {
  const keys = Object.keys(all(json, 'restful_resource'));
  return { backup: keys.find((k) => k.startsWith('Apps_'))!, offload: keys.find((k) => k.startsWith('Copy_'))! };
}

describe('KubeOffload', () => {
  test('default configuration', () => {
    // GIVEN
    const { stack, backup, policy } = setup();
    // WHEN
    const copy = new KubeOffload(stack, 'Copy', { backup, target: OffloadTarget.provider('aws', 'us-east-2'), trigger: Trigger.scheduled(policy) });
    // THEN
    const json = synthJson(stack);
    const id = ids(json);
    expect(all(json, 'restful_resource')[id.offload]).toEqual({
      path: 'kubeoffloads',
      read_path: '$(path)/$(body._id)',
      update_method: 'PUT',
      update_body_patches: expect.any(Array),
      update_header: WRITE_HEADERS,
      delete_header: WRITE_HEADERS,
      body: {
        name: 'Copy',
        backupdef: `\${element(split("/", restful_resource.${id.backup}.id), 1)}`,
        trigger_type: 'SCHEDULED',
        policy: expect.stringMatching(/^\$\{element\(split\("\/", restful_resource\.Nightly_[0-9A-F]+\.id\), 1\)\}$/),
        delete_snapshots: true,
        // a scheduled copy snapshots first by default, as CloudCasa's provider always asks
        run_backup: true,
        offload_provider: { type: 'aws', region: 'us-east-2' },
      },
    });
    expect(copy).toMatchObject({ deleteSnapshots: true, runBackup: true, triggerType: TriggerType.SCHEDULED });
  });

  test('runBackup defaults to false for an ADHOC copy (CloudCasa honours it only for scheduled ones)', () => {
    const { stack, backup } = setup();
    const copy = new KubeOffload(stack, 'Manual', { backup, target: OffloadTarget.provider('aws', 'us-east-2'), trigger: Trigger.adhoc() });
    expect(copy.runBackup).toBe(false);
    expect(all(synthJson(stack), 'restful_resource')[Object.keys(all(synthJson(stack), 'restful_resource')).find((k) => k.startsWith('Manual_'))!].body.run_backup).toBe(false);
  });

  test('run on apply: the copy runs through the CLI after its link is written, with a fresh snapshot', () => {
    const { stack, backup } = setup();
    const copy = new KubeOffload(stack, 'Copy', {
      backup,
      target: OffloadTarget.provider('aws', 'us-east-2'),
      trigger: Trigger.adhoc(),
      runOnApply: true,
      runOnApplyRetention: Duration.days(3),
      runOnApplyTimeout: Duration.minutes(10),
    });
    const json = synthJson(stack);
    const { offload } = ids(json);
    const data = all(json, 'terraform_data');
    const run = data[Object.keys(data).find((k) => k.startsWith('Copy_RunOnApply'))!];
    // the body as a JSON template: Terraform interpolates the backup's id into it
    expect(run.triggers_replace[1]).toContain('"trigger_type":"ADHOC"');
    expect(run.triggers_replace[1]).toContain('"backupdef":"${element(split(');
    expect(run.triggers_replace[0]).toBe(`\${restful_resource.${offload}.id}`);
    expect(run.depends_on).toEqual([`terraform_data.${Object.keys(data).find((k) => k.startsWith('cloudcasa_copydef_links'))}`]);
    expect(run.provisioner[0]['local-exec']).toMatchObject({
      command: 'run-on-apply',
      environment: {
        CLOUDCASA_DEFINITION_KIND: 'kubeoffloads',
        CLOUDCASA_DEFINITION_ID: `\${element(split("/", restful_resource.${offload}.id), 1)}`,
        CLOUDCASA_RETAIN_DAYS: '3',
        CLOUDCASA_RUN_TIMEOUT: '600s',
        CLOUDCASA_RUN_BACKUP: 'true',
      },
    });
    expect(copy.runOnApply).toBe(true);
    expect(copy.runOnApplyResource).toBeDefined();
    // the run asks for the snapshot; the definition's own run_backup keeps its ADHOC default, with no warning
    expect(all(json, 'restful_resource')[offload].body.run_backup).toBe(false);
    expect(stack.node.findAll().flatMap((c) => c.node.metadata).filter((m) => m.type === '@cdktf/warn')).toEqual([]);
  });

  test('run on apply: runBackup false copies the latest snapshot; a run-on-apply backup runs first', () => {
    const { stack, cluster } = setup();
    const adhoc = new KubeBackup(stack, 'Fresh', { cluster, trigger: Trigger.adhoc(), runOnApply: true });
    new KubeOffload(stack, 'Copy', { backup: adhoc, target: OffloadTarget.provider('aws', 'us-east-2'), trigger: Trigger.adhoc(), runOnApply: true, runBackup: false });
    const data = all(synthJson(stack), 'terraform_data');
    const key = (p: string) => Object.keys(data).find((k) => k.startsWith(p))!;
    const run = data[key('Copy_RunOnApply')];
    expect(run.provisioner[0]['local-exec'].environment.CLOUDCASA_RUN_BACKUP).toBe('false');
    expect(run.depends_on).toEqual([`terraform_data.${key('cloudcasa_copydef_links')}`, `terraform_data.${key('Fresh_RunOnApply')}`]);
  });

  test('run on apply: the same rules as KubeBackup', () => {
    const { stack, backup, policy } = setup();
    const target = OffloadTarget.provider('aws', 'us-east-2');
    expect(() => new KubeOffload(stack, 'Sched', { backup, target, trigger: Trigger.scheduled(policy), runOnApply: true }))
      .toThrow(/test\/Sched: 'runOnApply' is only allowed on ADHOC backups, but the trigger is SCHEDULED; got true/);
    expect(() => new KubeOffload(stack, 'Half', { backup, target, trigger: Trigger.adhoc(), runOnApply: true, runOnApplyRetention: Duration.hours(5) }))
      .toThrow(/test\/Half: 'runOnApplyRetention'/);
    const { stack: s2, backup: b2 } = setup();
    new KubeOffload(s2, 'Quiet', { backup: b2, target, trigger: Trigger.adhoc(), runOnApplyTimeout: Duration.minutes(1) });
    const warnings = s2.node.findAll().flatMap((c) => c.node.metadata).filter((m) => m.type === '@cdktf/warn').map((w) => w.data);
    expect(warnings).toEqual([expect.stringMatching(/test\/Quiet: 'runOnApplyRetention' and 'runOnApplyTimeout' have no effect/)]);
    expect(Object.keys(all(synthJson(s2), 'terraform_data')).filter((k) => k.includes('RunOnApply'))).toEqual([]);
  });

  test('copydef back-link: one writer for the stack', () => {
    const { stack, backup, policy } = setup();
    const copy = new KubeOffload(stack, 'Copy', { backup, target: OffloadTarget.provider('aws', 'us-east-2'), trigger: Trigger.scheduled(policy) });
    const json = synthJson(stack);
    const id = ids(json);
    // The link is written by the CLI on apply (a PATCH with a just-read etag), re-run when either id changes.
    expect(json.resource.restful_operation).toBeUndefined();
    expect(Object.keys(json.resource.terraform_data)).toEqual(['cloudcasa_copydef_links']);
    const link = json.resource.terraform_data.cloudcasa_copydef_links;
    const offloadId = `element(split("/", restful_resource.${id.offload}.id), 1)`;
    const backupId = `element(split("/", restful_resource.${id.backup}.id), 1)`;
    expect(link).toEqual({
      // restful ids only: stable across in-place updates, so an update of a policy or a backup links nothing
      triggers_replace: [`\${${offloadId}}:\${${backupId}}`],
      lifecycle: {
        precondition: [{
          condition: `\${can(regex("^[0-9a-f]{24}$", ${offloadId}))}`,
          error_message: 'The API returned an _id for test/Copy that is not a 24-hex ObjectId; refusing to use it.',
        }, {
          condition: `\${can(regex("^[0-9a-f]{24}$", ${backupId}))}`,
          error_message: 'The API returned an _id for the backup of test/Copy that is not a 24-hex ObjectId; refusing to use it.',
        }],
      },
      provisioner: [{
        'local-exec': {
          interpreter: ['npx', 'cdktf-cloudcasa'],
          working_dir: '${path.module}',
          command: 'link-offloads',
          environment: {
            CLOUDCASA_API_URL: '${var.cloudcasa_api_url}',
            CLOUDCASA_LINKS: `\${${offloadId}}:\${${backupId}}`,
          },
        },
      }],
    });
    expect(JSON.stringify(link)).not.toMatch(/_etag|output/);
    expect(copy.copydefLink).toBe(stack.node.findChild('CloudCasa').node.findChild('CopydefLinks'));
  });

  test('every copy of the stack shares the writer; past 500 links a second one takes the rest', () => {
    const { stack, cluster, policy } = setup();
    const copies: KubeOffload[] = [];
    for (let i = 0; i < 501; i++) {
      const b = new KubeBackup(stack, `B${i}`, { cluster, trigger: Trigger.adhoc() });
      copies.push(new KubeOffload(stack, `C${i}`, { backup: b, target: OffloadTarget.provider('aws', 'us-east-2'), trigger: Trigger.scheduled(policy) }));
    }
    const data = synthJson(stack).resource.terraform_data;
    expect(Object.keys(data).sort()).toEqual(['cloudcasa_copydef_links', 'cloudcasa_copydef_links_2']);
    const first = data.cloudcasa_copydef_links;
    expect(first.triggers_replace).toHaveLength(500);
    expect(first.lifecycle.precondition).toHaveLength(1000);
    // the same pairs, comma-separated (the ids Terraform substitutes contain no comma)
    expect(first.provisioner[0]['local-exec'].environment.CLOUDCASA_LINKS).toBe(first.triggers_replace.join(','));
    expect(data.cloudcasa_copydef_links_2.triggers_replace).toHaveLength(1);
    expect(copies[499].copydefLink).not.toBe(copies[500].copydefLink);
    expect(copies[0].copydefLink).toBe(copies[499].copydefLink);
  });

  test('a copy of a backup from outside the app writes no link (and says so)', () => {
    const { stack, policy } = setup();
    const copy = new KubeOffload(stack, 'Copy', {
      backup: KubeBackup.fromBackupId(stack, 'Elsewhere', '5f612ac2a47691eb08e77904'),
      target: OffloadTarget.provider('aws', 'us-east-2'),
      trigger: Trigger.scheduled(policy),
    });
    expect(copy.copydefLink).toBeUndefined();
    expect(synthJson(stack).resource.terraform_data).toBeUndefined();
  });

  test('custom configuration', () => {
    // GIVEN
    const { stack, backup } = setup();
    const store = new ObjectStore(stack, 'Bucket', { bucketName: 'backups', region: 'eu-west-1' });
    // WHEN
    new KubeOffload(stack, 'Copy', {
      offloadName: 'apps-copy',
      backup,
      target: OffloadTarget.objectStore(store),
      trigger: Trigger.adhoc(),
      deleteSnapshots: false,
      runBackup: false,
      pvcParallelism: 2,
      totalFileParallelism: 8,
      uploadSpeedLimit: 1048576,
      downloadSpeedLimit: 2097152,
      moverMemoryLimit: '2Gi',
      moverReadyTimeout: Duration.minutes(20),
      preserveNodePorts: true,
      extraOptions: { azure_files_restore_options: { method: 'CSI_DRIVER' } },
    });
    // THEN
    expect(Testing.synth(stack)).toMatchSnapshot();
    const json = synthJson(stack);
    const body = all(json, 'restful_resource')[ids(json).offload].body;
    expect(body).toEqual({
      name: 'apps-copy',
      backupdef: expect.any(String),
      trigger_type: 'ADHOC',
      delete_snapshots: false,
      run_backup: false,
      offload_provider: { user_objectstore: expect.stringMatching(/^\$\{element\(split\("\/", restful_resource\.Bucket_[0-9A-F]+\.id\), 1\)\}$/) },
      options: {
        pvc_parallelism: 2,
        total_file_parallelism: 8,
        upload_speed_limit: 1048576,
        download_speed_limit: 2097152,
        mover_memory_limit: '2Gi',
        mover_ready_timeout: '20m',
        preserve_node_ports: true,
        azure_files_restore_options: { method: 'CSI_DRIVER' },
      },
    });
    expect(body.cluster).toBeUndefined();
  });

  test('an imported backup gets no copydef link', () => {
    const { stack, policy } = setup();
    const backup = KubeBackup.fromBackupId(stack, 'Old', '5f61');
    new KubeOffload(stack, 'Copy', { backup, target: OffloadTarget.provider('aws', 'us-east-1'), trigger: Trigger.scheduled(policy) });
    const json = synthJson(stack);
    expect(json.resource.terraform_data).toBeUndefined();
    expect(all(json, 'restful_resource')[ids(json).offload].body.backupdef).toBe('5f61');
  });

  test('warns when both the backup and the copy are scheduled', () => {
    const { stack, cluster, policy } = setup();
    const scheduled = new KubeBackup(stack, 'Sched', { cluster, trigger: Trigger.scheduled(policy) });
    new KubeOffload(stack, 'Copy', { backup: scheduled, target: OffloadTarget.provider('aws', 'us-east-1'), trigger: Trigger.scheduled(policy) });
    const warnings = stack.node.findAll().flatMap((c) => c.node.metadata).filter((m) => m.type === '@cdktf/warn').map((m) => m.data);
    expect(warnings).toEqual([expect.stringMatching(/test\/Copy: both the backup test\/Sched and this copy are SCHEDULED/)]);
  });

  test('importSpec', () => {
    expect(JSON.parse(KubeOffload.importSpec('x1'))).toMatchObject({ id: 'kubeoffloads/x1', path: 'kubeoffloads' });
  });

  test('fails without a trigger or with a scheduled trigger without policy', () => {
    const { stack, backup } = setup();
    const target = OffloadTarget.provider('aws', 'us-east-1');
    expect(() => new KubeOffload(stack, 'A', { backup, target } as any)).toThrow(/test\/A: 'trigger' is required; got undefined/);
    expect(() => new KubeOffload(stack, 'B', { backup, target, trigger: Trigger.scheduled(undefined as any) })).toThrow(
      /Trigger\.scheduled\(\): 'policy' is required for a SCHEDULED trigger; got undefined/,
    );
  });

  test('fails without a backup or target', () => {
    const { stack, backup } = setup();
    expect(() => new KubeOffload(stack, 'A', { target: OffloadTarget.provider('aws', 'x'), trigger: Trigger.adhoc() } as any))
      .toThrow(/test\/A: 'backup' is required; got undefined/);
    expect(() => new KubeOffload(stack, 'B', { backup, trigger: Trigger.adhoc() } as any)).toThrow(/test\/B: 'target' is required; got undefined/);
    expect(() => OffloadTarget.provider('aws', '')).toThrow(/OffloadTarget\.provider\(\): 'region' must be a non-empty string; got ""/);
  });

  test('fails for invalid mover options', () => {
    const { stack, backup } = setup();
    const base = { backup, target: OffloadTarget.provider('aws', 'x'), trigger: Trigger.adhoc() };
    expect(() => new KubeOffload(stack, 'A', { ...base, pvcParallelism: 0 })).toThrow(/test\/A: 'pvcParallelism' must be an integer >= 1; got 0/);
    expect(() => new KubeOffload(stack, 'B', { ...base, moverReadyTimeout: Duration.seconds(0.5) })).toThrow(
      /test\/B: 'moverReadyTimeout' must be a whole number of seconds, at least 1; got "0\.5 seconds"/,
    );
  });
});
