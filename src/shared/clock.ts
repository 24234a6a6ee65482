/**
 * The one source of the current time. The server passes the system clock to buildApp; tests pass a clock they set,
 * so no page, rule or test depends on the day it runs (issue 11). Services take `now` as an argument; nothing else
 * in src/ reads the machine's clock, apart from the entry points (server, demo, CLI) that create this one.
 */
export interface Clock {
  /** Milliseconds since the epoch, like Date.now(). */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

const utcDay = (now: number) => new Date(now).toISOString().slice(0, 10);

/**
 * A value built from `now` that only depends on its UTC calendar day, such as a form schema whose date limits are
 * "not after tomorrow": built once a day, not on every request.
 */
export function perDay<T>(build: (now: number) => T): (now: number) => T {
  let day = '';
  let value: T;
  return (now) => {
    const d = utcDay(now);
    if (d !== day) {
      value = build(now);
      day = d;
    }
    return value;
  };
}
