/**
 * Eve's fallback `where` syntax: a Python expression such as `lastname=="Doe" and age>=18`, turned into a Mongo
 * query (io/mongo/parser.py). Supported: == != > >= < <=, and/or/parentheses, dotted names, strings, numbers,
 * True/False/None, ObjectId("…") and datetime(y, m, d[, H, M, S]). Only the first comparator of a chain is used.
 */
type Tok = { t: 'name' | 'str' | 'num' | 'op' | 'punc' | 'end'; v: string };

const OPS: Record<string, string | null> = { '==': null, '!=': '$ne', '>': '$gt', '>=': '$gte', '<': '$lt', '<=': '$lte' };

function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) { i++; continue; }
    const two = src.slice(i, i + 2);
    if (two in OPS && two.length === 2) { out.push({ t: 'op', v: two }); i += 2; continue; }
    if (c === '>' || c === '<') { out.push({ t: 'op', v: c }); i++; continue; }
    if ('(),[]'.includes(c)) { out.push({ t: 'punc', v: c }); i++; continue; }
    if (c === '"' || c === "'") {
      let j = i + 1;
      let s = '';
      while (j < src.length && src[j] !== c) {
        if (src[j] === '\\' && j + 1 < src.length) { s += src[j + 1]; j += 2; continue; }
        s += src[j++];
      }
      if (j >= src.length) throw new Error('unterminated string');
      out.push({ t: 'str', v: s });
      i = j + 1;
      continue;
    }
    const num = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(src.slice(i));
    if (num) { out.push({ t: 'num', v: num[0] }); i += num[0].length; continue; }
    const name = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_0-9][A-Za-z0-9_]*)*/.exec(src.slice(i));
    if (name) { out.push({ t: 'name', v: name[0] }); i += name[0].length; continue; }
    throw new Error(`unexpected character ${c}`);
  }
  out.push({ t: 'end', v: '' });
  return out;
}

export function parsePythonWhere(src: string): Record<string, unknown> {
  const toks = tokenize(src);
  let p = 0;
  const peek = () => toks[p];
  const next = () => toks[p++];
  const expect = (v: string) => {
    const t = next();
    if (t.v !== v) throw new Error(`expected ${v}`);
  };

  function value(): unknown {
    const t = next();
    if (t.t === 'str') return t.v;
    if (t.t === 'num') return Number(t.v);
    if (t.t === 'punc' && t.v === '[') {
      const items: unknown[] = [];
      while (peek().v !== ']') {
        items.push(value());
        if (peek().v === ',') next();
      }
      expect(']');
      return items;
    }
    if (t.t === 'name') {
      if (t.v === 'True') return true;
      if (t.v === 'False') return false;
      if (t.v === 'None') return null;
      if (t.v === 'ObjectId' || t.v === 'datetime') {
        expect('(');
        const args: unknown[] = [];
        while (peek().v !== ')') {
          args.push(value());
          if (peek().v === ',') next();
        }
        expect(')');
        if (t.v === 'ObjectId') return String(args[0]);
        const n = args.map(Number);
        return new Date(Date.UTC(n[0], (n[1] ?? 1) - 1, n[2] ?? 1, n[3] ?? 0, n[4] ?? 0, n[5] ?? 0));
      }
      return { $name: t.v };
    }
    throw new Error('unexpected token');
  }

  function comparison(): Record<string, unknown> {
    if (peek().v === '(') {
      next();
      const e = orExpr();
      expect(')');
      return e;
    }
    const left = next();
    if (left.t !== 'name') throw new Error('left side must be a name');
    const op = next();
    if (op.t !== 'op') throw new Error('expected a comparison');
    const right = value();
    // further comparators of a chain (`a < b < c`) are parsed and ignored, as Eve does
    while (peek().t === 'op') { next(); value(); }
    const mongoOp = OPS[op.v];
    return { [left.v]: mongoOp ? { [mongoOp]: right } : right };
  }

  function andExpr(): Record<string, unknown> {
    const parts = [comparison()];
    while (peek().t === 'name' && peek().v === 'and') { next(); parts.push(comparison()); }
    return parts.length === 1 ? parts[0] : { $and: parts };
  }

  function orExpr(): Record<string, unknown> {
    const parts = [andExpr()];
    while (peek().t === 'name' && peek().v === 'or') { next(); parts.push(andExpr()); }
    return parts.length === 1 ? parts[0] : { $or: parts };
  }

  const q = orExpr();
  if (peek().t !== 'end') throw new Error('trailing input');
  return q;
}
