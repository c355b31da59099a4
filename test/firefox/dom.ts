import { type ExtensionTarget, type FirefoxSession, until } from './firefox';

/**
 * Reading and driving an extension page's DOM over RDP, by what a person sees: a section's heading,
 * a button's text, a field's label. Each helper is code text run in the page.
 */

/** The page-side helpers every snippet starts with (plain JavaScript: it runs in the page as is). */
const PRELUDE = `
  const text = (element) => (element.textContent ?? '').replace(/\\s+/g, ' ').trim();
  const scopeOf = (heading) => {
    if (heading === null) return document;
    const sections = [...document.querySelectorAll('section, fieldset')];
    return sections.find((section) => {
      const label = section.getAttribute('aria-label') ?? text(section.querySelector('h1, h2, h3, legend') ?? section);
      return label === heading;
    }) ?? null;
  };
  const buttonIn = (scope, name) =>
    [...scope.querySelectorAll('button')].find((button) => text(button) === name || button.getAttribute('aria-label') === name) ?? null;
  const fieldIn = (scope, name) => {
    const label = [...scope.querySelectorAll('label')].find((candidate) => text(candidate).startsWith(name));
    if (!label) return null;
    return label.control ?? label.querySelector('input, select, textarea');
  };
`;

/** Where to look: the whole page, or the section/fieldset with this heading (e.g. "Datadog"). */
export type Scope = string | null;

export class ExtensionPage {
  constructor(
    readonly firefox: FirefoxSession,
    readonly target: ExtensionTarget,
  ) {}

  run<T>(body: string): Promise<T> {
    return this.firefox.evaluate<T>(this.target, `${PRELUDE}\n${body}`);
  }

  /** The visible text of the page or of a section. */
  text(scope: Scope = null): Promise<string> {
    return this.run(
      `const scope = scopeOf(${JSON.stringify(scope)}); return scope ? ((scope.body ?? scope).innerText ?? '') : '';`,
    );
  }

  /** Waits until the page (or section) shows `expected`; returns the text then. */
  async waitForText(expected: string | RegExp, scope: Scope = null, timeoutMs = 15_000): Promise<string> {
    const matches = (seen: string) =>
      typeof expected === 'string' ? seen.includes(expected) : expected.test(seen);
    let seen = '';
    try {
      return await until(
        async () => {
          seen = await this.text(scope);
          return matches(seen) ? seen : undefined;
        },
        `"${expected}"`,
        timeoutMs,
      );
    } catch (error) {
      throw new Error(`${(error as Error).message}; the page showed: ${seen.slice(0, 600)}`);
    }
  }

  /** Whether a button with this name is there. */
  hasButton(name: string, scope: Scope = null): Promise<boolean> {
    return this.run(
      `const scope = scopeOf(${JSON.stringify(scope)}); return Boolean(scope && buttonIn(scope, ${JSON.stringify(name)}));`,
    );
  }

  /** Waits for the button, then clicks it. */
  async click(name: string, scope: Scope = null) {
    await until(() => this.hasButton(name, scope), `a button "${name}"`);
    await this.run(`buttonIn(scopeOf(${JSON.stringify(scope)}), ${JSON.stringify(name)}).click();`);
  }

  /** The value of the field labelled `label`. */
  value(label: string, scope: Scope = null): Promise<string | null> {
    return this.run(
      `const field = fieldIn(scopeOf(${JSON.stringify(scope)}) ?? document, ${JSON.stringify(label)}); return field ? field.value : null;`,
    );
  }

  /** Types `value` into the field labelled `label`, as input events the page's state follows. */
  async fill(label: string, value: string, scope: Scope = null) {
    await until(async () => (await this.value(label, scope)) !== null, `a field "${label}"`);
    await this.run(`
      const field = fieldIn(scopeOf(${JSON.stringify(scope)}), ${JSON.stringify(label)});
      field.focus();
      field.value = ${JSON.stringify(value)};
      field.dispatchEvent(new Event('input', { bubbles: true }));
      field.dispatchEvent(new Event('change', { bubbles: true }));
    `);
  }

  /** Focuses the button, so a real key press (which counts as the person's gesture) activates it. */
  async focusButton(name: string, scope: Scope = null) {
    await until(() => this.hasButton(name, scope), `a button "${name}"`);
    await this.run(`buttonIn(scopeOf(${JSON.stringify(scope)}), ${JSON.stringify(name)}).focus();`);
  }
}
