/**
 * A typed builder for Eve's Mongo-style `where` (docs/eve-behaviour.md#query-parameters): plain values mean equality,
 * operators come from `op`, `$or`/`$and` combine. `where<Job>({ backupdef: id, start_time: op.gt(t) })`.
 */
export interface Operators<V> {
  $eq?: V; $ne?: V; $gt?: V; $gte?: V; $lt?: V; $lte?: V; $in?: V[]; $nin?: V[]; $exists?: boolean;
}
export type FieldCondition<V> = V | Operators<V>;
export type Where<T = Record<string, unknown>> = {
  [K in keyof T]?: FieldCondition<T[K]>;
} & {
  /** Dotted paths into subdocuments, e.g. `'source.namespaces'`. */
  [path: string]: unknown;
  $or?: Array<Where<T>>;
  $and?: Array<Where<T>>;
};

/** Operator helpers, so queries read as code rather than JSON. */
export const op = {
  eq: <V>(v: V): Operators<V> => ({ $eq: v }),
  ne: <V>(v: V): Operators<V> => ({ $ne: v }),
  gt: <V>(v: V): Operators<V> => ({ $gt: v }),
  gte: <V>(v: V): Operators<V> => ({ $gte: v }),
  lt: <V>(v: V): Operators<V> => ({ $lt: v }),
  lte: <V>(v: V): Operators<V> => ({ $lte: v }),
  in: <V>(v: V[]): Operators<V> => ({ $in: v }),
  nin: <V>(v: V[]): Operators<V> => ({ $nin: v }),
  exists: (v = true): Operators<never> => ({ $exists: v }),
};

export function where<T = Record<string, unknown>>(w: Where<T>): Where<T> { return w; }
export function or<T>(...ws: Array<Where<T>>): Where<T> { return { $or: ws } as Where<T>; }
export function and<T>(...ws: Array<Where<T>>): Where<T> { return { $and: ws } as Where<T>; }

/**
 * Parses CLI-style filters into a `where`: `KEY=VALUE` pairs (or `KEY VALUE` pairs, as in
 * `casa list jobs --where backupdef_name NAME`). A value that reads as a number or a boolean matches either that
 * value or the same text as a string (`{"$in": [2024, "2024"]}`), so a definition named `2024` or `true` is found
 * as well as a numeric `start_time`; anything else is a string. A single argument starting with `{` is taken as
 * raw JSON, for exact types.
 */
export function parseWhereArgs(args: string[]): Record<string, unknown> {
  if (args.length === 1 && args[0].trim().startsWith('{')) {
    const parsed = JSON.parse(args[0]);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new Error(`--where JSON must be an object, got ${args[0]}`);
    }
    return parsed;
  }
  const out: Record<string, unknown> = {};
  // defineProperty: a key such as `__proto__` stays an ordinary field of the filter.
  const set = (k: string, v: string) => Object.defineProperty(out, k, { value: coerce(v), enumerable: true, writable: true, configurable: true });
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const eq = a.indexOf('=');
    if (eq > 0) {
      set(a.slice(0, eq), a.slice(eq + 1));
    } else if (i + 1 < args.length && !args[i + 1].includes('=')) {
      set(a, args[++i]);
    } else {
      throw new Error(`--where expects KEY=VALUE or KEY VALUE pairs, got '${a}' without a value`);
    }
  }
  return out;
}

function coerce(v: string): unknown {
  if (/^-?\d+(\.\d+)?$/.test(v)) return { $in: [Number(v), v] };
  if (v === 'true' || v === 'false') return { $in: [v === 'true', v] };
  return v;
}
