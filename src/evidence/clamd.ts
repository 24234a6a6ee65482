/**
 * A malware scan by ClamAV's daemon (Debian's clamav-daemon), when CLAMD_SOCKET names its unix socket. The INSTREAM
 * command of clamd(8): "zINSTREAM\0", then the bytes in chunks each preceded by its length (4 bytes, big-endian),
 * then a zero length; clamd answers "stream: OK", "stream: <signature> FOUND" or "<reason> ERROR", NUL-terminated.
 */
import { createConnection } from 'node:net';

export type ScanResult = { clean: true } | { clean: false; signature: string } | { unavailable: true };

const CHUNK = 64 * 1024;

export function scanWithClamd(socketPath: string, bytes: Buffer, timeoutMs = 60_000): Promise<ScanResult> {
  return new Promise((resolve) => {
    let answer = '';
    let settled = false;
    const finish = (result: ScanResult) => {
      if (settled) return;
      settled = true;
      socket.destroy();
      resolve(result);
    };
    const socket = createConnection({ path: socketPath });
    socket.setTimeout(timeoutMs, () => finish({ unavailable: true }));
    socket.on('error', () => finish({ unavailable: true }));
    socket.on('data', (chunk: Buffer) => {
      answer += chunk.toString('utf8');
      if (answer.includes('\0')) finish(resultOf(answer.slice(0, answer.indexOf('\0'))));
    });
    socket.on('end', () => finish(resultOf(answer.replace(/\0.*$/s, ''))));
    socket.on('connect', () => {
      socket.write('zINSTREAM\0');
      for (let at = 0; at < bytes.length; at += CHUNK) {
        const part = bytes.subarray(at, at + CHUNK);
        const size = Buffer.alloc(4);
        size.writeUInt32BE(part.length);
        socket.write(size);
        socket.write(part);
      }
      socket.write(Buffer.alloc(4));
    });
  });
}

function resultOf(line: string): ScanResult {
  const text = line.trim();
  if (/^stream: OK$/.test(text)) return { clean: true };
  const found = /^stream: (.+) FOUND$/.exec(text);
  if (found) return { clean: false, signature: found[1]! };
  // "INSTREAM size limit exceeded. ERROR" and the like: not a verdict.
  return { unavailable: true };
}
