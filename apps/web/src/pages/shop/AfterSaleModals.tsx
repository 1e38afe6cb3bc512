// Refunding and rebooking from the order page: the visitor sees which tickets the change is about
// (ticked, the one pressed on preselected) before confirming; rebooking picks another date and time slot
// of the same site with the booking page's own pickers.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntApp, Button, Checkbox, Modal } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatFen, localized } from '../../format';
import { useLocale } from '../../i18n/hooks';
import { sessionBookable } from './cart';
import { useNow } from './clock';
import { DateChooser } from './DateChooser';
import { shopErrorText } from './display';
import { SessionSlots } from './SessionSlots';
import { changeable } from './TicketCard';
import { ShopLoading } from './ShopStatus';
import {
  rebookShopTickets,
  refundShopTickets,
  shopCalendarQuery,
  shopOrderQueryKey,
  shopSiteQuery,
  type ShopOrder,
  type ShopTicket,
} from './shopApi';

function TicketChecks({
  tickets,
  selected,
  onChange,
  legend,
}: {
  tickets: readonly ShopTicket[];
  selected: readonly string[];
  onChange: (ids: string[]) => void;
  legend: string;
}) {
  const { locale } = useLocale();
  return (
    <fieldset className="admit-shop-holder">
      <legend>{legend}</legend>
      <ul className="admit-shop-checks">
        {tickets.map((ticket) => (
          <li key={ticket.id}>
            <Checkbox
              checked={selected.includes(ticket.id)}
              onChange={(event) =>
                onChange(
                  event.target.checked ? [...selected, ticket.id] : selected.filter((id) => id !== ticket.id),
                )
              }
              data-testid={`shop-check-${ticket.number}`}
            >
              {localized(locale, ticket.productNameZh, ticket.productNameEn)} · {ticket.number}
              {ticket.holderName === null ? '' : ` · ${ticket.holderName}`} · {formatFen(ticket.price)}
            </Checkbox>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}

export function RefundModal({
  token,
  order,
  initial,
  onClose,
}: {
  token: string;
  order: ShopOrder;
  /** The tickets ticked at the start. */
  initial: readonly string[];
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const { message } = AntApp.useApp();
  const client = useQueryClient();
  const refundable = order.tickets.filter((ticket) => changeable(ticket) && ticket.refundable);
  const [selected, setSelected] = useState<string[]>(() => [...initial]);
  const amount = refundable
    .filter((ticket) => selected.includes(ticket.id))
    .reduce((sum, ticket) => sum + ticket.price, 0);
  const refund = useMutation({
    mutationFn: () => refundShopTickets(token, selected),
    onSuccess: (view) => {
      client.setQueryData(shopOrderQueryKey(token), view);
      void message.success(t('shop.refund.done'));
      onClose();
    },
  });
  return (
    <Modal
      open
      title={t('shop.refund.title')}
      onCancel={onClose}
      destroyOnHidden
      footer={[
        <Button key="keep" onClick={onClose}>
          {t('shop.order.keep')}
        </Button>,
        <Button
          key="refund"
          type="primary"
          danger
          disabled={selected.length === 0}
          loading={refund.isPending}
          onClick={() => refund.mutate()}
          data-testid="shop-refund-confirm"
        >
          {t('shop.refund.confirm')}
        </Button>,
      ]}
    >
      <TicketChecks
        tickets={refundable}
        selected={selected}
        onChange={setSelected}
        legend={t('shop.refund.choose')}
      />
      <p data-testid="shop-refund-amount">{t('shop.refund.amount', { amount: formatFen(amount) })}</p>
      <p className="admit-shop-muted admit-shop-small">{t('shop.refund.note')}</p>
      {refund.error ? (
        <Alert type="error" showIcon role="alert" title={shopErrorText(refund.error, t, locale)} />
      ) : null}
    </Modal>
  );
}

export function RebookModal({
  token,
  order,
  initial,
  onClose,
}: {
  token: string;
  order: ShopOrder;
  initial: readonly string[];
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const { message } = AntApp.useApp();
  const client = useQueryClient();
  const rebookable = order.tickets.filter((ticket) => changeable(ticket) && ticket.rebookable);
  const [selected, setSelected] = useState<string[]>(() => [...initial]);
  const [date, setDate] = useState<string | null>(null);
  const [sessionId, setSessionId] = useState<string | null>(null);
  const calendar = useQuery(shopCalendarQuery(order.siteCode));
  const site = useQuery({ ...shopSiteQuery(order.siteCode, date), enabled: date !== null });
  const nowMs = useNow(30_000);
  const now = useMemo(() => new Date(nowMs), [nowMs]);
  const needsSession = order.session !== null;
  const session = site.data?.sessions.find((s) => s.id === sessionId && sessionBookable(s, now)) ?? null;
  const ready =
    selected.length > 0 && date !== null && site.data?.date === date && (!needsSession || session !== null);
  const rebook = useMutation({
    mutationFn: () =>
      rebookShopTickets(token, {
        ticketIds: selected,
        visitDate: date!,
        sessionId: needsSession ? (session?.id ?? null) : null,
      }),
    onSuccess: (view) => {
      client.setQueryData(shopOrderQueryKey(token), view);
      void message.success(t('shop.rebook.done'));
      onClose();
    },
  });
  return (
    <Modal
      open
      title={t('shop.rebook.title')}
      onCancel={onClose}
      destroyOnHidden
      footer={[
        <Button key="keep" onClick={onClose}>
          {t('shop.order.keep')}
        </Button>,
        <Button
          key="rebook"
          type="primary"
          disabled={!ready}
          loading={rebook.isPending}
          onClick={() => rebook.mutate()}
          data-testid="shop-rebook-confirm"
        >
          {t('shop.rebook.confirm')}
        </Button>,
      ]}
    >
      <TicketChecks
        tickets={rebookable}
        selected={selected}
        onChange={setSelected}
        legend={t('shop.rebook.choose')}
      />
      <p className="admit-shop-muted">{t('shop.rebook.pickSession')}</p>
      {calendar.data ? (
        <DateChooser
          days={calendar.data.days}
          today={calendar.data.today}
          value={date}
          onChange={(next) => {
            setDate(next);
            setSessionId(null);
          }}
        />
      ) : calendar.error ? (
        <Alert type="error" showIcon title={shopErrorText(calendar.error, t, locale)} />
      ) : (
        <ShopLoading />
      )}
      {date !== null && needsSession ? (
        site.data && site.data.date === date ? (
          <SessionSlots
            sessions={site.data.sessions}
            timeZone={site.data.site.timeZone}
            value={session?.id ?? null}
            onChange={setSessionId}
            now={now}
          />
        ) : site.error ? (
          <Alert type="error" showIcon title={shopErrorText(site.error, t, locale)} />
        ) : (
          <ShopLoading />
        )
      ) : null}
      {rebook.error ? (
        <Alert type="error" showIcon role="alert" title={shopErrorText(rebook.error, t, locale)} />
      ) : null}
    </Modal>
  );
}
