/**
 * Arabic mirrors the whole layout (issue 14): the style sheets place things by logical properties
 * (margin-inline-start, inset-inline-end, float: inline-start), never by left and right.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const CSS_DIR = 'static/css';
const PHYSICAL = /(?:^|[;{\s])((?:margin|padding|border)-(?:left|right)(?:-[a-z]+)?|left|right)\s*:|(?:float|clear|text-align)\s*:\s*(?:left|right)\b/;

function physicalLines(css: string): string[] {
  return css
    .replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ' '))
    .split('\n')
    .flatMap((line, i) => (PHYSICAL.test(line) ? [`${i + 1}: ${line.trim()}`] : []));
}

describe('style sheets for right-to-left', () => {
  it.each(readdirSync(CSS_DIR).filter((f) => f.endsWith('.css')))('%s uses logical properties only', (file) => {
    expect(physicalLines(readFileSync(join(CSS_DIR, file), 'utf8'))).toEqual([]);
  });

  it('finds left and right where they are written', () => {
    expect(physicalLines('.a { margin-left: 1rem }\n.b { left: 0 }\n.c { float: right }\n.d { text-align: left; }')).toHaveLength(4);
    expect(physicalLines('.a { margin-inline-start: 1rem; inset-inline-end: 0; float: inline-start } /* left: 0 */')).toEqual([]);
  });
});
