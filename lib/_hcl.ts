// HCL output (`cdktf synth --hcl`) that Terraform and OpenTofu accept, for the elements this library creates.
//
// cdktf 0.21 renders some Terraform JSON constructs as invalid HCL: lists inside a dynamic value (restful's `body`)
// become objects keyed "0", "1"…; strings that look like JSON or numbers lose their quotes; `depends_on` entries
// are quoted; lifecycle pre/postconditions and variable validations with interpolations are garbled. So these
// elements render their own HCL from their (correct) JSON form: every attribute becomes an HCL expression that
// cdktf's renderer copies verbatim (`type: 'reference'`, text without `${`, which it would otherwise re-quote).
import { DefaultTokenResolver, StringConcat, TerraformElement, Tokenization } from 'cdktf';

/** An attribute cdktf's HCL renderer copies as is. */
function verbatim(text: string): { value: string; type: 'reference' } {
  return { value: text, type: 'reference' };
}

/** The element's Terraform JSON with every token resolved (`${…}` strings), as `synth` would write it. */
export function resolvedJson(element: TerraformElement): any {
  return Tokenization.resolve(element.toTerraform(), {
    scope: element,
    preparing: false,
    resolver: new DefaultTokenResolver(new StringConcat()),
  });
}

type Part = { readonly lit: string } | { readonly expr: string };

/** A Terraform JSON string split into literal text and `${…}` interpolations (`$${` is a literal `${`). */
function templateParts(s: string): Part[] {
  const parts: Part[] = [];
  let lit = '';
  let i = 0;
  while (i < s.length) {
    if (s.startsWith('$${', i)) {
      lit += '${';
      i += 3;
    } else if (s.startsWith('${', i)) {
      let depth = 1;
      let j = i + 2;
      let quoted = false;
      for (; j < s.length && depth > 0; j++) {
        const c = s[j];
        if (quoted) {
          if (c === '\\') j++;
          else if (c === '"') quoted = false;
        } else if (c === '"') {
          quoted = true;
        } else if (c === '{') {
          depth++;
        } else if (c === '}') {
          depth--;
        }
      }
      if (depth !== 0) throw new Error(`Unbalanced interpolation in ${JSON.stringify(s)}`);
      if (lit) parts.push({ lit });
      lit = '';
      parts.push({ expr: s.slice(i + 2, j - 1).trim() });
      i = j;
    } else {
      lit += s[i++];
    }
  }
  if (lit || parts.length === 0) parts.push({ lit });
  return parts;
}

/**
 * A literal as HCL: JSON's escapes are HCL's. A literal `${` is written as two joined strings, since the
 * renderer re-quotes any text containing `${`.
 */
function literal(s: string): string {
  if (!s.includes('${')) return quote(s);
  const pieces = s.split('${');
  const quoted = pieces.map((p, k) => quote((k > 0 ? '{' : '') + p + (k < pieces.length - 1 ? '$' : '')));
  return `join("", [${quoted.join(', ')}])`;
}

/** A quoted HCL string: JSON's escapes, except `\b` and `\f`, which HCL lacks (written as `\uXXXX`). */
function quote(s: string): string {
  return JSON.stringify(s).replace(/\\(.)/g, (m, c) => (c === 'b' ? '\\u0008' : c === 'f' ? '\\u000c' : m));
}

/** A Terraform JSON string value as an HCL expression: a literal, a bare expression, or a join of both. */
export function hclString(s: string): string {
  const parts = templateParts(s);
  if (parts.length === 1) return 'expr' in parts[0] ? parts[0].expr : literal(parts[0].lit);
  return `join("", [${parts.map((p) => ('expr' in p ? `(${p.expr})` : literal(p.lit))).join(', ')}])`;
}

/** Any Terraform JSON value as an HCL expression. */
export function hclExpression(v: unknown, indent = ''): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return hclString(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  const inner = `${indent}  `;
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    return `[\n${v.map((x) => `${inner}${hclExpression(x, inner)},`).join('\n')}\n${indent}]`;
  }
  const entries = Object.entries(v as object).filter(([, x]) => x !== undefined);
  if (entries.length === 0) return '{}';
  return `{\n${entries.map(([k, x]) => `${inner}${hclKey(k)} = ${hclExpression(x, inner)}`).join('\n')}\n${indent}}`;
}

function hclKey(k: string): string {
  if (k.includes('${')) throw new Error(`An object key may not contain an interpolation: ${JSON.stringify(k)}`);
  return quote(k);
}

/** A reference list (`depends_on`, `ignore_changes`): bare addresses, never quoted. */
function references(list: string[]): string {
  return `[${list.map((r) => hclString(r.startsWith('${') ? r : `\${${r}}`)).join(', ')}]`;
}

/** `precondition` / `postcondition` / `validation` entries as HCL blocks. */
function conditionBlocks(list: Array<{ [k: string]: string }>) {
  return {
    value: list.map((c) => Object.fromEntries(Object.entries(c).map(([k, x]) => [k, verbatim(hclString(String(x)))]))),
    isBlock: true,
    type: 'list',
    storageClassType: 'objectList',
  };
}

/** The attributes of a resource or data source block, from its JSON form, for cdktf's HCL renderer. */
export function hclAttributes(json: { [key: string]: any }): { [key: string]: any } {
  const out: { [key: string]: any } = {};
  for (const [key, value] of Object.entries(json)) {
    if (value === undefined || key === '//') continue;
    if (key === 'depends_on') {
      out[key] = verbatim(references(value));
    } else if (key === 'lifecycle') {
      const lifecycle: { [key: string]: any } = {};
      for (const [k, x] of Object.entries(value as object)) {
        if (k === 'precondition' || k === 'postcondition') lifecycle[k] = conditionBlocks(x);
        else if (k === 'ignore_changes' || k === 'replace_triggered_by') lifecycle[k] = verbatim(Array.isArray(x) ? references(x) : String(x));
        else lifecycle[k] = verbatim(hclExpression(x));
      }
      out[key] = { value: lifecycle, isBlock: true };
    } else if (key === 'provisioner') {
      out[key] = (value as any[]).map((p) => Object.fromEntries(
        Object.entries(p).map(([type, props]) => [type, { value: hclAttributes(props as any) }]),
      ));
    } else {
      out[key] = verbatim(hclExpression(value));
    }
  }
  return out;
}

/**
 * Replaces the attributes of the one `resource` or `data` block in `hcl` (the element's own `toHclTerraform()`)
 * with attributes rendered from its JSON form, keeping cdktf's metadata and any `import` / `moved` blocks.
 */
export function withHclAttributes(element: TerraformElement, hcl: any, kind: 'resource' | 'data'): any {
  const json = resolvedJson(element);
  // A moved resource (`moveTo()`) has no block of its own, only a `moved` block.
  for (const type of Object.keys(json[kind] ?? {})) {
    for (const id of Object.keys(json[kind][type])) {
      if (!hcl[kind]?.[type]?.[id]) continue;
      const metadata = hcl[kind][type][id]['//'];
      hcl[kind][type][id] = { ...hclAttributes(json[kind][type][id]), ...(metadata ? { '//': metadata } : {}) };
    }
  }
  // `importExisting()`: the import spec is a JSON string, which cdktf writes unescaped.
  if (json.import && hcl.import) hcl.import = json.import.map(hclImport);
  return hcl;
}

/** A variable's `validation` blocks rendered from its JSON form (cdktf garbles interpolations in them). */
export function withHclValidation(element: TerraformElement, hcl: any): any {
  const json = resolvedJson(element).variable;
  for (const id of Object.keys(json)) {
    if (json[id].validation) hcl.variable[id].validation = conditionBlocks(json[id].validation);
  }
  return hcl;
}

/** An `import` block for HCL: `to` a bare address, the rest expressions. */
export function hclImport(block: { [key: string]: any }): { [key: string]: any } {
  return Object.fromEntries(Object.entries(block).map(([k, v]) => [k, verbatim(k === 'to' ? String(v) : hclExpression(v))]));
}

/** The provider blocks in `hcl` (a provider's own `toHclTerraform()`) with attributes rendered from its JSON form. */
export function withHclProviderAttributes(element: TerraformElement, hcl: any): any {
  const json = resolvedJson(element).provider;
  for (const type of Object.keys(json)) {
    hcl.provider[type] = json[type].map((attrs: any) => hclAttributes(attrs));
  }
  return hcl;
}
