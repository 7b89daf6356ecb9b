import { writePrivateAtomically } from './persistence';
import { Store } from './store';
import { KubeconfigOptions } from './types';
import { randomHex, uidFrom } from './util';

/** Per-cluster Kubernetes state the emulator serves (not part of the CloudCasa documents). */
export interface KubeCluster {
  token: string;
  resourceVersion: number;
  /** namespace name → creation time (epoch ms) */
  namespaces: Record<string, number>;
}

export interface KubeReply {
  status: number;
  body: unknown;
}

function status(code: number, reason: string, message: string, details?: unknown) {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, ...(details ? { details } : {}), code };
}

/**
 * A minimal Kubernetes API per emulated cluster at `/k8s/<clusterId>`: enough for `listNamespace`/`readNamespace`
 * of @kubernetes/client-node with a bearer token from `kubeconfig()`.
 */
export class KubeApi {
  readonly clusters = new Map<string, KubeCluster>();

  constructor(private readonly store: Store, private readonly clock: () => number) {}

  ensure(clusterId: string): KubeCluster {
    let k = this.clusters.get(clusterId);
    if (!k) {
      k = { token: randomHex(20), resourceVersion: 1, namespaces: {} };
      for (const n of ['default', 'kube-system', 'kube-public', 'kube-node-lease']) k.namespaces[n] = this.clock();
      this.clusters.set(clusterId, k);
    }
    return k;
  }

  setNamespaces(clusterId: string, names: string[]): void {
    const k = this.ensure(clusterId);
    const next: Record<string, number> = {};
    for (const n of names) next[n] = k.namespaces[n] ?? this.clock();
    k.namespaces = next;
    k.resourceVersion++;
  }

  private namespace(clusterId: string, name: string, created: number) {
    return {
      metadata: {
        name,
        uid: uidFrom(`${clusterId}/${name}`),
        resourceVersion: String(Math.floor(created / 1000) % 1000000),
        creationTimestamp: new Date(Math.floor(created / 1000) * 1000).toISOString().replace('.000Z', 'Z'),
        labels: { 'kubernetes.io/metadata.name': name },
      },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    };
  }

  /** `rest` is the path after `/k8s/<clusterId>`. */
  handle(method: string, clusterId: string, rest: string, auth: string | undefined): KubeReply {
    const doc = this.store.get('kubeclusters', clusterId);
    const k = this.clusters.get(clusterId);
    if (!doc || !k) return { status: 404, body: status(404, 'NotFound', 'the server could not find the requested resource') };
    if (auth !== `Bearer ${k.token}`) return { status: 401, body: status(401, 'Unauthorized', 'Unauthorized') };
    if (method !== 'GET' && method !== 'HEAD') {
      return { status: 405, body: status(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource') };
    }
    const path = rest.replace(/\/+$/, '');
    if (path === '/version') {
      return { status: 200, body: { major: '1', minor: '30', gitVersion: 'v1.30.0-cloudcasa-emulator', platform: 'linux/amd64' } };
    }
    if (path === '/api/v1/namespaces') {
      return {
        status: 200,
        body: {
          kind: 'NamespaceList',
          apiVersion: 'v1',
          metadata: { resourceVersion: String(k.resourceVersion) },
          items: Object.entries(k.namespaces).sort(([a], [b]) => (a < b ? -1 : 1)).map(([n, c]) => this.namespace(clusterId, n, c)),
        },
      };
    }
    const m = /^\/api\/v1\/namespaces\/([^/]+)$/.exec(path);
    if (m) {
      const name = decodeURIComponent(m[1]);
      if (!(name in k.namespaces)) {
        return { status: 404, body: status(404, 'NotFound', `namespaces "${name}" not found`, { name, kind: 'namespaces' }) };
      }
      return { status: 200, body: { kind: 'Namespace', apiVersion: 'v1', ...this.namespace(clusterId, name, k.namespaces[name]) } };
    }
    return { status: 404, body: status(404, 'NotFound', 'the server could not find the requested resource') };
  }

  /** One cluster + user + context per emulated cluster; context name = cluster name. */
  kubeconfig(origin: string, resolve: (idOrName: string) => string | undefined, opts: KubeconfigOptions = {}): any {
    const ids = opts.clusters
      ? opts.clusters.map((c) => {
        const id = resolve(c);
        if (!id) throw new Error(`unknown cluster ${c}`);
        return id;
      })
      : this.store.all('kubeclusters').map((c) => c._id as string);
    const entries = ids.map((id) => ({ id, name: this.store.get('kubeclusters', id)!.name as string, k: this.ensure(id) }));
    return {
      'apiVersion': 'v1',
      'kind': 'Config',
      'preferences': {},
      'current-context': entries[0]?.name ?? '',
      'clusters': entries.map((e) => ({ name: e.name, cluster: { server: `${origin}/k8s/${e.id}` } })),
      'users': entries.map((e) => ({ name: e.name, user: { token: e.k.token } })),
      'contexts': entries.map((e) => ({ name: e.name, context: { cluster: e.name, user: e.name } })),
    };
  }

  writeKubeconfig(file: string, config: unknown): void {
    // JSON is valid YAML, which every kubeconfig loader reads
    // (it holds bearer tokens: written like the data file, atomically and 0600 whatever was there before).
    writePrivateAtomically(file, JSON.stringify(config, null, 2));
  }
}
