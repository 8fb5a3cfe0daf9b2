import type { SearchResponse } from '@parley/shared';
import { apiRequest } from '../../api/client';
import { BASE } from '../../api/common';

/** What a search page asks for; the same names as `GET /search`'s query. */
export interface SearchParams {
  q: string;
  from?: string;
  roomId?: string;
  has?: 'file' | 'image' | 'link';
  before?: string;
  after?: string;
  cursor?: string;
}

export const searchApi = {
  search: (params: SearchParams, signal?: AbortSignal): Promise<SearchResponse> => {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(params) as [string, string | undefined][]) {
      if (value) query.set(key, value);
    }
    return apiRequest(`${BASE}/search?${query.toString()}`, {
      schema: (s) => s.SearchResponseSchema,
      signal,
    });
  },
};
