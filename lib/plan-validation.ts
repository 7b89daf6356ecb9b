import { Aspects, DefaultTokenResolver, IAspect, Lazy, StringConcat, TerraformElement, TerraformStack, Tokenization } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { hclImport } from './_hcl';
import { DataExternal } from './_restful';
import { membersOf } from './cloudcasa-resource';
import { ExternalProvider } from './imports/external/provider';
import { DataRestfulResource } from './imports/restful/data-restful-resource';
import { Resource } from './imports/restful/resource';
import { validateNamespaceList } from './namespaces';
import { VALIDATION_DATA_SOURCE_ID } from './validate/spec-format';
import type { AdoptableSpec, BackupSpec, NamespaceSourceSpec, OffloadSpec, ValidationSpec } from './validate/spec-format';

/** Options of `PlanValidation.kubeconfig()`. */
export interface KubeconfigValidationOptions {
  /**
   * The kubeconfig file, as seen by the machine that runs the plan.
   * @default - `KUBECONFIG` at plan time, else `~/.kube/config`
   */
  readonly path?: string;
  /**
   * The kubeconfig context of each cluster, keyed by CloudCasa cluster name or id.
   * @default - each cluster's context is the one named like the cluster
   */
  readonly contexts?: { [clusterNameOrId: string]: string };
}

/**
 * How `terraform plan` checks the stack's backups before anything is written (see `CloudCasaProvider.planValidation`).
 *
 * Every choice except `disabled()` adds one `external` data source (`data.external.cloudcasa_validation`) that
 * runs this package's CLI during plan: it checks that clusters exist and are ACTIVE, that policies exist, that
 * triggers and policies agree, and (depending on the choice) that every named namespace exists. Any error fails
 * the plan with the construct path, the field, the bad value and what would be valid. The CLI reads the API key
 * from `CLOUDCASA_API_KEY` or `TF_VAR_cloudcasa_api_key` in the engine's environment.
 */
export class PlanValidation {
  /**
   * Check namespaces through the kubeconfig found at plan time (`KUBECONFIG`, else `~/.kube/config`), with the
   * context named like each cluster; when there is no kubeconfig or no such context, namespace checks are skipped
   * and a note says so. Everything else is checked.
   */
  public static auto(): PlanValidation {
    return new PlanValidation(true, { mode: 'auto' }, 'PlanValidation.auto()');
  }

  /**
   * Check namespaces through a kubeconfig; a missing context or an unreachable cluster fails the plan.
   * @param options The file and the context of each cluster
   */
  public static kubeconfig(options: KubeconfigValidationOptions = {}): PlanValidation {
    const contexts = options.contexts ? { ...options.contexts } : undefined;
    return new PlanValidation(true, { mode: 'kubeconfig', path: options.path, contexts }, 'PlanValidation.kubeconfig()');
  }

  /**
   * Check namespaces against lists given here, keyed by CloudCasa cluster name or id. Clusters without a list are
   * not checked for namespaces (a note says so).
   * @param namespaces Cluster name or id → the namespaces that exist in it
   */
  public static staticNamespaces(namespaces: { [clusterNameOrId: string]: string[] }): PlanValidation {
    const lists: { [k: string]: string[] } = {};
    for (const [cluster, names] of Object.entries(namespaces ?? {})) {
      lists[cluster] = validateNamespaceList(`PlanValidation.staticNamespaces()['${cluster}']`, names);
    }
    return new PlanValidation(true, { mode: 'static', namespaces: lists }, 'PlanValidation.staticNamespaces()');
  }

  /** Check clusters, policies and triggers against the API, but not namespaces (reported as a note). */
  public static apiOnly(): PlanValidation {
    return new PlanValidation(true, { mode: 'none' }, 'PlanValidation.apiOnly()');
  }

  /** No plan-time validation: no data source is added and the CLI never runs during plan. */
  public static disabled(): PlanValidation {
    return new PlanValidation(false, { mode: 'none' }, 'PlanValidation.disabled()');
  }

  /** Whether the validation data source is added. */
  public readonly enabled: boolean;
  private readonly source: NamespaceSourceSpec;
  private readonly code: string;

  private constructor(enabled: boolean, source: NamespaceSourceSpec, code: string) {
    this.enabled = enabled;
    this.source = source;
    this.code = code;
  }

  /** @internal */
  public _namespaceSource(): NamespaceSourceSpec {
    return JSON.parse(JSON.stringify(this.source));
  }

  /** The code form, for messages. */
  public toString(): string {
    return this.code;
  }
}

export { VALIDATION_DATA_SOURCE_ID };

/** Per stack: whether declared objects that already exist are adopted (CloudCasaProvider.adoptExisting). */
const ADOPT = new WeakMap<TerraformStack, boolean>();

/** @internal */
export interface PlanValidationSetup {
  readonly validation: PlanValidation;
  readonly adoptExisting: boolean;
  readonly program: string[];
  readonly apiUrl: string;
  readonly externalVersion: string;
}

/**
 * Adds the `external` provider and the validation data source to the provider's stack. Its query is lazy, so
 * definitions added after the provider count.
 * @internal
 */
export function addPlanValidation(provider: Construct, setup: PlanValidationSetup): DataExternal | undefined {
  if (!setup.validation.enabled) return undefined;
  const stack = TerraformStack.of(provider);
  new ExternalProvider(provider, 'External');
  stack.addOverride('terraform.required_providers.external.version', setup.externalVersion);
  const source = setup.validation._namespaceSource();
  const dataSource = new DataExternal(provider, 'Validation', {
    program: setup.program,
    // The stack directory, so a CLI path relative to it (the default, see defaultCliProgram) resolves.
    workingDir: '${path.module}',
    query: {
      api_url: setup.apiUrl,
      spec: Lazy.stringValue({ produce: () => JSON.stringify(renderSpec(stack, source)) }),
    },
  });
  dataSource.overrideLogicalId(VALIDATION_DATA_SOURCE_ID);
  Aspects.of(stack).add(new AfterValidation());
  ADOPT.set(stack, setup.adoptExisting);
  if (setup.adoptExisting) new AdoptionImports(provider, 'Adoption');
  // Warnings and notes would otherwise live only in the data source's result: `check` blocks (Terraform >= 1.5,
  // OpenTofu >= 1.6) make both engines print them as warnings in every plan and apply, without failing either.
  const result = `data.external.${VALIDATION_DATA_SOURCE_ID}.result`;
  for (const [name, key, what] of [['warnings', 'warnings', 'warnings'], ['notes', 'notices', 'notes']]) {
    stack.addOverride(`check.cloudcasa_validation_${name}`, {
      assert: [{
        condition: `\${${result}.${key} == ""}`,
        error_message: `CloudCasa plan-time validation ${what}:\n\${${result}.${key}}`,
      }],
    });
  }
  return dataSource;
}

/**
 * Every restful resource and look-up of the stack `depends_on` the validation data source, so the engine reads
 * the API only after the check passed. The restful provider has no request timeout (its HTTP client waits as
 * long as a server keeps the connection open), while the validation program gives up within about a minute
 * with a message naming the URL: ordered this way, a wrong, unreachable or silent API fails the plan with that
 * message instead of hanging it, and `-target` plans are checked too. The cost: the reads no longer overlap the
 * program's run, so its duration is added to every plan.
 */
class AfterValidation implements IAspect {
  public visit(node: IConstruct): void {
    if (!(node instanceof Resource) && !(node instanceof DataRestfulResource)) return;
    // The logical id is fixed, so the address is known; depends_on takes a bare address, not `${...}`.
    const fqn = `data.external.${VALIDATION_DATA_SOURCE_ID}`;
    const deps = node.dependsOn ?? [];
    if (!deps.includes(fqn)) node.dependsOn = [...deps, fqn];
  }
}

/**
 * The spec the validation data source receives: what each construct of the stack says about itself
 * (`CloudCasaResource._validationSpec()`), and the objects to adopt.
 */
function renderSpec(stack: TerraformStack, namespaceSource: NamespaceSourceSpec): ValidationSpec {
  const backups: BackupSpec[] = [];
  const offloads: OffloadSpec[] = [];
  for (const member of membersOf(stack)) {
    const spec = member._validationSpec();
    if (spec.backup) backups.push(spec.backup);
    if (spec.offload) offloads.push(spec.offload);
  }
  return { version: 1, stack: stack.node.id, namespaceSource, backups, offloads, adopt: ADOPT.get(stack) ? adoptables(stack) : [] };
}

/**
 * Every object the stack creates, unless its resource already has an import block (`importExisting()`), whose
 * name is a literal: the validation can look it up at plan time.
 */
function adoptables(stack: TerraformStack): AdoptableSpec[] {
  const out: AdoptableSpec[] = [];
  for (const member of membersOf(stack)) {
    const node = member.resource;
    if ((node.toTerraform() as any).import) continue;
    const body = Tokenization.resolve(member._renderBody(), { scope: node, resolver: new DefaultTokenResolver(new StringConcat()) });
    const name = body?.name;
    if (typeof name !== 'string' || name.includes('${')) continue;
    out.push({ key: node.friendlyUniqueId, collection: member.collection, name, body: shapeOf(body) as Record<string, unknown> });
  }
  return out;
}

/** The body with every leaf (and every list) replaced by null: the fields restful's import spec tracks. */
function shapeOf(v: unknown): unknown {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return null;
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, shapeOf(x)]));
}

/**
 * One `import` block per adoptable resource, looping over zero or one import spec that the validation found
 * (Terraform >= 1.7, OpenTofu >= 1.7): when CloudCasa already has an object of the declared name — a create
 * whose reply was lost, an apply that was killed, an object made by hand — the plan imports it and updates it
 * to the configuration, instead of failing on a duplicate name. Both engines ignore an import whose target is
 * already in the state, so a stack that owns its objects plans exactly as without these blocks.
 */
class AdoptionImports extends TerraformElement {
  public toHclTerraform(): any {
    const imports = this.toTerraform().import;
    return imports ? { import: imports.map(hclImport) } : {};
  }

  public toTerraform(): any {
    const result = `data.external.${VALIDATION_DATA_SOURCE_ID}.result`;
    const imports = adoptables(TerraformStack.of(this)).map((a) => ({
      for_each: `\${${result}.adopt_${a.key} == "" ? toset([]) : toset([${result}.adopt_${a.key}])}`,
      to: `restful_resource.${a.key}`,
      id: '${each.value}',
    }));
    return imports.length ? { import: imports } : {};
  }
}
