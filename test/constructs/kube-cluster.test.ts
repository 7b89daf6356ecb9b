import { Testing } from 'cdktf';
import { makeStack, only, synthJson, WRITE_HEADERS } from './util';
import { KubeCluster, ObjectStore } from '../../lib';

describe('KubeCluster', () => {
  test('default configuration', () => {
    const { stack } = makeStack();
    const cluster = new KubeCluster(stack, 'Prod');
    expect(only(synthJson(stack), 'restful_resource')).toEqual({
      path: 'kubeclusters',
      read_path: '$(path)/$(body._id)',
      update_method: 'PUT',
      update_body_patches: expect.any(Array),
      update_header: WRITE_HEADERS,
      delete_header: WRITE_HEADERS,
      body: { name: 'Prod' },
    });
    expect(cluster.clusterName).toBe('Prod');
  });

  test('custom configuration', () => {
    const { stack } = makeStack();
    new KubeCluster(stack, 'Prod', { clusterName: 'prod-eu', description: 'EU production', tags: { env: 'prod' } });
    expect(Testing.synth(stack)).toMatchSnapshot();
    expect(only(synthJson(stack), 'restful_resource').body).toEqual({ name: 'prod-eu', description: 'EU production', tags: { env: 'prod' } });
  });

  test('lookups and import', () => {
    const { stack } = makeStack();
    expect(KubeCluster.fromClusterId(stack, 'ById', 'c1').clusterId).toBe('c1');
    expect(() => KubeCluster.fromClusterId(stack, 'Bad', '')).toThrow(/test\/Bad: 'clusterId' must be a non-empty CloudCasa id without '\/'; got ""/);
    expect(() => KubeCluster.fromName(stack, 'NoName', '')).toThrow(/test\/NoName: 'name' must be a non-empty string; got ""/);
    expect(JSON.parse(KubeCluster.importSpec('c1'))).toEqual({
      id: 'kubeclusters/c1', path: 'kubeclusters', body: { name: null, description: null, tags: null, backup_provider: null },
    });
    const cluster = new KubeCluster(stack, 'Prod');
    cluster.importExisting('c1');
    expect(synthJson(stack).import[0].id).toBe(KubeCluster.importSpec('c1'));
  });

  test('a default object store is sent as backup_provider.user_objectstore', () => {
    const { stack } = makeStack();
    const store = new ObjectStore(stack, 'Store', { bucketName: 'b', region: 'eu-west-1' });
    const cluster = new KubeCluster(stack, 'Prod', { defaultObjectStore: store });
    new KubeCluster(stack, 'ByLookup', { defaultObjectStore: ObjectStore.fromObjectStoreId(stack, 'Existing', '5f0000000000000000000001') });
    const resources = synthJson(stack).resource.restful_resource;
    const storeId = Object.keys(resources).find((k) => k.startsWith('Store_'))!;
    const body = (p: string) => resources[Object.keys(resources).find((k) => k.startsWith(p))!].body;
    expect(body('Prod_').backup_provider).toEqual({ user_objectstore: `\${element(split("/", restful_resource.${storeId}.id), 1)}` });
    expect(body('ByLookup_').backup_provider).toEqual({ user_objectstore: '5f0000000000000000000001' });
    expect(cluster.defaultObjectStore).toBe(store);
  });
});
