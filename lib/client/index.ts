// The package subpath `cdktf-cloudcasa/client`: a typed CloudCasa API client. Not part of the jsii API.
// Only what a user of the client needs is exported here: the client, its options, the collections it hands out
// (their types), the document types, the errors, the `where` builders. Plumbing (the transport, configuration
// resolution, masking, query serialisation) stays inside; the CLI imports it from the modules themselves.
export { CloudCasaClient } from './client';
export type { RunAndWaitOptions } from './client';
export { Collection, ReadOnlyCollection } from './collection';
export type { Change, ListOptions, UpdateMethod, UpdateOptions } from './collection';
export { DEFAULT_API_URL } from './config';
export type { CloudCasaClientOptions } from './config';
export {
  AuthenticationError, BadRequestError, CloudCasaError, ConflictError, ConnectionError, JobFailedError, JobTimeoutError, MethodNotAllowedError,
  NotFoundError, PermissionDeniedError, PreconditionFailedError, PreconditionRequiredError, RateLimitError, RequestTimeoutError, ServerError,
  UnexpectedResponseError, UnprocessableEntityError, UpdateConflictError,
} from './errors';
export type { RequestSummary } from './errors';
export { BackupInstances, Jobs, KubeClusters, KubeHooks, ObjectStores, Policies } from './resources/collections';
export { DefinitionCollection, KubeBackups, KubeOffloads } from './resources/definitions';
export type { CopydefLink, CopydefLinkResult, DefinitionKind, LinkCopydefsOptions, RunOptions, RunStarted } from './resources/definitions';
export { JOB_TERMINAL_STATES } from './types';
export type {
  BackupHookRef, BackupInstanceDocument, DefinitionStatus, Doc, EveMeta, JobDocument, JobState, JobTerminalState, KubeBackupDocument,
  KubeClusterDocument, KubeHookDocument, KubeOffloadDocument, ObjectStoreDocument, Page, PolicyDocument, PolicyScheduleDocument, PvProgress,
  TriggerType,
} from './types';
export { isTerminal, waitForJob } from './wait';
export type { WaitForJobOptions } from './wait';
export { and, op, or, where } from './where';
export type { FieldCondition, Operators, Where } from './where';
