import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { stableCliPath } from '../../lib/_cli-path';

describe('stableCliPath', () => {
  test('default configuration: the CLI beside this package', () => {
    expect(stableCliPath({})).toBe(path.resolve(__dirname, '..', '..', 'lib', 'cli', 'casa.js'));
  });

  test('under a jsii host the package is copied to a stable cache, once', () => {
    // GIVEN a jsii host (its temporary unpack directory disappears when the host exits)
    const base = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-runtime-'));
    const pkg = path.join(base, 'jsii-kernel-unpacked');
    fs.mkdirSync(path.join(pkg, 'lib', 'cli'), { recursive: true });
    fs.writeFileSync(path.join(pkg, 'lib', 'cli', 'casa.js'), '// cli');
    fs.writeFileSync(path.join(pkg, 'package.json'), '{"version":"1.2.3"}');
    fs.writeFileSync(path.join(pkg, '.jsii'), '{"version":"1.2.3","fingerprint":"abc+/def=="}');
    try {
      // WHEN
      const cli = stableCliPath({ JSII_AGENT: 'Python/3.11.7', CLOUDCASA_RUNTIME_DIR: path.join(base, 'cache') }, pkg);
      // THEN the CLI is in the cache, with the package around it
      expect(cli).toBe(path.join(base, 'cache', '1.2.3-abcdef', 'lib', 'cli', 'casa.js'));
      expect(fs.existsSync(cli)).toBe(true);
      expect(fs.existsSync(path.join(path.dirname(cli), '..', '..', 'package.json'))).toBe(true);
      expect(fs.readdirSync(path.join(base, 'cache'))).toEqual(['1.2.3-abcdef']);
      // the host's temporary directory goes away; the cached copy stays and is reused
      fs.rmSync(pkg, { recursive: true });
      expect(fs.existsSync(cli)).toBe(true);
    } finally {
      fs.rmSync(base, { recursive: true, force: true });
    }
  });
});
