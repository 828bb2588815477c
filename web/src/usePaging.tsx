import type { TablePaginationConfig } from 'antd';
import { Input } from 'antd';
import { useState } from 'react';
import { useI18n } from './i18n.ts';

/** What `usePaging` gives a list page. */
export interface Paging {
  page: number;
  pageSize: number;
  setPage(page: number): void;
  /** `set` wrapped so that a new filter value shows its first page. */
  refilter<T>(set: (value: T) => void): (value: T) => void;
  /** The table's pagination for `total` rows: the page, the total (共 n 条) and, if asked, the page-size changer. */
  pagination(total: number | undefined): TablePaginationConfig;
}

/**
 * Page state of a list the server pages (GET …?page=&pageSize=): every filter change goes back to
 * page 1, and a new page size starts again at page 1.
 */
export function usePaging(initialSize = 20, { sizeChanger = false }: { sizeChanger?: boolean } = {}): Paging {
  const { t } = useI18n();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(initialSize);
  return {
    page,
    pageSize,
    setPage,
    refilter:
      <T,>(set: (value: T) => void) =>
      (value: T) => {
        set(value);
        setPage(1);
      },
    pagination: (total) => ({
      current: page,
      pageSize,
      total: total ?? 0,
      showTotal: (n) => t('common.total', { n }),
      ...(sizeChanger && { showSizeChanger: true }),
      onChange: (p, size) => {
        setPage(size === pageSize ? p : 1);
        setPageSize(size);
      },
    }),
  };
}

/** The name search box of a list: what is typed, trimmed (blank: no filter), on Enter or the button. */
export function NameSearch({
  placeholder,
  onSearch,
  width = 180,
  testId,
}: {
  placeholder: string;
  onSearch(q: string | undefined): void;
  width?: number;
  testId?: string;
}) {
  return (
    <Input.Search
      allowClear
      placeholder={placeholder}
      style={{ width }}
      data-testid={testId}
      onSearch={(v) => onSearch(v.trim() || undefined)}
    />
  );
}
