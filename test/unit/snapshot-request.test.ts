import { describe, expect, test } from 'vitest';
import { activeTime } from '@/lib/jobs/job';
import { runDatadogJob } from '@/lib/providers/datadog/save-job';
import { CreateSnapshotRequestSchema, UpdateSnapshotAttributesSchema } from '@/lib/providers/datadog/schemas';
import {
  buildCreateRequest,
  buildRepointAttributes,
  isCaptureMomentCovered,
  type ReplayLookup,
  sessionStartProblem,
} from '@/lib/providers/datadog/snapshot-request';
import {
  APP_ID,
  CAPTURED_AT,
  pageContext,
  SESSION_ID,
  SESSION_START,
  saveInput,
  saveJob,
  VIEW_ID,
} from './fixtures';

const CAPTURE_OFFSET = CAPTURED_AT - SESSION_START; // 65 000 ms

function segmentsAround(startOffset: number, endOffset: number): ReplayLookup {
  return {
    status: 'recognised',
    segments: [
      { start: SESSION_START + startOffset, end: SESSION_START + startOffset + 1000 },
      { start: SESSION_START + endOffset - 6000, end: SESSION_START + endOffset },
    ],
  };
}

describe('buildCreateRequest', () => {
  test('capture moment inside the recorded replay: start = capturedAt − sessionStart', () => {
    const built = buildCreateRequest(pageContext(), saveInput(), segmentsAround(10_000, 70_000));
    expect(built).toEqual({
      start: CAPTURE_OFFSET,
      startSource: 'segment',
      notes: [],
      request: {
        data: {
          type: 'snapshots',
          attributes: {
            application_id: APP_ID,
            device_type: 'desktop',
            event_id: VIEW_ID,
            is_device_type_selected_by_user: false,
            session_id: SESSION_ID,
            view_id: VIEW_ID,
            snapshot_name: 'Checkout, promo banner',
            start: CAPTURE_OFFSET,
            view_name: '/products/?',
          },
        },
      },
    });
    expect(CreateSnapshotRequestSchema.safeParse(built.request).success).toBe(true);
  });

  test('event_id is the view id; name, view name and device type come from the input', () => {
    const input = saveInput({
      snapshotName: 'Edited',
      viewName: '/custom',
      deviceType: 'tablet',
      deviceTypeSelectedByUser: true,
    });
    const attributes = buildCreateRequest(pageContext(), input, segmentsAround(0, 70_000)).request.data
      .attributes;
    expect(attributes).toMatchObject({
      event_id: VIEW_ID,
      snapshot_name: 'Edited',
      view_name: '/custom',
      device_type: 'tablet',
      is_device_type_selected_by_user: true,
    });
  });

  test('capture moment after the recorded replay: clamped to its end, with a note', () => {
    const built = buildCreateRequest(pageContext(), saveInput(), segmentsAround(10_000, 60_500));
    expect(built.start).toBe(60_500);
    expect(built.startSource).toBe('segment');
    expect(built.notes).toEqual([
      "Datadog's replay of this view ends 4.5 s before the capture moment; the snapshot points at the last recorded moment.",
    ]);
  });

  test('capture moment before the recorded replay: clamped to its start, with a note', () => {
    const built = buildCreateRequest(pageContext(), saveInput(), segmentsAround(66_000, 90_000));
    expect(built.start).toBe(66_000);
    expect(built.notes).toEqual([
      "The capture moment is 1.0 s before the view's recorded replay starts; the snapshot points at the first recorded moment.",
    ]);
  });

  test.each<[string, ReplayLookup, string]>([
    [
      'no segments yet',
      { status: 'recognised', segments: [] },
      'Datadog has no replay segments for this view yet',
    ],
    ['unrecognised shape', { status: 'unrecognised' }, 'has a shape this extension does not recognise'],
    [
      'lookup failed',
      { status: 'failed', reason: 'Could not reach api.datadoghq.eu: offline' },
      'The replay could not be checked (Could not reach api.datadoghq.eu: offline)',
    ],
  ])(
    '%s: start from the capture moment, note says the replay was not confirmed',
    (_label, lookup, noteStart) => {
      const built = buildCreateRequest(pageContext(), saveInput(), lookup);
      expect(built.start).toBe(CAPTURE_OFFSET);
      expect(built.startSource).toBe('capture-moment');
      expect(built.notes).toHaveLength(1);
      expect(built.notes[0]).toContain(noteStart);
      expect(built.notes[0]).toContain(
        'the replay was not confirmed and the snapshot points at the capture moment.',
      );
    },
  );

  test('start is a non-negative integer', () => {
    const fractional = buildCreateRequest(pageContext({ capturedAt: SESSION_START + 1234 }), saveInput(), {
      status: 'recognised',
      segments: [{ start: SESSION_START + 0.4, end: SESSION_START + 2000.6 }],
    });
    expect(fractional.start).toBe(1234);
    const before = buildCreateRequest(pageContext({ capturedAt: SESSION_START - 500 }), saveInput(), {
      status: 'unrecognised',
    });
    expect(before.start).toBe(0);
    expect(before.notes).toContain(
      'The capture moment is before the session start; the snapshot points at the session start.',
    );
  });

  test('unknown session start → a clear error', () => {
    expect(() =>
      buildCreateRequest(pageContext({ sessionStart: null }), saveInput(), { status: 'unrecognised' }),
    ).toThrow(/^The session start time is unknown .*cannot be placed in the replay\.$/);
  });
});

describe('session start from the page (issue #7)', () => {
  const ONE_HOUR = 3_600_000;

  test('a start in the future or more than a session (4 h) before the capture moment is refused', () => {
    expect(sessionStartProblem(CAPTURED_AT - ONE_HOUR, CAPTURED_AT)).toBeNull();
    expect(sessionStartProblem(CAPTURED_AT + 60_000, CAPTURED_AT)).toBeNull();
    expect(sessionStartProblem(1, CAPTURED_AT)).toMatch(/more than 4 hours before the capture moment/);
    expect(sessionStartProblem(CAPTURED_AT - 5 * ONE_HOUR, CAPTURED_AT)).toMatch(/more than 4 hours/);
    expect(sessionStartProblem(CAPTURED_AT + ONE_HOUR, CAPTURED_AT)).toMatch(/after the capture moment/);
    for (const sessionStart of [1, CAPTURED_AT + ONE_HOUR]) {
      const context = pageContext({ sessionStart });
      expect(() => buildCreateRequest(context, saveInput(), { status: 'unrecognised' })).toThrow(
        /cannot be placed/,
      );
      expect(() => buildRepointAttributes(context, false, { status: 'unrecognised' })).toThrow(
        /cannot be placed/,
      );
    }
  });

  test('a stored job whose context has created=1 fails with the sentence and sends nothing', async () => {
    const calls: string[] = [];
    const refuse = (name: string) => async () => {
      calls.push(name);
      throw new Error(`${name} must not be called`);
    };
    const job = await runDatadogJob(saveJob({ context: pageContext({ sessionStart: 1 }) }), {
      claimedSnapshotIds: async () => new Set(),
      twinRunning: async () => false,
      client: {
        listSnapshots: refuse('listSnapshots'),
        getSegments: refuse('getSegments'),
        createSnapshot: refuse('createSnapshot'),
        deleteSnapshot: refuse('deleteSnapshot'),
      },
      now: () => CAPTURED_AT,
      time: activeTime({}, { monotonic: () => 0 }),
      sleep: async () => {},
      update: async () => {},
    });
    expect(job.state).toBe('failed');
    expect(job.error).toMatch(/more than 4 hours before the capture moment/);
    expect(calls).toEqual([]);
  });
});

describe('buildRepointAttributes', () => {
  test('the same placement as a save, as update attributes', () => {
    const lookup = segmentsAround(10_000, 60_500);
    const built = buildRepointAttributes(pageContext(), true, lookup);
    expect(built.attributes).toEqual({
      event_id: VIEW_ID,
      is_device_type_selected_by_user: true,
      start: 60_500,
      session_id: SESSION_ID,
      view_id: VIEW_ID,
    });
    expect(UpdateSnapshotAttributesSchema.safeParse(built.attributes).success).toBe(true);
    const save = buildCreateRequest(pageContext(), saveInput(), lookup);
    expect([built.start, built.startSource, built.notes]).toEqual([save.start, save.startSource, save.notes]);
  });
});

describe('isCaptureMomentCovered', () => {
  const v7 = pageContext();
  test('true once some segment ends at or after the capture moment', () => {
    const at = (end: number): ReplayLookup => ({
      status: 'recognised',
      segments: [{ start: end - 6000, end }],
    });
    expect(isCaptureMomentCovered(at(CAPTURED_AT), v7)).toBe(true);
    expect(isCaptureMomentCovered(at(CAPTURED_AT - 1), v7)).toBe(false);
    expect(isCaptureMomentCovered({ status: 'recognised', segments: [] }, v7)).toBe(false);
    expect(isCaptureMomentCovered({ status: 'unrecognised' }, v7)).toBe(false);
  });

  test('from v5 a segment covers up to 5 s after its start: the SDK would have flushed any later record in it', () => {
    const burst: ReplayLookup = {
      status: 'recognised',
      segments: [{ start: CAPTURED_AT - 2000, end: CAPTURED_AT - 1900 }],
    };
    expect(isCaptureMomentCovered(burst, v7)).toBe(true);
    const built = buildCreateRequest(v7, saveInput(), burst);
    expect(built.start).toBe(CAPTURED_AT - SESSION_START);
    expect(built.notes).toEqual([]);
    const older: ReplayLookup = {
      status: 'recognised',
      segments: [{ start: CAPTURED_AT - 6000, end: CAPTURED_AT - 5900 }],
    };
    expect(isCaptureMomentCovered(older, v7)).toBe(false);
    expect(isCaptureMomentCovered(older, pageContext({ sdkVersion: '5.35.1' }))).toBe(false);
  });

  test('a v4 segment covers up to 30 s after its start (v4 holds a segment that long)', () => {
    const v4 = pageContext({ sdkVersion: '4.50.1' });
    const segment = (start: number): ReplayLookup => ({
      status: 'recognised',
      segments: [{ start, end: start + 100 }],
    });
    expect(isCaptureMomentCovered(segment(CAPTURED_AT - 29_000), v4)).toBe(true);
    expect(isCaptureMomentCovered(segment(CAPTURED_AT - 31_000), v4)).toBe(false);
    // An SDK whose version cannot be read is given the longest limit.
    expect(isCaptureMomentCovered(segment(CAPTURED_AT - 29_000), pageContext({ sdkVersion: null }))).toBe(
      true,
    );
    const built = buildCreateRequest(v4, saveInput(), segment(CAPTURED_AT - 29_000));
    expect([built.start, built.startSource, built.notes]).toEqual([CAPTURE_OFFSET, 'segment', []]);
  });
});
