import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { start } from './helpers';

/** fetch whose JSON is typed `any` (Kubernetes payloads). */
async function kfetch(url: string, init?: RequestInit): Promise<{ status: number; json(): Promise<any> }> {
  return fetch(url, init);
}

describe('per-cluster Kubernetes API and kubeconfig', () => {
  test('namespaces are served as a NamespaceList with the cluster token, 401 without it', async () => {
    const { em } = await start({ clusters: [{ name: 'prod', namespaces: ['default', 'app', 'db'] }, { name: 'dev' }] });
    try {
      const kc = em.kubeconfig();
      expect(kc).toMatchObject({ 'apiVersion': 'v1', 'kind': 'Config', 'current-context': 'prod' });
      expect(kc.contexts.map((x: any) => x.name)).toEqual(['prod', 'dev']);
      const prod = kc.clusters.find((x: any) => x.name === 'prod').cluster.server;
      const token = kc.users.find((x: any) => x.name === 'prod').user.token;
      expect(prod).toBe(`${em.origin}/k8s/${em.collection('kubeclusters')[0]._id}`);

      const list = await (await kfetch(`${prod}/api/v1/namespaces`, { headers: { Authorization: `Bearer ${token}` } })).json();
      expect(list.kind).toBe('NamespaceList');
      expect(list.apiVersion).toBe('v1');
      expect(typeof list.metadata.resourceVersion).toBe('string');
      expect(list.items.map((n: any) => n.metadata.name)).toEqual(['app', 'db', 'default']);
      expect(list.items[0].status).toEqual({ phase: 'Active' });
      expect(list.items[0].metadata.uid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(list.items[0].metadata.creationTimestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);

      const unauth = await kfetch(`${prod}/api/v1/namespaces`, { headers: { Authorization: `Bearer ${em.apiKey}` } });
      expect(unauth.status).toBe(401);
      expect((await unauth.json()).kind).toBe('Status');

      const one = await (await kfetch(`${prod}/api/v1/namespaces/db`, { headers: { Authorization: `Bearer ${token}` } })).json();
      expect(one).toMatchObject({ kind: 'Namespace', apiVersion: 'v1', metadata: { name: 'db' } });
      const missing = await kfetch(`${prod}/api/v1/namespaces/nope`, { headers: { Authorization: `Bearer ${token}` } });
      expect(missing.status).toBe(404);
      expect(await missing.json()).toMatchObject({ kind: 'Status', reason: 'NotFound', code: 404, message: 'namespaces "nope" not found' });

      em.setNamespaces('prod', ['only']);
      const after = await (await kfetch(`${prod}/api/v1/namespaces`, { headers: { Authorization: `Bearer ${token}` } })).json();
      expect(after.items.map((n: any) => n.metadata.name)).toEqual(['only']);
      expect(after.metadata.resourceVersion).not.toBe(list.metadata.resourceVersion);

      // tokens are per cluster
      const devToken = kc.users.find((x: any) => x.name === 'dev').user.token;
      expect((await kfetch(`${prod}/api/v1/namespaces`, { headers: { Authorization: `Bearer ${devToken}` } })).status).toBe(401);
    } finally {
      await em.close();
    }
  });

  test('writeKubeconfig writes a JSON (YAML-compatible) file limited to the chosen clusters', async () => {
    const { em } = await start({ clusters: [{ name: 'a' }, { name: 'b' }] });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'emu-kc-'));
    try {
      const file = path.join(dir, 'config');
      const b = em.collection('kubeclusters').find((x) => x.name === 'b');
      em.writeKubeconfig(file, { clusters: [b._id] });
      const cfg = JSON.parse(fs.readFileSync(file, 'utf8'));
      expect(cfg.clusters.map((x: any) => x.name)).toEqual(['b']);
      expect(cfg.contexts[0].context).toEqual({ cluster: 'b', user: 'b' });
      expect(() => em.kubeconfig({ clusters: ['zzz'] })).toThrow(/unknown cluster/);
    } finally {
      await em.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('clusters created through the API get a Kubernetes endpoint with default namespaces', async () => {
    const { em, c } = await start();
    try {
      const r = await c.post('/kubeclusters', { name: 'via-api' });
      const kc = em.kubeconfig({ clusters: ['via-api'] });
      const res = await kfetch(`${kc.clusters[0].cluster.server}/api/v1/namespaces`, { headers: { Authorization: `Bearer ${kc.users[0].user.token}` } });
      expect((await res.json()).items.map((n: any) => n.metadata.name)).toContain('default');
      expect(kc.clusters[0].cluster.server).toContain(r.body._id);
    } finally {
      await em.close();
    }
  });
});

describe('persistence', () => {
  test('documents, etags, jobs and namespaces survive a stop and a restart from dataFile', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'emu-data-'));
    const dataFile = path.join(dir, 'state.json');
    try {
      const first = await start({ dataFile, clusters: [{ name: 'keep', namespaces: ['x', 'y'] }] });
      const cl = first.em.collection('kubeclusters')[0];
      const hook = await first.c.post('/kubehooks', { name: 'persisted', hook_type: 'COMMON', hook: [] });
      const kb = await first.c.post('/kubebackups', { name: 'kb', cluster: cl._id, trigger_type: 'ADHOC', source: { all_namespaces: true } });
      await first.c.post(`/kubebackups/${kb.body._id}/action/run`, { retention: { retainDays: 2 } });
      await first.em.waitForJobs();
      const stored = first.em.document('kubebackups', kb.body._id);
      await first.em.close();
      expect(fs.existsSync(dataFile)).toBe(true);

      const second = await start({ dataFile, clusters: [{ name: 'keep' }] });
      try {
        const got = await second.c.get(`/kubehooks/${hook.body._id}`);
        expect(got.status).toBe(200);
        expect(got.body._etag).toBe(hook.body._etag);
        expect(second.em.document('kubebackups', kb.body._id)).toEqual(stored);
        expect(second.em.collection('jobs')[0].state).toBe('COMPLETED');
        expect(second.em.collection('kubeclusters')).toHaveLength(1);
        // the etag from before the restart still works for a conditional write
        expect((await second.c.put(`/kubehooks/${hook.body._id}`, { name: 'persisted', hook_type: 'COMMON', hook: [], description: 'again' }, hook.body._etag)).status).toBe(200);
        const kc = second.em.kubeconfig();
        const ns = await (await kfetch(`${kc.clusters[0].cluster.server}/api/v1/namespaces`, { headers: { Authorization: `Bearer ${kc.users[0].user.token}` } })).json();
        expect(ns.items.map((n: any) => n.metadata.name)).toEqual(['x', 'y']);
      } finally {
        await second.em.close();
      }
      const third = await start({ dataFile });
      try {
        expect(third.em.document('kubehooks', hook.body._id).description).toBe('again');
      } finally {
        await third.em.close();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('jobs in flight at shutdown finish after a restart', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'emu-data-'));
    const dataFile = path.join(dir, 'state.json');
    try {
      const first = await start({ dataFile, clusters: [{ name: 'k' }], jobPendingMs: 10_000 });
      const cl = first.em.collection('kubeclusters')[0];
      const kb = await first.c.post('/kubebackups', { name: 'kb', cluster: cl._id, trigger_type: 'ADHOC', source: { all_namespaces: true } });
      await first.c.post(`/kubebackups/${kb.body._id}/action/run`, {});
      await first.em.close();
      const second = await start({ dataFile });
      try {
        await second.em.waitForJobs(30_000);
        expect(second.em.collection('jobs')[0].state).toBe('COMPLETED');
        expect(second.em.document('kubebackups', kb.body._id).status.jobs[0].state).toBe('COMPLETED');
      } finally {
        await second.em.close();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
