export * from './provider';
export * from './resource';
export * from './operation';
export * from './data-restful-resource';
