import { parseWhereArgs } from '../../lib/cli/where-args';

describe('casa list --where', () => {
  test('forms: KEY VALUE, KEY=VALUE, raw JSON', () => {
    expect(parseWhereArgs(['backupdef_name', 'test_terraform_kubebackup'])).toEqual({ backupdef_name: 'test_terraform_kubebackup' });
    // A value that reads as a number or boolean matches it either way: names like "2024" or "true" stay findable.
    expect(parseWhereArgs(['state=FAILED', 'start_time=12'])).toEqual({ state: 'FAILED', start_time: { $in: [12, '12'] } });
    expect(parseWhereArgs(['backupdef_name', '2024', 'pause=true'])).toEqual({ backupdef_name: { $in: [2024, '2024'] }, pause: { $in: [true, 'true'] } });
    const hostile = parseWhereArgs(['__proto__=x']);
    expect(Object.keys(hostile)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(hostile)).toBe(Object.prototype);
    expect(parseWhereArgs(['{"state":{"$in":["FAILED"]}}'])).toEqual({ state: { $in: ['FAILED'] } });
    expect(() => parseWhereArgs(['lonely'])).toThrow(/KEY=VALUE or KEY VALUE/);
  });
});
