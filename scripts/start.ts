/**
 * `npm start`: the whole product against the local stand-ins. Builds the extension (sandbox build),
 * starts the sandbox (Datadog and PostHog), launches Chromium with the extension configured for it
 * and opens the demo app. With a display it leaves the browser to you; without one (CI, SSH) it
 * drives the demo itself: saves a Datadog snapshot and a PostHog heatmap captured from a page behind
 * a login, through the popup, prints what happened and writes screenshots and the PostHog picture.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Sandbox, type SandboxState, startSandbox } from '../sandbox/server';
import { goToProduct42, internalContext, logInToDemoAccount, posthogLoaded } from '../test/e2e/page';
import { configureForSandbox, launchWithExtension, openPopupFor } from '../test/harness/browser';

const port = Number(process.env.SANDBOX_PORT ?? 8787);
const headless = !process.env.DISPLAY || process.env.CI === 'true' || process.env.HEADLESS === '1';
const screenshotDir = path.resolve('start-output');

async function main() {
  log('Building the extension (sandbox build, .output/chrome-mv3-e2e)…');
  execFileSync('npx', ['wxt', 'build', '--mode', 'e2e'], { stdio: 'ignore' });

  const sandbox = await startSandbox({ port, dataDir: path.resolve('sandbox/.data') });
  log(`Sandbox (stand-in for Datadog and PostHog) at ${sandbox.url}`);

  const { context, serviceWorker, extensionId } = await launchWithExtension(
    await mkdtemp(path.join(tmpdir(), 'heatmap-start-')),
    headless,
  );
  await configureForSandbox(serviceWorker, sandbox);
  log(`Extension loaded: id ${extensionId}, configured with the sandbox's API URL and keys`);

  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(`${sandbox.url}/demo/`);
  await goToProduct42(page);
  const inPage = await internalContext(page);
  log(`Demo page ${page.url()}: DD_RUM.getInternalContext() = ${JSON.stringify(inPage)}`);

  if (!headless) {
    log(
      `Browser open. Viewer: ${sandbox.url}/ . Click the extension's toolbar button on the demo page. Ctrl+C to stop.`,
    );
    await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
  } else {
    const run = {
      context,
      serviceWorker,
      extensionId,
      page,
      sandboxUrl: sandbox.url,
      state: () => sandbox.state(),
    };
    await drive(run);
    await drivePosthog(run, sandbox);
  }
  await context.close();
  await sandbox.close();
}

async function drive(run: {
  context: Awaited<ReturnType<typeof launchWithExtension>>['context'];
  serviceWorker: Awaited<ReturnType<typeof launchWithExtension>>['serviceWorker'];
  extensionId: string;
  page: import('@playwright/test').Page;
  sandboxUrl: string;
  state: () => SandboxState;
}) {
  await mkdir(screenshotDir, { recursive: true });
  await run.page.screenshot({ path: path.join(screenshotDir, '1-demo-page.png') });

  const popup = await openPopupFor(run.context, run.serviceWorker, run.extensionId, run.page);
  await popup.getByRole('button', { name: 'Save snapshot' }).waitFor();
  await popup.screenshot({ path: path.join(screenshotDir, '2-popup-detected.png') });
  const labels = await popup.locator('dl dt').allTextContents();
  const values = await popup.locator('dl dd').allTextContents();
  log(`Popup detected:\n${indent(labels.map((label, i) => `${label}: ${values[i]}`).join('\n'))}`);
  log(`View name: ${await popup.getByLabel('View name').inputValue()}`);

  await popup.getByRole('button', { name: 'Save snapshot' }).click();
  const outcome = popup.getByRole('status').filter({ hasText: 'Saved' }).or(popup.getByRole('alert'));
  await outcome.first().waitFor({ timeout: 60_000 });
  await popup.screenshot({ path: path.join(screenshotDir, '3-popup-saved.png') });
  const lines = await outcome.first().locator('p.title, p.detail, li').allTextContents();
  // A failure is a single alert paragraph, with no lines inside it.
  const said = lines.length > 0 ? lines : [(await outcome.first().textContent()) ?? ''];
  log(`Popup says:\n${indent(said.join('\n'))}`);

  log(`The sandbox received:\n${indent(describeState(run.state()))}`);
  const viewer = await run.context.newPage();
  await viewer.goto(`${run.sandboxUrl}/`);
  await viewer.screenshot({ path: path.join(screenshotDir, '4-sandbox-viewer.png'), fullPage: true });
  log(`Screenshots written to ${screenshotDir}`);
}

/** Log in to the demo account page, save a PostHog heatmap of it from the popup, and keep the picture. */
async function drivePosthog(run: Parameters<typeof drive>[0], sandbox: Sandbox) {
  const page = await run.context.newPage();
  await page.goto(`${run.sandboxUrl}/demo/login.html`);
  await logInToDemoAccount(page);
  await posthogLoaded(page);
  log(`PostHog demo page behind a login: ${page.url()}`);

  const popup = await openPopupFor(run.context, run.serviceWorker, run.extensionId, page);
  const section = popup.getByRole('region', { name: 'PostHog' });
  await section.getByRole('button', { name: 'Save PostHog heatmap' }).click();
  const picture = section.getByRole('img', { name: 'Heatmap screenshot' });
  const failure = section.getByRole('alert');
  await picture.or(failure).first().waitFor({ timeout: 90_000 });
  await popup.screenshot({ path: path.join(screenshotDir, '5-popup-posthog-saved.png'), fullPage: true });
  if (await failure.isVisible()) {
    log(`PostHog save failed: ${await failure.textContent()}`);
    return;
  }
  const [saved] = run.state().posthog.saved_heatmaps;
  if (!saved) throw new Error('The popup showed a picture but the sandbox holds no saved heatmap.');
  for (const image of saved.images) {
    const response = await fetch(`${sandbox.url}/_admin/posthog/images/${saved.id}?width=${image.width}`);
    const file = path.join(screenshotDir, `6-posthog-heatmap-${image.width}.jpg`);
    await writeFile(file, new Uint8Array(await response.arrayBuffer()));
    log(
      `PostHog picture (${image.source}, ${image.width}×${image.height}, ${image.bytes} bytes) written to ${file}`,
    );
  }
  log(
    `The PostHog sandbox holds:\n${indent(
      run
        .state()
        .posthog.saved_heatmaps.map(
          (h) =>
            `saved heatmap ${h.short_id} "${h.name}" ${h.url} status ${h.status} widths ${h.target_widths.join(',')}`,
        )
        .join('\n'),
    )}`,
  );
}

/** Sessions, views and snapshots as one line each: what a person checks against the popup. */
function describeState(state: SandboxState): string {
  const lines: string[] = [];
  for (const application of state.applications) {
    lines.push(`application ${application.id}`);
    for (const session of application.sessions) {
      lines.push(`  session ${session.id}`);
      for (const view of session.views) {
        const where = view.name ?? (view.url ? new URL(view.url).pathname : '(no RUM view event yet)');
        lines.push(`    view ${view.id} ${where}: ${view.segments.length} replay segment(s)`);
      }
    }
  }
  for (const { id, attributes: a } of state.snapshots) {
    lines.push(
      `snapshot ${id} "${a.snapshot_name}" view ${a.view_name} (${a.view_id}) ${a.device_type} start ${a.start} ms`,
    );
  }
  return lines.join('\n');
}

function indent(text: string) {
  return text
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');
}

function log(message: string) {
  console.log(`[start] ${message}`);
}

main().catch((error) => {
  console.error(`[start] failed: ${error instanceof Error ? error.stack : error}`);
  process.exit(1);
});
