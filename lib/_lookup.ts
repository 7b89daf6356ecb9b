// Look-ups of existing CloudCasa objects by name, shared by every `fromName()`.
import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import * as errors from './_errors';
import { DataRestfulResource, outputField } from './_restful';
import { CloudCasaProvider } from './cloudcasa-provider';

/**
 * A `restful_resource` data source reading the first item of `<collection>?where={"name":<name>}`; plan fails when
 * nothing matches. Returns the `_id` reference.
 * @internal
 */
export function lookupIdByName(container: Construct, collection: string, name: string): string {
  if (typeof name !== 'string' || name === '') {
    throw errors.invalidName(container.node.path, 'name', name);
  }
  CloudCasaProvider.of(container);
  const data = new DataRestfulResource(container, 'Lookup', {
    id: collection,
    query: { where: [JSON.stringify({ name })] },
    selector: '_items.0',
    // Only what is used: the state and plan never hold the rest of the document (an object store's echoed
    // credentials, for one).
    outputAttrs: ['_id', 'name'],
    // A name that matches nothing reads as null instead of failing the read, so a stack whose cluster or policy
    // was already deleted can still be destroyed; the postcondition still fails any other plan, with the name.
    allowNotExist: true,
    lifecycle: {
      postcondition: [{
        condition: '${self.output != null}',
        errorMessage: `${container.node.path}: CloudCasa's ${collection} has nothing named ${JSON.stringify(name)}. `
          + 'Create it first, or fix the name (a destroy still works).',
      }],
    },
  });
  // try(): a missing name reads as null, and `null._id` would be an error wherever the id is used, even while
  // planning a destroy (the engine evaluates resource bodies in the refresh before it). Any other plan stops
  // at the postcondition above, before a resource could be planned with the empty id.
  return Fn.try([outputField(data, '_id'), '']);
}

/**
 * Check an id passed to a `fromXxxId()` factory.
 * @internal
 */
export function checkId(path: string, prop: string, id: string): string {
  if (typeof id !== 'string' || id === '') throw errors.invalidObjectId(path, prop, id);
  return id;
}
