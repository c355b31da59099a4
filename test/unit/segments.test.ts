import { describe, expect, test } from 'vitest';
import { DatadogApiError, type SegmentsQuery } from '@/lib/providers/datadog/client';
import { lookupViewSegments, parseSegments } from '@/lib/providers/datadog/segments';
import { SESSION_ID, sandboxSegment, VIEW_ID } from './fixtures';

const T = 1_795_610_600_000;

describe('parseSegments: accepted shapes', () => {
  test('the sandbox shape: {data: {segments: [...], paging}} with records', () => {
    const json = {
      data: {
        segments: [sandboxSegment(T, T + 4000, 0), sandboxSegment(T + 5000, T + 9000, 1)],
        paging: 'tok',
      },
    };
    expect(parseSegments(json)).toEqual({
      status: 'recognised',
      segments: [
        { start: T, end: T + 4000, indexInView: 0, hasFullSnapshot: true, recordsCount: 2 },
        { start: T + 5000, end: T + 9000, indexInView: 1, hasFullSnapshot: false, recordsCount: 2 },
      ],
      paging: 'tok',
    });
  });

  test('a top-level array of flat segments without records', () => {
    expect(parseSegments([{ start: T, end: T + 10 }])).toEqual({
      status: 'recognised',
      segments: [{ start: T, end: T + 10 }],
      paging: null,
    });
  });

  test('{data: [...]} of JSON:API resources with attributes, paging under meta', () => {
    const json = {
      data: [
        {
          id: 's1',
          type: 'segments',
          attributes: { start: T, end: T + 10, index_in_view: 3, records_count: 9 },
        },
      ],
      meta: { paging: 'next-page' },
    };
    expect(parseSegments(json)).toEqual({
      status: 'recognised',
      segments: [{ start: T, end: T + 10, indexInView: 3, recordsCount: 9 }],
      paging: 'next-page',
    });
  });

  test('{segments: [...]} with the paging token under next or meta.next', () => {
    expect(parseSegments({ segments: [], next: 'n1' })).toEqual({
      status: 'recognised',
      segments: [],
      paging: 'n1',
    });
    expect(parseSegments({ segments: [], meta: { next: 'n2' } })).toEqual({
      status: 'recognised',
      segments: [],
      paging: 'n2',
    });
  });

  test('start and end derived from record timestamps when missing', () => {
    const json = {
      data: {
        segments: [
          {
            records: [
              { type: 3, timestamp: T + 30 },
              { type: 4, timestamp: T + 5 },
              { type: 2 },
              { type: 3, timestamp: T + 12 },
            ],
          },
        ],
      },
    };
    expect(parseSegments(json)).toEqual({
      status: 'recognised',
      segments: [{ start: T + 5, end: T + 30, recordsCount: 4 }],
      paging: null,
    });
  });

  test('epoch ms as digit strings, and an empty list', () => {
    expect(parseSegments({ data: [{ start: String(T), end: String(T + 1) }] })).toMatchObject({
      segments: [{ start: T, end: T + 1 }],
    });
    expect(parseSegments({ data: { segments: [] } })).toEqual({
      status: 'recognised',
      segments: [],
      paging: null,
    });
  });
});

describe('parseSegments: unrecognised', () => {
  test.each([
    ['null', null],
    ['a string', 'segments'],
    ['an object without a list', { data: { items: [] } }],
    ['a list of non-objects', [1, 2]],
    ['a segment without start/end or records', { data: [{ index_in_view: 0 }] }],
    ['a segment ending before it starts', [{ start: T + 10, end: T }]],
    ['a list mixing segments and other things', [{ start: T, end: T + 1 }, { hello: 'world' }]],
    ['records without timestamps', [{ records: [{ type: 2 }] }]],
    ['negative times', [{ start: -5, end: 10 }]],
  ])('%s', (_label, json) => {
    expect(parseSegments(json)).toEqual({ status: 'unrecognised' });
  });
});

describe('lookupViewSegments', () => {
  function pagedClient(pages: Record<string, unknown>) {
    const queries: SegmentsQuery[] = [];
    return {
      queries,
      client: {
        getSegments: async (query: SegmentsQuery) => {
          queries.push(query);
          return pages[query.paging ?? 'first'];
        },
      },
    };
  }

  test('follows paging tokens and merges in time order, without duplicates', async () => {
    const { client, queries } = pagedClient({
      first: { data: { segments: [sandboxSegment(T + 5000, T + 9000, 1)], paging: 'p2' } },
      p2: { data: { segments: [sandboxSegment(T, T + 4000, 0), sandboxSegment(T + 5000, T + 9000, 1)] } },
    });
    const lookup = await lookupViewSegments(client, { sessionId: SESSION_ID, viewId: VIEW_ID });
    expect(lookup).toEqual({
      status: 'recognised',
      segments: [
        { start: T, end: T + 4000, indexInView: 0, hasFullSnapshot: true, recordsCount: 2 },
        { start: T + 5000, end: T + 9000, indexInView: 1, hasFullSnapshot: false, recordsCount: 2 },
      ],
    });
    expect(queries).toEqual([
      { sessionId: SESSION_ID, viewId: VIEW_ID, paging: undefined },
      { sessionId: SESSION_ID, viewId: VIEW_ID, paging: 'p2' },
    ]);
  });

  test('stops on a repeated token and after 20 pages', async () => {
    const loop = pagedClient({
      first: { segments: [], paging: 'same' },
      same: { segments: [], paging: 'same' },
    });
    await lookupViewSegments(loop.client, { sessionId: SESSION_ID, viewId: VIEW_ID });
    expect(loop.queries).toHaveLength(2);

    let page = 0;
    const endless = {
      getSegments: async () => {
        page++;
        return { segments: [{ start: T + page, end: T + page }], paging: `p${page}` };
      },
    };
    const lookup = await lookupViewSegments(endless, { sessionId: SESSION_ID, viewId: VIEW_ID });
    expect(page).toBe(20);
    expect(lookup.status === 'recognised' && lookup.segments.length).toBe(20);
  });

  test('an unrecognised page makes the whole lookup unrecognised', async () => {
    const { client } = pagedClient({ first: { segments: [], paging: 'p2' }, p2: '<html>' });
    expect(await lookupViewSegments(client, { sessionId: SESSION_ID, viewId: VIEW_ID })).toEqual({
      status: 'unrecognised',
    });
  });

  test('API errors propagate to the caller', async () => {
    const client = {
      getSegments: async () => {
        throw new DatadogApiError('not-found', 'Datadog found no replay segments (404).', 404);
      },
    };
    await expect(
      lookupViewSegments(client, { sessionId: SESSION_ID, viewId: VIEW_ID }),
    ).rejects.toMatchObject({
      kind: 'not-found',
    });
  });
});
