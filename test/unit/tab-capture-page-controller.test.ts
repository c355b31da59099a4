import { describe, expect, it } from 'vitest';
import { createPageController, type PageEnvironment } from '@/lib/tab-capture/page-controller';
import type { PageAnswer } from '@/lib/tab-capture/protocol';
import { isCaptureRateLimitError } from '@/lib/tab-capture/rate-limit';
import { type StyledElement, StyleOverrides } from '@/lib/tab-capture/style-overrides';

/**
 * An element with inline-style semantics like a browser's: declarations parsed from and serialised
 * to the `style` attribute ("a: b; c: d !important;"), so tests can check the attribute's exact text.
 */
type Declarations = Map<string, { value: string; priority: string }>;

const serialise = (declarations: Declarations) =>
  [...declarations]
    .map(([property, { value, priority }]) => `${property}: ${value}${priority ? ' !important' : ''};`)
    .join(' ');

function parse(text: string): Declarations {
  const declarations: Declarations = new Map();
  for (const declaration of text.split(';')) {
    const [property, rest] = declaration.split(':').map((part) => part.trim());
    if (!property || !rest) continue;
    declarations.set(property, {
      value: rest.replace(/\s*!important$/, ''),
      priority: rest.endsWith('!important') ? 'important' : '',
    });
  }
  return declarations;
}

type FakeElement = StyledElement;

function element(initial: string | null = null): FakeElement {
  let attribute = initial;
  let declarations = parse(initial ?? '');
  const write = () => {
    attribute = serialise(declarations);
  };
  return {
    style: {
      get cssText() {
        return serialise(declarations);
      },
      getPropertyValue: (property: string) => declarations.get(property)?.value ?? '',
      getPropertyPriority: (property: string) => declarations.get(property)?.priority ?? '',
      setProperty: (property: string, value: string | null, priority = '') => {
        declarations.set(property, { value: value ?? '', priority });
        write();
      },
      removeProperty: (property: string) => {
        const old = declarations.get(property)?.value ?? '';
        declarations.delete(property);
        write();
        return old;
      },
    } as StyledElement['style'],
    getAttribute: () => attribute,
    setAttribute: (_, value) => {
      attribute = value;
      declarations = parse(value);
    },
    removeAttribute: () => {
      attribute = null;
      declarations = new Map();
    },
  };
}

function fakePage(
  pinned: { element: FakeElement; position: 'fixed' | 'sticky' }[] = [],
  options: { hidden?: boolean } = {},
) {
  const log: string[] = [];
  let position = { x: 30, y: 1234 };
  let visible = options.hidden !== true;
  const root = element('scroll-behavior: smooth');
  const page: PageEnvironment = {
    root,
    layoutWidth: () => 1265,
    viewportWidth: () => 1280,
    viewportHeight: () => 800,
    documentHeight: () => 5000,
    devicePixelRatio: () => 2,
    scrollPosition: () => position,
    scrollTo: (x, y) => {
      log.push(`scrollTo ${x},${y}`);
      position = { x, y };
    },
    visible: () => visible,
    untilVisible: async () => {
      log.push('untilVisible');
      visible = true;
    },
    settle: async () => {
      log.push('settle');
    },
    pinnedElements: () => pinned,
  };
  return { page, log, root };
}

const value = (answer: PageAnswer) => {
  if (!answer.ok) throw new Error(answer.error);
  return answer.value;
};

describe('page controller', () => {
  it('measures the page and remembers where the person was', async () => {
    const { page } = fakePage();
    const controller = createPageController(page);
    expect(value(await controller.run({ kind: 'measure' }))).toEqual({
      layoutWidth: 1265,
      viewportWidth: 1280,
      viewportHeight: 800,
      documentHeight: 5000,
      devicePixelRatio: 2,
      scrollX: 30,
      scrollY: 1234,
      visible: true,
    });
  });

  it('waits for a tab just brought to the front to be shown before measuring', async () => {
    const { page, log } = fakePage([], { hidden: true });
    const measured = value(await createPageController(page).run({ kind: 'measure' }));
    expect(log).toEqual(['untilVisible']);
    expect(measured).toMatchObject({ visible: true });
  });

  it('turns smooth scrolling off for the capture and back on afterwards, attribute text intact', async () => {
    const { page, root } = fakePage();
    const controller = createPageController(page);
    await controller.run({ kind: 'measure' });
    expect(root.style.getPropertyValue('scroll-behavior')).toBe('auto');
    expect(root.style.getPropertyPriority('scroll-behavior')).toBe('important');
    await controller.run({ kind: 'restore' });
    expect(root.getAttribute('style')).toBe('scroll-behavior: smooth');
  });

  it('scrolls to the slice, waits for paint, and reports where the page really is', async () => {
    const { page, log } = fakePage();
    const controller = createPageController(page);
    await controller.run({ kind: 'measure' });
    expect(value(await controller.run({ kind: 'scroll', y: 800, hideFixed: false }))).toEqual({
      scrollY: 800,
      viewportHeight: 800,
      visible: true,
    });
    expect(log).toEqual(['scrollTo 0,800', 'settle', 'settle']);
  });

  it('hides fixed elements only when asked (every slice after the first)', async () => {
    const header = element();
    const { page } = fakePage([{ element: header, position: 'fixed' }]);
    const controller = createPageController(page);
    await controller.run({ kind: 'measure' });
    await controller.run({ kind: 'scroll', y: 0, hideFixed: false });
    expect(header.getAttribute('style')).toBeNull();
    await controller.run({ kind: 'scroll', y: 800, hideFixed: true });
    expect(header.style.getPropertyValue('visibility')).toBe('hidden');
  });

  it('unsticks sticky elements for the whole capture so each shows once, at its place', async () => {
    const bar = element();
    const { page } = fakePage([{ element: bar, position: 'sticky' }]);
    const controller = createPageController(page);
    await controller.run({ kind: 'measure' });
    expect(bar.style.getPropertyValue('position')).toBe('relative');
    expect(['top', 'right', 'bottom', 'left'].map((side) => bar.style.getPropertyValue(side))).toEqual([
      'auto',
      'auto',
      'auto',
      'auto',
    ]);
    expect(bar.style.getPropertyValue('visibility')).toBe('');
  });

  it('restores the scroll position and every touched style exactly', async () => {
    const header = element('visibility: visible !important; color: red');
    const bar = element();
    const { page, log } = fakePage([
      { element: header, position: 'fixed' },
      { element: bar, position: 'sticky' },
    ]);
    const controller = createPageController(page);
    await controller.run({ kind: 'measure' });
    await controller.run({ kind: 'scroll', y: 800, hideFixed: true });
    expect(value(await controller.run({ kind: 'restore' }))).toEqual({ x: 30, y: 1234 });
    expect(log.at(-1)).toBe('scrollTo 30,1234');
    expect(header.getAttribute('style')).toBe('visibility: visible !important; color: red');
    expect(bar.getAttribute('style')).toBeNull();
  });

  it('keeps the page’s own inline-style edits made during the capture', async () => {
    const header = element('color: red');
    const { page } = fakePage([{ element: header, position: 'fixed' }]);
    const controller = createPageController(page);
    await controller.run({ kind: 'measure' });
    await controller.run({ kind: 'scroll', y: 800, hideFixed: true });
    header.style.setProperty('color', 'blue');
    await controller.run({ kind: 'restore' });
    expect(header.style.getPropertyValue('color')).toBe('blue');
    expect(header.style.getPropertyValue('visibility')).toBe('');
  });

  it('restores styles even when scrolling back throws, and a second restore is harmless', async () => {
    const header = element();
    const { page } = fakePage([{ element: header, position: 'fixed' }]);
    const controller = createPageController(page);
    await controller.run({ kind: 'measure' });
    await controller.run({ kind: 'scroll', y: 800, hideFixed: true });
    page.scrollTo = () => {
      throw new Error('detached');
    };
    expect(await controller.run({ kind: 'restore' })).toEqual({ ok: false, error: 'detached' });
    expect(header.getAttribute('style')).toBeNull();
    expect((await controller.run({ kind: 'restore' })).ok).toBe(true);
  });

  it('answers failures instead of throwing, and refuses to scroll before measuring', async () => {
    const controller = createPageController(fakePage().page);
    expect(await controller.run({ kind: 'scroll', y: 0, hideFixed: false })).toEqual({
      ok: false,
      error: 'scroll before measure',
    });
    expect(await controller.run({ kind: 'nonsense' } as never)).toEqual({
      ok: false,
      error: 'unknown command',
    });
  });
});

describe('StyleOverrides', () => {
  it('saves the first value only, so overriding twice still restores the page’s own', () => {
    const target = element('visibility: collapse');
    const overrides = new StyleOverrides();
    overrides.override(target, 'visibility', 'hidden');
    overrides.override(target, 'visibility', 'visible');
    overrides.restoreAll();
    expect(target.getAttribute('style')).toBe('visibility: collapse');
  });
});

describe('isCaptureRateLimitError', () => {
  it('recognises Chrome’s quota refusal by the quota’s name, and nothing else', () => {
    expect(
      isCaptureRateLimitError(
        new Error('This request exceeds the MAX_CAPTURE_VISIBLE_TAB_CALLS_PER_SECOND quota.'),
      ),
    ).toBe(true);
    expect(isCaptureRateLimitError('MAX_CAPTURE_VISIBLE_TAB_CALLS_PER_SECOND')).toBe(true);
    expect(
      isCaptureRateLimitError(new Error("Either the '<all_urls>' or 'activeTab' permission is required.")),
    ).toBe(false);
    expect(isCaptureRateLimitError(new Error('quota exceeded'))).toBe(false);
    expect(isCaptureRateLimitError(undefined)).toBe(false);
  });
});
