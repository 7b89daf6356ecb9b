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
