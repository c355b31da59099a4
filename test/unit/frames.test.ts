import { afterEach, describe, expect, it } from 'vitest';
import { shortFrameUrl } from '@/components/popup/frame-url';
import { type Detection, PROTOCOL } from '@/lib/messages/protocol';
import { frameOffers, MAX_FRAME_OFFERS } from '@/lib/page/frame-offers';
import { framePresence } from '@/lib/page/frame-presence';
import type { PageTarget } from '@/lib/page/target';
import { createProviderBackgrounds } from '@/lib/providers/background';
import { unusedProviderCore } from './fixtures';

/** A frame's window as the presence check sees it. */
function frameWindow(globals: Record<string, unknown>, href = 'https://app.example/embed'): Window {
  return { location: { href }, ...globals } as unknown as Window;
}

describe('framePresence (runs in every frame, MAIN world)', () => {
  it('says which providers’ globals the frame has, and its address', () => {
    expect(framePresence(frameWindow({ DD_RUM: { getInternalContext: () => undefined } }))).toEqual({
      href: 'https://app.example/embed',
      present: { datadog: true, posthog: false },
    });
    expect(framePresence(frameWindow({ posthog: [] })).present).toEqual({ datadog: false, posthog: true });
    expect(framePresence(frameWindow({ DD_RUM: null, posthog: undefined })).present).toEqual({
      datadog: false,
      posthog: false,
    });
  });

  it('counts the async snippet’s stub as there (it is loading)', () => {
    expect(framePresence(frameWindow({ DD_RUM: { q: [], onReady: () => undefined } })).present.datadog).toBe(
      true,
    );
  });

  it('a global whose getter throws is there (the parser explains it once read), and never throws', () => {
    const win = frameWindow({});
    Object.defineProperty(win, 'DD_RUM', {
      get() {
        throw new Error('hostile');
      },
    });
    Object.defineProperty(win, 'location', {
      get() {
        throw new Error('hostile');
      },
    });
    expect(framePresence(win)).toEqual({ href: null, present: { datadog: true, posthog: false } });
  });

  describe('with a hostile Object.prototype', () => {
    afterEach(() => {
      delete (Object.prototype as Record<string, unknown>).datadog;
      delete (Object.prototype as Record<string, unknown>).then;
    });

    it('runs no setter or then the page put there', () => {
      let setterRan = false;
      Object.defineProperty(Object.prototype, 'datadog', {
        configurable: true,
        set() {
          setterRan = true;
        },
      });
      Object.defineProperty(Object.prototype, 'then', { configurable: true, value: () => undefined });
      const answer = framePresence(frameWindow({ DD_RUM: {} }));
      expect(setterRan).toBe(false);
      expect(Object.getPrototypeOf(answer)).toBeNull();
      expect(Object.getPrototypeOf(answer.present)).toBeNull();
      expect(answer.present.datadog).toBe(true);
    });
  });
});

describe('frameOffers (background, hostile answers)', () => {
  const present = (datadog: unknown, posthog: unknown = false) => ({ datadog, posthog });

  it('keeps frames below the top one that have a wanted provider', () => {
    expect(
      frameOffers(
        [
          { frameId: 0, result: { href: 'https://shop.example/', present: present(true) } },
          { frameId: 2, result: { href: 'https://a.example/x', present: present(true, true) } },
          { frameId: 3, result: { href: 'https://b.example/', present: present(false, true) } },
        ],
        ['datadog'],
      ),
    ).toEqual([{ frameId: 2, url: 'https://a.example/x', providers: ['datadog'] }]);
  });

  it('a frame’s address that is not a web address is shown as none; answers of the wrong shape are ignored', () => {
    expect(
      frameOffers(
        [
          { frameId: 2, result: { href: 'javascript:alert(1)', present: present(true) } },
          { frameId: 3, result: { href: 'https://b.example/', present: 'yes' } },
          { frameId: 4, result: null },
          { frameId: 5, result: { href: 42, present: present('true') } },
        ],
        ['datadog', 'posthog'],
      ),
    ).toEqual([{ frameId: 2, url: '', providers: ['datadog'] }]);
  });

  it(`offers at most ${MAX_FRAME_OFFERS}`, () => {
    const answers = Array.from({ length: 10 }, (_, index) => ({
      frameId: index + 1,
      result: { href: null, present: present(true) },
    }));
    expect(frameOffers(answers, ['datadog'])).toHaveLength(MAX_FRAME_OFFERS);
  });
});

describe('shortFrameUrl', () => {
  it('shows host and path, without scheme, query or fragment', () => {
    expect(shortFrameUrl('https://app.example/demo/rum/v7/script?token=secret#x')).toBe(
      'app.example/demo/rum/v7/script',
    );
    expect(shortFrameUrl('http://127.0.0.1:8080/')).toBe('127.0.0.1:8080');
  });

  it('cuts a long address in the middle, keeping both ends', () => {
    const shown = shortFrameUrl(`https://widgets.example/${'a'.repeat(200)}/end`);
    expect(shown.length).toBeLessThanOrEqual(60);
    expect(shown.startsWith('widgets.example/')).toBe(true);
    expect(shown.endsWith('/end')).toBe(true);
    expect(shown).toContain('…');
  });

  it('names a frame without a web address', () => {
    expect(shortFrameUrl('')).toBe('(a frame without a web address)');
  });
});

describe('page actions after a frame was read', () => {
  it('"Start recording" runs in the frame read and detects that frame again', async () => {
    const ran: PageTarget[] = [];
    const detected: PageTarget[] = [];
    const recording = { status: 'ready', replay: { state: 'recording', forced: true } };
    const { datadog } = createProviderBackgrounds(
      unusedProviderCore({
        runInPage: async (target) => {
          ran.push(target);
          return true;
        },
        detect: async (target) => {
          detected.push(target);
          return { status: 'read', providers: { datadog: recording } } as unknown as Detection;
        },
      }),
    );
    expect(await datadog.handlers['datadog:start-recording']({ tabId: 7, frameId: 9 })).toEqual(recording);
    expect(ran).toEqual([{ tabId: 7, frameId: 9 }]);
    expect(detected).toEqual([{ tabId: 7, frameId: 9 }]);
  });

  it('the request carries the frame through the protocol (and refuses the top frame’s id as a frame)', () => {
    const schema = PROTOCOL['datadog:start-recording'].request;
    expect(schema.parse({ tabId: 7, frameId: 9 })).toEqual({ tabId: 7, frameId: 9 });
    expect(schema.safeParse({ tabId: 7, frameId: 0 }).success).toBe(false);
    expect(PROTOCOL.detect.request.parse({ tabId: 7, frameId: 9 })).toEqual({ tabId: 7, frameId: 9 });
  });
});
