// The CLI's `--where` arguments. A CLI concern, so not part of the client's entry point.

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
