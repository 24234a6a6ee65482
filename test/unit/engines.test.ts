import { readFileSync } from 'node:fs';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

type Lock = { packages: Record<string, { version?: string; engines?: { node?: string } | string[]; optional?: boolean }> };

const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as { engines: { node: string } };
const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as Lock;
const floor = semver.minVersion(manifest.engines.node)!.version;

describe('the engines field tells the truth', () => {
  it(`every installed package runs on the oldest Node the app claims (${floor})`, () => {
    // `npm ci` warns EBADENGINE for each of these; cookie@2 (Node >= 22, via @fastify/cookie and
    // light-my-request) was one until package.json's overrides pinned cookie@1, which has the same API.
    const refusing = Object.entries(lock.packages)
      .filter(([path]) => path !== '')
      .flatMap(([path, p]) => {
        const range = Array.isArray(p.engines) ? undefined : p.engines?.node;
        return range && !semver.satisfies(floor, range) ? [`${path.replace(/^.*node_modules\//, '')}@${p.version} wants node ${range}`] : [];
      });
    expect(refusing).toEqual([]);
  });
});
