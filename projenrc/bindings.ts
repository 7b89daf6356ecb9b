// Generates the L1 bindings under lib/imports/ with cdktf's own provider generator.
//
//   npx projen bindings:schema   asks an engine for the provider schemas and stores them in projenrc/provider-schema.json
//                                (needs `terraform` or `tofu`, and the providers from a registry or a mirror)
//   npx projen bindings          regenerates lib/imports/ from that stored schema (no engine, no network)
//   ... bindings.ts --out DIR    writes the bindings to DIR instead (the drift test compares it with lib/imports/)
//
// The schema is committed, so a regeneration is reproducible and reviewable as a diff of one JSON file.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConstructsMakerProviderTarget, LANGUAGES, TerraformProviderConstraint } from '@cdktf/commons';
import { CodeMaker, TerraformProviderGenerator } from '@cdktf/provider-generator';

const ROOT = path.resolve(__dirname, '..');
const SCHEMA_FILE = path.join(ROOT, 'projenrc', 'provider-schema.json');

/** The providers the constructs use, at the versions the bindings describe. */
export const PROVIDERS: { [name: string]: { source: string; version: string } } = {
  restful: { source: 'magodo/restful', version: '0.25.2' },
  // The data source's contract (program, query, working_dir -> result) is the same in 1.x and 2.x. The schema is
  // 1.2.0's because that is what the build environment's mirror holds; the version the product requires is
  // CloudCasaProvider's `externalVersion` (default ~> 2.3), written over the binding's pin.
  external: { source: 'hashicorp/external', version: process.env.CLOUDCASA_EXTERNAL_SCHEMA_VERSION ?? '1.2.0' },
};

function run(bin: string, args: string[], cwd: string): string {
  const r = spawnSync(bin, args, { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, env: { ...process.env, CHECKPOINT_DISABLE: '1' } });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${bin} ${args.join(' ')} exited ${r.status}:\n${r.stderr}`);
  return r.stdout;
}

function refreshSchema(): void {
  const bin = process.env.TERRAFORM_BINARY_NAME ?? 'terraform';
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cloudcasa-schema-'));
  try {
    const requiredProviders: { [name: string]: { source: string; version: string } } = {};
    for (const [name, p] of Object.entries(PROVIDERS)) requiredProviders[name] = { source: p.source, version: p.version };
    fs.writeFileSync(path.join(dir, 'main.tf.json'), JSON.stringify({ terraform: { required_providers: requiredProviders } }));
    run(bin, ['init', '-input=false', '-backend=false'], dir);
    const schema = JSON.parse(run(bin, ['providers', 'schema', '-json'], dir));
    const versions = JSON.parse(run(bin, ['version', '-json'], dir)).provider_selections as { [fqpn: string]: string };
    // Key the schema by registry.terraform.io whichever engine answered, so the output does not depend on it.
    const canonical = (fqpn: string) => fqpn.replace(/^registry\.opentofu\.org\//, 'registry.terraform.io/');
    const out: any = { format_version: schema.format_version, provider_schemas: {}, provider_versions: {} };
    for (const fqpn of Object.keys(schema.provider_schemas).sort()) {
      out.provider_schemas[canonical(fqpn)] = schema.provider_schemas[fqpn];
    }
    for (const fqpn of Object.keys(versions).sort()) out.provider_versions[canonical(fqpn)] = versions[fqpn];
    fs.writeFileSync(SCHEMA_FILE, JSON.stringify(out, null, 1) + '\n');
    console.log(`bindings: stored the schemas of ${Object.keys(out.provider_versions).join(', ')} in ${path.relative(ROOT, SCHEMA_FILE)}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function generate(out: string): Promise<void> {
  const schema = JSON.parse(fs.readFileSync(SCHEMA_FILE, 'utf8'));
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'cloudcasa-bindings-'));
  try {
    for (const name of Object.keys(PROVIDERS)) {
      // One generator per provider: with several providers in one schema, cdktf 0.21's generator lists the
      // first provider's `provider` namespace in the second one's index and omits the second provider class.
      const fqpn = `registry.terraform.io/${PROVIDERS[name].source}`;
      const code = new CodeMaker();
      new TerraformProviderGenerator(code, {
        format_version: schema.format_version,
        provider_schemas: { [fqpn]: schema.provider_schemas[fqpn] },
        provider_versions: { [fqpn]: schema.provider_versions[fqpn] },
      }).generate(new ConstructsMakerProviderTarget(
        // As `cdktf get` does for `magodo/restful@0.25.2`: the short source (each engine resolves it against its
        // own registry) and the exact version, which cdktf writes into `required_providers`.
        new TerraformProviderConstraint({ name, source: PROVIDERS[name].source, version: PROVIDERS[name].version }),
        LANGUAGES[0],
      ));
      await code.save(staging);
      const src = findProviderDir(staging, name);
      const dest = path.join(out, name);
      fs.rmSync(dest, { recursive: true, force: true });
      fs.cpSync(src, dest, { recursive: true });
      // The lazy index is for the prebuilt-provider packages' require() speed; jsii compiles index.ts only.
      fs.rmSync(path.join(dest, 'lazy-index.ts'), { force: true });
      console.log(`bindings: wrote ${path.relative(ROOT, dest)}/ (${countFiles(dest)} files)`);
    }
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

function findProviderDir(root: string, name: string): string {
  const candidates = [path.join(root, 'providers', name), ...fs.readdirSync(path.join(root, 'providers'))
    .map((ns) => path.join(root, 'providers', ns, name))];
  const found = candidates.find((d) => fs.existsSync(path.join(d, 'index.ts')));
  if (!found) throw new Error(`bindings: the generator wrote no ${name} provider under ${root}`);
  return found;
}

function countFiles(dir: string): number {
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true }).filter((e) => e.isFile()).length;
}

async function main(): Promise<void> {
  const i = process.argv.indexOf('--out');
  if (process.argv.includes('--refresh-schema')) refreshSchema();
  else await generate(i > 0 ? path.resolve(process.argv[i + 1]) : path.join(ROOT, 'lib', 'imports'));
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
