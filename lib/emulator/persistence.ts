import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { KubeCluster } from './kube';
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

/**
 * Writes `data` to `file` so that no reader ever sees half a file and nobody else can read it: a temporary file
 * with an unpredictable name is created exclusively (`wx`: a planted file or symlink of that name makes it fail
 * rather than be followed) with mode 0600, written, flushed, then renamed over `file`. The data holds
 * object-store credentials, hence 0600.
 */
export function writePrivateAtomically(file: string, data: string): void {
  const dir = path.dirname(path.resolve(file));
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const tmp = path.join(dir, `.${path.basename(file)}.${crypto.randomBytes(12).toString('hex')}.tmp`);
  // 'wx' is O_CREAT|O_EXCL|O_WRONLY: the name must not exist yet, so nothing planted there is followed.
  const fd = fs.openSync(tmp, 'wx', 0o600);
  try {
    fs.writeSync(fd, data);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  try {
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
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
    writePrivateAtomically(this.file, JSON.stringify(this.snapshot()));
  }
}
