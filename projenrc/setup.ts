import { cdktf } from 'projen';

/** Subpath exports: the jsii entry point, plus the non-jsii client and emulator (STYLE.md decision 2). */
export function setupPackage(project: cdktf.ConstructLibraryCdktf) {
  project.package.addField('exports', {
    '.': { types: './lib/index.d.ts', default: './lib/index.js' },
    './client': { types: './lib/client/index.d.ts', default: './lib/client/index.js' },
    './emulator': { types: './lib/emulator/index.d.ts', default: './lib/emulator/index.js' },
    './validate': { types: './lib/validate/index.d.ts', default: './lib/validate/index.js' },
    './.jsii': './.jsii',
    './package.json': './package.json',
  });
  project.package.addEngine('node', '>= 20.9.0');
}

/** Tasks beyond projen's defaults: engines, benchmarks. */
export function setupTasks(project: cdktf.ConstructLibraryCdktf) {
  project.addTask('engines', {
    description: 'Build Terraform, OpenTofu and the providers from the Go module proxy into a cache (idempotent)',
    exec: 'bash .ci/engines.sh',
  });
  // Benchmarks print ratios and figures from one run (no timed assertions in tests).
  const bench = project.addTask('bench', { description: 'Run the benchmarks in test/bench and print their figures' });
  // Compile first: Node resolves the compiled .js beside each .ts before the .ts itself.
  bench.spawn(project.compileTask);
  bench.exec('for f in test/bench/*.bench.ts; do echo "== $f"; npx ts-node --transpile-only --project test/tsconfig.json "$f" || exit 1; done');
  // @kubernetes/client-node >= 1 is ESM-only: jest needs this for its dynamic import().
  project.testTask.env('NODE_OPTIONS', '--experimental-vm-modules --no-warnings=ExperimentalWarning');
  // `npm test` compiles first: end-to-end tests run the compiled CLI as a subprocess.
  project.testTask.prependSpawn(project.compileTask);
}
