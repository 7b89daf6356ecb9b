import * as path from 'path';
import { Testing } from 'cdktf';

// cdktf's jest matchers (toHaveResourceWithProperties, toBeValidTerraform, ...).
Testing.setupJest();

// Test harness only: many end-to-end tests synthesize in this process and run the engine on a copy of the JSON in
// another directory, where the default CLI path (relative to the stack directory) would not hold. They run the
// repository's CLI by its absolute path; the default itself is covered by test/e2e/clean-install.e2e.test.ts
// and the unit tests, which unset this.
process.env.CLOUDCASA_CLI ??= `node "${path.resolve(__dirname, '..', 'lib', 'cli', 'casa.js')}"`;
