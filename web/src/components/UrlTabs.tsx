import { Tabs } from 'antd';
import type { ReactNode } from 'react';
import { useSearchParams } from 'react-router-dom';

/**
 * Tabs whose active key lives in the URL (`?tab=…`), so a reload, the back button or a shared link
 * opens the same tab. An unknown or missing key opens the first tab.
 */
export function UrlTabs<K extends string>({
  keys,
  label,
  body,
}: {
  keys: readonly K[];
  label: (key: K) => string;
  body: Record<K, ReactNode>;
}) {
  const [params, setParams] = useSearchParams();
  const asked = params.get('tab');
  const active = keys.find((k) => k === asked) ?? keys[0];
  return (
    <Tabs
      activeKey={active}
      destroyOnHidden
      onChange={(k) => setParams({ tab: k })}
      items={keys.map((k) => ({ key: k, label: label(k), children: body[k] }))}
    />
  );
}
