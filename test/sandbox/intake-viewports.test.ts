import { expect, test } from 'vitest';
import { recordedViewportAt } from '../../sandbox/intake/rum-index';
import { findIndexedView, IDS, uploadSegment, useSandbox } from './helpers';

const meta = (timestamp: number, width: number, height: number) => ({
  type: 4,
  timestamp,
  data: { href: 'https://shop.example/', width, height },
});
const fullSnapshot = (timestamp: number) => ({ type: 2, timestamp, data: { node: { id: 1 } } });
const resize = (timestamp: number, width: number, height: number) => ({
  type: 3,
  timestamp,
  data: { source: 4, width, height },
});
const click = (timestamp: number) => ({ type: 3, timestamp, data: { source: 2, type: 2, id: 1 } });

test('a view carries its viewport timeline from Meta and ViewportResize records, in time order', async () => {
  const sandbox = await useSandbox();
  // The later segment arrives first: the timeline is ordered by record time, not by upload.
  const later = [resize(5_000, 375, 800), click(5_500), meta(6_000, 1280, 800), fullSnapshot(6_000)];
  expect((await uploadSegment(sandbox, { start: 5_000, end: 6_000, index: 1, records: later })).status).toBe(
    202,
  );
  const first = [meta(1_000, 1280, 800), fullSnapshot(1_000), click(1_500), resize(2_000, 768, 800)];
  expect((await uploadSegment(sandbox, { start: 1_000, end: 2_000, index: 0, records: first })).status).toBe(
    202,
  );

  const view = findIndexedView(sandbox.state(), {
    application_id: IDS.application,
    session_id: IDS.session,
    view: { id: IDS.view },
  });
  expect(view?.viewports).toEqual([
    { at: 1_000, width: 1280, height: 800 },
    { at: 2_000, width: 768, height: 800 },
    { at: 5_000, width: 375, height: 800 },
    { at: 6_000, width: 1280, height: 800 },
  ]);
  const widthAt = (at: number) => recordedViewportAt(view?.viewports ?? [], at)?.width;
  expect(widthAt(999)).toBeUndefined();
  expect(widthAt(1_500)).toBe(1280);
  expect(widthAt(2_000)).toBe(768);
  expect(widthAt(4_999)).toBe(768);
  expect(widthAt(5_200)).toBe(375);
  expect(widthAt(7_000)).toBe(1280);
});

test('records that only look like viewport records (another source, no size) are not part of the timeline', async () => {
  const sandbox = await useSandbox();
  const records = [
    meta(1_000, 1024, 768),
    fullSnapshot(1_000),
    { type: 3, timestamp: 1_200, data: { source: 3, width: 10, height: 10 } },
    { type: 4, timestamp: 1_300, data: { href: 'https://shop.example/' } },
    { type: 3, timestamp: 1_400, data: { source: 4, width: '375' } },
  ];
  await uploadSegment(sandbox, { start: 1_000, end: 1_400, index: 0, records });
  const view = findIndexedView(sandbox.state(), {
    application_id: IDS.application,
    session_id: IDS.session,
    view: { id: IDS.view },
  });
  expect(view?.viewports).toEqual([{ at: 1_000, width: 1024, height: 768 }]);
});
