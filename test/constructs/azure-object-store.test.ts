import { Testing } from 'cdktf';
import { makeStack, only, synthJson } from './util';
import { AzureObjectStore, KubeCluster, KubeOffload, KubeBackup, ObjectStore, OffloadTarget, Trigger, Errors } from '../../lib';

const AZURE = { region: 'eastus', resourceGroupName: 'backups-rg', storageAccountName: 'casabackups' };

describe('AzureObjectStore', () => {
  test('default configuration: the body CloudCasa\'s provider sends, the service principal from four sensitive variables', () => {
    const { stack } = makeStack();
    const store = new AzureObjectStore(stack, 'Vault', AZURE);
    const json = synthJson(stack);
    const r = only(json, 'restful_resource');
    expect(r.path).toBe('objectstores');
    expect(r.body).toEqual({
      name: 'Vault',
      provider_type: 'azure',
      region: 'eastus',
      s3provider: {
        cloud: 'Public',
        resource_group_name: 'backups-rg',
        storage_account_name: 'casabackups',
        credentials: {
          subscription_id: '${var.cloudcasa_vault_subscription_id}',
          tenant_id: '${var.cloudcasa_vault_tenant_id}',
          client_id: '${var.cloudcasa_vault_client_id}',
          client_secret: '${var.cloudcasa_vault_client_secret}',
        },
      },
    });
    for (const v of ['subscription_id', 'tenant_id', 'client_id', 'client_secret']) {
      expect(json.variable[`cloudcasa_vault_${v}`]).toMatchObject({ sensitive: true, type: 'string' });
      // never diffed against the read, never in the output kept in the state
      expect(r.write_only_attrs).toContain(`s3provider.credentials.${v}`);
    }
    // only paths its body has: restful refuses the others at plan
    expect(r.write_only_attrs).toHaveLength(4);
    expect(r.output_attrs).not.toContain('s3provider');
    expect(store).toMatchObject({ objectStoreName: 'Vault', region: 'eastus', governmentCloud: false });
  });

  test('government cloud, a private store through a cluster, a custom prefix; usable as a copy target and cluster default', () => {
    const { stack } = makeStack();
    const proxy = KubeCluster.fromClusterId(stack, 'Proxy', '5f0000000000000000000009');
    const store = new AzureObjectStore(stack, 'Vault', {
      ...AZURE, objectStoreName: 'gov-vault', governmentCloud: true, proxyCluster: proxy, credentialsVariablePrefix: 'gov',
    });
    expect(Testing.synth(stack)).toMatchSnapshot();
    const body = only(synthJson(stack), 'restful_resource').body;
    expect(body).toMatchObject({
      name: 'gov-vault',
      private: true,
      proxy_cluster_list: ['5f0000000000000000000009'],
      s3provider: { cloud: 'Government', credentials: { client_secret: '${var.gov_client_secret}' } },
    });
    const cluster = new KubeCluster(stack, 'Edge', { defaultObjectStore: store });
    const backup = new KubeBackup(stack, 'Apps', { cluster, trigger: Trigger.adhoc() });
    new KubeOffload(stack, 'Copy', { backup, target: OffloadTarget.objectStore(store), trigger: Trigger.adhoc() });
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });

  test('no value of a secret reaches the synthesized JSON', () => {
    const { stack } = makeStack();
    new AzureObjectStore(stack, 'Vault', AZURE);
    const vars = JSON.parse(Testing.synth(stack)).variable;
    for (const v of ['subscription_id', 'tenant_id', 'client_id', 'client_secret']) {
      expect(vars[`cloudcasa_vault_${v}`]).not.toHaveProperty('default');
    }
  });

  test.each([
    ['region', { ...AZURE, region: '' }, /test\/Bad: 'region' is required.*Azure region/],
    ['resourceGroupName', { ...AZURE, resourceGroupName: undefined }, /test\/Bad: 'resourceGroupName' is required/],
    ['storageAccountName', { ...AZURE, storageAccountName: '' }, /test\/Bad: 'storageAccountName' is required/],
  ])('a missing %s fails at synth, naming the construct and the field', (_f, props, message) => {
    const { stack } = makeStack();
    let err: unknown;
    try { new AzureObjectStore(stack, 'Bad', props as any); } catch (e) { err = e; }
    expect(Errors.isValidationError(err)).toBe(true);
    expect(String((err as Error).message)).toMatch(message);
  });

  test('shares the credential prefix rule with ObjectStore: two stores never read the same variables', () => {
    const { stack } = makeStack();
    new ObjectStore(stack, 'S3', { bucketName: 'b', region: 'eu-west-1', credentialsVariablePrefix: 'offsite' });
    expect(() => new AzureObjectStore(stack, 'Vault', { ...AZURE, credentialsVariablePrefix: 'offsite' }))
      .toThrow(/test\/Vault: 'credentialsVariablePrefix' .*already used by the object store test\/S3/);
    expect(() => new AzureObjectStore(stack, 'Bad', { ...AZURE, credentialsVariablePrefix: 'a b' })).toThrow(/not a valid Terraform variable name/);
  });
});
