import { describe, expect, test } from 'vitest';
import {
  parseSessionStore,
  type SessionStoreSources,
  selectSessionStore,
} from '@/lib/providers/datadog/session-store';
import { SESSION_ID, SESSION_START, storeString } from './fixtures';

const OTHER_ID = 'aaaaaaaa-0000-4000-8000-000000000000';

function sources(overrides: Partial<SessionStoreSources> = {}): SessionStoreSources {
  return { cookieV2: [], cookieLegacy: [], localStorageV2: null, localStorageLegacy: null, ...overrides };
}

describe('parseSessionStore', () => {
  test('a v7 store as seen on a page', () => {
    const text = `aid=f7b7a2c1-0000-4000-8000-000000000000&id=${SESSION_ID}&created=1795610512747&expire=1795611412747&forcedReplay=1&c=0`;
    expect(parseSessionStore(text)).toEqual({
      id: SESSION_ID,
      created: 1795610512747,
      expire: 1795611412747,
      forcedReplay: true,
      isExpired: false,
      legacyRum: null,
    });
  });

  test('the expired state and the legacy plan', () => {
    expect(parseSessionStore('isExpired=1')).toEqual({
      id: null,
      created: null,
      expire: null,
      forcedReplay: false,
      isExpired: true,
      legacyRum: null,
    });
    expect(parseSessionStore(`id=${SESSION_ID}&rum=2&logs=1&created=5`)).toMatchObject({
      legacyRum: '2',
      created: 5,
    });
  });

  test('bad entries are ignored one by one', () => {
    expect(parseSessionStore(`id=NOT-A-UUID&created=12abc&expire=-5&rum=7&forcedReplay=0&x=<b>`)).toEqual({
      id: null,
      created: null,
      expire: null,
      forcedReplay: false,
      isExpired: false,
      legacyRum: null,
    });
  });

  test('no entry, empty or oversized text → null', () => {
    expect(parseSessionStore('')).toBeNull();
    expect(parseSessionStore('hello world')).toBeNull();
    expect(parseSessionStore(`id=${SESSION_ID}&${'a=b&'.repeat(2000)}`)).toBeNull();
  });
});

describe('selectSessionStore', () => {
  test('picks the entry of the session, whatever the cookie order', () => {
    const store = selectSessionStore(
      sources({ cookieV2: [storeString({ created: '1' }), storeString({ id: OTHER_ID, created: '2' })] }),
      { persistence: undefined, sessionId: SESSION_ID },
    );
    expect(store?.created).toBe(1);
  });

  test('prefers v2 over legacy, and ignores a store of another session', () => {
    const both = sources({
      cookieV2: [storeString({ created: '10' })],
      cookieLegacy: [storeString({ created: '20' })],
    });
    expect(selectSessionStore(both, { persistence: 'cookie', sessionId: SESSION_ID })?.created).toBe(10);
    const other = sources({ cookieV2: [storeString({ id: OTHER_ID })] });
    expect(selectSessionStore(other, { persistence: 'cookie', sessionId: SESSION_ID })).toBeNull();
  });

  test('falls back to the legacy store when v2 is absent (not migrated yet)', () => {
    const legacy = sources({ cookieLegacy: [storeString({ rum: '1' })] });
    expect(selectSessionStore(legacy, { persistence: undefined, sessionId: SESSION_ID })).toMatchObject({
      created: SESSION_START,
      legacyRum: '1',
    });
  });

  test('the configured medium comes first', () => {
    const both = sources({
      cookieV2: [storeString({ created: '10' })],
      localStorageV2: storeString({ created: '30' }),
    });
    expect(selectSessionStore(both, { persistence: 'local-storage', sessionId: SESSION_ID })?.created).toBe(
      30,
    );
    expect(selectSessionStore(both, { persistence: 'cookie', sessionId: SESSION_ID })?.created).toBe(10);
    expect(selectSessionStore(both, { persistence: 'memory', sessionId: SESSION_ID })).toBeNull();
  });

  test('an id-less expired entry describes the session when no entry names it', () => {
    const store = selectSessionStore(sources({ cookieV2: ['isExpired=1'] }), {
      persistence: undefined,
      sessionId: SESSION_ID,
    });
    expect(store?.isExpired).toBe(true);
  });

  test('matches upper-case session ids', () => {
    const store = selectSessionStore(sources({ cookieV2: [storeString()] }), {
      persistence: undefined,
      sessionId: SESSION_ID.toUpperCase(),
    });
    expect(store?.id).toBe(SESSION_ID);
  });
});
