import http from 'node:http';
import https from 'node:https';

export type HttpGetOptions = {
  headers?: Record<string, string>;
  method?: 'GET' | 'HEAD';
  /** PEM certificate authority (Kubernetes caData, decoded) */
  ca?: string;
  /** accept any TLS certificate (Kubernetes skipTLSVerify) */
  insecure?: boolean;
  signal: AbortSignal;
};

export type HttpGetResponse = {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
};

/**
 * A GET (or HEAD) with a CA and TLS options per call, which the global fetch
 * cannot take; the body is capped at 5 MB.
 */
export function httpGet(
  url: string,
  options: HttpGetOptions,
): Promise<HttpGetResponse> {
  const target = new URL(url);
  const client = target.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(
      target,
      {
        method: options.method ?? 'GET',
        headers: options.headers,
        ca: options.ca,
        rejectUnauthorized: !options.insecure,
        signal: options.signal,
      },
      res => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > 5 * 1024 * 1024) {
            req.destroy(new Error('response larger than 5 MB'));
            return;
          }
          chunks.push(chunk);
        });
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', error =>
      reject(options.signal.aborted ? new Error('timed out') : error),
    );
    req.end();
  });
}
