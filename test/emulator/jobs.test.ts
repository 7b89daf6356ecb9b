import { basics, Client, createBackup, start, waitFor } from './helpers';
import { Emulator } from '../../lib/emulator';

describe('action/run and jobs', () => {
  let em: Emulator;
  let c: Client;
  let clusterId: string;
  let policyId: string;

  beforeAll(async () => {
    ({ em, c } = await start({ jobPendingMs: 30, jobRunningMs: 60 }));
    ({ clusterId, policyId } = await basics(em, c));
  });
  afterAll(() => em.close());

  const run = (coll: string, id: string, body: unknown = { retention: { retainDays: 5 }, runBackup: true }) =>
    c.post(`/${coll}/${id}/action/run`, body);

  test('run returns the definition with the previous last_job_run_time; the job is findable at once', async () => {
    // Its own emulator, whose one job stays PENDING for an hour however slow the machine is (an explicit step,
    // not a race), so the shared emulator's waitForJobs() in later tests is not held up by it.
    const own = await start({ jobPendingMs: 3_600_000 });
    const { clusterId: ownCluster } = await basics(own.em, own.c, '-held');
    try {
      await heldRun(own.c, ownCluster);
    } finally {
      await own.em.close();
    }
  });

  async function heldRun(hc: Client, hClusterId: string) {
    const kb = await createBackup(hc, hClusterId);
    const r = await hc.post(`/kubebackups/${kb._id}/action/run`, { retention: { retainDays: 5 }, runBackup: true });
    expect(r.status).toBe(200);
    expect(r.body._id).toBe(kb._id);
    // a definition that never ran has no status (KB sample); the provider's lower bound is then 0
    expect(r.body.status).toBeUndefined();
    expect(r.body._links.self.href).toBe(`/v1/kubebackups/${kb._id}`);
    // the provider's lookup: backupdef + start_time > previous last_job_run_time, newest first
    const where = { backupdef: kb._id, start_time: { $gt: r.body.status?.last_job_run_time ?? 0 }, type: { $nin: ['DELETE_BACKUP', 'AGENT_UPDATE'] } };
    const jobs = await hc.where('jobs', where, '&sort=-start_time&page=1&max_results=5');
    expect(jobs.body._items).toHaveLength(1);
    const job = jobs.body._items[0];
    expect(job).toMatchObject({
      state: 'PENDING',
      type: 'K8S_SNAP',
      backupdef: kb._id,
      backupdef_name: kb.name,
      cluster: hClusterId,
      cluster_name: 'cluster-held',
      retention: { retainDays: 5, numAlwaysRetain: 0 },
      kube_snapshot_progress: { total_pvs: 1, pending_pvs: 1, active_pvs: 0, completed_pvs: 0, failed_pvs: 0, skipped_pvs: 0 },
    });
    expect(Number.isInteger(job.start_time)).toBe(true);
    for (const k of ['_id', 'name', 'display_type', 'display_name', 'phase', 'activity', '_etag', '_created', '_updated']) {
      expect(job).toHaveProperty(k);
    }
    // the JOB capture of a running job has neither: they come with the end
    expect(job).not.toHaveProperty('message');
    expect(job).not.toHaveProperty('end_time');
    // the definition's status now shows the run, with a new etag
    const def = await hc.get(`/kubebackups/${kb._id}`);
    expect(def.body.status.last_job_run_time).toBe(job.start_time);
    expect(def.body.status.jobs[0]).toEqual({ jobid: job._id, state: 'PENDING' });
    expect(def.body._etag).not.toBe(kb._etag);
    expect((await hc.where('jobs', { backupdef_name: kb.name })).body._meta.total).toBe(1);
  }

  test('a job moves PENDING → RUNNING → COMPLETED, each change a new etag, and leaves a READY backupinstance', async () => {
    const kb = await createBackup(c, clusterId);
    await run('kubebackups', kb._id);
    const job = em.collection('jobs').find((j) => j.backupdef === kb._id);
    const seen = new Set<string>();
    const etags = new Set<string>();
    await waitFor(async () => {
      const j = (await c.get(`/jobs/${job._id}`)).body;
      seen.add(j.state);
      etags.add(j._etag);
      return j.state === 'COMPLETED' ? j : undefined;
    });
    expect(seen.has('COMPLETED')).toBe(true);
    const done = em.document('jobs', job._id);
    // every transition is recorded (polling alone could miss the short RUNNING phase on a loaded machine)
    expect(done.activity.map((a: string) => a.split(' ')[1])).toEqual(['Job', 'RUNNING', 'COMPLETED']);
    expect(done._etag).not.toBe(job._etag);
    expect(done.end_time).toBeGreaterThanOrEqual(done.start_time);
    expect(done.kube_snapshot_progress.completed_pvs).toBe(1);
    const def = em.document('kubebackups', kb._id);
    expect(def.status.jobs[0]).toEqual({ jobid: job._id, state: 'COMPLETED', message: '' });
    const bi = (await c.where('backupinstances', { state: 'READY', backupdef: kb._id })).body._items;
    expect(bi).toHaveLength(1);
    expect(bi[0]).toMatchObject({ type: 'SNAPSHOT', backup_selection: { namespaces: ['app'] }, retention: { retainDays: 5 } });
    expect(bi[0].expiry_timestamp).toBe(done.end_time + 5 * 86400);
  });

  test.each([
    ['FAILED', 'volume snapshot timed out'],
    ['PARTIAL', undefined],
    ['SKIPPED', undefined],
    ['CANCELLED', 'cancelled by user'],
  ] as const)('a scripted %s outcome is reached with its message', async (state, message) => {
    const kb = await createBackup(c, clusterId);
    em.scriptJob(kb.name, { state, message, pendingMs: 5, runningMs: 5 });
    await run('kubebackups', kb._id);
    const job = await waitFor(() => em.collection('jobs').find((j) => j.backupdef === kb._id && j.state === state));
    expect(job.message).toBe(message ?? ((state as string) === 'FAILED' ? 'Job failed' : ''));
    expect(em.document('kubebackups', kb._id).status.jobs[0]).toMatchObject({ jobid: job._id, state });
    const instances = em.collection('backupinstances').filter((b) => b.backupdef === kb._id);
    expect(instances).toHaveLength(state === 'PARTIAL' ? 1 : 0);
  });

  test('a once script applies to one run only; scripting by id works', async () => {
    const kb = await createBackup(c, clusterId);
    em.scriptJob(kb._id, { state: 'FAILED', once: true, pendingMs: 1, runningMs: 1 });
    await run('kubebackups', kb._id);
    await em.waitForJobs();
    await run('kubebackups', kb._id);
    await em.waitForJobs();
    const states = em.collection('jobs').filter((j) => j.backupdef === kb._id).sort((a, b) => a.start_time - b.start_time).map((j) => j.state);
    expect(states).toEqual(['FAILED', 'COMPLETED']);
  });

  test('start_time is strictly increasing and status.jobs keeps the newest three', async () => {
    const kb = await createBackup(c, clusterId);
    em.scriptJob(kb._id, { state: 'COMPLETED', pendingMs: 1, runningMs: 1 });
    const previous: number[] = [];
    for (let i = 0; i < 4; i++) {
      const r = await run('kubebackups', kb._id);
      previous.push(r.body.status?.last_job_run_time ?? 0);
    }
    await em.waitForJobs();
    const jobs = em.collection('jobs').filter((j) => j.backupdef === kb._id).sort((a, b) => b.start_time - a.start_time);
    expect(new Set(jobs.map((j) => j.start_time)).size).toBe(4);
    // each run response shows the last_job_run_time from before that run
    expect(previous).toEqual([0, ...jobs.slice(1).reverse().map((j) => j.start_time)]);
    expect(em.document('kubebackups', kb._id).status.jobs.map((j: any) => j.jobid)).toEqual(jobs.slice(0, 3).map((j) => j._id));
  });

  test('a kubeoffload run is recorded under the kubebackup id, typed K8S_SNAP as the only captured type, and leaves a COPY instance', async () => {
    const kb = await createBackup(c, clusterId);
    const off = (await c.post('/kubeoffloads', { name: `${kb.name}-copy`, backupdef: kb._id, trigger_type: 'ADHOC' })).body;
    const r = await run('kubeoffloads', off._id, { retention: { retainDays: 7 }, runBackup: false });
    expect(r.status).toBe(200);
    expect(r.body._id).toBe(off._id);
    expect(r.body.backupdef).toBe(kb._id);
    await em.waitForJobs();
    const job = em.collection('jobs').find((j) => j.backupdef === kb._id);
    expect(job).toMatchObject({ type: 'K8S_SNAP', state: 'COMPLETED', backupdef_name: kb.name, message: '' });
    expect(job.end_time).toBeGreaterThanOrEqual(job.start_time);
    expect(job.kube_copy_progress).toMatchObject({ total_pvs: 1, completed_pvs: 1 });
    expect(em.document('kubeoffloads', off._id).status.jobs[0].jobid).toBe(job._id);
    expect(em.collection('backupinstances').find((b) => b.backupdef === kb._id).type).toBe('COPY');
  });

  test('run body validation: retainDays must be an int >= 1 and unknown fields are 422; missing definition is 404', async () => {
    const kb = await createBackup(c, clusterId);
    const r = await run('kubebackups', kb._id, { retention: { retainDays: 0 }, runBackup: 'yes', extra: 1 });
    expect(r.status).toBe(422);
    expect(r.body._issues).toEqual({ retention: { retainDays: 'min value is 1' }, runBackup: 'must be of boolean type', extra: 'unknown field' });
    expect((await run('kubebackups', kb._id, { retention: { retainDays: 'x' } })).body._issues).toEqual({ retention: { retainDays: 'must be of integer type' } });
    expect((await run('kubebackups', 'eeeeeeeeeeeeeeeeeeeeeeee')).status).toBe(404);
    expect((await c.get(`/kubebackups/${kb._id}/action/run`)).status).toBe(405);
    expect((await c.post(`/policies/${policyId}/action/run`, {})).status).toBe(404);
  });

  test('tickSchedules runs SCHEDULED definitions whose policy matches the minute in its timezone, skipping paused ones', async () => {
    const tz = await c.post('/policies', {
      name: 'ny-0030', timezone: 'America/New_York', schedules: [{ retainDays: 9, schedule: { cronSpec: '30 0 * * MON,WED,FRI' } }],
    });
    const active = await createBackup(c, clusterId, { trigger_type: 'SCHEDULED', policy: tz.body._id });
    const paused = await createBackup(c, clusterId, { trigger_type: 'SCHEDULED', policy: tz.body._id });
    const p = await c.patch(`/kubebackups/${paused._id}`, { pause: true }, paused._etag);
    expect(p.body.pause).toBe(true);
    await createBackup(c, clusterId, { trigger_type: 'SCHEDULED', policy: policyId }); // UTC 00:30 policy: no match at 05:30 UTC
    // Monday 2024-01-01 00:30 in New York = 05:30 UTC
    expect(await em.tickSchedules(new Date('2024-01-01T05:31:00Z'))).toEqual([]);
    const started = await em.tickSchedules(new Date('2024-01-01T05:30:20Z'));
    expect(started).toEqual([active._id]);
    // the same minute does not fire twice
    expect(await em.tickSchedules(new Date('2024-01-01T05:30:40Z'))).toEqual([]);
    const job = em.collection('jobs').find((j) => j.backupdef === active._id);
    expect(job.retention.retainDays).toBe(9);
    // Tuesday does not match
    expect(await em.tickSchedules(new Date('2024-01-02T05:30:00Z'))).toEqual([]);
    await em.waitForJobs();
  });
});
