// One order at the counter: its facts, its tickets (status, tick boxes: ↑/↓ move, Space ticks), its
// payments, refunds and rebookings, and its history from the audit log with times at the site. On the
// ticked tickets: F8 refund (退票), F9 rebook (改签), F10 reprint (补打, with orders.reprint); Esc
// closes the order. ID and phone numbers are masked; a user holding pii.read may show them in full,
// which the server records in the audit log.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Checkbox, Space, Tag } from 'antd';
import { useEffect, useEffectEvent, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  orderDetailQuery,
  revealPersonalData,
  type PersonalData,
  type TimelineEntry,
} from '../../api/afterSale';
import { productsQuery, type SiteView } from '../../api/catalog';
import { printTickets, type OrderView, type PrintLayout, type TicketView } from '../../api/sales';
import { errorText } from '../../components/errorText';
import { dateTimeAtSite, formatFen, localized, timeAtSite, todayAtSite } from '../../format';
import { useLocale } from '../../i18n/hooks';
import { Loading, LoadError } from '../catalog/QueryStates';
import { PrintTickets } from '../sell/PrintTickets';
import { LAYOUT_KEY, readStored } from '../sell/storage';
import {
  actionableTickets,
  chosenTickets,
  isRefundEntry,
  timelineAction,
  timelineAmount,
  type PolicyOf,
} from './afterSaleModel';
import { RebookPanel } from './RebookPanel';
import { methodName, RefundPanel } from './RefundPanel';

export type OrderPermissions = { refund: boolean; rebook: boolean; reprint: boolean; pii: boolean };

const ORDER_STATUS_COLORS: Record<string, string | undefined> = {
  paid: 'green',
  partially_refunded: 'orange',
  refunded: 'red',
  pending: 'blue',
  cancelled: undefined,
  expired: undefined,
};
const TICKET_STATUS_COLORS: Record<string, string | undefined> = {
  valid: 'green',
  refunded: 'red',
  revoked: 'orange',
  pending: 'blue',
  cancelled: undefined,
};

type Panel = 'refund' | 'rebook' | null;

/** Ant Design puts the tick box's data attributes on the input itself (older versions on its label). */
const TICKET_BOXES = 'input[data-ticket-check="true"], [data-ticket-check="true"] input';

/** The tick box of the first ticket that can still be acted on (where the keyboard starts). */
export function focusFirstTicket(): boolean {
  const box = document.querySelector<HTMLInputElement>(TICKET_BOXES);
  box?.focus();
  return box !== null;
}

export function OrderDetail({
  site,
  orderId,
  permissions,
  onClose,
  onChanged,
}: {
  site: SiteView;
  orderId: string;
  permissions: OrderPermissions;
  onClose: () => void;
  /** After a refund or rebooking: the results list refreshes. */
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const client = useQueryClient();
  const detail = useQuery(orderDetailQuery(site.id, orderId));
  const products = useQuery({ ...productsQuery(site.id), retry: false });
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const [panel, setPanel] = useState<Panel>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [printOrder, setPrintOrder] = useState<OrderView | null>(null);
  const [printError, setPrintError] = useState<string | null>(null);
  const [printedCount, setPrintedCount] = useState<number | null>(null);
  const layout: PrintLayout = readStored(LAYOUT_KEY) === '58mm' ? '58mm' : '80mm';
  const order = detail.data?.order;

  const policies = useMemo(
    () => new Map((products.data ?? []).map((product) => [product.id, product])),
    [products.data],
  );
  const refundPolicyOf: PolicyOf = (productId) => policies.get(productId)?.refundPolicy;
  const rebookPolicyOf: PolicyOf = (productId) => policies.get(productId)?.rebookPolicy;

  const reveal = useMutation({ mutationFn: () => revealPersonalData(site.id, orderId) });
  const revealed: PersonalData | undefined = reveal.data;

  const print = useMutation({
    mutationFn: (ticketIds: string[]) => printTickets(site.id, orderId, layout, ticketIds),
    onSuccess: ({ order: printed }, ticketIds) => {
      setPrintError(null);
      setPrintedCount(ticketIds.length);
      setPrintOrder({
        ...printed,
        tickets: printed.tickets.filter((ticket) => ticketIds.includes(ticket.id)),
      });
      void client.invalidateQueries({ queryKey: orderDetailQuery(site.id, orderId).queryKey });
    },
    onError: (error) => setPrintError(errorText(error, t)),
  });
  // The print dialog opens once the tickets to print are on the page.
  useEffect(() => {
    if (printOrder !== null) window.print();
  }, [printOrder]);

  // The keyboard starts on the tickets once the order is shown.
  const loadedId = order?.id;
  useEffect(() => {
    if (loadedId !== undefined && !focusFirstTicket()) document.getElementById('order-heading')?.focus();
  }, [loadedId]);

  const open = (kind: Exclude<Panel, null>) => {
    if (order === undefined) return;
    setPrintError(null);
    setPrintedCount(null);
    if (chosenTickets(order, chosen).length === 0) {
      setNotice(t('afterSale.order.chooseFirst'));
      focusFirstTicket();
      return;
    }
    setNotice(null);
    setPanel(kind);
  };

  const reprint = () => {
    if (order === undefined) return;
    const picked = chosenTickets(order, chosen);
    const tickets = picked.length > 0 ? picked : actionableTickets(order);
    if (tickets.length === 0 || print.isPending) return;
    print.mutate(tickets.map((ticket) => ticket.id));
  };

  const finishPanel = () => {
    setPanel(null);
    setChosen(new Set());
    onChanged();
    // Back to the tickets once the order has been read again (the ones just refunded have no tick box).
    void client.invalidateQueries({ queryKey: orderDetailQuery(site.id, orderId).queryKey }).finally(() =>
      window.setTimeout(() => {
        if (!focusFirstTicket()) document.getElementById('order-heading')?.focus();
      }, 0),
    );
  };

  const onKeyDown = useEffectEvent((event: KeyboardEvent) => {
    if (panel !== null || event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
    const target = event.target instanceof Element ? event.target : null;
    if (target?.closest('.ant-modal-wrap, .ant-popover, .ant-select-dropdown') != null) return;
    if (event.key === 'F8' && permissions.refund) {
      event.preventDefault();
      open('refund');
    } else if (event.key === 'F9' && permissions.rebook) {
      event.preventDefault();
      open('rebook');
    } else if (event.key === 'F10' && permissions.reprint) {
      event.preventDefault();
      reprint();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      onClose();
    }
  });
  useEffect(() => {
    const listener = (event: KeyboardEvent) => onKeyDown(event);
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, []);

  if (detail.isPending) return <Loading />;
  if (detail.isError || order === undefined) {
    return <LoadError error={detail.error} onRetry={() => void detail.refetch()} />;
  }
  const timeline = detail.data.timeline;
  const valid = actionableTickets(order);
  const picked = chosenTickets(order, chosen);
  const allChosen = valid.length > 0 && picked.length === valid.length;
  const zone = site.timeZone;
  const session =
    order.sessionStartsAt === null || order.sessionEndsAt === null
      ? '—'
      : `${timeAtSite(order.sessionStartsAt, zone)}–${timeAtSite(order.sessionEndsAt, zone)}${
          localized(locale, order.sessionNameZh, order.sessionNameEn)
            ? ` ${localized(locale, order.sessionNameZh, order.sessionNameEn)}`
            : ''
        }`;
  const toggle = (ticketId: string, on: boolean) =>
    setChosen((current) => {
      const next = new Set(current);
      if (on) next.add(ticketId);
      else next.delete(ticketId);
      return next;
    });
  const holderDocument = (ticket: TicketView) =>
    revealed?.holders.find((holder) => holder.ticketId === ticket.id)?.documentNumber ??
    ticket.holderDocument ??
    '';

  return (
    <section className="admit-order-detail" aria-labelledby="order-heading" data-testid="order-detail">
      <header className="admit-order-head">
        <h2 id="order-heading" tabIndex={-1} className="admit-sell-heading">
          {t('afterSale.order.title', { number: order.number })}{' '}
          <Tag color={ORDER_STATUS_COLORS[order.status]} data-testid="order-status">
            {t(`afterSale.orderStatus.${order.status}`)}
          </Tag>
        </h2>
        <Button onClick={onClose} data-testid="order-close">
          {t('afterSale.order.close')} <kbd>Esc</kbd>
        </Button>
      </header>
      <dl className="admit-order-facts">
        <Fact
          label={t('afterSale.order.facts.visitDate')}
          value={order.visitDate}
          testId="order-visit-date"
        />
        <Fact label={t('afterSale.order.facts.session')} value={session} />
        <Fact label={t('afterSale.order.facts.channel')} value={t(`afterSale.channels.${order.channel}`)} />
        <Fact label={t('afterSale.order.facts.seller')} value={order.sellerName ?? '—'} />
        <Fact label={t('afterSale.order.facts.createdAt')} value={dateTimeAtSite(order.createdAt, zone)} />
        <Fact label={t('afterSale.order.facts.total')} value={formatFen(order.total)} testId="order-total" />
        <Fact label={t('afterSale.order.facts.paid')} value={formatFen(order.paid)} />
        {order.guideName ? <Fact label={t('afterSale.order.facts.guide')} value={order.guideName} /> : null}
        {revealed?.contactPhone ? (
          <Fact label={t('afterSale.order.facts.contactPhone')} value={revealed.contactPhone} />
        ) : null}
      </dl>

      <h3 className="admit-shift-section">{t('afterSale.order.tickets')}</h3>
      <table className="admit-report-table admit-ticket-table" data-testid="order-tickets">
        <thead>
          <tr>
            <th scope="col">
              <Checkbox
                checked={allChosen}
                indeterminate={picked.length > 0 && !allChosen}
                disabled={valid.length === 0 || panel !== null}
                onChange={(event) =>
                  setChosen(new Set(event.target.checked ? valid.map((ticket) => ticket.id) : []))
                }
                aria-label={t('afterSale.order.selectAll')}
                data-testid="tickets-all"
              />
            </th>
            <th scope="col">{t('afterSale.order.fields.number')}</th>
            <th scope="col">{t('afterSale.order.fields.type')}</th>
            <th scope="col">{t('afterSale.order.fields.price')}</th>
            <th scope="col">{t('afterSale.order.fields.status')}</th>
            <th scope="col">{t('afterSale.order.fields.holder')}</th>
            <th scope="col">{t('afterSale.order.fields.printed')}</th>
          </tr>
        </thead>
        <tbody
          onKeyDown={(event) => {
            if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
            const boxes = [...event.currentTarget.querySelectorAll<HTMLInputElement>(TICKET_BOXES)];
            const at = boxes.indexOf(event.target as HTMLInputElement);
            if (at === -1) return;
            event.preventDefault();
            boxes[
              Math.min(boxes.length - 1, Math.max(0, at + (event.key === 'ArrowDown' ? 1 : -1)))
            ]?.focus();
          }}
        >
          {order.tickets.map((ticket) => {
            const actionable = ticket.status === 'valid';
            return (
              <tr key={ticket.id} data-testid={`ticket-row-${ticket.number}`}>
                <td>
                  {actionable ? (
                    <Checkbox
                      checked={chosen.has(ticket.id)}
                      disabled={panel !== null}
                      onChange={(event) => toggle(ticket.id, event.target.checked)}
                      aria-label={t('afterSale.order.selectTicket', { number: ticket.number })}
                      data-ticket-check="true"
                      data-testid={`ticket-check-${ticket.number}`}
                    />
                  ) : null}
                </td>
                <td className="admit-sell-ticket-number">{ticket.number}</td>
                <td>{localized(locale, ticket.productNameZh, ticket.productNameEn)}</td>
                <td>{formatFen(ticket.price)}</td>
                <td>
                  <Tag
                    color={TICKET_STATUS_COLORS[ticket.status]}
                    data-testid={`ticket-status-${ticket.number}`}
                  >
                    {t(`afterSale.ticketStatus.${ticket.status}`)}
                  </Tag>
                </td>
                <td data-testid={`ticket-holder-${ticket.number}`}>
                  {[ticket.holderName, holderDocument(ticket)].filter(Boolean).join(' ') || '—'}
                </td>
                <td>{t('afterSale.order.printedCount', { count: ticket.printCount })}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {notice === null ? null : (
        <Alert type="info" showIcon title={notice} className="admit-sell-alert" data-testid="order-notice" />
      )}

      {panel === null ? (
        <Space wrap className="admit-order-actions">
          {permissions.refund ? (
            <Button
              danger
              size="large"
              onClick={() => open('refund')}
              disabled={valid.length === 0}
              data-testid="action-refund"
            >
              {t('afterSale.order.refund')} <kbd>F8</kbd>
            </Button>
          ) : null}
          {permissions.rebook ? (
            <Button
              size="large"
              onClick={() => open('rebook')}
              disabled={valid.length === 0}
              data-testid="action-rebook"
            >
              {t('afterSale.order.rebook')} <kbd>F9</kbd>
            </Button>
          ) : null}
          {permissions.reprint ? (
            <Button
              size="large"
              onClick={reprint}
              loading={print.isPending}
              disabled={valid.length === 0}
              data-testid="action-reprint"
            >
              {t('afterSale.order.reprint')} <kbd>F10</kbd>
            </Button>
          ) : null}
          {permissions.pii ? (
            <Button
              onClick={() => reveal.mutate()}
              loading={reveal.isPending}
              disabled={revealed !== undefined}
              title={t('afterSale.order.revealHint')}
              data-testid="reveal-pii"
            >
              {revealed === undefined ? t('afterSale.order.reveal') : t('afterSale.order.revealed')}
            </Button>
          ) : null}
        </Space>
      ) : null}
      {reveal.isError ? (
        <Alert
          type="error"
          showIcon
          role="alert"
          title={errorText(reveal.error, t)}
          className="admit-sell-alert"
        />
      ) : null}
      {printError === null ? null : (
        <Alert
          type="error"
          showIcon
          role="alert"
          title={printError}
          className="admit-sell-alert"
          data-testid="print-error"
        />
      )}
      {printedCount !== null && panel === null ? (
        <Alert
          type="success"
          showIcon
          title={t('afterSale.order.reprinted', { count: printedCount })}
          className="admit-sell-alert"
          data-testid="print-done"
        />
      ) : null}

      {panel === 'refund' ? (
        <RefundPanel
          siteId={site.id}
          order={order}
          tickets={picked}
          policyOf={refundPolicyOf}
          onDone={finishPanel}
          onCancel={() => {
            setPanel(null);
            focusFirstTicket();
          }}
        />
      ) : null}
      {panel === 'rebook' ? (
        <RebookPanel
          siteId={site.id}
          today={todayAtSite(zone)}
          order={order}
          tickets={picked}
          policyOf={rebookPolicyOf}
          printing={print.isPending}
          onPrint={(ticketIds) => {
            if (ticketIds.length > 0 && !print.isPending) print.mutate(ticketIds);
          }}
          onDone={finishPanel}
          onCancel={() => {
            setPanel(null);
            focusFirstTicket();
          }}
        />
      ) : null}

      <h3 className="admit-shift-section">{t('afterSale.order.payments')}</h3>
      <table className="admit-report-table" data-testid="order-payments">
        <thead>
          <tr>
            <th scope="col">{t('afterSale.order.paymentFields.method')}</th>
            <th scope="col">{t('afterSale.order.paymentFields.amount')}</th>
            <th scope="col">{t('afterSale.order.paymentFields.status')}</th>
            <th scope="col">{t('afterSale.order.paymentFields.detail')}</th>
          </tr>
        </thead>
        <tbody>
          {order.payments.map((payment) => (
            <tr key={payment.id}>
              <th scope="row">{methodName(payment.method, t)}</th>
              <td>{formatFen(payment.amount)}</td>
              <td>{t(`afterSale.paymentStatus.${payment.status}`)}</td>
              <td>
                {payment.tendered !== null
                  ? t('afterSale.order.tenderedChange', {
                      tendered: formatFen(payment.tendered),
                      change: formatFen(payment.change ?? 0),
                    })
                  : (payment.reference ?? payment.provider ?? '')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <h3 className="admit-shift-section">{t('afterSale.order.refunds')}</h3>
      <RefundEntries entries={timeline.filter((entry) => isRefundEntry(entry.action))} zone={zone} />

      <h3 className="admit-shift-section">{t('afterSale.order.timeline')}</h3>
      <Timeline entries={timeline} zone={zone} />

      <PrintTickets order={printOrder} layout={layout} timeZone={zone} />
    </section>
  );
}

function RefundEntries({ entries, zone }: { entries: readonly TimelineEntry[]; zone: string }) {
  const { t } = useTranslation();
  if (entries.length === 0) return <p className="admit-muted">{t('afterSale.order.noRefunds')}</p>;
  return (
    <ul className="admit-order-refunds" data-testid="order-refunds">
      {entries.map((entry, index) => {
        const action = timelineAction(entry.action);
        const amount = timelineAmount(entry.action, entry.details);
        const fee = typeof entry.details['fee'] === 'number' ? entry.details['fee'] : 0;
        const methods = Array.isArray(entry.details['methods'])
          ? (entry.details['methods'] as { method?: unknown; amount?: unknown }[])
              .filter((part) => typeof part.method === 'string' && typeof part.amount === 'number')
              .map((part) => `${methodName(part.method as string, t)} ${formatFen(part.amount as number)}`)
          : [];
        return (
          <li key={`${entry.at}-${index}`}>
            {dateTimeAtSite(entry.at, zone)} ·{' '}
            {action === null ? entry.action : t(`afterSale.order.actions.${action}`)}
            {amount === null ? '' : ` ${formatFen(amount)}`}
            {fee > 0 ? ` (${t('afterSale.order.fee', { fee: formatFen(fee) })})` : ''}
            {methods.length > 0 ? ` · ${methods.join('、')}` : ''}
            {entry.actorName ? ` · ${entry.actorName}` : ''}
          </li>
        );
      })}
    </ul>
  );
}

function Timeline({ entries, zone }: { entries: readonly TimelineEntry[]; zone: string }) {
  const { t } = useTranslation();
  if (entries.length === 0) return <p className="admit-muted">{t('afterSale.order.noTimeline')}</p>;
  return (
    <table className="admit-report-table" data-testid="order-timeline">
      <thead>
        <tr>
          <th scope="col">{t('afterSale.order.timelineFields.at')}</th>
          <th scope="col">{t('afterSale.order.timelineFields.action')}</th>
          <th scope="col">{t('afterSale.order.timelineFields.amount')}</th>
          <th scope="col">{t('afterSale.order.timelineFields.actor')}</th>
          <th scope="col">{t('afterSale.order.timelineFields.outcome')}</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((entry, index) => {
          const action = timelineAction(entry.action);
          const amount = timelineAmount(entry.action, entry.details);
          const outcome = ['success', 'failure', 'denied'].includes(entry.outcome)
            ? t(`audit.outcome.${entry.outcome as 'success'}`)
            : entry.outcome;
          return (
            <tr key={`${entry.at}-${index}`} data-testid="timeline-entry">
              <td className="admit-nowrap">{dateTimeAtSite(entry.at, zone)}</td>
              <td>{action === null ? entry.action : t(`afterSale.order.actions.${action}`)}</td>
              <td>{amount === null ? '' : formatFen(amount)}</td>
              <td>{entry.actorName ?? t('afterSale.order.system')}</td>
              <td>{outcome}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function Fact({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd data-testid={testId}>{value}</dd>
    </div>
  );
}
