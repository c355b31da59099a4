import type { Outcome, SaveRecord } from './save';

/** The campaign's summary line and its table by fault kind (Markdown). */

const COLUMNS: Outcome[] = ['ok', 'recovered', 'lost', 'duplicated', 'unresolved', 'campaign-error'];

export function summaryLine(records: SaveRecord[]): string {
  const count = (outcome: Outcome) => records.filter((r) => r.outcome === outcome).length;
  return `saves ${records.length}, lost ${count('lost')}, duplicated ${count('duplicated')}, unresolved ${count('unresolved')}`;
}

/** One row per fault kind (a save with two faults counts in both rows), then one per step of each kind. */
export function tableByFault(records: SaveRecord[]): string {
  const rows = new Map<string, SaveRecord[]>();
  for (const record of records) {
    for (const label of new Set(record.faults.map((fault) => fault.split('@')[0] ?? fault))) {
      rows.set(label, [...(rows.get(label) ?? []), record]);
    }
  }
  const lines = [
    `| fault | saves | ${COLUMNS.join(' | ')} | median s |`,
    `| --- | ---: | ${COLUMNS.map(() => '---:').join(' | ')} | ---: |`,
  ];
  for (const [label, group] of [...rows.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const cells = COLUMNS.map((outcome) => group.filter((r) => r.outcome === outcome).length);
    lines.push(
      `| ${label} | ${group.length} | ${cells.join(' | ')} | ${median(group.map((r) => r.ms / 1000)).toFixed(1)} |`,
    );
  }
  return lines.join('\n');
}

/** Every save that did not end ok or recovered, one line each: fault, step, what the job said. */
export function problems(records: SaveRecord[]): string[] {
  return records
    .filter((r) => r.outcome !== 'ok' && r.outcome !== 'recovered')
    .map((r) => {
      const said = (end: SaveRecord['first']) =>
        `${end.state}: ${('error' in end && end.error) || end.progress}`.slice(0, 240);
      const retry = r.retry ? `; after retry ${said(r.retry)}` : '';
      const notes = r.notes.length > 0 ? ` [${r.notes.join('; ')}]` : '';
      return `#${r.index} ${r.provider} ${r.outcome.toUpperCase()} (${r.faults.join(' + ')}; applied: ${r.applied.join(', ') || 'none'}): resources ${r.resources}, jobs ${r.jobs}; job ${said(r.first)}${retry}${notes}`;
    });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? 0 : (sorted[Math.floor(sorted.length / 2)] ?? 0);
}
