import { useCallback, useEffect, useRef, useState } from 'react';
import type { Page } from '../contract/common.js';
import { api, type Query } from './api.js';

export interface CursorList<T> {
  items: T[];
  nextCursor: string | null;
  loading: boolean;
  error: unknown;
  loadMore: () => void;
  reload: () => void;
}

/** A cursor-paginated list: loads the first page when path or query change, then more on demand. */
export function useCursorList<T>(path: string, query: Query = {}, limit = 50): CursorList<T> {
  const queryKey = JSON.stringify(query);
  const [page, setPage] = useState<Page<T>>({ items: [], nextCursor: null });
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const latest = useRef(0);

  const fetchPage = useCallback(
    (cursor: string | null) => {
      const request = ++latest.current;
      const current = () => request === latest.current;
      setLoading(true);
      setError(null);
      void api
        .get<Page<T>>(path, { ...(JSON.parse(queryKey) as Query), cursor, limit })
        .then(
          (next) => {
            if (!current()) return;
            setPage((prev) => ({
              items: cursor ? [...prev.items, ...next.items] : next.items,
              nextCursor: next.nextCursor,
            }));
          },
          (err: unknown) => {
            if (current()) setError(err);
          },
        )
        .finally(() => {
          if (current()) setLoading(false);
        });
    },
    [path, queryKey, limit],
  );

  useEffect(() => fetchPage(null), [fetchPage]);

  return {
    ...page,
    loading,
    error,
    loadMore: () => {
      if (page.nextCursor) fetchPage(page.nextCursor);
    },
    reload: () => fetchPage(null),
  };
}

export interface Fetched<T> {
  data: T | null;
  loading: boolean;
  error: unknown;
}

/**
 * One resource, fetched again when the path or `version` change (bump it to reload); a null
 * path fetches nothing.
 */
export function useFetch<T>(path: string | null, version = 0): Fetched<T> {
  const [state, setState] = useState<Fetched<T>>({
    data: null,
    loading: path !== null,
    error: null,
  });
  const fetched = useRef<string | null>(null);

  useEffect(() => {
    if (path === null) {
      fetched.current = null;
      setState({ data: null, loading: false, error: null });
      return;
    }
    let live = true;
    // What was shown stays while the same resource is fetched again.
    const again = fetched.current === path;
    fetched.current = path;
    setState((prev) => ({ data: again ? prev.data : null, loading: true, error: null }));
    api.get<T>(path).then(
      (data) => {
        if (live) setState({ data, loading: false, error: null });
      },
      (error: unknown) => {
        if (live) setState({ data: null, loading: false, error });
      },
    );
    return () => {
      live = false;
    };
  }, [path, version]);

  return state;
}
