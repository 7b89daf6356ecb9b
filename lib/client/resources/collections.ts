import { Collection, ReadOnlyCollection } from '../collection';
import { Transport } from '../transport';
import { BackupInstanceDocument, JobDocument, KubeClusterDocument, KubeHookDocument, ObjectStoreDocument, PolicyDocument } from '../types';

/** `/kubeclusters`: registered Kubernetes clusters. */
export class KubeClusters extends Collection<KubeClusterDocument> {
  constructor(t: Transport) { super(t, 'kubeclusters', ['status', 'cc_user_email', 'org_id']); }
}

/** `/policies`: schedules × retention × SafeLock, with a timezone. */
export class Policies extends Collection<PolicyDocument> {
  constructor(t: Transport) { super(t, 'policies', ['cc_user_email', 'org_id', 'status']); }
}

/** `/kubehooks`: application hooks. */
export class KubeHooks extends Collection<KubeHookDocument> {
  constructor(t: Transport) { super(t, 'kubehooks', ['cc_user_email', 'org_id']); }
}

/** `/objectstores`: user storage. */
export class ObjectStores extends Collection<ObjectStoreDocument> {
  constructor(t: Transport) { super(t, 'objectstores', ['cc_user_email', 'org_id', 'status', 'validate_state']); }
}

/** `/jobs`: runs of definitions (read-only). */
export class Jobs extends ReadOnlyCollection<JobDocument> {
  constructor(t: Transport) { super(t, 'jobs'); }
}

/** `/backupinstances`: recovery points (read-only). */
export class BackupInstances extends ReadOnlyCollection<BackupInstanceDocument> {
  constructor(t: Transport) { super(t, 'backupinstances'); }
}
