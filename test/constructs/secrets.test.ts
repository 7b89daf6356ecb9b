import { TerraformVariable, Testing } from 'cdktf';
import { makeStack, resolved } from './util';
import {
  Duration, Errors, KubeBackup, KubeCluster, KubeOffload, ObjectStore, OffloadTarget, Policy, Schedule, Trigger,
} from '../../lib';
import { ValidationError } from '../../lib/validation-error';

describe('secrets', () => {
  test('the synthesized JSON never contains the API key or storage credentials', () => {
    // GIVEN an environment that holds a key, as a deployment would
    const key = 'ck_live_0123456789abcdef';
    process.env.TF_VAR_cloudcasa_api_key = key;
    process.env.CLOUDCASA_API_KEY = key;
    try {
      const { stack } = makeStack();
      const cluster = new KubeCluster(stack, 'Prod');
      const policy = new Policy(stack, 'P', { schedules: [{ schedule: Schedule.daily(), retention: Duration.days(7) }] });
      const store = new ObjectStore(stack, 'S', { bucketName: 'b' });
      const kb = new KubeBackup(stack, 'B', { cluster, trigger: Trigger.adhoc(), runOnApply: true });
      new KubeOffload(stack, 'C', { backup: kb, target: OffloadTarget.objectStore(store), trigger: Trigger.scheduled(policy) });
      // WHEN
      const out = Testing.synth(stack);
      // THEN
      expect(out).not.toContain(key);
      const json = JSON.parse(out);
      expect(json.provider.restful[0].security.http.token.token).toBe('${var.cloudcasa_api_key}');
      const sensitive = Object.entries(json.variable).filter(([, v]: [string, any]) => v.sensitive).map(([k]) => k).sort();
      expect(sensitive).toEqual(['cloudcasa_api_key', 'cloudcasa_s_access_key', 'cloudcasa_s_secret_key']);
      for (const name of sensitive) expect(json.variable[name].default).toBeUndefined();
      expect(JSON.stringify(json.resource.terraform_data)).not.toMatch(/api_key|API_KEY/);
    } finally {
      delete process.env.TF_VAR_cloudcasa_api_key;
      delete process.env.CLOUDCASA_API_KEY;
    }
  });

  test('a TerraformVariable can be referenced where a secret is expected', () => {
    const { stack } = makeStack();
    const v = new TerraformVariable(stack, 'x', { sensitive: true });
    expect(resolved(stack, v.stringValue)).toBe('${var.x}');
  });
});

describe('ValidationError', () => {
  test('is branded and carries path, prop and value', () => {
    const e = new ValidationError('m', 'a/b', 'p', '"v"');
    expect(Errors.isValidationError(e)).toBe(true);
    expect(ValidationError.isValidationError({})).toBe(false);
    expect(Errors.isValidationError(new Error('x'))).toBe(false);
    expect(e).toBeInstanceOf(Error);
    expect(e).toMatchObject({ name: 'ValidationError', path: 'a/b', prop: 'p', value: '"v"' });
  });

  test('value classes throw ValidationErrors', () => {
    try {
      Schedule.cron('0 25 * * *');
      throw new Error('unreachable');
    } catch (e) {
      expect(Errors.isValidationError(e)).toBe(true);
      expect(e).toMatchObject({ prop: 'hour', value: '"25"' });
    }
  });
});
