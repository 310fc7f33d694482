import { Agent, request } from 'node:http';

const agent = new Agent({ keepAlive: true, maxSockets: 128 });

/** Closes the idle kept-alive sockets, so that a phase after a pause starts on fresh connections. */
export function freshConnections(): void {
  agent.destroy();
}

/** A keep-alive HTTP client for load: no test framework in the measured path. */
export function send(
  url: string,
  method: string,
  body: string | undefined,
  headers: Record<string, string> = {},
  retried = false,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method,
        agent,
        headers: {
          ...(body !== undefined ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } : {}),
          ...headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
      },
    );
    // A kept-alive socket the server closed while this side was idle fails on reuse: Node's advice is
    // to send again once on a fresh socket (the request never reached the handler).
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (req.reusedSocket && error.code === 'ECONNRESET' && !retried) send(url, method, body, headers, true).then(resolve, reject);
      else reject(error);
    });
    if (body !== undefined) req.write(body);
    req.end();
  });
}

/** Streams a large body (NDJSON) from a generator without holding it all in memory. */
export function sendStream(
  url: string,
  lines: Iterable<string>,
  headers: Record<string, string>,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', agent, headers: { 'content-type': 'application/x-ndjson', 'transfer-encoding': 'chunked', ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
      },
    );
    req.on('error', reject);
    const iterator = lines[Symbol.iterator]();
    const pump = () => {
      for (;;) {
        let chunk = '';
        for (let i = 0; i < 1000; i++) {
          const next = iterator.next();
          if (next.done) {
            if (chunk) req.write(chunk);
            req.end();
            return;
          }
          chunk += next.value + '\n';
        }
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
    };
    pump();
  });
}
