import { TerraformStack, Testing } from 'cdktf';
import { resolved } from './util';
import { restful } from '../../lib';

function stackWithProvider() {
  const stack = new TerraformStack(Testing.app(), 'test');
  new restful.RestfulProvider(stack, 'restful', {
    baseUrl: 'https://api.example.com/v1',
    header: { 'Content-Type': 'application/json' },
    security: { http: { token: { token: 'tok', scheme: 'Bearer' } } },
    client: { retry: { statusCodes: [429], count: 2, waitInSec: 1, maxWaitInSec: 10 }, tlsInsecureSkipVerify: true },
    updateMethod: 'PATCH',
  });
  return stack;
}

describe('restful L1 bindings', () => {
  test('provider pins magodo/restful 0.23.0 and keeps header names verbatim', () => {
    const stack = stackWithProvider();
    const json = JSON.parse(Testing.synth(stack));
    expect(json.terraform.required_providers.restful).toEqual({ source: 'magodo/restful', version: '0.23.0' });
    expect(json.provider.restful).toEqual([{
      base_url: 'https://api.example.com/v1',
      header: { 'Content-Type': 'application/json' },
      security: { http: { token: { token: 'tok', scheme: 'Bearer' } } },
      client: { retry: { status_codes: [429], count: 2, wait_in_sec: 1, max_wait_in_sec: 10 }, tls_insecure_skip_verify: true },
      update_method: 'PATCH',
    }]);
  });

  test('provider alias, apikey and oauth2', () => {
    const stack = new TerraformStack(Testing.app(), 'test');
    new restful.RestfulProvider(stack, 'a', {
      baseUrl: 'u', alias: 'other', security: { apikey: [{ in: 'header', name: 'X-Key', value: 'v' }] },
    });
    new restful.RestfulProvider(stack, 'b', {
      baseUrl: 'u', alias: 'oauth', security: { oauth2: { clientCredentials: { tokenUrl: 't', clientId: 'i', clientSecret: 's', scopes: ['x'] } } },
    });
    const json = JSON.parse(Testing.synth(stack));
    expect(json.provider.restful).toEqual([
      { alias: 'other', base_url: 'u', security: { apikey: [{ in: 'header', name: 'X-Key', value: 'v' }] } },
      { alias: 'oauth', base_url: 'u', security: { oauth2: { client_credentials: { token_url: 't', client_id: 'i', client_secret: 's', scopes: ['x'] } } } },
    ]);
  });

  test('resource, operation and data source', () => {
    // GIVEN
    const stack = stackWithProvider();
    // WHEN
    const res = new restful.Resource(stack, 'Thing', {
      path: 'things',
      body: { name: 'x', nested: { camelCase: true } },
      readPath: '$(path)/$(body._id)',
      updateMethod: 'PATCH',
      updateHeader: { 'If-Match': '$(body._etag)' },
      deleteHeader: { 'If-Match': '$(body._etag)' },
      query: { where: ['{}'] },
      pollCreate: { statusLocator: 'body.state', status: { success: 'READY', pending: ['PENDING'] }, defaultDelaySec: 5 },
      precheckDelete: [{ mutex: 'm' }, { api: { path: 'p', statusLocator: 'code', status: { success: '200' } } }],
      updateBodyPatches: [{ path: 'copydef', rawJson: '$(body.copydef)' }],
      writeOnlyAttrs: ['secret'],
      forceNewAttrs: ['name'],
      checkExistance: true,
      createSelector: '_items.0',
    });
    const op = new restful.Operation(stack, 'Run', {
      path: `things/${res.outputAttribute('_id')}/action/run`,
      method: 'POST',
      body: { retention: { retainDays: 7 } },
      operationHeader: { 'If-Match': res.outputAttribute('_etag') },
    });
    const data = new restful.DataRestfulResource(stack, 'Lookup', { id: 'things', query: { where: ['{"name":"x"}'] }, selector: '_items.0', allowNotExist: true });
    // THEN
    expect(Testing.synth(stack)).toMatchSnapshot();
    const json = JSON.parse(Testing.synth(stack));
    const r = json.resource.restful_resource.Thing;
    expect(r.body).toEqual({ name: 'x', nested: { camelCase: true } });
    expect(r.poll_create).toEqual({ status_locator: 'body.state', status: { success: 'READY', pending: ['PENDING'] }, default_delay_sec: 5 });
    expect(r.precheck_delete).toEqual([{ mutex: 'm' }, { api: { path: 'p', status_locator: 'code', status: { success: '200' } } }]);
    expect(r.update_body_patches).toEqual([{ path: 'copydef', raw_json: '$(body.copydef)' }]);
    expect(r.check_existance).toBe(true);
    expect(json.resource.restful_operation.Run).toEqual({
      path: 'things/${restful_resource.Thing.output._id}/action/run',
      method: 'POST',
      body: { retention: { retainDays: 7 } },
      operation_header: { 'If-Match': '${restful_resource.Thing.output._etag}' },
    });
    expect(json.data.restful_resource.Lookup).toEqual({ id: 'things', query: { where: ['{"name":"x"}'] }, selector: '_items.0', allow_not_exist: true });
    expect(resolved(stack, res.id)).toBe('${restful_resource.Thing.id}');
    expect(resolved(stack, res.output.lookup('_id'))).toBe('${restful_resource.Thing.output["_id"]}');
    expect(resolved(stack, op.outputAttribute('x'))).toBe('${restful_operation.Run.output.x}');
    expect(resolved(stack, data.outputAttribute('_id'))).toBe('${data.restful_resource.Lookup.output._id}');
    expect(res.pathInput).toBe('things');
    expect(restful.Resource.tfResourceType).toBe('restful_resource');
    expect(restful.Operation.tfResourceType).toBe('restful_operation');
  });

  test('generateConfigForImport', () => {
    const stack = stackWithProvider();
    restful.Resource.generateConfigForImport(stack, 'Imported', '{"id":"things/1","path":"things"}');
    const json = JSON.parse(Testing.synth(stack));
    expect(json.import).toEqual([{ id: '{"id":"things/1","path":"things"}', to: 'restful_resource.Imported' }]);
  });
});
