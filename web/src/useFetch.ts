import { useCallback, useEffect, useMemo, useState } from 'react';
import { api, withQuery } from './api.ts';

type Query = Record<string, string | number | boolean | null | undefined>;

export interface FetchState<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload(): void;
}

/**
 * GETs `path` (with `query`) whenever either changes, cancelling the previous request so a
 * slow answer never overwrites a newer one. `path = null` waits.
 */
export function useFetch<T>(path: string | null, query?: Query): FetchState<T> {
  const url = path === null ? null : withQuery(path, query);
  const [state, setState] = useState<{ url: string | null; data?: T; error?: unknown; loading: boolean }>({
    url: null,
    loading: path !== null,
  });
  const [tick, setTick] = useState(0);
  // A new object per URL or reload, so the effect below runs again on `reload()`.
  const request = useMemo(() => (url === null ? null : { url, tick }), [url, tick]);

  useEffect(() => {
    if (request === null) return;
    const { url } = request;
    const controller = new AbortController();
    setState((s) => ({ ...s, loading: true, error: undefined }));
    api<T>(url, { signal: controller.signal }).then(
      (data) => setState({ url, data, loading: false }),
      (error: unknown) => {
        if ((error as Error)?.name === 'AbortError') return;
        setState({ url, error, loading: false });
      },
    );
    return () => controller.abort();
  }, [request]);

  const reload = useCallback(() => setTick((n) => n + 1), []);
  // Data of an earlier URL is kept while the next loads (tables do not flash empty).
  return { data: state.data, error: state.error, loading: state.loading, reload };
}

/**
 * The items a search endpoint (`{ items }`) gives for what is being typed in a select box: asked
 * 250 ms after the last keystroke, an earlier request cancelled so a slow answer never overwrites a
 * newer one. With `whenEmpty` false, an empty box asks nothing and keeps the last items.
 */
export function useTypedSearch<T>(path: string, query: Query, whenEmpty: boolean): T[] {
  const [items, setItems] = useState<T[]>([]);
  const url = withQuery(path, query);
  const empty = !String(query.q ?? '').trim();
  useEffect(() => {
    if (empty && !whenEmpty) return;
    const ctrl = new AbortController();
    const timer = setTimeout(() => {
      api<{ items: T[] }>(url, { signal: ctrl.signal }).then(
        (r) => setItems(r.items),
        () => undefined,
      );
    }, 250);
    return () => {
      clearTimeout(timer);
      ctrl.abort();
    };
  }, [url, empty, whenEmpty]);
  return items;
}
