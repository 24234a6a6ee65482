/**
 * Arabic mirrors the whole layout (issue 14): the style sheets place things by logical properties
 * (margin-inline-start, inset-inline-end, float: inline-start), never by left and right.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const CSS_DIR = 'static/css';
const PHYSICAL = /(?:^|[;{\s])((?:margin|padding|border)-(?:left|right)(?:-[a-z]+)?|left|right)\s*:|(?:float|clear|text-align)\s*:\s*(?:left|right)\b/;

/** `margin: 0 0 0 -.7rem`: a four-value shorthand whose right and left differ places by left and right too. */
function lopsided(line: string): boolean {
  for (const m of line.matchAll(/(?:^|[;{\s])(?:margin|padding|inset)\s*:\s*([^;}]+)/g)) {
    const values = m[1]!.replace(/!important/, '').trim().split(/\s+/);
    if (values.length === 4 && values[1] !== values[3]) return true;
  }
  return false;
}

function physicalLines(css: string): string[] {
  return css
    .replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ' '))
    .split('\n')
    .flatMap((line, i) => (PHYSICAL.test(line) || lopsided(line) ? [`${i + 1}: ${line.trim()}`] : []));
}

describe('style sheets for right-to-left', () => {
  it.each(readdirSync(CSS_DIR).filter((f) => f.endsWith('.css')))('%s uses logical properties only', (file) => {
    expect(physicalLines(readFileSync(join(CSS_DIR, file), 'utf8'))).toEqual([]);
  });

  it('finds left and right where they are written', () => {
    expect(physicalLines('.a { margin-left: 1rem }\n.b { left: 0 }\n.c { float: right }\n.d { text-align: left; }')).toHaveLength(4);
    expect(physicalLines('.a { margin-inline-start: 1rem; inset-inline-end: 0; float: inline-start } /* left: 0 */')).toEqual([]);
    expect(physicalLines('.a { margin: 0 0 0 -.7rem }\n.b { padding: 0 1rem 0 2rem; }')).toHaveLength(2);
    expect(physicalLines('.a { margin: 0 1rem 0 1rem }\n.b { padding: 1.5rem 1.25rem 3rem; }\n.c { margin: 0 auto }')).toEqual([]);
  });
});
