import { describe, expect, test } from 'vitest';
import { createExactlyOnce, madeAfterSend } from '@/lib/jobs/reconcile';

class MaybeStored extends Error {}

function steps(outcomes: ('ok' | 'maybe-stored' | 'refused')[], stored: () => string | null) {
  const calls: string[] = [];
  const sleeps: number[] = [];
  return {
    calls,
    sleeps,
    run: () =>
      createExactlyOnce({
        create: async () => {
          calls.push('create');
          const outcome = outcomes.shift() ?? 'ok';
          if (outcome === 'maybe-stored') throw new MaybeStored('503');
          if (outcome === 'refused') throw new Error('400');
          return 'created';
        },
        findEarlier: async () => {
          calls.push('look');
          return stored();
        },
        mayHaveStored: (error) => error instanceof MaybeStored,
        sleep: async (ms) => {
          sleeps.push(ms);
        },
      }),
  };
}

describe('createExactlyOnce', () => {
  test('a create that succeeds is sent once, nothing looked up', async () => {
    const run = steps(['ok'], () => null);
    expect(await run.run()).toBe('created');
    expect(run.calls).toEqual(['create']);
  });

  test('a failure after which the provider holds it: waits, looks, adopts, never sends again', async () => {
    const run = steps(['maybe-stored'], () => 'stored-earlier');
    expect(await run.run()).toBe('stored-earlier');
    expect(run.calls).toEqual(['create', 'look']);
    expect(run.sleeps).toEqual([1000]);
  });

  test('a failure that stored nothing: looks, then sends again', async () => {
    const run = steps(['maybe-stored', 'ok'], () => null);
    expect(await run.run()).toBe('created');
    expect(run.calls).toEqual(['create', 'look', 'create']);
  });

  test('at most three sends, then the failure is the answer', async () => {
    const run = steps(['maybe-stored', 'maybe-stored', 'maybe-stored', 'ok'], () => null);
    await expect(run.run()).rejects.toBeInstanceOf(MaybeStored);
    expect(run.calls.filter((call) => call === 'create')).toHaveLength(3);
    expect(run.sleeps).toEqual([1000, 3000]);
  });

  test('a refusal (the provider stored nothing) is thrown at once', async () => {
    const run = steps(['refused'], () => 'never');
    await expect(run.run()).rejects.toThrow('400');
    expect(run.calls).toEqual(['create']);
  });
});

describe('madeAfterSend', () => {
  const sentAt = Date.parse('2026-11-25T10:00:00Z');
  test.each([
    ['2026-11-25T10:00:05Z', true],
    ['2026-11-25T09:59:00Z', true],
    ['2026-11-25T09:50:00Z', false],
    ['not a date', false],
    [undefined, false],
  ])('%s → %s', (createdAt, expected) => {
    expect(madeAfterSend(createdAt, sentAt)).toBe(expected);
  });
});
