// The package subpath `cdktf-cloudcasa/client`: a typed CloudCasa API client. Not part of the jsii API.
export * from './client';
export * from './collection';
export * from './config';
export { normaliseApiUrl, resolveConnection } from './connection';
export type { Connection, ConnectionInputs, GivenValue } from './connection';
export * from './errors';
export * from './resources/collections';
export * from './resources/definitions';
export { serializeQuery } from './transport';
export * from './types';
export * from './wait';
export * from './where';
