/** What an API route handler sees and returns; the API dispatcher owns auth, faults, limits and writing. */
export interface ApiRequest {
  method: string;
  url: URL;
  /** Path parameters, already URL-decoded. */
  params: Record<string, string>;
  /** The org whose keys the request carried (its `org_id`): real orgs see only their own snapshots. */
  orgId: number;
  body(): Promise<Buffer>;
}

export interface ApiResult {
  status: number;
  /** JSON body; omitted for 204. */
  body?: unknown;
}

export type ApiHandler = (req: ApiRequest) => ApiResult | Promise<ApiResult>;

/** Query parameters as a plain object (last value wins), ready for a zod schema. */
export function queryObject(url: URL): Record<string, string> {
  return Object.fromEntries(url.searchParams);
}
