import { Collection, ReadOnlyCollection } from '../collection';
import { Transport } from '../transport';
import { BackupInstanceDocument, JobDocument, KubeClusterDocument, KubeHookDocument, ObjectStoreDocument, PolicyDocument } from '../types';

/** `/kubeclusters`: registered Kubernetes clusters. */
export class KubeClusters extends Collection<KubeClusterDocument> {
  constructor(t: Transport) { super(t, 'kubeclusters'); }
}

/** `/policies`: schedules × retention × SafeLock, with a timezone. */
export class Policies extends Collection<PolicyDocument> {
  constructor(t: Transport) { super(t, 'policies', true); }
}

/** `/kubehooks`: application hooks. */
export class KubeHooks extends Collection<KubeHookDocument> {
  constructor(t: Transport) { super(t, 'kubehooks'); }
}

/** `/objectstores`: user storage. */
export class ObjectStores extends Collection<ObjectStoreDocument> {
  constructor(t: Transport) { super(t, 'objectstores'); }
}

/** `/jobs`: runs of definitions (read-only). */
export class Jobs extends ReadOnlyCollection<JobDocument> {
  constructor(t: Transport) { super(t, 'jobs'); }
}

/** `/backupinstances`: recovery points (read-only). */
export class BackupInstances extends ReadOnlyCollection<BackupInstanceDocument> {
  constructor(t: Transport) { super(t, 'backupinstances'); }
}
