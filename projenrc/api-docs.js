// Second step of `npx projen docgen`: jsii-docgen wrote docs/api/API.md (the library) and one page per restful
// submodule beside it; the library's page becomes the root API.md, its links pointing into docs/api/.
const fs = require('node:fs');
const text = fs.readFileSync('docs/api/API.md', 'utf8').replace(/\]\(\.\/restful/g, '](docs/api/restful');
fs.writeFileSync('API.md', text);
fs.rmSync('docs/api/API.md');
