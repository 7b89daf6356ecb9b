import * as http from 'node:http';
import { AddressInfo } from 'node:net';

/**
 * A proxy in front of the emulator that lies about ids: every `_id` the emulator returns for a document of
 * one of `collections` is replaced by a shell payload (`$(touch${IFS}<marker>-<n>)`), consistently, and requests that
 * carry a payload (in the path or the body) are mapped back to the real id, so everything else keeps working.
 * It is what a compromised or malicious API endpoint looks like to the engine.
 */
export async function startHostileIdProxy(upstream: string, collections: string[], marker: string) {
  const up = new URL(upstream);
  const fakeOf = new Map<string, string>();
  const realOf = new Map<string, string>();
  const fake = (real: string) => {
    let f = fakeOf.get(real);
    if (!f) {
      f = `$(touch\${IFS}${marker}-${fakeOf.size + 1})`;
      fakeOf.set(real, f);
      realOf.set(f, real);
    }
    return f;
  };
  const toReal = (text: string) => {
    let t = text;
    for (const [f, r] of realOf) t = t.split(f).join(r).split(encodeURIComponent(f)).join(r);
    return t;
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let path = req.url ?? '/';
      try { path = toReal(decodeURIComponent(path)); } catch { path = toReal(path); }
      const body = toReal(Buffer.concat(chunks).toString('utf8'));
      const headers = { ...req.headers, host: up.host } as http.OutgoingHttpHeaders;
      if (body) headers['content-length'] = Buffer.byteLength(body);
      const fwd = http.request({ hostname: up.hostname, port: up.port, method: req.method, path, headers }, (upRes) => {
        const parts: Buffer[] = [];
        upRes.on('data', (c: Buffer) => parts.push(c));
        upRes.on('end', () => {
          let text = Buffer.concat(parts).toString('utf8');
          try {
            const json = JSON.parse(text);
            const docs = Array.isArray(json?._items) ? json._items : [json];
            const inCollection = collections.some((c) => path.includes(`/${c}`));
            for (const d of docs) {
              if (inCollection && typeof d?._id === 'string' && /^[0-9a-f]{24}$/.test(d._id)) d._id = fake(d._id);
            }
            text = JSON.stringify(json);
          } catch { /* not JSON: pass through */ }
          const outHeaders = { ...upRes.headers };
          delete outHeaders['content-length'];
          res.writeHead(upRes.statusCode ?? 502, outHeaders);
          res.end(text);
        });
      });
      fwd.on('error', () => { res.writeHead(502); res.end(); });
      fwd.end(body || undefined);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${up.pathname}`,
    fakes: () => [...realOf.keys()],
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
