import { Testing } from 'cdktf';
import { makeStack, only, synthJson } from './util';
import { KubeHook, KubeHookType } from '../../lib';

describe('KubeHook', () => {
  test('default configuration', () => {
    const { stack } = makeStack();
    const hook = new KubeHook(stack, 'Freeze', { hookType: KubeHookType.PRE_BACKUP, rules: [{ targets: [{ command: 'sync' }] }] });
    expect(only(synthJson(stack), 'restful_resource')).toMatchObject({
      path: 'kubehooks',
      read_path: '$(path)/$(body._id)',
      update_method: 'PUT',
      update_body_patches: expect.any(Array),
      body: { name: 'Freeze', hook_type: 'PRE_BACKUP', hook: [{ target: [{ command: 'sync' }] }] },
    });
    expect(hook.hookType).toBe(KubeHookType.PRE_BACKUP);
  });

  test('custom configuration with addRule after construction', () => {
    const { stack } = makeStack();
    const hook = new KubeHook(stack, 'Db', {
      hookName: 'db-quiesce',
      hookType: KubeHookType.COMMON,
      rules: [{ labels: { app: 'postgres,mysql' }, targets: [{ command: 'psql -c checkpoint', container: 'db' }] }],
    });
    hook.addRule({ targets: [{ command: 'sync' }] });
    expect(Testing.synth(stack)).toMatchSnapshot();
    expect(only(synthJson(stack), 'restful_resource').body).toEqual({
      name: 'db-quiesce',
      hook_type: 'COMMON',
      hook: [
        { labels: { app: 'postgres,mysql' }, target: [{ command: 'psql -c checkpoint', container: 'db' }] },
        { target: [{ command: 'sync' }] },
      ],
    });
  });

  test('lookups and import', () => {
    const { stack } = makeStack();
    expect(KubeHook.fromHookId(stack, 'H', 'h1').hookId).toBe('h1');
    KubeHook.fromName(stack, 'N', 'freeze');
    expect(only(synthJson(stack), 'restful_resource', 'data').id).toBe('kubehooks');
    expect(JSON.parse(KubeHook.importSpec('h1')).id).toBe('kubehooks/h1');
  });

  test('fails without rules at synth', () => {
    const { stack } = makeStack();
    new KubeHook(stack, 'Empty', { hookType: KubeHookType.POST_BACKUP });
    expect(() => Testing.synth(stack, true)).toThrow(/test\/Empty: a KubeHook must have at least one rule; got none/);
  });

  test('fails for a rule without command or an unknown type', () => {
    const { stack } = makeStack();
    const hook = new KubeHook(stack, 'H', { hookType: KubeHookType.POST_BACKUP });
    expect(() => hook.addRule({ targets: [] })).toThrow(/test\/H: 'rules\[0\]\.targets' must be a non-empty list of targets with a command; got \[\]/);
    expect(() => new KubeHook(stack, 'T', { hookType: 'PRE' as any })).toThrow(/test\/T: 'hookType' is not a KubeHookType; got "PRE"/);
  });
});
