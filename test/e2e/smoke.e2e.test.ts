/**
 * Smoke test of the real-engine harness: a one-resource magodo/restful stack against a throwaway HTTP
 * server on port 0 applies, re-plans empty, updates with If-Match, and destroys, on Terraform and OpenTofu.
 */
import * as crypto from 'node:crypto';
import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import { describeWithEngine, ENGINES } from './engines';
import { EngineWorkdir, pendingChanges } from './harness';

interface Doc { _id: string; _etag: string; [k: string]: unknown }

/** A minimal etag-checking JSON store: just enough for the provider; the real emulator is lib/emulator. */
function startThrowawayServer() {
  const docs = new Map<string, Doc>();
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      requests.push(`${req.method} ${req.url} if-match=${req.headers['if-match'] ?? '-'}`);
      const send = (code: number, body?: unknown) => {
        res.writeHead(code, { 'content-type': 'application/json' });
        res.end(body === undefined ? undefined : JSON.stringify(body));
      };
      if (req.headers.authorization !== 'Bearer smoke-key') return send(401, { _status: 'ERR' });
      const m = /^\/api\/v1\/things(?:\/([a-f0-9]{24}))?$/.exec(req.url ?? '');
      if (!m) return send(404, { _status: 'ERR' });
      const id = m[1];
      const etag = () => crypto.randomBytes(20).toString('hex');
      if (!id && req.method === 'POST') {
        const doc: Doc = { ...JSON.parse(raw), _id: crypto.randomBytes(12).toString('hex'), _etag: etag() };
        docs.set(doc._id, doc);
        return send(201, doc);
      }
      const doc = id ? docs.get(id) : undefined;
      if (!doc) return send(404, { _status: 'ERR' });
      if (req.method === 'GET') return send(200, doc);
      if (!req.headers['if-match']) return send(428, { _status: 'ERR' });
      if (String(req.headers['if-match']).replace(/"/g, '') !== doc._etag) return send(412, { _status: 'ERR' });
      if (req.method === 'PATCH') { Object.assign(doc, JSON.parse(raw), { _etag: etag() }); return send(200, doc); }
      if (req.method === 'DELETE') { docs.delete(doc._id); return send(204); }
      return send(405, { _status: 'ERR' });
    });
  });
  return new Promise<{ url: string; docs: Map<string, Doc>; requests: string[]; close: () => Promise<void> }>((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ url: `http://127.0.0.1:${port}/api/v1`, docs, requests, close: () => new Promise((r) => server.close(() => r())) });
    });
  });
}

function stack(baseUrl: string, size: number, restfulVersion: string) {
  return {
    terraform: { required_providers: { restful: { source: 'magodo/restful', version: restfulVersion } } },
    variable: { api_key: { type: 'string', sensitive: true } },
    provider: { restful: [{ base_url: baseUrl, security: { http: { token: { token: '${var.api_key}' } } } }] },
    resource: {
      restful_resource: {
        thing: {
          path: 'things',
          read_path: '$(path)/$(body._id)',
          body: { name: 'smoke', size },
          update_method: 'PATCH',
          update_header: { 'If-Match': '$(body._etag)' },
          delete_header: { 'If-Match': '$(body._etag)' },
        },
      },
    },
  };
}

for (const engine of ENGINES) {
  describeWithEngine(engine, 'smoke: one restful resource', (bin, manifest) => {
    test('applies, re-plans empty, updates with If-Match, re-creates after an out-of-band delete, destroys', async () => {
      const server = await startThrowawayServer();
      const wd = EngineWorkdir.fromJson(engine, bin, manifest, stack(server.url, 1, manifest.versions.restful), { TF_VAR_api_key: 'smoke-key' });
      try {
        // eslint-disable-next-line no-console
        console.log(`smoke: ${await wd.version()} with magodo/restful ${manifest.versions.restful}`);
        await wd.init();
        await wd.apply();
        expect([...server.docs.values()].map(d => ({ name: d.name, size: d.size }))).toEqual([{ name: 'smoke', size: 1 }]);
        expect(pendingChanges(await wd.plan())).toEqual([]);

        wd.writeJson(stack(server.url, 2, manifest.versions.restful));
        await wd.apply();
        expect([...server.docs.values()][0].size).toBe(2);
        expect(server.requests.filter(r => r.startsWith('PATCH') && r.endsWith('if-match=-'))).toEqual([]);

        // Deleted behind the engine's back: the next plan must re-create it, not fail. (restful >= 0.24
        // records resource identity, which engines without identity support were feared to reject.)
        server.docs.clear();
        const replan = pendingChanges(await wd.plan());
        expect(replan.map(c => c.change.actions)).toEqual([['create']]);
        await wd.apply();
        expect(server.docs.size).toBe(1);

        await wd.destroy();
        expect(server.docs.size).toBe(0);
        // The API key travels only in the Authorization header: never in the state.
        expect(JSON.stringify(await wd.show())).not.toContain('smoke-key');
        // eslint-disable-next-line no-console
        console.log(`smoke: ${engine} ok: ${wd.log.join('; ')}`);
      } finally {
        wd.cleanup();
        await server.close();
      }
    });
  });
}
