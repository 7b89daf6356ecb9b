// Look-ups of existing CloudCasa objects by name, shared by every `fromName()`.
import { Construct } from 'constructs';
import { CloudCasaProvider } from './cloudcasa-provider';
import * as errors from './errors';
import { DataRestfulResource } from './imports/restful';

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
  });
  return data.outputAttribute('_id');
}

/**
 * Check an id passed to a `fromXxxId()` factory.
 * @internal
 */
export function checkId(path: string, prop: string, id: string): string {
  if (typeof id !== 'string' || id === '') throw errors.invalidObjectId(path, prop, id);
  return id;
}
