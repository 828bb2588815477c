import type { TablePaginationConfig } from 'antd';
import { Input } from 'antd';
import { useState } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { useI18n } from './i18n.ts';
import { type ListPlace, listLocation, listPlace, PAGE_SIZES } from './search-term.ts';

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

/** `usePaging` of a list whose page, size and search term live in the address. */
export interface UrlPaging extends Paging {
  /** The term searched ('' and blank: none). */
  q: string | undefined;
  /** Searches `q` from page 1 (undefined: shows the whole list). */
  search(q: string | undefined): void;
}

/**
 * `usePaging` for a list whose page, page size and search term are kept in the address (`?page=`,
 * `?size=`, `?q=`), beside the page's own parameters: a reload, the back button or a copied link
 * shows the same page of the same search (tester v21b F10). A term holding an ID stays out of the
 * address (search-term.ts). One such list per page: they would share the parameters.
 */
export function useUrlPaging(
  initialSize = 20,
  { sizeChanger = false }: { sizeChanger?: boolean } = {},
): UrlPaging {
  const { t } = useI18n();
  const location = useLocation();
  const navigate = useNavigate();
  const place = listPlace(location.search, location.state, initialSize);
  const go = (change: Partial<ListPlace>) => {
    const to = listLocation(location.search, location.state, initialSize, change);
    if (to.search !== location.search || to.state !== location.state)
      navigate({ search: to.search }, { state: to.state });
  };
  return {
    page: place.page,
    pageSize: place.pageSize,
    q: place.q,
    setPage: (page) => go({ page }),
    search: (q) => go({ q }),
    refilter:
      <T,>(set: (value: T) => void) =>
      (value: T) => {
        set(value);
        go({ page: 1 });
      },
    pagination: (total) => ({
      current: place.page,
      pageSize: place.pageSize,
      total: total ?? 0,
      showTotal: (n) => t('common.total', { n }),
      ...(sizeChanger && { showSizeChanger: true, pageSizeOptions: [...PAGE_SIZES] }),
      onChange: (page, pageSize) => go({ page, pageSize }),
    }),
  };
}

/** The name search box of a list: what is typed, trimmed (blank: no filter), on Enter or the button. */
export function NameSearch({
  placeholder,
  onSearch,
  width = 180,
  testId,
  value,
}: {
  placeholder: string;
  onSearch(q: string | undefined): void;
  width?: number;
  testId?: string;
  /** The term being searched, shown in the box (a list whose term lives in the address). */
  value?: string | undefined;
}) {
  return (
    <Input.Search
      key={value ?? ''}
      defaultValue={value}
      allowClear
      placeholder={placeholder}
      style={{ width }}
      data-testid={testId}
      onSearch={(v) => onSearch(v.trim() || undefined)}
    />
  );
}
