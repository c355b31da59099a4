/**
 * `npm run faults [-- --saves N --seed S --lanes L]`: the fault campaign. Saves Datadog snapshots
 * and PostHog heatmaps through the popup of the e2e build in real Chromium against the sandbox,
 * each under one or two faults drawn from the seed (test/faults/plan.ts) at a drawn step, and
 * checks each at its end: exactly one resource under the save's unique name, or a failed job that
 * says why and, retried with faults cleared, makes exactly one. Prints
 * `saves N, lost L, duplicated D, unresolved U` and a table by fault; writes every save's record
 * to faults/results/. Exits 1 if any save was lost, duplicated or unresolved.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { type Lane, openLane } from '../test/faults/lane';
import { drawPlans, type SavePlan } from '../test/faults/plan';
import { problems, summaryLine, tableByFault } from '../test/faults/report';
import { runSave, type SaveRecord } from '../test/faults/save';

const { values } = parseArgs({
  options: {
    saves: { type: 'string', default: '50' },
    seed: { type: 'string' },
    lanes: { type: 'string' },
  },
});
const saves = Number(values.saves);
const seed = values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(values.seed);
if (!Number.isInteger(saves) || saves < 1 || !Number.isInteger(seed)) {
  console.error('Usage: npm run faults -- [--saves N] [--seed S] [--lanes L]');
  process.exit(2);
}
const lanes = Math.max(1, Math.min(saves, values.lanes === undefined ? 4 : Number(values.lanes)));
const resultsDir = path.resolve('faults/results');

async function main() {
  const started = Date.now();
  const runId = `${seed.toString(36)}${Date.now().toString(36).slice(-4)}`;
  console.log(`[faults] seed ${seed} (repeat with --seed ${seed}), ${saves} saves, ${lanes} lanes`);
  const plans = drawPlans(seed, saves, runId);
  const queue = [...plans];
  const records: SaveRecord[] = [];

  const runLane = async (id: number) => {
    let lane: Lane = await openLane(id);
    for (let plan = queue.shift(); plan; plan = queue.shift()) {
      const record = await runOne(lane, plan).catch(async (error) => {
        // The lane's browser is in a state the campaign cannot drive: a fresh one takes over.
        console.log(
          `[faults] lane ${id}: save #${plan.index} broke the lane (${String(error).slice(0, 200)}); restarting it`,
        );
        await lane.close();
        lane = await openLane(id);
        return runOne(lane, plan);
      });
      records.push(record);
      const mark = record.outcome === 'ok' || record.outcome === 'recovered' ? '' : '  <<<';
      console.log(
        `[faults] ${records.length}/${saves} #${plan.index} ${plan.provider} ${record.faults.join(' + ')}: ${record.outcome} (${(record.ms / 1000).toFixed(1)} s)${mark}`,
      );
    }
    await lane.close();
  };
  await Promise.all(Array.from({ length: lanes }, (_, id) => runLane(id)));

  records.sort((a, b) => a.index - b.index);
  const elapsed = (Date.now() - started) / 1000;
  await mkdir(resultsDir, { recursive: true });
  const file = path.join(
    resultsDir,
    `faults-${seed}-${saves}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`,
  );
  await writeFile(
    file,
    `${JSON.stringify({ seed, saves, lanes, elapsedSeconds: elapsed, records }, null, 2)}\n`,
  );

  console.log('');
  console.log(summaryLine(records));
  console.log('');
  console.log(tableByFault(records));
  const found = problems(records);
  if (found.length > 0) console.log(`\nNot ok:\n${found.map((line) => `- ${line}`).join('\n')}`);
  console.log(
    `\n${elapsed.toFixed(0)} s in all, ${(elapsed / saves).toFixed(2)} s per save (${lanes} lanes); records in ${path.relative(process.cwd(), file)}; seed ${seed}`,
  );
  const bad = records.some((r) => r.outcome !== 'ok' && r.outcome !== 'recovered');
  process.exit(bad ? 1 : 0);
}

/** One save, bounded: a save that hangs the campaign itself (not the extension) breaks its lane. */
async function runOne(lane: Lane, plan: SavePlan): Promise<SaveRecord> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('the save took over 4 minutes')), 240_000);
  });
  try {
    return await Promise.race([runSave(lane, plan), hang]);
  } finally {
    clearTimeout(timer);
  }
}

main().catch((error) => {
  console.error(`[faults] failed: ${error instanceof Error ? error.stack : error}`);
  process.exit(1);
});
