import { Fn, Lazy, TerraformStack, Token, Tokenization } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { COLLECTIONS, CollectionInfo, CollectionPath } from './_collections';
import * as errors from './_errors';
import { EVE_READ_PATH, importSpec, WRITE_HEADERS } from './_internal';
import { checkId, lookupIdByName } from './_lookup';
import { Resource } from './_restful';
import { CloudCasaProvider } from './cloudcasa-provider';
import type { Resource as RestfulResource } from './imports/restful/resource';
import type { BackupSpec, ObjectRef, OffloadSpec } from './validate/spec-format';

/** What plan-time validation learns from one construct of the stack. @internal */
export interface MemberSpec {
  /** How other constructs' references to this one are checked. */
  readonly ref: ObjectRef;
  /** For a KubeBackup: what is checked before the plan writes it. */
  readonly backup?: BackupSpec;
  /** For a KubeOffload: what is checked before the plan writes it. */
  readonly offload?: OffloadSpec;
}

/**
 * A CloudCasa object managed by this stack: one `restful_resource` on one collection, with an import surface.
 *
 * Every construct of this library that creates an object extends it and adds only its own properties and body.
 * The body is rendered lazily, at synth, so values added after construction (`addSchedule()`, `addRule()`)
 * are included. It is the common type of the six constructs, not an extension point: a subclass outside this
 * library cannot provide the body and validation spec, and synth says so.
 */
export abstract class CloudCasaResource extends Construct {
  /** The underlying `restful_resource` (an escape hatch: `addOverride()`, `lifecycle`, …). */
  public readonly resource: RestfulResource;
  /**
   * The object's `_id`, taken from restful's resource id (`<collection>/<_id>`):
   * `${element(split("/", restful_resource.<id>.id), 1)}`. Unlike `output._id` it stays known while the object is
   * updated, so an edit of this object does not turn every reference to it into `(known after apply)`.
   */
  public readonly objectId: string;
  /** The collection below the API root, e.g. `kubebackups`. */
  public readonly collection: string;

  /**
   * @param scope The scope
   * @param id The construct id
   * @param collection The collection, one of `policies`, `kubeclusters`, `kubehooks`, `objectstores`, `kubebackups`, `kubeoffloads`
   */
  protected constructor(scope: Construct, id: string, collection: string) {
    super(scope, id);
    CloudCasaProvider.of(this);
    const info = collectionInfo(this.node.path, collection);
    this.collection = info.path;
    this.resource = new Resource(this, 'Resource', {
      path: info.path,
      readPath: EVE_READ_PATH,
      updateMethod: 'PUT',
      updateBodyPatches: Lazy.anyValue({ produce: () => updateBodyPatches(this._renderBody(), info.trackedKeys) }) as any,
      updateHeader: WRITE_HEADERS,
      deleteHeader: WRITE_HEADERS,
      outputAttrs: info.outputAttrs,
      writeOnlyAttrs: info.writeOnlyAttrs,
      body: Lazy.anyValue({ produce: () => this._renderBody() }) as any,
    });
    this.objectId = Fn.element(Fn.split('/', this.resource.id), 1);
    this.node.addValidation({ validate: () => this.duplicateNameErrors(info) });
  }

  /**
   * Two definitions of one collection with the same name in one stack: CloudCasa refuses the second create
   * (`422 ... is not unique`), half-way through an apply. Reported on the later construct, naming both. Object
   * stores are unique by bucket, not by name, so they are not checked here.
   */
  private duplicateNameErrors(info: CollectionInfo): string[] {
    if (info.path === 'objectstores') return [];
    const name = known(this._renderBody().name);
    if (name === undefined) return [];
    const members = membersOf(TerraformStack.of(this));
    const first = members.find((m) => m.collection === this.collection && known(m._renderBody().name) === name);
    if (!first || first === this) return [];
    return [`${this.node.path}: the ${info.noun} name '${name}' is also the name of ${first.node.path}; CloudCasa names are `
      + `unique per collection, so the second create would fail half-way through the apply. Give each ${info.noun} its own name.`];
  }

  /**
   * Start tracking an object that already exists: adds an import block for this resource, and the next plan
   * imports it and updates it to this configuration.
   * @param objectId The existing object's `_id`
   */
  public importExisting(objectId: string): void {
    this.resource.importFrom(importSpecOf(`${this.node.path}.importExisting()`, this.collection, objectId));
  }

  /** The request body, as sent on create and compared on every plan. @internal */
  public _renderBody(): { [key: string]: any } {
    throw notImplemented(this, '_renderBody');
  }

  /** What plan-time validation checks about this construct. @internal */
  public _validationSpec(): MemberSpec {
    throw notImplemented(this, '_validationSpec');
  }
}

/** Meta fields of the last read that a PUT must not send back (Eve answers `unknown field`). */
const READ_ONLY_META = ['_id', '_etag', '_created', '_updated', '_links', '_status', '_deleted'];
/** Eve's auth field: set by the server on every write, and not a field a client may send (docs/emulator-evidence.md#put-replaces). */
const AUTH_FIELD = 'org_id';

/**
 * How restful turns the configured body into the PUT of an update (docs/restful-provider.md#updates).
 *
 * A PUT replaces the whole document, so it must carry what the server or another resource owns (`status`,
 * `copydef`, `cc_user_email`): the PUT body starts from the last read (`$(body)`, restful's state output), drops
 * Eve's meta fields, then sets every configured top-level field to its configured value and removes the tracked
 * fields the construct no longer sends (a policy after `Trigger.adhoc()`), so nothing is ever sent as `null`.
 * Whole top-level values are sent, so Eve's normalize-on-patch has nothing to fill in.
 *
 * restful expands `$(body.x)` inside `raw_json`, so a configured value containing `$(...)` (a hook command such as
 * `echo $(date)`) would be read as a reference; every `$` is written as the JSON escape `\u0024`, which the API
 * decodes back to `$` and restful's expander does not match. `%` is escaped the same way so that Terraform never sees
 * a `%{` template directive.
 * @internal
 */
export function updateBodyPatches(body: { [key: string]: any }, trackedKeys: string[]): any[] {
  const patches: any[] = [{ path: '', raw_json: '$(body)' }];
  for (const m of [...READ_ONLY_META, AUTH_FIELD]) patches.push({ path: m, removed: true });
  for (const key of Object.keys(body)) patches.push({ path: key, raw_json: rawJson(body[key]) });
  for (const key of trackedKeys) if (!(key in body)) patches.push({ path: key, removed: true });
  return patches;
}

/**
 * The JSON of `value` with `$` and `%` escaped. Literal parts are written at synth; each value only Terraform knows
 * (a token) is encoded by Terraform (`replace(jsonencode(token), ...)`) and spliced in, so no literal text ever ends
 * up inside a Terraform expression, where cdktf would not escape its quotes, backslashes or `%{`.
 */
function rawJson(value: unknown): string {
  if (isTokenLeaf(value)) return tokenJson(value);
  if (Array.isArray(value)) return `[${value.map((v) => rawJson(v ?? null)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    if (Tokenization.isResolvable(value)) return tokenJson(value);
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    return `{${entries.map(([k, v]) => `${escapeJson(JSON.stringify(k))}:${rawJson(v)}`).join(',')}}`;
  }
  return escapeJson(JSON.stringify(value));
}

function isTokenLeaf(v: unknown): boolean {
  return (typeof v === 'string' || typeof v === 'number') && Token.isUnresolved(v);
}

function escapeJson(json: string): string {
  return json.replace(/\$/g, '\\u0024').replace(/%/g, '\\u0025');
}

function tokenJson(v: unknown): string {
  // cdktf writes these arguments into the HCL expression unescaped, where `\\\\` is one backslash.
  return Fn.replace(Fn.replace(Fn.jsonencode(v), '$', '\\\\u0024'), '%', '\\\\u0025');
}

function notImplemented(c: IConstruct, method: string): Error {
  return new Error(`${c.node.path}: ${c.constructor.name} extends CloudCasaResource but does not implement ${method}(); `
    + 'CloudCasaResource is the base of this library\'s own constructs, not an extension point. Use the restful escape hatch.');
}

/** @internal */
export function collectionInfo(path: string, collection: string): CollectionInfo {
  const info = (COLLECTIONS as { [k: string]: CollectionInfo })[collection];
  if (!info) {
    throw errors.invalidProp(path, 'collection', collection, 'is not a collection this library manages',
      `Use one of ${Object.keys(COLLECTIONS).join(', ')}.`);
  }
  return info;
}

/**
 * The restful import spec of an existing object: `{"id":"<collection>/<id>","path":"<collection>","body":{...}}`,
 * the body naming the fields to track (each null).
 * @internal
 */
export function importSpecOf(factory: string, collection: CollectionPath | string, objectId: string): string {
  return importSpec(factory, collection, objectId, collectionInfo(factory, collection).trackedKeys);
}

/**
 * A reference to an object this stack does not create: given by id, or looked up by name at plan time.
 * One class for every collection; the typed factories (`Policy.fromPolicyId()`, …) return it as their interface.
 * @internal
 */
export class ImportedObject extends Construct {
  /** The object's `_id`: the literal given, or the look-up's reference. */
  public readonly objectId: string;
  /** The collection. */
  public readonly collection: string;
  /** The name looked up, for `fromName()`. */
  public readonly lookupName?: string;

  /**
   * @param ref `{ name }` to look the object up by name at plan time, or `{ prop, id }` for an id given to the
   *   factory parameter `prop`
   */
  constructor(scope: Construct, id: string, collection: CollectionPath,
    ref: { readonly prop?: string; readonly id?: string; readonly name?: string }) {
    super(scope, id);
    this.collection = collection;
    if (ref.name !== undefined) {
      this.lookupName = ref.name;
      this.objectId = lookupIdByName(this, collection, ref.name);
    } else {
      this.objectId = checkId(`${scope.node.path}/${id}`, ref.prop ?? 'id', ref.id as string);
    }
  }

  /** The id as a policy's (`IPolicy`). */
  public get policyId(): string {
    return this.idAs('policies', 'policyId');
  }

  /** The id as a cluster's (`IKubeCluster`). */
  public get clusterId(): string {
    return this.idAs('kubeclusters', 'clusterId');
  }

  /** The id as a hook's (`IKubeHook`). */
  public get hookId(): string {
    return this.idAs('kubehooks', 'hookId');
  }

  /** The id as an object store's (`IObjectStore`). */
  public get objectStoreId(): string {
    return this.idAs('objectstores', 'objectStoreId');
  }

  /** The id as a backup definition's (`IKubeBackup`). */
  public get backupId(): string {
    return this.idAs('kubebackups', 'backupId');
  }

  /** @internal */
  public _objectRef(): ObjectRef {
    const literal = known(this.objectId);
    if (this.lookupName === undefined && literal !== undefined) return { id: literal };
    const name = known(this.lookupName);
    return name !== undefined ? { name } : { unresolved: `the id of ${this.node.path}` };
  }

  /** The id, when this is an object of `collection`; passing e.g. a policy where a cluster is expected fails synth. */
  private idAs(collection: CollectionPath, prop: string): string {
    if (this.collection !== collection) {
      throw errors.invalidProp(this.node.path, prop, this.node.path,
        `is a reference to a ${COLLECTIONS[this.collection as CollectionPath].noun}, not a ${COLLECTIONS[collection].noun}`,
        'Pass a reference made by the matching factory (e.g. KubeCluster.fromName() for a cluster).');
    }
    return this.objectId;
  }
}

/**
 * How plan-time validation refers to `c`: a construct of this stack by its name, an imported object by its id or
 * looked-up name, anything else (a user's own implementation of the interface) by its id when it is a literal.
 * @internal
 */
export function objectRefOf(c: IConstruct, id: string, referrer: IConstruct): ObjectRef {
  // Created by this stack: known by name. Created by another stack: only Terraform knows its id here.
  if (c instanceof CloudCasaResource) {
    return TerraformStack.of(c) === TerraformStack.of(referrer) ? c._validationSpec().ref : { unresolved: `the id of ${c.node.path}` };
  }
  if (c instanceof ImportedObject) return c._objectRef();
  const literal = known(id);
  return literal !== undefined ? { id: literal } : { unresolved: `the id of ${c.node.path}` };
}

/** The name of an object this stack creates, as validation knows it. @internal */
export function inStackRef(c: IConstruct, name: string): ObjectRef {
  const literal = known(name);
  return literal !== undefined ? { inStack: literal } : { unresolved: `the name of ${c.node.path}` };
}

/** A literal string, or undefined for a token (only Terraform knows its value). @internal */
export function known(value: unknown): string | undefined {
  return typeof value === 'string' && !Token.isUnresolved(value) ? value : undefined;
}

/** Every CloudCasaResource of a stack, in construct-tree order. @internal */
export function membersOf(stack: TerraformStack): CloudCasaResource[] {
  return stack.node.findAll().filter((c): c is CloudCasaResource => c instanceof CloudCasaResource);
}
