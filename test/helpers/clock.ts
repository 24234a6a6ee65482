import type { Clock } from '../../src/shared/clock.js';

/** The instant every test app starts at unless a test says otherwise: a Tuesday morning, 10:00 in London. */
export const TEST_NOW = '2026-11-24T10:00:00Z';

/** A clock that stands still until a test moves it: no test depends on the day, hour or speed it runs at. */
export class TestClock implements Clock {
  private at: number;

  constructor(start: string | number | Date = TEST_NOW) {
    this.at = typeof start === 'string' ? Date.parse(start) : Number(start);
  }

  now(): number {
    return this.at;
  }

  set(instant: string | number | Date): void {
    this.at = typeof instant === 'string' ? Date.parse(instant) : Number(instant);
  }

  advance(ms: number): void {
    this.at += ms;
  }
}
