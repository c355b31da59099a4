/**
 * Inline-style changes made for a capture, remembered the first time each is made so that
 * `restoreAll` puts back exactly what the page had: the old value with its `!important`, or no
 * value; and, when the page did not change the element's inline style meanwhile, the `style`
 * attribute's very text (or its absence), since re-serialising can change it ("a: b" → "a: b;").
 * Typed structurally so tests can pass plain objects.
 */
export interface StyledElement {
  style: Pick<
    CSSStyleDeclaration,
    'cssText' | 'getPropertyValue' | 'getPropertyPriority' | 'setProperty' | 'removeProperty'
  >;
  getAttribute(name: 'style'): string | null;
  setAttribute(name: 'style', value: string): void;
  removeAttribute(name: 'style'): void;
}

interface SavedProperty {
  property: string;
  value: string;
  priority: string;
}

interface SavedElement {
  element: StyledElement;
  attribute: string | null;
  /** The declarations before we touched them, as the browser serialises them. */
  cssText: string;
  properties: SavedProperty[];
}

export class StyleOverrides {
  /** In first-touched order; a Map because a page may have thousands of elements. */
  private saved = new Map<StyledElement, SavedElement>();

  /** Set `property: value !important` on the element, remembering what was there the first time. */
  override(element: StyledElement, property: string, value: string): void {
    let entry = this.saved.get(element);
    if (!entry) {
      entry = {
        element,
        attribute: element.getAttribute('style'),
        cssText: element.style.cssText,
        properties: [],
      };
      this.saved.set(element, entry);
    }
    if (!entry.properties.some((saved) => saved.property === property)) {
      entry.properties.push({
        property,
        value: element.style.getPropertyValue(property),
        priority: element.style.getPropertyPriority(property),
      });
    }
    element.style.setProperty(property, value, 'important');
  }

  /** Undo every override and forget them; one failing element does not stop the rest. */
  restoreAll(): void {
    const entries = [...this.saved.values()];
    this.saved.clear();
    for (const entry of entries) {
      try {
        restoreElement(entry);
      } catch {
        // An element whose style object the page replaced: nothing else we can put back.
      }
    }
  }
}

function restoreElement({ element, attribute, cssText, properties }: SavedElement): void {
  for (const { property, value, priority } of properties) {
    if (value === '') element.style.removeProperty(property);
    else element.style.setProperty(property, value, priority);
  }
  // Reading the attribute first matters: Chromium writes edited declarations back to the attribute
  // lazily, and without this read that write-back lands after removeAttribute and leaves style="".
  const current = element.getAttribute('style');
  // Only when nothing else changed: the page's own edits during the capture must survive.
  if (element.style.cssText !== cssText || current === attribute) return;
  if (attribute === null) element.removeAttribute('style');
  else element.setAttribute('style', attribute);
}
