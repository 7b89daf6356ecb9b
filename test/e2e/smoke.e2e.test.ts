/**
 * Smoke test of the real-engine harness: a one-resource magodo/restful stack against a throwaway HTTP
 * server on port 0 applies, re-plans empty, updates with If-Match, and destroys, on Terraform and OpenTofu.
 */
import { describeWithEngine, ENGINES } from './engines';
import { EngineWorkdir, pendingChanges } from './harness';
import { startThrowawayServer } from './throwaway-server';

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
