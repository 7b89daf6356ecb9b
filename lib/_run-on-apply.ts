import { Annotations, Lazy, TerraformResource } from 'cdktf';
import * as errors from './_errors';
import { cliProvisioner, objectIdPrecondition, TerraformData, wholeDuration } from './_internal';
import { CloudCasaProvider } from './cloudcasa-provider';
import type { CloudCasaResource } from './cloudcasa-resource';
import { Duration } from './duration';
import { TriggerType } from './trigger';
import { DEFAULT_RUN_RETAIN_DAYS } from './validate/spec-format';

/** The run-on-apply props shared by KubeBackup and KubeOffload. @internal */
export interface RunOnApplyProps {
  readonly runOnApply?: boolean;
  readonly runOnApplyRetention?: Duration;
  readonly runOnApplyTimeout?: Duration;
}

/** The resolved run-on-apply settings of a definition. @internal */
export interface RunOnApplySettings {
  readonly runOnApply: boolean;
  readonly retention: Duration;
  readonly timeout: Duration;
  readonly retainDays: number;
  readonly timeoutSeconds: number;
}

/**
 * Checks and resolves the run-on-apply props of a definition, with the same rules for backups and copies: ADHOC
 * only, whole days of retention, whole seconds of timeout, and a warning when the tuning props are set without
 * `runOnApply`.
 * @internal
 */
export function runOnApplySettings(def: CloudCasaResource, triggerType: TriggerType, props: RunOnApplyProps): RunOnApplySettings {
  const path = def.node.path;
  const runOnApply = props.runOnApply ?? false;
  const retention = props.runOnApplyRetention ?? Duration.days(DEFAULT_RUN_RETAIN_DAYS);
  const timeout = props.runOnApplyTimeout ?? Duration.minutes(30);
  if (runOnApply && triggerType !== TriggerType.ADHOC) throw errors.runOnApplyNeedsAdhoc(path);
  if (!runOnApply && (props.runOnApplyRetention || props.runOnApplyTimeout)) {
    Annotations.of(def).addWarning(`${path}: 'runOnApplyRetention' and 'runOnApplyTimeout' have no effect without runOnApply: true.`);
  }
  const retainDays = wholeDuration(path, 'runOnApplyRetention', retention, 'days', 1, 'Use Duration.days(n) with n >= 1.');
  const timeoutSeconds = wholeDuration(path, 'runOnApplyTimeout', timeout, 'seconds', 1,
    'Use a whole number of seconds, at least Duration.seconds(1).');
  return { runOnApply, retention, timeout, retainDays, timeoutSeconds };
}

/**
 * The `terraform_data` that runs a definition on apply and waits for its job (`casa run-on-apply`), under the
 * definition's construct as `RunOnApply`.
 *
 * It is re-created, so the run happens again, when the definition is re-created or its body changes; not on its
 * `_etag`, which changes after every job. The API key reaches the CLI through the environment (CLOUDCASA_API_KEY
 * or TF_VAR_cloudcasa_api_key), never through the command line or the state.
 * @internal
 */
export function runOnApplyResource(def: CloudCasaResource, s: RunOnApplySettings,
  extraEnvironment: { [key: string]: string } = {}): TerraformResource {
  const provider = CloudCasaProvider.of(def);
  const id = def.objectId;
  return new TerraformData(def, 'RunOnApply', {
    triggersReplace: [def.resource.id, Lazy.stringValue({ produce: () => JSON.stringify(def._renderBody()) })],
    lifecycle: { precondition: [objectIdPrecondition(id, def.node.path)] },
    provisioners: [cliProvisioner(provider.cliProgram, 'run-on-apply', {
      CLOUDCASA_API_URL: provider.apiUrl,
      CLOUDCASA_DEFINITION_ID: id,
      CLOUDCASA_DEFINITION_KIND: def.collection,
      CLOUDCASA_RETAIN_DAYS: String(s.retainDays),
      CLOUDCASA_RUN_TIMEOUT: `${s.timeoutSeconds}s`,
      ...extraEnvironment,
    })],
  });
}
