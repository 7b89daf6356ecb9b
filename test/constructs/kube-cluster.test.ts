import { Testing } from 'cdktf';
import { makeStack, only, synthJson, WRITE_HEADERS } from './util';
import { KubeCluster } from '../../lib';

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
      id: 'kubeclusters/c1', path: 'kubeclusters', body: { name: null, description: null, tags: null },
    });
    const cluster = new KubeCluster(stack, 'Prod');
    cluster.importExisting('c1');
    expect(synthJson(stack).import[0].id).toBe(KubeCluster.importSpec('c1'));
  });
});
