import { cdktf, JsonFile } from 'projen';

/** Subpath exports: the jsii entry point, plus the non-jsii client and emulator (docs/engineering.md#subpath-exports). */
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
  // Tests live in test/ only: projen's default also matches lib/**/spec.ts, which is a source file name here
  // (projen appends jestConfig.testMatch to its own, hence the override).
  project.package.file.addOverride('jest.testMatch', ['<rootDir>/test/**/*.test.ts']);
  // The examples are code users copy: type-check and lint them with the tests.
  project.eslint?.addLintPattern('examples');
  // ESLint's project service reads the tsconfig nearest to each file; the root one is jsii's (lib/ only).
  new JsonFile(project, 'examples/tsconfig.json', { obj: { extends: '../test/tsconfig.json', include: ['**/*.ts', '../lib/**/*.ts', '../test/**/*.ts'] } });
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
  for (const name of ['emulator', 'client', 'synth', 'validate']) {
    bench.exec(`ts-node --transpile-only --project test/tsconfig.json test/bench/${name}.bench.ts`, { name: `bench: ${name}` });
  }
  // The README's first quick-start command: the whole product on the embedded emulator.
  const demo = project.addTask('demo', { description: 'Run the demo on the embedded emulator (examples/demo/demo.ts)' });
  demo.spawn(project.compileTask);
  demo.exec('ts-node --transpile-only --project test/tsconfig.json examples/demo/demo.ts');
  // @kubernetes/client-node >= 1 is ESM-only: jest needs this for its dynamic import().
  project.testTask.env('NODE_OPTIONS', '--experimental-vm-modules --no-warnings=ExperimentalWarning');
  // ts-jest transpiles file by file (isolatedModules): type-check lib, tests and examples as a whole.
  project.testTask.prependExec('tsc --noEmit -p examples/tsconfig.json', { name: 'type-check lib, test and examples' });
  // `npm test` compiles first: end-to-end tests run the compiled CLI as a subprocess.
  project.testTask.prependSpawn(project.compileTask);
}

/** The jsii targets besides JavaScript: what each language's package and namespace is called. */
export const jsiiTargets = {
  publishToPypi: { distName: 'cdktf-cloudcasa', module: 'cdktf_cloudcasa' },
  publishToMaven: {
    javaPackage: 'io.github.cdktfcloudcasa',
    mavenGroupId: 'io.github.cdktfcloudcasa',
    mavenArtifactId: 'cdktf-cloudcasa',
  },
  publishToGo: { moduleName: 'github.com/cdktf-cloudcasa/cdktf-cloudcasa-go', packageName: 'cdktfcloudcasa' },
  publishToNuget: { dotNetNamespace: 'CdktfCloudCasa', packageId: 'CdktfCloudCasa' },
} satisfies Pick<cdktf.ConstructLibraryCdktfOptions, 'publishToPypi' | 'publishToMaven' | 'publishToGo' | 'publishToNuget'>;

/**
 * A task condition true when `expression` is: projen runs conditions in its built-in cross-platform shell, which has
 * neither `test` nor `command -v`, so conditions are node one-liners (as projen's own are).
 */
function nodeCondition(expression: string): string {
  return `node -e "process.exit((${expression}) ? 0 : 1)"`;
}

/** The toolchain each packaging target needs; a target whose toolchain is missing is skipped by `package-all`. */
const TOOLCHAINS: { [language: string]: string } = { python: 'python3', java: 'mvn', go: 'go', dotnet: 'dotnet' };

/**
 * `package-all` (what a local `npx projen build` runs) packages only the targets whose toolchain is installed: every
 * publishTo* target adds a `package:<lang>` task to it (docs/engineering.md#packaging-tasks), and the .NET SDK is
 * not installed here. `.ci/python.sh` builds the targets CI checks.
 */
export function setupPackaging(project: cdktf.ConstructLibraryCdktf) {
  // The examples are apps, not part of the package (the Python wheel embeds the npm tarball).
  project.npmignore?.exclude('/examples/');
  project.gitignore.exclude('/examples/**/cdktf.out/', '/examples/**/terraform.*.tfstate*', '__pycache__/');
  // Maven Central has no com.hashicorp:cdktf newer than 0.19.2: build the cdktf Java binding from node_modules
  // first, where pacmak finds it as a local Maven repository (details in .ci/python.sh).
  project.tasks.tryFind('package:java')!.prependExec('jsii-pacmak node_modules/cdktf --target=java', {
    name: 'cdktf Java binding (Maven Central lacks com.hashicorp:cdktf 0.21)',
    condition: nodeCondition("!require('fs').existsSync('node_modules/cdktf/dist/java')"),
  });
  const all = project.tasks.tryFind('package-all')!;
  all.reset();
  all.spawn(project.tasks.tryFind('package:js')!);
  for (const [language, tool] of Object.entries(TOOLCHAINS)) {
    all.spawn(project.tasks.tryFind(`package:${language}`)!, {
      name: `package:${language} (skipped when ${tool} is not installed)`,
      condition: nodeCondition(`!require('child_process').spawnSync('${tool}', ['--version']).error`),
    });
  }
}
