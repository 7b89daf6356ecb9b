export * from './provider';
export * from './data-external';
