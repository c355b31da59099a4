import { parseArgs } from 'node:util';
import { z } from 'zod';
import { DEMO_PAGES } from './demo/config';
import { startSandbox } from './server';

/**
 * CLI: `tsx sandbox/main.ts [--port 8787]`: the Datadog and PostHog stand-ins and the demo pages. Env: SANDBOX_PORT, SANDBOX_API_KEY, SANDBOX_APP_KEY,
 * SANDBOX_DATA_DIR. Runs until SIGINT/SIGTERM.
 */

const PortSchema = z.coerce.number().int().min(0).max(65_535);

const CliSchema = z.object({
  port: PortSchema.default(8787),
  apiKey: z.string().min(1).optional(),
  appKey: z.string().min(1).optional(),
  dataDir: z.string().min(1).optional(),
});

function readConfig(): z.infer<typeof CliSchema> {
  const { values } = parseArgs({ options: { port: { type: 'string', short: 'p' } } });
  const parsed = CliSchema.safeParse({
    port: values.port ?? process.env.SANDBOX_PORT,
    apiKey: process.env.SANDBOX_API_KEY,
    appKey: process.env.SANDBOX_APP_KEY,
    dataDir: process.env.SANDBOX_DATA_DIR,
  });
  if (!parsed.success) {
    console.error(`Bad sandbox configuration: ${z.prettifyError(parsed.error)}`);
    process.exit(2);
  }
  return parsed.data;
}

async function main(): Promise<void> {
  const sandbox = await startSandbox({ ...readConfig(), log: (line) => console.log(`[sandbox] ${line}`) });
  const { posthog } = sandbox;
  console.log(`Sandbox (Datadog and PostHog): ${sandbox.url}
  viewer:               ${sandbox.url}/
Datadog
  SDK proxy (intake):   ${sandbox.url}/intake
  DD-API-KEY:           ${sandbox.apiKey}
  DD-APPLICATION-KEY:   ${sandbox.appKey}
PostHog
  PostHog URL:          ${posthog.url}
  posthog-js api_host:  ${posthog.apiHost}
  Project ID:           ${posthog.projectId} (token ${posthog.projectToken})
  Personal API key:     ${posthog.fullKey} (read-only: ${posthog.readKey})
Demo pages:
${DEMO_PAGES.map((p) => `  ${sandbox.url}${p.path}  (${p.title})`).join('\n')}
Press Ctrl+C to stop.`);
  const stop = () => {
    sandbox.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
