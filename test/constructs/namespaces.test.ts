import { TerraformStack, Testing } from 'cdktf';
import { Construct } from 'constructs';
import { BackupHook, IKubeHook, Namespaces, Trigger, TriggerType } from '../../lib';

describe('Namespaces', () => {
  test('all, of, allExcept', () => {
    expect(Namespaces.all()).toMatchObject({ allNamespaces: true, included: undefined, excluded: undefined });
    expect(Namespaces.of(['shop', 'pay-1'])).toMatchObject({ allNamespaces: false, included: ['shop', 'pay-1'] });
    expect(Namespaces.allExcept(['kube-system'])).toMatchObject({ allNamespaces: true, excluded: ['kube-system'] });
    expect(Namespaces.of(['a']).toString()).toBe('Namespaces.of(["a"])');
  });

  test('fails for an empty list', () => {
    expect(() => Namespaces.of([])).toThrow(/Namespaces\.of\(\): 'namespaces' is invalid: the list is empty; got \[\]/);
  });

  test('fails for invalid labels and duplicates, listing every problem', () => {
    expect(() => Namespaces.of(['Shop', 'a_b', 'ok', 'ok', 'x'.repeat(64)])).toThrow(
      /'namespaces' is invalid: 'Shop' is not an RFC 1123 label; 'a_b' is not an RFC 1123 label; 'ok' is listed twice; 'x{64}' is longer than 63 characters; got \["Shop"/,
    );
    expect(() => Namespaces.allExcept(['-bad'])).toThrow(/Namespaces\.allExcept\(\): 'namespaces'.*'-bad'/);
  });
});

describe('Trigger', () => {
  test('adhoc and scheduled', () => {
    const stack = new TerraformStack(Testing.app(), 'test');
    const policy = Object.assign(new Construct(stack, 'P'), { policyId: 'p1' });
    expect(Trigger.adhoc()).toMatchObject({ triggerType: TriggerType.ADHOC, policy: undefined });
    expect(Trigger.scheduled(policy)).toMatchObject({ triggerType: TriggerType.SCHEDULED, policy });
    expect(Trigger.scheduled(policy).toString()).toBe('Trigger.scheduled(test/P)');
  });
});

describe('BackupHook', () => {
  const stack = new TerraformStack(Testing.app(), 'test');
  const hook = Object.assign(new Construct(stack, 'H'), { hookId: 'h1' }) as IKubeHook;

  test('fromHooks and template', () => {
    expect(BackupHook.fromHooks([hook], ['db'])).toMatchObject({ isTemplate: false, hookIds: ['h1'], namespaces: ['db'] });
    expect(BackupHook.template(['t1'], ['db'])).toMatchObject({ isTemplate: true, hookIds: ['t1'], namespaces: ['db'] });
  });

  test('fails for empty hooks or bad namespaces', () => {
    expect(() => BackupHook.fromHooks([], ['db'])).toThrow(/BackupHook\.fromHooks\(\): 'hooks' must be a non-empty list.*got "\[0 item\(s\)\]"/);
    expect(() => BackupHook.template([''], ['db'])).toThrow(/BackupHook\.template\(\): 'templateIds'/);
    expect(() => BackupHook.fromHooks([hook], ['DB'])).toThrow(/BackupHook\.fromHooks\(\): 'namespaces'.*'DB' is not an RFC 1123 label/);
  });
});
