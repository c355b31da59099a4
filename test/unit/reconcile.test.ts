import { describe, expect, test } from 'vitest';
import { createExactlyOnce, madeAfterSend, SETTLE_MS } from '@/lib/jobs/reconcile';

class MaybeStored extends Error {}
class NoAnswer extends Error {}

/**
 * A create and its lookups on a fake clock that sleeping advances. `storedAfterMs`: the provider
 * shows what a lost create made only this long after it was sent (it was still travelling).
 */
function steps(
  outcomes: ('ok' | 'maybe-stored' | 'no-answer' | 'refused')[],
  options: { stored?: boolean; storedAfterMs?: number; unsettledSendAt?: number } = {},
) {
  let clock = 1_000_000;
  const calls: string[] = [];
  const sleeps: number[] = [];
  const sends: number[] = [];
  let lostSendAt: number | null = options.unsettledSendAt ?? null;
  return {
    calls,
    sleeps,
    sends,
    now: () => clock,
    run: async () =>
      (
        await createExactlyOnce({
          create: async () => {
            calls.push('create');
            const outcome = outcomes.shift() ?? 'ok';
            if (outcome === 'maybe-stored' || outcome === 'no-answer') {
              if (options.stored) lostSendAt ??= clock;
              throw outcome === 'no-answer' ? new NoAnswer('timed out') : new MaybeStored('503');
            }
            if (outcome === 'refused') throw new Error('400');
            return 'created';
          },
          findMade: async () => {
            calls.push('look');
            const visible = lostSendAt !== null && clock >= lostSendAt + (options.storedAfterMs ?? 0);
            return visible ? ['stored-earlier'] : [];
          },
          idOf: (made) => made,
          remove: async () => undefined,
          twinRunning: async () => true,
          unknownOutcome: (error) =>
            error instanceof NoAnswer ? 'unanswered' : error instanceof MaybeStored ? 'answered' : null,
          recordSend: async (at) => {
            sends.push(at);
          },
          unsettledSendAt: options.unsettledSendAt,
          now: () => clock,
          sleep: async (ms) => {
            sleeps.push(ms);
            clock += ms;
          },
        })
      ).made,
  };
}

describe('createExactlyOnce', () => {
  test('a create that succeeds is sent once (its send recorded first), nothing looked up', async () => {
    const run = steps(['ok']);
    expect(await run.run()).toBe('created');
    expect(run.calls).toEqual(['create']);
    expect(run.sends).toHaveLength(1);
  });

  test('an unknown outcome whose create the provider holds: looked up and adopted, never sent again', async () => {
    const run = steps(['maybe-stored'], { stored: true });
    expect(await run.run()).toBe('stored-earlier');
    expect(run.calls).toEqual(['create', 'look']);
  });

  test('a create still travelling when its answer was lost is found once it lands, not sent twice', async () => {
    const run = steps(['no-answer'], { stored: true, storedAfterMs: 12_000 });
    expect(await run.run()).toBe('stored-earlier');
    expect(run.calls.filter((call) => call === 'create')).toHaveLength(1);
  });

  test('an answered failure that stored nothing: looked for once, then sent again', async () => {
    const run = steps(['maybe-stored', 'ok']);
    expect(await run.run()).toBe('created');
    expect(run.calls).toEqual(['create', 'look', 'create']);
    expect(run.sleeps).toEqual([]);
  });

  test('no answer and nothing made: looked for until the lost send has settled (SETTLE_MS), only then sent again', async () => {
    const run = steps(['no-answer', 'ok']);
    expect(await run.run()).toBe('created');
    expect(run.calls.at(-1)).toBe('create');
    expect(run.calls.filter((call) => call === 'create')).toHaveLength(2);
    const [first, second] = run.sends as [number, number];
    expect(second - first).toBeGreaterThanOrEqual(SETTLE_MS);
  });

  test('at most three sends, then the failure is the answer', async () => {
    const run = steps(['maybe-stored', 'maybe-stored', 'maybe-stored', 'ok']);
    await expect(run.run()).rejects.toBeInstanceOf(MaybeStored);
    expect(run.calls.filter((call) => call === 'create')).toHaveLength(3);
  });

  test('a refusal (the provider stored nothing) is thrown at once', async () => {
    const run = steps(['refused'], { stored: true });
    await expect(run.run()).rejects.toThrow('400');
    expect(run.calls).toEqual(['create']);
  });

  test('a run after a worker stopped mid-send looks until that send settled before sending anything', async () => {
    const stoppedSendAt = 1_000_000 - 2_000;
    const run = steps(['ok'], { unsettledSendAt: stoppedSendAt, storedAfterMs: 9_000 });
    expect(await run.run()).toBe('stored-earlier');
    expect(run.calls.filter((call) => call === 'create')).toHaveLength(0);
  });

  test('a run after a long-settled send looks once, then creates', async () => {
    const run = steps(['ok'], {
      unsettledSendAt: 1_000_000 - 5 * 60_000,
      storedAfterMs: Number.POSITIVE_INFINITY,
    });
    expect(await run.run()).toBe('created');
    expect(run.calls).toEqual(['look', 'create']);
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
