import type { FastifyRequest } from 'fastify';

/**
 * Logs never carry personal data or secrets (DESIGN §3): request logs show the path without its query string
 * (search terms live there) and one-time tokens in paths are masked; bodies, cookies and auth headers are redacted.
 */
export function safePath(url: string): string {
  return url.split('?')[0]!.replace(/\/(set-password|calendar)\/[^/]+/, '/$1/[token]');
}

export function loggerOptions(level: string) {
  return {
    level,
    redact: {
      paths: [
        'req.headers.cookie',
        'req.headers.authorization',
        'req.headers["x-csrf-token"]',
        'res.headers["set-cookie"]',
        'body',
        '*.password',
        '*.email',
        '*.name',
        '*.alias',
        '*.note',
        '*.token',
      ],
      censor: '[redacted]',
    },
    serializers: {
      req(request: FastifyRequest) {
        return { method: request.method, url: safePath(request.url), reqId: request.id };
      },
    },
  };
}
