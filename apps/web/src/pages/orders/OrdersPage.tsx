// 查询 — the look-up (订单): one box that always takes what the seller types or scans (order number,
// ticket code, 13-digit ticket number, phone or ID number) and Enter searches; or a range of business
// dates. The results are a list the arrows move through; Enter opens the highlighted order, and a
// single result opens at once. Typing or scanning while the focus is elsewhere on the page (on the
// order's tickets, say) goes to the box. The order's own keys are in OrderDetail.
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Empty, Input, Tag, type InputRef } from 'antd';
import { useEffect, useEffectEvent, useReducer, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { searchOrders, type OrderQuery, type OrderSearch } from '../../api/afterSale';
import type { SiteView } from '../../api/catalog';
import { ApiError } from '../../api/client';
import { usePermission } from '../../auth/session';
import { errorText } from '../../components/errorText';
import { PageTitle } from '../../components/PageTitle';
import { dateTimeAtSite, formatFen, todayAtSite } from '../../format';
import { Loading, LoadError } from '../catalog/QueryStates';
import { CounterSiteSelect, useCounterSite } from '../sell/CounterSite';
import { isTextField } from '../sell/keys';
import { enterIntent, initialLookup, lookupReducer, openAtOnce, rangeKey } from './lookupModel';
import { OrderDetail } from './OrderDetail';

export function OrdersPage() {
  const { t } = useTranslation();
  const counter = useCounterSite();
  const { sites, site } = counter;
  let body;
  if (sites.isPending) body = <Loading />;
  else if (sites.isError) body = <LoadError error={sites.error} onRetry={() => void sites.refetch()} />;
  else if (site === undefined) body = <Empty description={t('sell.noSites')} />;
  else body = <Lookup key={site.id} site={site} />;
  return (
    <>
      <PageTitle
        title={t('shell.nav.items.orders')}
        extra={<CounterSiteSelect counter={counter} id="orders-site" />}
      >
        <p className="admit-muted">{t('afterSale.lookup.intro')}</p>
      </PageTitle>
      {body}
    </>
  );
}

const SEARCH_ID = 'order-search';

/** A single character a scanner or a person types (not Space, which ticks a ticket). */
function isTyping(event: KeyboardEvent): boolean {
  return event.key.length === 1 && event.key !== ' ' && !event.altKey && !event.ctrlKey && !event.metaKey;
}

function Lookup({ site }: { site: SiteView }) {
  const { t } = useTranslation();
  const [state, dispatch] = useReducer(lookupReducer, initialLookup);
  const [params, setParams] = useSearchParams();
  const orderId = params.get('order');
  const today = todayAtSite(site.timeZone);
  const [from, setFrom] = useState(today);
  const [to, setTo] = useState(today);
  const [lastQuery, setLastQuery] = useState<OrderQuery | null>(null);
  const inputRef = useRef<InputRef>(null);
  const permissions = {
    refund: usePermission('orders.refund'),
    rebook: usePermission('orders.rebook'),
    reprint: usePermission('orders.reprint'),
    pii: usePermission('pii.read'),
  };

  const openOrder = (id: string | null) => {
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (id === null) next.delete('order');
        else next.set('order', id);
        return next;
      },
      { replace: id === null },
    );
  };

  const search = useMutation({
    mutationFn: ({ query }: { query: OrderQuery; key: string; quiet: boolean }) =>
      searchOrders(site.id, query),
    onSuccess: (found: OrderSearch, { key, quiet }) => {
      dispatch({ type: 'results', searched: key, matchedBy: found.matchedBy, results: found.orders });
      if (quiet) return;
      const only = openAtOnce(found.orders);
      if (only !== null) openOrder(only);
      else {
        openOrder(null);
        focusSearch(false);
      }
    },
  });

  const run = (query: OrderQuery, key: string, quiet = false) => {
    setLastQuery(query);
    search.mutate({ query, key, quiet });
  };

  function focusSearch(select: boolean) {
    const input = inputRef.current;
    input?.focus({ preventScroll: true });
    if (select) input?.select();
  }

  const onEnter = () => {
    const intent = enterIntent(state);
    if (intent.kind === 'search') run({ q: intent.q }, intent.q);
    else if (intent.kind === 'open') openOrder(intent.orderId);
  };

  // The box takes the keys when the page opens and whenever the order is closed — after the shell has
  // moved the focus to the new page's content (its effect runs after ours).
  useEffect(() => {
    if (orderId !== null) return;
    const timer = window.setTimeout(() => focusSearch(false), 0);
    return () => window.clearTimeout(timer);
  }, [orderId]);

  // Typing or scanning anywhere outside a field (and outside an open refund or rebooking) goes to the
  // box, replacing what was there: the character itself lands in the box, which has the focus by then.
  const onKeyDown = useEffectEvent((event: KeyboardEvent) => {
    if (event.defaultPrevented || !isTyping(event)) return;
    const target = event.target instanceof Element ? event.target : null;
    if (isTextField(target)) return;
    if (target?.closest('.admit-after-panel, .ant-modal-wrap, .ant-popover, .ant-select-dropdown') != null)
      return;
    if (document.querySelector('.admit-after-panel') !== null) return;
    focusSearch(true);
  });
  useEffect(() => {
    const listener = (event: KeyboardEvent) => onKeyDown(event);
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, []);

  const results = state.results;
  const activeId = results?.[state.active]?.id;
  const failure =
    search.error instanceof ApiError && search.error.code === 'validation_failed'
      ? t('afterSale.lookup.unrecognized')
      : search.isError
        ? errorText(search.error, t)
        : null;

  return (
    <div className="admit-lookup">
      <div className="admit-lookup-left">
        <form
          className="admit-lookup-search"
          role="search"
          onSubmit={(event) => {
            event.preventDefault();
            onEnter();
          }}
        >
          <label htmlFor={SEARCH_ID} className="admit-sell-field-label">
            {t('afterSale.lookup.label')}
          </label>
          <Input
            id={SEARCH_ID}
            ref={inputRef}
            data-testid={SEARCH_ID}
            size="large"
            autoComplete="off"
            spellCheck={false}
            value={state.text}
            placeholder={t('afterSale.lookup.placeholder')}
            className="admit-lookup-input"
            role="combobox"
            aria-expanded={results !== null && results.length > 0}
            aria-controls="order-results"
            aria-activedescendant={activeId === undefined ? undefined : `order-result-${activeId}`}
            aria-describedby="order-search-hint"
            onChange={(event) => dispatch({ type: 'type', text: event.target.value })}
            onKeyDown={(event) => {
              if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
                event.preventDefault();
                dispatch({ type: 'move', step: event.key === 'ArrowDown' ? 1 : -1 });
              } else if (event.key === 'Enter' && !event.nativeEvent.isComposing) {
                event.preventDefault();
                onEnter();
              }
            }}
          />
          <p id="order-search-hint" className="admit-muted admit-small">
            {t('afterSale.lookup.hint')}
          </p>
        </form>
        <form
          className="admit-lookup-dates"
          aria-label={t('afterSale.lookup.byDates')}
          onSubmit={(event) => {
            event.preventDefault();
            if (from === '' || to === '') return;
            const [start, end] = from <= to ? [from, to] : [to, from];
            run({ from: start, to: end }, rangeKey(start, end));
          }}
        >
          <label htmlFor="orders-from">{t('afterSale.lookup.from')}</label>
          <Input
            id="orders-from"
            type="date"
            value={from}
            onChange={(event) => setFrom(event.target.value)}
            data-testid="orders-from"
          />
          <label htmlFor="orders-to">{t('afterSale.lookup.to')}</label>
          <Input
            id="orders-to"
            type="date"
            value={to}
            onChange={(event) => setTo(event.target.value)}
            data-testid="orders-to"
          />
          <Button htmlType="submit" data-testid="orders-search-dates">
            {t('afterSale.lookup.searchDates')}
          </Button>
        </form>
        {failure === null ? null : (
          <Alert
            type="error"
            showIcon
            role="alert"
            title={failure}
            className="admit-sell-alert"
            data-testid="search-error"
          />
        )}
        {search.isPending ? <Loading /> : null}
        {results === null ? null : (
          <section aria-labelledby="order-results-heading" className="admit-lookup-results">
            <h2 id="order-results-heading" className="admit-sell-heading">
              {t('afterSale.lookup.results')}
              <span className="admit-sell-count" data-testid="results-count">
                {t('afterSale.lookup.count', { count: results.length })}
                {state.matchedBy !== null && isMatchedBy(state.matchedBy)
                  ? ` · ${t(`afterSale.lookup.matchedBy.${state.matchedBy}`)}`
                  : ''}
              </span>
            </h2>
            {results.length === 0 ? (
              <p className="admit-muted" data-testid="results-none">
                {t('afterSale.lookup.none')}
              </p>
            ) : (
              <ul
                id="order-results"
                role="listbox"
                aria-label={t('afterSale.lookup.results')}
                className="admit-lookup-list"
              >
                {results.map((summary, index) => (
                  <li
                    key={summary.id}
                    id={`order-result-${summary.id}`}
                    role="option"
                    aria-selected={index === state.active}
                    className={`admit-lookup-item${index === state.active ? ' is-active' : ''}${
                      summary.id === orderId ? ' is-open' : ''
                    }`}
                    data-testid={`order-result-${summary.number}`}
                    onClick={() => {
                      dispatch({ type: 'highlight', index });
                      openOrder(summary.id);
                    }}
                  >
                    <span className="admit-lookup-number">{summary.number}</span>
                    <Tag>{t(`afterSale.orderStatus.${orderStatusKey(summary.status)}`)}</Tag>
                    <span className="admit-lookup-meta">
                      {summary.visitDate} · {t('afterSale.lookup.ticketCount', { count: summary.tickets })} ·{' '}
                      {formatFen(summary.total)}
                      {summary.sellerName ? ` · ${summary.sellerName}` : ''} ·{' '}
                      {dateTimeAtSite(summary.createdAt, site.timeZone)}
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </section>
        )}
        <details className="admit-sell-legend">
          <summary>{t('afterSale.keys.title')}</summary>
          <dl className="admit-shortcut-list" data-testid="orders-keys">
            {LOOKUP_KEYS.map(([keys, message]) => (
              <div key={keys}>
                <dt>
                  <kbd>{keys}</kbd>
                </dt>
                <dd>{t(message)}</dd>
              </div>
            ))}
          </dl>
        </details>
      </div>
      <div className="admit-lookup-right">
        {orderId === null ? null : (
          <OrderDetail
            key={orderId}
            site={site}
            orderId={orderId}
            permissions={permissions}
            onClose={() => openOrder(null)}
            onChanged={() => {
              if (lastQuery !== null) run(lastQuery, state.searched ?? '', true);
            }}
          />
        )}
      </div>
    </div>
  );
}

const LOOKUP_KEYS = [
  ['Enter', 'afterSale.keys.enter'],
  ['↑ ↓', 'afterSale.keys.arrows'],
  ['Space', 'afterSale.keys.space'],
  ['F8', 'afterSale.keys.refund'],
  ['F9', 'afterSale.keys.rebook'],
  ['F10', 'afterSale.keys.reprint'],
  ['Esc', 'afterSale.keys.escape'],
  ['0–9 A–Z', 'afterSale.keys.scan'],
] as const;

const MATCHED_BY = ['order_number', 'ticket_code', 'ticket_number', 'phone', 'document', 'dates'] as const;
function isMatchedBy(value: string): value is (typeof MATCHED_BY)[number] {
  return (MATCHED_BY as readonly string[]).includes(value);
}

const ORDER_STATUSES = ['pending', 'paid', 'cancelled', 'expired', 'partially_refunded', 'refunded'] as const;
function orderStatusKey(status: string): (typeof ORDER_STATUSES)[number] {
  return (ORDER_STATUSES as readonly string[]).includes(status)
    ? (status as (typeof ORDER_STATUSES)[number])
    : 'pending';
}
