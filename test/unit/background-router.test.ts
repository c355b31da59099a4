import { describe, expect, it, vi } from 'vitest';
import { type Handlers, isOwnPage, route } from '@/lib/background/router';
import { PROTOCOL } from '@/lib/messages/protocol';
import { pageContext } from './fixtures';

const EXTENSION_ID = 'abcdefghijklmnopabcdefghijklmnop';
const ORIGIN = `chrome-extension://${EXTENSION_ID}/`;

function handlers(overrides: Partial<Handlers> = {}): Handlers {
  const fail = () => Promise.reject(new Error('not expected in this test'));
  // Every message of the protocol (core and each provider's) fails unless the test overrides it.
  const all = Object.fromEntries(Object.keys(PROTOCOL).map((type) => [type, fail])) as unknown as Handlers;
  return { ...all, ...overrides };
}

describe('isOwnPage', () => {
  it('accepts our popup and options pages', () => {
    expect(isOwnPage({ id: EXTENSION_ID, url: `${ORIGIN}popup.html?tabId=3` }, EXTENSION_ID, ORIGIN)).toBe(
      true,
    );
    expect(isOwnPage({ id: EXTENSION_ID, url: `${ORIGIN}options.html` }, EXTENSION_ID, ORIGIN)).toBe(true);
  });

  it('refuses web pages, other extensions and senders without a URL', () => {
    expect(isOwnPage({ id: EXTENSION_ID, url: 'https://evil.example/' }, EXTENSION_ID, ORIGIN)).toBe(false);
    expect(isOwnPage({ id: 'other', url: 'chrome-extension://other/popup.html' }, EXTENSION_ID, ORIGIN)).toBe(
      false,
    );
    expect(isOwnPage({ id: EXTENSION_ID }, EXTENSION_ID, ORIGIN)).toBe(false);
    expect(isOwnPage({}, EXTENSION_ID, ORIGIN)).toBe(false);
  });
});

describe('route', () => {
  it('runs the handler for a valid message and validates its answer', async () => {
    const unavailable = {
      status: 'unavailable' as const,
      problem: { kind: 'restricted' as const, message: 'This is a browser or store page.' },
    };
    const detect = vi.fn(async () => unavailable);
    expect(await route({ type: 'detect', payload: { tabId: 4 } }, handlers({ detect }))).toEqual({
      ok: true,
      data: unavailable,
    });
    expect(detect).toHaveBeenCalledWith({ tabId: 4 });
    const badKind = handlers({
      detect: async () => ({ status: 'unavailable', problem: { kind: 'mystery', message: '' } }) as never,
    });
    expect((await route({ type: 'detect', payload: { tabId: 4 } }, badKind)).ok).toBe(false);
  });

  it('refuses unknown messages and names the bad field of a payload', async () => {
    expect(await route({ type: 'steal-keys', payload: {} }, handlers())).toEqual({
      ok: false,
      error: 'Unknown message.',
    });
    // The old, unprefixed provider messages are gone: only `datadog:…` reaches Datadog's handlers.
    expect(await route({ type: 'get-settings', payload: {} }, handlers())).toEqual({
      ok: false,
      error: 'Unknown message.',
    });
    expect(await route('not an object', handlers())).toEqual({ ok: false, error: 'Unknown message.' });
    const reply = await route({ type: 'detect', payload: { tabId: 'x' } }, handlers());
    expect(reply.ok).toBe(false);
    expect(!reply.ok && reply.error).toMatch(/^Invalid "detect" request: tabId/);
  });

  it('refuses a save whose page context is not valid (a UUID-less id)', async () => {
    const save = vi.fn();
    const reply = await route(
      {
        type: 'datadog:save',
        payload: {
          context: { ...pageContext(), sessionId: 'not-a-uuid' },
          input: { snapshotName: 'a', viewName: '/', deviceType: 'desktop', deviceTypeSelectedByUser: false },
        },
      },
      handlers({ 'datadog:save': save }),
    );
    expect(!reply.ok && reply.error).toMatch(/context\.sessionId must be a UUID/);
    expect(save).not.toHaveBeenCalled();
  });

  it('turns a handler failure into its sentence, and an answer of the wrong shape into an error', async () => {
    const failing = handlers({ 'get-job': () => Promise.reject(new Error('This save is no longer known.')) });
    expect(await route({ type: 'get-job', payload: { jobId: 'j' } }, failing)).toEqual({
      ok: false,
      error: 'This save is no longer known.',
    });
    const wrongShape = handlers({ 'datadog:get-settings': async () => ({ site: 'nowhere' }) as never });
    expect((await route({ type: 'datadog:get-settings', payload: {} }, wrongShape)).ok).toBe(false);
  });
});
