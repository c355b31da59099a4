/**
 * The bench's arithmetic, kept apart from the browser so a unit test can check it: medians over
 * repeated runs (warm-up runs discarded), ratios to a baseline measured in the same run, the
 * pass/fail rule and the one Markdown table `npm run bench` prints.
 */

/** One figure of issue #10's table, with the raw samples it was computed from. */
export interface Figure {
  name: string;
  /** What the figure is compared with, in words, and its measured value (null: an absolute goal). */
  baseline: { label: string; value: number | null };
  value: number;
  unit: string;
  /** `value / baseline.value` must stay ≤ this; or, with no baseline, `value` must. */
  goal: number;
  /** How the goal reads in the table, e.g. "≤ 1.2×" or "≤ 25 kB". */
  goalLabel: string;
  samples: { value: number[]; baseline: number[] };
  /** Why a figure is what it is, when the number alone misleads (e.g. "not bounded"). */
  note?: string;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** The median of the runs after the first `warmUp` ones (a cold cache or JIT is not the figure). */
export function steadyMedian(values: readonly number[], warmUp = 1): number {
  return median(values.length > warmUp ? values.slice(warmUp) : values);
}

/** `value / baseline`; a zero baseline with a zero value is 1 (both nothing), otherwise infinite. */
export function ratio(value: number, baseline: number): number {
  if (baseline === 0) return value === 0 ? 1 : Number.POSITIVE_INFINITY;
  return value / baseline;
}

/** What is compared with the goal: the ratio when there is a baseline, else the value itself. */
export function compared(figure: Figure): number {
  return figure.baseline.value === null ? figure.value : ratio(figure.value, figure.baseline.value);
}

export function passes(figure: Figure): boolean {
  const measured = compared(figure);
  return Number.isFinite(measured) && measured <= figure.goal;
}

const format = (value: number, unit = '') =>
  `${Number.isInteger(value) ? value : value.toFixed(2)}${unit ? ` ${unit}` : ''}`;

/** ONE Markdown table: figure, baseline, ratio, goal, pass/fail. */
export function markdownTable(figures: readonly Figure[]): string {
  const rows = figures.map((figure) => {
    const { baseline } = figure;
    const base =
      baseline.value === null ? baseline.label : `${baseline.label}: ${format(baseline.value, figure.unit)}`;
    const measured =
      baseline.value === null
        ? format(figure.value, figure.unit)
        : `${format(ratio(figure.value, baseline.value))}× (${format(figure.value, figure.unit)})`;
    const name = figure.note ? `${figure.name} (${figure.note})` : figure.name;
    return `| ${name} | ${base} | ${measured} | ${figure.goalLabel} | ${passes(figure) ? 'pass' : 'FAIL'} |`;
  });
  return ['| figure | baseline | ratio | goal | pass/fail |', '|---|---|---|---|---|', ...rows].join('\n');
}

/** A timed or counted figure against a baseline from the same run: both summarised by `steadyMedian`. */
export function ratioFigure(spec: {
  name: string;
  baselineLabel: string;
  value: number[];
  baseline: number[];
  unit: string;
  goal: number;
  goalLabel?: string;
  warmUp?: number;
}): Figure {
  const warmUp = spec.warmUp ?? 1;
  return {
    name: spec.name,
    baseline: { label: spec.baselineLabel, value: steadyMedian(spec.baseline, warmUp) },
    value: steadyMedian(spec.value, warmUp),
    unit: spec.unit,
    goal: spec.goal,
    goalLabel: spec.goalLabel ?? `≤ ${spec.goal}×`,
    samples: { value: spec.value, baseline: spec.baseline },
  };
}
