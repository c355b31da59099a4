import { createServer } from 'node:net';
import path from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { type Packet, RdpClient } from './rdp';

/**
 * Firefox ESR with the e2e build installed, driven two ways: ordinary pages over WebDriver BiDi
 * (puppeteer-core), extension pages (event page, popup, options) over the DevTools remote protocol,
 * which BiDi refuses for extensions.
 */
export const FIREFOX_PATH = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
export const FIREFOX_EXTENSION_DIR = path.resolve('.output/firefox-mv3-e2e');
/** The manifest's gecko id (lib/manifest.ts). */
export const ADDON_ID = 'heatmap-snapshots@example.com';
/** Fixed by pref so extension pages have a known address (Firefox picks one per profile otherwise). */
export const ADDON_UUID = '5e0a7b2c-1f3d-4c8e-9a6b-2d4f6e8a0c1e';
export const EXTENSION_ORIGIN = `moz-extension://${ADDON_UUID}`;

const WAIT_MS = 15_000;

/** A document of the extension reached over RDP: its console actor evaluates code in it. */
export interface ExtensionTarget {
  actor: string;
  consoleActor: string;
  url: string;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `probe` until it returns something other than undefined/false, or fails naming `what`. */
export async function until<T>(
  probe: () => Promise<T | undefined | false>,
  what: string,
  timeoutMs = WAIT_MS,
) {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value as T;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `Timed out after ${timeoutMs / 1000} s waiting for ${what}${last ? ` (last error: ${last})` : ''}`,
      );
    }
    await sleep(100);
  }
}

export class FirefoxSession {
  private readonly targets = new Map<string, ExtensionTarget>();
  private readonly results = new Map<string, Packet>();
  private readonly resultWaiters = new Map<string, (packet: Packet) => void>();
  private parent: ExtensionTarget | undefined;

  private constructor(
    readonly browser: Browser,
    readonly rdp: RdpClient,
    readonly addonActor: string,
  ) {
    rdp.on((packet) => {
      if (packet.type === 'target-available-form') {
        const target = packet.target as ExtensionTarget;
        this.targets.set(target.actor, target);
      } else if (packet.type === 'target-destroyed-form') {
        this.targets.delete((packet.target as ExtensionTarget).actor);
      } else if (packet.type === 'evaluationResult') {
        const id = packet.resultID as string;
        const waiter = this.resultWaiters.get(id);
        if (waiter) waiter(packet);
        else this.results.set(id, packet);
      }
    });
  }

  static async launch(): Promise<FirefoxSession> {
    const port = await freePort();
    const browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath: FIREFOX_PATH,
      headless: true,
      args: ['--start-debugger-server', String(port)],
      extraPrefsFirefox: {
        'devtools.debugger.remote-enabled': true,
        'devtools.chrome.enabled': true,
        'devtools.debugger.prompt-connection': false,
        'extensions.webextensions.uuids': JSON.stringify({ [ADDON_ID]: ADDON_UUID }),
      },
    });
    try {
      await browser.installExtension(FIREFOX_EXTENSION_DIR);
      const rdp = await RdpClient.connect(port);
      const { addons } = (await rdp.request('root', 'listAddons')) as Packet & {
        addons: { id: string; actor: string }[];
      };
      const addon = addons.find((candidate) => candidate.id === ADDON_ID);
      if (!addon) throw new Error(`The add-on ${ADDON_ID} is not installed.`);
      const session = new FirefoxSession(browser, rdp, addon.actor);
      const watcher = await rdp.request(addon.actor, 'getWatcher', { isServerTargetSwitchingEnabled: true });
      await rdp.request(watcher.actor as string, 'watchTargets', { targetType: 'frame' });
      return session;
    } catch (error) {
      await browser.close();
      throw error;
    }
  }

  async close() {
    this.rdp.close();
    await this.browser.close();
  }

  /** The extension document whose address starts with `urlPrefix` (waits for it to appear). */
  target(urlPrefix: string): Promise<ExtensionTarget> {
    return until(
      async () => [...this.targets.values()].reverse().find((target) => target.url.startsWith(urlPrefix)),
      `an extension document at ${urlPrefix}`,
    );
  }

  /** The event page (started again by Firefox when an event arrives after it was stopped). */
  background(): Promise<ExtensionTarget> {
    return this.target(`${EXTENSION_ORIGIN}/_generated_background_page.html`);
  }

  /**
   * Runs `body` (the text of an async function body) in `target` and returns what it returns,
   * through JSON. Code is sent as text: functions compiled by tsx carry helpers the page lacks.
   */
  async evaluate<T = unknown>(target: ExtensionTarget, body: string): Promise<T> {
    const text = `(async () => { ${body} })().then(
      (value) => JSON.stringify({ value: value === undefined ? null : value }),
      (error) => JSON.stringify({ error: String(error) }),
    )`;
    // `mapped.await`: the console waits for the promise, as it does for a top-level `await`.
    const reply = await this.rdp.request(target.consoleActor, 'evaluateJSAsync', {
      text,
      mapped: { await: true },
    });
    const id = reply.resultID as string;
    const packet =
      this.results.get(id) ??
      (await new Promise<Packet>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`No evaluation result for: ${body.slice(0, 120)}`)),
          60_000,
        );
        this.resultWaiters.set(id, (result) => {
          clearTimeout(timer);
          resolve(result);
        });
      }));
    this.results.delete(id);
    this.resultWaiters.delete(id);
    if (packet.hasException) {
      throw new Error(
        `In ${target.url}: ${String(packet.exceptionMessage)} (running: ${body.slice(0, 160)})`,
      );
    }
    let result = packet.result as string | { type: string; actor: string; length: number };
    if (typeof result === 'object' && result?.type === 'longString') {
      result = (await this.rdp.request(result.actor, 'substring', { start: 0, end: result.length }))
        .substring as string;
    }
    if (typeof result !== 'string') throw new Error(`Unexpected evaluation result ${JSON.stringify(result)}`);
    const outcome = JSON.parse(result) as { value: T } | { error: string };
    if ('error' in outcome)
      throw new Error(`In ${target.url}: ${outcome.error} (running: ${body.slice(0, 160)})`);
    return outcome.value;
  }

  /** Runs `body` in the event page. */
  async inBackground<T = unknown>(body: string): Promise<T> {
    return this.evaluate<T>(await this.background(), body);
  }

  /** Stops the event page as Firefox does when it idles (the add-on descriptor's own request). */
  async stopBackground() {
    const before = await this.background();
    await this.rdp.request(this.addonActor, 'terminateBackgroundScript');
    await until(async () => !this.targets.has(before.actor), 'the event page to stop');
  }

  /**
   * Runs `body` in Firefox's parent process (browser chrome, privileged; `devtools.chrome.enabled`):
   * what a person does in the browser's own UI, such as answering a permission prompt.
   */
  async inParent<T = unknown>(body: string): Promise<T> {
    if (!this.parent) {
      const { processDescriptor } = (await this.rdp.request('root', 'getProcess', { id: 0 })) as Packet & {
        processDescriptor: { actor: string };
      };
      const { process } = (await this.rdp.request(processDescriptor.actor, 'getTarget')) as Packet & {
        process: ExtensionTarget;
      };
      this.parent = { ...process, url: 'the parent process' };
    }
    return this.evaluate<T>(this.parent, body);
  }

  /**
   * Withdraws host permissions the way about:addons does (the add-on manager's permission store, in
   * the parent process), as a person can at any time for an MV3 add-on.
   */
  async withdrawHostPermissions(origins: string[]) {
    await this.inParent(`
      const { ExtensionPermissions } = ChromeUtils.importESModule('resource://gre/modules/ExtensionPermissions.sys.mjs');
      const { extension } = WebExtensionPolicy.getByID(${JSON.stringify(ADDON_ID)});
      await ExtensionPermissions.remove(${JSON.stringify(ADDON_ID)}, { permissions: [], origins: ${JSON.stringify(origins)} }, extension);
    `);
  }

  /**
   * From now on every optional-permission prompt is answered "Allow", as a person would click it,
   * and recorded: `permissionPrompts()` lists the origins each one asked for.
   */
  async allowPermissionPrompts() {
    await this.inParent(`
      globalThis.heatmapPrompts = [];
      Services.obs.addObserver((subject) => {
        const { permissions, resolve } = subject.wrappedJSObject;
        globalThis.heatmapPrompts.push([...permissions.origins]);
        resolve(true);
      }, 'webextension-optional-permission-prompt');
    `);
  }

  permissionPrompts(): Promise<string[][]> {
    return this.inParent('return globalThis.heatmapPrompts;');
  }

  /**
   * Presses Enter in the window showing the extension page at `url`, as a trusted key event: a
   * person's gesture, which `permissions.request` requires (a click sent over RDP is not one).
   */
  async pressEnter(url: string) {
    const found = await this.inParent<boolean>(`
      for (const win of Services.wm.getEnumerator('navigator:browser')) {
        if (!win.gBrowser.selectedBrowser.currentURI.spec.startsWith(${JSON.stringify(url)})) continue;
        win.focus();
        win.gBrowser.selectedBrowser.focus();
        const input = Cc['@mozilla.org/text-input-processor;1'].createInstance(Ci.nsITextInputProcessor);
        if (!input.beginInputTransactionForTests(win)) return false;
        const enter = new win.KeyboardEvent('', { key: 'Enter', code: 'Enter', keyCode: 13 });
        input.keydown(enter);
        input.keyup(enter);
        return true;
      }
      return false;
    `);
    if (!found) throw new Error(`No window shows ${url}`);
  }

  /** Opens an extension page (e.g. `popup.html?tabId=3`) in its own window, as a test cannot click the toolbar. */
  async openExtensionPage(pagePath: string): Promise<ExtensionTarget> {
    const url = `${EXTENSION_ORIGIN}/${pagePath}`;
    await this.inBackground(
      `await browser.windows.create({ url: ${JSON.stringify(url)}, width: 400, height: 720 });`,
    );
    const target = await this.target(url);
    // A new page's target can appear before its DOM exists.
    await until(
      () =>
        this.evaluate<boolean>(
          target,
          `return document.readyState === 'complete' && document.body.children.length > 0;`,
        ),
      `${pagePath} to load`,
    );
    return target;
  }

  /** Opens a page of the sandbox in a new window over BiDi. */
  async openPage(url: string): Promise<Page> {
    const page = await this.browser.newPage({ type: 'window' });
    await page.goto(url);
    return page;
  }

  /** The browser's id for the tab at `url` (filtered here: a match pattern with a port matches nothing in tabs.query). */
  async tabIdOf(url: string): Promise<number> {
    const ids = await this.inBackground<number[]>(
      `return (await browser.tabs.query({})).filter((tab) => tab.url === ${JSON.stringify(url)}).map((tab) => tab.id);`,
    );
    if (ids.length !== 1 || typeof ids[0] !== 'number')
      throw new Error(`Expected one tab at ${url}, found ${ids.length}`);
    return ids[0];
  }
}
