import { cdktf, javascript } from 'projen';
import { jsiiTargets, setupPackage, setupPackaging, setupTasks } from './projenrc/setup';

const project = new cdktf.ConstructLibraryCdktf({
  name: 'cdktf-cloudcasa',
  description: 'CDK for Terraform constructs for CloudCasa Kubernetes backups, synthesized for the magodo/restful provider',
  author: 'cdktf-cloudcasa maintainers',
  authorAddress: 'maintainers@cdktf-cloudcasa.invalid',
  repositoryUrl: 'https://github.com/cdktf-cloudcasa/cdktf-cloudcasa.git',
  keywords: ['cdktf', 'cloudcasa', 'kubernetes', 'backup', 'terraform', 'opentofu'],
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  github: false,
  release: false,
  // Sources are compiled in place: lib/ holds the .ts and the compiled .js (docs/engineering.md#sources-compiled-in-place).
  srcdir: 'lib',
  libdir: 'lib',
  cdktfVersion: '^0.21.0',
  constructsVersion: '^10.4.2',
  jsiiVersion: '~6.0.0',
  // Python, Java, Go and .NET bindings (names in projenrc/setup.ts).
  ...jsiiTargets,
  // Non-jsii runtime dependencies must be bundled; none of their types appear in the jsii API.
  bundledDeps: [
    // ws: @kubernetes/client-node's isomorphic-ws requires it as a peer, so it must sit at the top of the bundle.
    'axios@^1.21.1', 'commander@^13.1.0', 'ws@^8.18.2', 'cron-parser@^5.10.5',
    '@kubernetes/client-node@^1.3.0', 'fastest-levenshtein@^1.0.16',
  ],
  devDeps: ['cdktf-cli@0.21.0', '@cdktf/provider-generator@0.21.0', '@cdktf/commons@0.21.0', 'autocannon@^8.0.0', '@types/autocannon', 'fast-check@^4.10.2', 'esbuild@^0.28.2'],
  bin: { 'cdktf-cloudcasa': 'lib/cli/casa.js', 'casa': 'lib/cli/casa.js' },
  jestOptions: {
    // Snapshot tests must be able to fail in CI: projen's default test task rewrites snapshots even with CI=true
    // (docs/engineering.md#snapshot-tests-fail-in-ci).
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    jestConfig: {
      testTimeout: 120_000,
      setupFilesAfterEnv: ['<rootDir>/test/setup.ts'],
      // Sources compile in place: without this, jest would load the stale .js beside each .ts.
      moduleFileExtensions: ['ts', 'tsx', 'js', 'json', 'node'],
    },
  },
});

setupPackage(project);
setupTasks(project);
setupPackaging(project);
project.synth();
