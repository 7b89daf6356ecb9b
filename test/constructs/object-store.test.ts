import { Testing } from 'cdktf';
import { makeStack, only, synthJson } from './util';
import { KubeCluster, ObjectStore } from '../../lib';

describe('ObjectStore', () => {
  test('default configuration', () => {
    const { stack } = makeStack();
    const store = new ObjectStore(stack, 'BackupBucket', { bucketName: 'backups', region: 'eu-west-1' });
    const json = synthJson(stack);
    expect(only(json, 'restful_resource')).toMatchObject({
      path: 'objectstores',
      write_only_attrs: ['s3provider.credentials.access_key', 's3provider.credentials.secret_key'],
      body: {
        name: 'BackupBucket',
        provider_type: 'aws',
        bucket_name: 'backups',
        region: 'eu-west-1',
        s3provider: {
          credentials: {
            access_key: '${var.cloudcasa_backup_bucket_access_key}',
            secret_key: '${var.cloudcasa_backup_bucket_secret_key}',
          },
        },
      },
    });
    expect(json.variable.cloudcasa_backup_bucket_access_key).toMatchObject({ sensitive: true, type: 'string' });
    expect(json.variable.cloudcasa_backup_bucket_secret_key).toMatchObject({ sensitive: true, type: 'string' });
    expect(store.bucketName).toBe('backups');
  });

  test('custom configuration', () => {
    const { stack } = makeStack();
    const proxy = KubeCluster.fromClusterId(stack, 'Proxy', 'c9');
    new ObjectStore(stack, 'Minio', {
      objectStoreName: 'minio',
      bucketName: 'casa',
      endpoint: 'https://minio.example.com',
      credentialsVariablePrefix: 'minio',
      skipTlsValidation: true,
      proxyCluster: proxy,
    });
    expect(Testing.synth(stack)).toMatchSnapshot();
    expect(only(synthJson(stack), 'restful_resource').body).toEqual({
      name: 'minio',
      provider_type: 'aws',
      bucket_name: 'casa',
      s3provider: {
        endpoint: 'https://minio.example.com',
        credentials: { access_key: '${var.minio_access_key}', secret_key: '${var.minio_secret_key}' },
      },
      private: true,
      proxy_cluster_list: ['c9'],
      skip_tls_certificate_validation: true,
    });
  });

  test('lookups and import', () => {
    const { stack } = makeStack();
    expect(ObjectStore.fromObjectStoreId(stack, 'S', 's1').objectStoreId).toBe('s1');
    ObjectStore.fromName(stack, 'N', 'bucket');
    expect(only(synthJson(stack), 'restful_resource', 'data').id).toBe('objectstores');
    expect(JSON.parse(ObjectStore.importSpec('s1')).id).toBe('objectstores/s1');
  });

  test('fails without a bucket or with a bad variable prefix', () => {
    const { stack } = makeStack();
    expect(() => new ObjectStore(stack, 'A', {} as any)).toThrow(/test\/A: 'bucketName' is required; got undefined/);
    expect(() => new ObjectStore(stack, 'B', { bucketName: 'b', credentialsVariablePrefix: '9 x' })).toThrow(
      /test\/B: 'credentialsVariablePrefix' is not a valid Terraform variable name; got "9 x"/,
    );
  });
});
