// Storage credentials as sensitive Terraform variables: the one way ObjectStore and AzureObjectStore take secrets.
import { TerraformStack, TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
import * as errors from './_errors';
import type { IKubeCluster } from './kube-cluster';

/** Credential variable prefix → the construct path that declared it, per stack. */
const CREDENTIAL_VARIABLES = new WeakMap<TerraformStack, Map<string, string>>();

/**
 * The prefix of a store's credential variables: the given one, checked, or `cloudcasa_` + the construct path below
 * the stack in snake case (`TeamA/Offsite` → `cloudcasa_team_a_offsite`). Claims it for the store, so two stores of
 * one stack never read each other's credentials.
 * @internal
 */
export function credentialsPrefix(store: Construct, given: string | undefined): string {
  const prefix = given ?? defaultCredentialsPrefix(store);
  if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(prefix)) {
    throw errors.invalidProp(store.node.path, 'credentialsVariablePrefix', prefix, 'is not a valid Terraform variable name',
      'Use letters, digits and underscores, starting with a letter.');
  }
  claimCredentialVariables(store, prefix, given !== undefined);
  return prefix;
}

/** One sensitive string variable named `name` (its logical id too, so `TF_VAR_<name>` sets it). @internal */
export function credentialVariable(store: Construct, name: string, what: string): TerraformVariable {
  const v = new TerraformVariable(store, name, {
    type: 'string',
    sensitive: true,
    description: `${what} of CloudCasa object store ${store.node.path} (set TF_VAR_${name}).`,
  });
  v.overrideLogicalId(name);
  return v;
}

/** `private` and `proxy_cluster_list` of a store reached through a cluster (a one-element list, as the provider sends). @internal */
export function privateStoreFields(proxyCluster: IKubeCluster | undefined): { [key: string]: any } {
  return proxyCluster ? { private: true, proxy_cluster_list: [proxyCluster.clusterId] } : {};
}

function defaultCredentialsPrefix(store: Construct): string {
  const stack = TerraformStack.of(store);
  const ids = store.node.scopes.slice(store.node.scopes.indexOf(stack) + 1).map((c) => c.node.id);
  const snake = ids.map((i) => i.replace(/([a-z0-9])([A-Z])/g, '$1_$2')).join('_');
  return `cloudcasa_${snake.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+|_+$/g, '').toLowerCase()}`;
}

/** Two stores whose credential variables share a name would silently be sent each other's keys: refuse. */
function claimCredentialVariables(store: Construct, prefix: string, explicit: boolean): void {
  const stack = TerraformStack.of(store);
  let claimed = CREDENTIAL_VARIABLES.get(stack);
  if (!claimed) CREDENTIAL_VARIABLES.set(stack, (claimed = new Map()));
  const other = claimed.get(prefix);
  if (other !== undefined) {
    throw errors.invalidProp(store.node.path, 'credentialsVariablePrefix', prefix,
      `${explicit ? 'is' : 'would be (derived from the construct path)'} already used by the object store ${other}, so both would read the same credentials`,
      'Give one of them a distinct credentialsVariablePrefix.');
  }
  claimed.set(prefix, store.node.path);
}
