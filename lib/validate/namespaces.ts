// Where the namespaces of a cluster come from. CloudCasa documents no endpoint listing a cluster's namespaces
// (docs/cloudcasa.md#namespaces), so the cluster's own Kubernetes API (through a kubeconfig) or a list given in the stack
// stand in for it.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { choices, didYouMean } from './report';
import { NamespaceSourceSpec } from './spec-format';

/** The cluster whose namespaces are wanted. */
export interface ClusterInfo {
  readonly name: string;
  /** Undefined for a cluster registered by the same stack (no `_id` yet). */
  readonly id?: string;
}

/** The namespaces of one cluster, or why they are not known. */
export interface NamespaceAnswer {
  readonly namespaces?: string[];
  /** The check was skipped on purpose: reported as a note. */
  readonly skipped?: string;
  /** The list could not be read: an error when the source was configured explicitly, else a warning. */
  readonly problem?: { readonly severity: 'error' | 'warning'; readonly message: string };
}

/** A provider of namespace lists; `validateSpec` asks it at most once per cluster. */
export interface NamespaceSource {
  /** How namespaces are checked, e.g. `kubeconfig /home/me/.kube/config`. */
  readonly description: string;
  /** A run-wide remark (e.g. why namespace checks are skipped). */
  readonly note?: string;
  /** Kubernetes API requests made so far. */
  readonly requests: number;
  namespaces(cluster: ClusterInfo): Promise<NamespaceAnswer>;
}

/** Namespaces listed in the stack (`PlanValidation.staticNamespaces`), keyed by cluster name or id. */
export function staticNamespaces(lists: Record<string, string[]>): NamespaceSource {
  return {
    description: 'static namespace lists from the stack',
    requests: 0,
    async namespaces(c) {
      const list = lists[c.name] ?? (c.id !== undefined ? lists[c.id] : undefined);
      if (list) return { namespaces: [...list] };
      return { skipped: `no static namespace list for cluster "${c.name}" (lists exist for ${choices(Object.keys(lists)) || 'no cluster'}), so its namespaces were not checked` };
    },
  };
}

/** No namespace checks (`PlanValidation.apiOnly()`, or nothing to read them from). */
export function noNamespaceChecks(reason: string): NamespaceSource {
  return {
    description: 'none',
    note: `namespace checks skipped: ${reason}`,
    requests: 0,
    async namespaces() { return { skipped: reason }; },
  };
}

export interface KubeconfigSourceOptions {
  /** kubeconfig files (merged in order, as kubectl does with `KUBECONFIG`). */
  readonly files: string[];
  /** Cluster name or id → context. @default - the cluster's name */
  readonly contexts?: Record<string, string>;
  /**
   * Whether the user asked for kubeconfig checks: then a missing context or an unreachable cluster is an error.
   * Under `auto` they are a note and a warning.
   */
  readonly strict: boolean;
  /** Timeout of one Kubernetes API request. @default 15000 */
  readonly timeoutMs?: number;
}

type K8s = typeof import('@kubernetes/client-node', { with: { 'resolution-mode': 'import' } });
type KubeConfig = InstanceType<K8s['KubeConfig']>;

/** Namespaces read from each cluster's Kubernetes API (`GET /api/v1/namespaces`) with a kubeconfig context. */
export function kubeconfigNamespaces(opts: KubeconfigSourceOptions): NamespaceSource {
  let loaded: Promise<{ k8s: K8s; config: KubeConfig }> | undefined;
  // @kubernetes/client-node is ESM-only and slow to load: import it only when a cluster is actually asked for.
  const load = () => loaded ??= (async () => {
    const k8s: K8s = await import('@kubernetes/client-node');
    const config = new k8s.KubeConfig();
    const [first, ...rest] = opts.files;
    config.loadFromFile(first);
    for (const f of rest) {
      const more = new k8s.KubeConfig();
      more.loadFromFile(f);
      config.mergeConfig(more, true);
    }
    return { k8s, config };
  })();
  const fail = (message: string): NamespaceAnswer => ({ problem: { severity: opts.strict ? 'error' : 'warning', message } });
  const source = {
    description: `kubeconfig ${opts.files.join(path.delimiter)}`,
    requests: 0,
    async namespaces(c: ClusterInfo): Promise<NamespaceAnswer> {
      const explicit = opts.contexts?.[c.name] ?? (c.id !== undefined ? opts.contexts?.[c.id] : undefined);
      const contextName = explicit ?? c.name;
      let k8s: K8s; let config: KubeConfig;
      try {
        ({ k8s, config } = await load());
      } catch (e) {
        return fail(`cannot read kubeconfig ${opts.files.join(path.delimiter)}: ${(e as Error).message}`);
      }
      const contexts = config.getContexts().map((x) => x.name);
      if (!contexts.includes(contextName)) {
        const hint = didYouMean(contextName, contexts);
        const text = `kubeconfig has no context "${contextName}" for cluster "${c.name}"${hint ? `; did you mean "${hint}"?` : ''}`
          + ` Contexts: ${choices(contexts) || 'none'}. Map the cluster to a context with PlanValidation.kubeconfig({ contexts: { "${c.name}": "<context>" } })`;
        return explicit !== undefined || opts.strict ? fail(text) : { skipped: `${text}; its namespaces were not checked` };
      }
      const one = new k8s.KubeConfig();
      // kubectl talks to plain-http servers (e.g. `kubectl proxy`); client-node refuses them unless TLS
      // verification is off, which is meaningless without TLS anyway.
      const clusters = config.clusters.map((x) => (x.server.startsWith('http:') ? { ...x, skipTLSVerify: true } : x));
      one.loadFromOptions({ clusters, users: config.users, contexts: config.getContexts(), currentContext: contextName });
      const api = one.makeApiClient(k8s.CoreV1Api);
      source.requests++;
      let timer: NodeJS.Timeout | undefined;
      try {
        const list = await Promise.race([
          api.listNamespace(),
          new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(new Error(`no answer within ${opts.timeoutMs ?? 15000} ms`)), opts.timeoutMs ?? 15000);
          }),
        ]);
        return { namespaces: list.items.map((n) => n.metadata?.name ?? '').filter((n) => n !== '') };
      } catch (e) {
        const code = (e as any)?.code;
        const why = typeof code === 'number' ? `HTTP ${code}` : (e as Error).message;
        return fail(`cannot list the namespaces of cluster "${c.name}" through kubeconfig context "${contextName}" (${why})`);
      } finally {
        if (timer) clearTimeout(timer);
      }
    },
  };
  return source;
}

/** The kubeconfig files `auto` uses: `KUBECONFIG` (a path list) if set, else `~/.kube/config` if it exists. */
export function defaultKubeconfigFiles(env: Record<string, string | undefined> = process.env): string[] {
  if (env.KUBECONFIG) return env.KUBECONFIG.split(path.delimiter).filter((f) => f !== '' && fs.existsSync(f));
  const home = path.join(env.HOME ?? os.homedir(), '.kube', 'config');
  return fs.existsSync(home) ? [home] : [];
}

export interface SourceOverrides {
  /** A kubeconfig that replaces the stack's choice (the CLI's `--kubeconfig`). */
  readonly kubeconfig?: string;
  readonly env?: Record<string, string | undefined>;
}

/** The NamespaceSource a spec asks for. */
export function namespaceSourceFromSpec(spec: NamespaceSourceSpec, overrides: SourceOverrides = {}): NamespaceSource {
  const env = overrides.env ?? process.env;
  if (overrides.kubeconfig) {
    return kubeconfigNamespaces({ files: [overrides.kubeconfig], contexts: spec.contexts, strict: true });
  }
  switch (spec.mode) {
    case 'none':
      return noNamespaceChecks('PlanValidation.apiOnly() was chosen; clusters, policies and triggers are still checked');
    case 'static':
      return staticNamespaces(spec.namespaces ?? {});
    case 'kubeconfig': {
      const files = spec.path ? [spec.path] : defaultKubeconfigFiles(env);
      if (files.length === 0) {
        return failing('PlanValidation.kubeconfig() found no kubeconfig: KUBECONFIG is unset and ~/.kube/config does not exist. Pass { path }, or set KUBECONFIG for the plan');
      }
      return kubeconfigNamespaces({ files, contexts: spec.contexts, strict: true });
    }
    default: {
      const files = defaultKubeconfigFiles(env);
      if (files.length === 0) {
        return noNamespaceChecks('no kubeconfig (KUBECONFIG is unset and ~/.kube/config does not exist); set KUBECONFIG for the plan, '
          + 'or choose PlanValidation.kubeconfig() or PlanValidation.staticNamespaces() on the CloudCasaProvider');
      }
      return kubeconfigNamespaces({ files, contexts: spec.contexts, strict: false });
    }
  }
}

function failing(message: string): NamespaceSource {
  return {
    description: 'kubeconfig (missing)',
    requests: 0,
    async namespaces() { return { problem: { severity: 'error', message } }; },
  };
}
