import * as crypto from 'node:crypto';
import * as http from 'node:http';
import { AddressInfo } from 'node:net';

interface Doc { _id: string; _etag: string; [k: string]: unknown }

/** A minimal etag-checking JSON store: just enough for the provider; the real emulator is lib/emulator. */
export function startThrowawayServer(apiKey = 'smoke-key') {
  const docs = new Map<string, Doc>();
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      requests.push(`${req.method} ${req.url} if-match=${req.headers['if-match'] ?? '-'}`);
      const send = (code: number, body?: unknown) => {
        res.writeHead(code, { 'content-type': 'application/json' });
        res.end(body === undefined ? undefined : JSON.stringify(body));
      };
      if (req.headers.authorization !== `Bearer ${apiKey}`) return send(401, { _status: 'ERR' });
      const m = /^\/api\/v1\/things(?:\/([a-f0-9]{24}))?$/.exec(req.url ?? '');
      if (!m) return send(404, { _status: 'ERR' });
      const id = m[1];
      const etag = () => crypto.randomBytes(20).toString('hex');
      if (!id && req.method === 'POST') {
        const doc: Doc = { ...JSON.parse(raw), _id: crypto.randomBytes(12).toString('hex'), _etag: etag() };
        docs.set(doc._id, doc);
        return send(201, doc);
      }
      const doc = id ? docs.get(id) : undefined;
      if (!doc) return send(404, { _status: 'ERR' });
      if (req.method === 'GET') return send(200, doc);
      if (!req.headers['if-match']) return send(428, { _status: 'ERR' });
      if (String(req.headers['if-match']).replace(/"/g, '') !== doc._etag) return send(412, { _status: 'ERR' });
      if (req.method === 'PATCH') { Object.assign(doc, JSON.parse(raw), { _etag: etag() }); return send(200, doc); }
      if (req.method === 'DELETE') { docs.delete(doc._id); return send(204); }
      return send(405, { _status: 'ERR' });
    });
  });
  return new Promise<{ url: string; docs: Map<string, Doc>; requests: string[]; close: () => Promise<void> }>((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ url: `http://127.0.0.1:${port}/api/v1`, docs, requests, close: () => new Promise((r) => server.close(() => r())) });
    });
  });
}

