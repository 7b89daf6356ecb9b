import { FaultRule } from './types';
import { prng } from './util';

interface CompiledRule {
  rule: FaultRule;
  method?: string;
  path?: RegExp;
}

/**
 * Deterministic fault injection: for each request, every matching rule draws one number from a seeded PRNG in
 * rule order; the first rule whose draw falls under its rate fires. Same seed + same request sequence → same
 * faults.
 */
export class Faults {
  private rules: CompiledRule[] = [];
  private rand: () => number = prng(1);

  constructor(rules: FaultRule[] = [], seed = 1) {
    this.set(rules, seed);
  }

  set(rules: FaultRule[], seed = 1): void {
    for (const r of rules) {
      if (!(r.rate >= 0 && r.rate <= 1)) throw new Error(`fault rate must be within 0..1, got ${r.rate}`);
      if (r.fault === 'status' && r.status === undefined) throw new Error('a status fault needs a status');
    }
    this.rules = rules.map((rule) => ({
      rule,
      method: rule.method?.toUpperCase(),
      path: rule.path !== undefined ? new RegExp(rule.path) : undefined,
    }));
    this.rand = prng(seed);
  }

  get empty(): boolean {
    return this.rules.length === 0;
  }

  /** `path` is the path after `/api/v1` (e.g. `/kubebackups/<id>`). */
  pick(method: string, path: string): FaultRule | undefined {
    for (const r of this.rules) {
      if (r.method && r.method !== method) continue;
      if (r.path && !r.path.test(path)) continue;
      if (this.rand() < r.rule.rate) return r.rule;
    }
    return undefined;
  }
}
