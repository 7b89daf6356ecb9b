/**
 * The `cdktf deploy` path, offline: cdktf-cli 0.21 driving each engine through TERRAFORM_BINARY_NAME, the
 * filesystem-mirror CLI config, and --skip-provider-lock (without it cdktf runs `providers lock`, which
 * contacts the registry).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describeWithEngine, engineEnv, ENGINES, run } from './engines';
import { startThrowawayServer } from './throwaway-server';

const CDKTF = path.join(__dirname, '..', '..', 'node_modules', '.bin', 'cdktf');

function writeApp(dir: string, baseUrl: string, restfulVersion: string) {
  const cdktf = require.resolve('cdktf');
  fs.writeFileSync(path.join(dir, 'cdktf.json'), JSON.stringify({ language: 'typescript', app: 'node main.js' }));
  fs.writeFileSync(path.join(dir, 'main.js'), `
const { App, TerraformStack, TerraformVariable } = require(${JSON.stringify(cdktf)});
const app = new App();
const s = new TerraformStack(app, 'deploy-smoke');
const key = new TerraformVariable(s, 'api_key', { type: 'string', sensitive: true });
s.addOverride('terraform.required_providers', { restful: { source: 'magodo/restful', version: ${JSON.stringify(restfulVersion)} } });
s.addOverride('provider', { restful: [{ base_url: ${JSON.stringify(baseUrl)}, security: { http: { token: { token: key.stringValue } } } }] });
s.addOverride('resource', { restful_resource: { thing: { path: 'things', read_path: '$(path)/$(body._id)', body: { name: 'deployed' }, delete_header: { 'If-Match': '$(body._etag)' } } } });
app.synth();
`);
}

for (const engine of ENGINES) {
  describeWithEngine(engine, 'cdktf deploy / destroy', (bin, manifest) => {
    test('deploys and destroys with --skip-provider-lock', async () => {
      const server = await startThrowawayServer('deploy-key');
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-cdktf-'));
      try {
        writeApp(dir, server.url, manifest.versions.restful);
        const env = engineEnv(manifest, { TERRAFORM_BINARY_NAME: bin, TF_VAR_api_key: 'deploy-key', CI: 'true' });
        const deploy = await run(CDKTF, ['deploy', '--auto-approve', '--skip-provider-lock'], { cwd: dir, env });
        expect({ code: deploy.code, out: deploy.code ? deploy.stdout.slice(-1500) : '' }).toEqual({ code: 0, out: '' });
        expect([...server.docs.values()].map(d => d.name)).toEqual(['deployed']);
        const destroy = await run(CDKTF, ['destroy', '--auto-approve', '--skip-provider-lock'], { cwd: dir, env });
        expect({ code: destroy.code, out: destroy.code ? destroy.stdout.slice(-1500) : '' }).toEqual({ code: 0, out: '' });
        expect(server.docs.size).toBe(0);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
        await server.close();
      }
    });
  });
}
