import { Collection, ReadOnlyCollection } from '../collection';
import { Transport } from '../transport';
import { BackupInstance, Job, KubeCluster, KubeHook, ObjectStore, Policy } from '../types';

/** `/kubeclusters`: registered Kubernetes clusters. */
export class KubeClusters extends Collection<KubeCluster> {
  constructor(t: Transport) { super(t, 'kubeclusters', ['status', 'cc_user_email', 'org_id']); }
}

/** `/policies`: schedules × retention × SafeLock, with a timezone. */
export class Policies extends Collection<Policy> {
  constructor(t: Transport) { super(t, 'policies', ['cc_user_email', 'org_id', 'status']); }
}

/** `/kubehooks`: application hooks. */
export class KubeHooks extends Collection<KubeHook> {
  constructor(t: Transport) { super(t, 'kubehooks', ['cc_user_email', 'org_id']); }
}

/** `/objectstores`: user storage. */
export class ObjectStores extends Collection<ObjectStore> {
  constructor(t: Transport) { super(t, 'objectstores', ['cc_user_email', 'org_id', 'status', 'validate_state']); }
}

/** `/jobs`: runs of definitions (read-only). */
export class Jobs extends ReadOnlyCollection<Job> {
  constructor(t: Transport) { super(t, 'jobs'); }
}

/** `/backupinstances`: recovery points (read-only). */
export class BackupInstances extends ReadOnlyCollection<BackupInstance> {
  constructor(t: Transport) { super(t, 'backupinstances'); }
}
