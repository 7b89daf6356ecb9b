// The package subpath `cdktf-cloudcasa/validate`: the checks behind plan-time validation (the `external` data
// source runs them through the CLI's `validate-external`). Not part of the jsii API.
export * from './spec-format';
export * from './report';
export * from './namespaces';
export * from './validator';
