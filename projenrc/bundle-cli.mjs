// Bundles the CLI into the files users run (docs/performance.md#one-file-cli):
//   lib/cli/casa.js  the CLI and its dependencies in one file (`casa`, and every command the engine runs);
//   lib/cli/k8s.js   the two parts of @kubernetes/client-node the kubeconfig checks use, loaded only by them.
// Loading hundreds of small modules was most of the CLI's start-up; client-node alone took ~450 ms to import.
import * as fs from 'node:fs/promises';
import * as esbuild from 'esbuild';

// The compiled .js beside each .ts (what the tests run), never the .ts itself.
const common = {
  bundle: true, platform: 'node', target: 'node20', logLevel: 'warning', legalComments: 'none', resolveExtensions: ['.js', '.cjs', '.mjs', '.json'],
  // Smaller to parse (casa.js 1.2 MB -> 0.7 MB); identifiers are not renamed, so stack traces keep their names.
  minifyWhitespace: true, minifySyntax: true,
};

// ws's optional native speed-ups: required inside try/catch, absent by design.
const optionalNative = ['bufferutil', 'utf-8-validate'];

await esbuild.build({
  ...common,
  entryPoints: ['lib/cli/index.js'],
  outfile: 'lib/cli/casa.js',
  external: optionalNative,
  plugins: [{
    name: 'client-node-on-demand',
    setup(build) {
      // lib/validate/namespaces.js imports client-node (ESM-only) when a cluster is first asked for; in the bundle it
      // requires the separate, tree-shaken k8s.js beside casa.js instead (a require: Node's import() of a 4.5 MB
      // CommonJS file scans it for export names first, ~200 ms).
      build.onLoad({ filter: /lib[\\/]validate[\\/]namespaces\.js$/ }, async (args) => {
        const source = await fs.readFile(args.path, 'utf8');
        const from = "import('@kubernetes/client-node')";
        if (!source.includes(from)) throw new Error(`${args.path} no longer contains ${from}: update projenrc/bundle-cli.mjs`);
        return { contents: source.replace(from, "Promise.resolve().then(() => require('./k8s.js'))"), loader: 'js' };
      });
      build.onResolve({ filter: /^\.\/k8s\.js$/ }, () => ({ path: './k8s.js', external: true }));
      // Nothing else may pull client-node into the bundle.
      build.onResolve({ filter: /^@kubernetes\/client-node/ }, (args) => ({ errors: [{ text: `${args.importer} imports ${args.path}: only lib/validate/namespaces.js may, lazily` }] }));
    },
  }],
});

await esbuild.build({
  ...common,
  stdin: { contents: "export { KubeConfig, CoreV1Api } from '@kubernetes/client-node';", resolveDir: '.', loader: 'js' },
  format: 'cjs',
  outfile: 'lib/cli/k8s.js',
  external: optionalNative,
});
