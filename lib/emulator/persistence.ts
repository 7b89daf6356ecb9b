import * as fs from 'node:fs';
import * as path from 'node:path';
import { KubeCluster } from './kube';
import { Doc } from './types';

/** The data file: every collection plus the per-cluster Kubernetes state. */
export interface Snapshot {
  version: 1;
  orgId?: string;
  collections: Record<string, Doc[]>;
  kube: Record<string, KubeCluster>;
}

export function loadSnapshot(file: string): Snapshot | undefined {
  if (!fs.existsSync(file)) return undefined;
  const data = JSON.parse(fs.readFileSync(file, 'utf8')) as Snapshot;
  if (data.version !== 1 || typeof data.collections !== 'object') throw new Error(`${file}: not an emulator data file`);
  return data;
}

/** Saves on every write, debounced; `flush` writes synchronously (close). Writes are atomic (temp file + rename). */
export class Persister {
  private timer?: NodeJS.Timeout;
  private dirty = false;

  constructor(private readonly file: string, private readonly snapshot: () => Snapshot, private readonly delayMs = 50) {}

  schedule(): void {
    this.dirty = true;
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, this.delayMs);
    this.timer.unref();
  }

  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (!this.dirty) return;
    this.dirty = false;
    fs.mkdirSync(path.dirname(path.resolve(this.file)), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(this.snapshot()));
    fs.renameSync(tmp, this.file);
  }
}
