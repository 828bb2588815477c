import { App } from 'antd';
import { useCallback, useState } from 'react';
import { errorMessage } from '../../api.ts';
import { useFetch } from '../../useFetch.ts';

/**
 * Runs one API action: a busy flag while it runs, the server's Chinese message as an error
 * toast when it fails, an optional success toast; resolves to the result or undefined.
 */
export function useAction() {
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const run = useCallback(
    async <T,>(fn: () => Promise<T>, ok?: string): Promise<T | undefined> => {
      setBusy(true);
      try {
        const r = await fn();
        if (ok) void message.success(ok);
        return r;
      } catch (e) {
        void message.error({ content: errorMessage(e), className: 'aid-error' });
        return undefined;
      } finally {
        setBusy(false);
      }
    },
    [message],
  );
  return { busy, run };
}

/** POSTs a file as the request body (recognition attachments, bank return files). */
export async function uploadFile<T>(url: string, file: File, type?: string): Promise<T> {
  const res = await fetch(url, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { accept: 'application/json', 'content-type': type || file.type || 'application/octet-stream' },
    body: file,
  });
  const data = (await res.json().catch(() => null)) as
    | (T & { error?: { message?: string; details?: { errors?: { row: number; message: string }[] } } })
    | null;
  if (!res.ok) {
    const err = new Error(data?.error?.message ?? `上传失败（HTTP ${res.status}）`) as Error & {
      rows?: { row: number; message: string }[];
    };
    err.rows = data?.error?.details?.errors;
    throw err;
  }
  return data as T;
}

/**
 * The bureau's day as the server keeps it (server/today.ts: China's date, or the day pinned by
 * JIAOFU_TODAY), `YYYY-MM-DD`; undefined until it arrives. Date fields default to it and are
 * limited by it — never by the browser's clock, which may be wrong or in another time zone.
 */
export function useServerToday(): string | undefined {
  return useFetch<{ today?: string }>('/api/aid/terms').data?.today;
}
