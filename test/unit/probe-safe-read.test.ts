import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import {
  attempt,
  call,
  clip,
  describeError,
  enumerableKeys,
  isArray,
  isFiniteNumber,
  isPlainObject,
  pickScalars,
  read,
  readNumber,
  readScalar,
  readText,
  scalar,
} from '@/lib/probe/safe-read';

/**
 * Runs `run` with built-ins replaced as a hostile page would, restoring them before returning:
 * vitest itself needs them, so results are asserted afterwards.
 */
function whileHostile<T>(replace: () => void, run: () => T): T {
  const originals = {
    slice: String.prototype.slice,
    isArray: Array.isArray,
    push: Array.prototype.push,
    iterator: Array.prototype[Symbol.iterator],
    call: Function.prototype.call,
    keys: Object.keys,
    isFinite: Number.isFinite,
  };
  try {
    replace();
    return run();
  } finally {
    String.prototype.slice = originals.slice;
    Array.isArray = originals.isArray;
    Array.prototype.push = originals.push;
    Array.prototype[Symbol.iterator] = originals.iterator;
    Function.prototype.call = originals.call;
    Object.keys = originals.keys;
    Number.isFinite = originals.isFinite;
  }
}

function boom(): never {
  throw new Error('page getter exploded');
}

function revokedProxy(): object {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
}

/** A Proxy whose every trap throws. */
const trapped = new Proxy(
  {},
  {
    get: boom,
    has: boom,
    ownKeys: boom,
    getPrototypeOf: boom,
    getOwnPropertyDescriptor: boom,
  },
);

describe('safe-read', () => {
  test('imports nothing: it is bundled into the page script', () => {
    const source = readFileSync(path.resolve(__dirname, '../../lib/probe/safe-read.ts'), 'utf8');
    expect(source).not.toMatch(/^\s*import\s/m);
    expect(source).not.toMatch(/\brequire\(/);
  });

  test('read: a throwing getter or a revoked Proxy is ok:false, not an exception', () => {
    const target = {
      get bad() {
        return boom();
      },
      good: 1,
    };
    expect(read(target, 'good')).toEqual({ ok: true, value: 1 });
    expect(read(target, 'bad')).toEqual({ ok: false });
    expect(read(revokedProxy(), 'x')).toEqual({ ok: false });
    expect(read(trapped, 'x')).toEqual({ ok: false });
    expect(read(null, 'x')).toEqual({ ok: false });
    expect(read(undefined, 'x')).toEqual({ ok: false });
  });

  test('attempt returns the fallback when the getter throws', () => {
    expect(attempt('fallback', boom)).toBe('fallback');
    expect(attempt('fallback', () => 'value')).toBe('value');
  });

  test('clip bounds megabytes of text, even with String.prototype.slice replaced', () => {
    const huge = 'x'.repeat(3_000_000);
    const clipped = whileHostile(
      () => {
        String.prototype.slice = () => 'hijacked';
      },
      () => clip(huge, 5000),
    );
    expect(clipped.length).toBe(5000);
    expect(clipped).toBe('x'.repeat(5000));
    expect(clip('short', 5000)).toBe('short');
  });

  test('scalar copies primitives and marks everything else', () => {
    expect(scalar('a')).toBe('a');
    expect(scalar(3)).toBe(3);
    expect(scalar(true)).toBe(true);
    expect(scalar(null)).toBeNull();
    expect(scalar(Number.NaN)).toBeNull();
    expect(scalar(Number.POSITIVE_INFINITY)).toBeNull();
    expect(scalar([1])).toEqual({ unsupported: 'array' });
    expect(scalar({})).toEqual({ unsupported: 'object' });
    expect(scalar(() => 1)).toEqual({ unsupported: 'function' });
    expect(scalar(Symbol('s'))).toEqual({ unsupported: 'symbol' });
    expect(scalar(10n)).toEqual({ unsupported: 'bigint' });
    expect(scalar(undefined)).toEqual({ unsupported: 'undefined' });
    expect(scalar('y'.repeat(10_000), 100)).toHaveLength(100);
  });

  test('scalar marks a revoked Proxy as unreadable instead of throwing', () => {
    expect(scalar(revokedProxy())).toEqual({ unsupported: 'error' });
    // A live Proxy is answered without running its traps.
    expect(scalar(trapped)).toEqual({ unsupported: 'object' });
  });

  test('isArray survives a replaced or throwing Array.isArray', () => {
    const replaced = whileHostile(
      () => {
        Array.isArray = (() => 'yes') as unknown as typeof Array.isArray;
      },
      () => [isArray([1]), isArray({})],
    );
    expect(replaced).toEqual([true, false]);
    const throwing = whileHostile(
      () => {
        Array.isArray = boom as unknown as typeof Array.isArray;
      },
      () => [isArray([1]), isArray({}), isArray(revokedProxy())],
    );
    expect(throwing).toEqual([true, false, false]);
    expect(isPlainObject({})).toBe(true);
    expect(isPlainObject([])).toBe(false);
    expect(isPlainObject('x')).toBe(false);
  });

  test('isFiniteNumber does not use Number.isFinite', () => {
    const answers = whileHostile(
      () => {
        Number.isFinite = (() => true) as typeof Number.isFinite;
      },
      () => [1, Number.NaN, Number.NEGATIVE_INFINITY, '1'].map(isFiniteNumber),
    );
    expect(answers).toEqual([true, false, false, false]);
  });

  test('pickScalars copies only listed keys, marks throwing getters, skips absent ones', () => {
    const source = {
      token: 'phc_x',
      get api_host() {
        return boom();
      },
      nested: { a: 1 },
      secret: 'not listed',
    };
    const keys = ['token', 'api_host', 'nested', 'missing'];
    const picked = whileHostile(
      () => {
        Array.prototype.push = boom;
        Array.prototype[Symbol.iterator] = boom;
      },
      () => pickScalars(source, keys),
    );
    expect(picked).toEqual({
      token: 'phc_x',
      api_host: { unsupported: 'error' },
      nested: { unsupported: 'object' },
    });
    expect(pickScalars(revokedProxy(), ['a'])).toEqual({ a: { unsupported: 'error' } });
    expect(readScalar({}, 'absent')).toBeUndefined();
  });

  test('call: missing, threw (bounded, no toString), returned; Function.prototype.call not used', () => {
    const target = {
      value: 7,
      ok() {
        return this.value;
      },
      throws() {
        throw new Error('x'.repeat(100_000));
      },
      throwsObject() {
        throw {
          toString: boom,
          get name() {
            return boom();
          },
        };
      },
      notAFunction: 3,
    };
    const returned = whileHostile(
      () => {
        Function.prototype.call = boom;
      },
      () => call(target, 'ok', scalar),
    );
    expect(returned).toEqual({ state: 'returned', value: 7 });
    expect(call(target, 'absent', scalar)).toEqual({ state: 'missing' });
    expect(call(target, 'notAFunction', scalar)).toEqual({ state: 'missing' });
    const threw = call(target, 'throws', scalar);
    expect(threw.state).toBe('threw');
    expect(threw.state === 'threw' && threw.error.length).toBeLessThanOrEqual(300);
    expect(call(target, 'throwsObject', scalar)).toEqual({ state: 'threw', error: 'unreadable error' });
    expect(call(revokedProxy(), 'ok', scalar)).toEqual({ state: 'missing' });
  });

  test('a method returning a cycle or a huge string is copied bounded', () => {
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    const target = { cyclic: () => cycle, huge: () => 'z'.repeat(2_000_000) };
    expect(call(target, 'cyclic', scalar)).toEqual({ state: 'returned', value: { unsupported: 'object' } });
    const huge = call(target, 'huge', (value) => scalar(value, 1000));
    expect(huge.state === 'returned' && typeof huge.value === 'string' && huge.value.length).toBe(1000);
  });

  test('describeError reads name and message only when they are strings', () => {
    expect(describeError(new TypeError('bad'))).toBe('TypeError: bad');
    expect(describeError('plain')).toBe('plain');
    expect(describeError(42)).toBe('number');
    expect(describeError(revokedProxy())).toBe('unreadable error');
    expect(describeError(new Error('m'.repeat(10_000))).length).toBe(300);
  });

  test('enumerableKeys: bounded, survives a replaced Object.keys and a throwing ownKeys trap', () => {
    const many = Object.fromEntries(Array.from({ length: 1000 }, (_, index) => [`k${index}`, index]));
    const bounded = whileHostile(
      () => {
        Object.keys = boom;
      },
      () => enumerableKeys(many, 10),
    );
    expect(Array.from(bounded)).toEqual(['k0', 'k1', 'k2', 'k3', 'k4', 'k5', 'k6', 'k7', 'k8', 'k9']);
    expect(Array.from(enumerableKeys({ a: 1, b: 2 }, 10))).toEqual(['a', 'b']);
    expect(Array.from(enumerableKeys(trapped, 10))).toEqual([]);
    expect(Array.from(enumerableKeys(revokedProxy(), 10))).toEqual([]);
    expect(Array.from(enumerableKeys('string', 10))).toEqual([]);
    expect(enumerableKeys({ ['k'.repeat(10_000)]: 1 }, 10)[0]).toHaveLength(200);
  });

  test('readText and readNumber take only their type and never throw', () => {
    expect(readText(() => 'abc')).toBe('abc');
    expect(readText(() => 5)).toBeNull();
    expect(readText(boom)).toBeNull();
    expect(readText(() => 'q'.repeat(9000))).toHaveLength(5000);
    expect(readNumber(() => 4)).toBe(4);
    expect(readNumber(() => Number.NaN)).toBeNull();
    expect(readNumber(boom)).toBeNull();
  });
});
