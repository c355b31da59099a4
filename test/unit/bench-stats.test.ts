import { describe, expect, it } from 'vitest';
import {
  type Figure,
  markdownTable,
  median,
  passes,
  ratio,
  ratioFigure,
  steadyMedian,
} from '../../bench/stats';

const figure = (overrides: Partial<Figure>): Figure => ({
  name: 'popup open',
  baseline: { label: 'blank page', value: 100 },
  value: 110,
  unit: 'ms',
  goal: 1.2,
  goalLabel: '≤ 1.2×',
  samples: { value: [110], baseline: [100] },
  ...overrides,
});

describe('bench arithmetic', () => {
  it('takes the middle value, or the mean of the two middle ones', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it('drops warm-up runs before the median', () => {
    expect(steadyMedian([900, 10, 12, 11], 1)).toBe(11);
    expect(steadyMedian([900, 10, 12, 11], 0)).toBe(11.5);
  });

  it('divides by the baseline; nothing against nothing is 1×', () => {
    expect(ratio(120, 100)).toBeCloseTo(1.2);
    expect(ratio(0, 0)).toBe(1);
    expect(ratio(3, 0)).toBe(Number.POSITIVE_INFINITY);
  });

  it('passes on the ratio when there is a baseline, on the value when there is none', () => {
    expect(passes(figure({ value: 119 }))).toBe(true);
    expect(passes(figure({ value: 121 }))).toBe(false);
    const absolute = { baseline: { label: '—', value: null }, goal: 25, goalLabel: '≤ 25 kB', unit: 'kB' };
    expect(passes(figure({ ...absolute, value: 24.9 }))).toBe(true);
    expect(passes(figure({ ...absolute, value: 25.1 }))).toBe(false);
    expect(passes(figure({ value: Number.NaN }))).toBe(false);
  });

  it('prints one Markdown table with figure, baseline, ratio, goal and pass/fail', () => {
    const table = markdownTable([
      figure({ value: 150 }),
      figure({ name: 'probe', baseline: { label: '—', value: null }, value: 2.4, unit: 'kB', goal: 2 }),
    ]);
    const lines = table.split('\n');
    expect(lines[0]).toBe('| figure | baseline | ratio | goal | pass/fail |');
    expect(lines[2]).toBe('| popup open | blank page: 100 ms | 1.50× (150 ms) | ≤ 1.2× | FAIL |');
    expect(lines[3]).toBe('| probe | — | 2.40 kB | ≤ 1.2× | FAIL |');
    expect(lines).toHaveLength(4);
  });

  it('builds a ratio figure from raw samples, keeping them, the warm-up dropped from both sides', () => {
    const built = ratioFigure({
      name: 'save',
      baselineLabel: 'fetch',
      value: [999, 30, 33, 36],
      baseline: [500, 20, 22, 24],
      unit: 'ms',
      goal: 1.1,
    });
    expect(built.baseline.value).toBe(22);
    expect(built.value).toBe(33);
    expect(built.goalLabel).toBe('≤ 1.1×');
    expect(built.samples).toEqual({ value: [999, 30, 33, 36], baseline: [500, 20, 22, 24] });
    expect(passes(built)).toBe(false);
  });
});
