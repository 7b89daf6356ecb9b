import * as fc from 'fast-check';
import { PROD_NAMESPACES, STAGING_NAMESPACES, world, World } from './helpers';
import { BackupSpec, OffloadSpec, validateSpec } from '../../lib/validate';

let w: World;
beforeAll(async () => { w = await world(); });
afterAll(() => w.close());

/** Any consistent definition: an existing cluster and its namespaces, a policy when SCHEDULED, none when ADHOC. */
function validBackup(i: number): fc.Arbitrary<BackupSpec> {
  return fc.record({
    prod: fc.boolean(),
    byId: fc.boolean(),
    scheduled: fc.boolean(),
    policyById: fc.boolean(),
    mode: fc.constantFrom('list', 'all', 'except'),
    pick: fc.array(fc.nat(), { minLength: 1, maxLength: 3 }),
  }).map((x): BackupSpec => {
    const names = x.prod ? PROD_NAMESPACES : STAGING_NAMESPACES;
    const chosen = [...new Set(x.pick.map((n) => names[n % names.length]))];
    const cluster = x.byId ? { id: x.prod ? w.prodId : w.stagingId } : { name: x.prod ? 'prod' : 'staging' };
    return {
      path: `app/B${i}`,
      name: `b${i}`,
      cluster,
      allNamespaces: x.mode !== 'list',
      namespaces: x.mode === 'list' ? chosen : undefined,
      excludedNamespaces: x.mode === 'except' ? chosen : undefined,
      triggerType: x.scheduled ? 'SCHEDULED' : 'ADHOC',
      policy: x.scheduled ? (x.policyById ? { id: w.nightlyId } : { name: 'nightly' }) : undefined,
    };
  });
}

test('valid inputs never produce errors, whatever the namespace source', async () => {
  await fc.assert(fc.asyncProperty(
    fc.integer({ min: 0, max: 6 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => validBackup(i)))),
    fc.constantFrom('kubeconfig', 'static', 'none'),
    fc.boolean(),
    async (backups, mode, withOffload) => {
      const offloads: OffloadSpec[] = withOffload && backups.length > 0
        ? [{ path: 'app/Copy', name: 'copy', backup: { inStack: backups[0].name }, triggerType: 'SCHEDULED', policy: { name: 'nightly' } }]
        : [];
      const namespaceSource = mode === 'kubeconfig' ? { mode, path: w.kubeconfig }
        : mode === 'static' ? { mode, namespaces: { prod: PROD_NAMESPACES, [w.stagingId]: STAGING_NAMESPACES } } : { mode };
      const r = await validateSpec({ version: 1, stack: 'app', namespaceSource, backups: [...backups], offloads }, { client: w.client });
      expect(r.errors).toEqual([]);
      expect(r.checked).toBe(backups.length + offloads.length);
    },
  ), { numRuns: 60 });
});
