// /shop/orders/:token — the visitor's order. Pending: the time left to pay (the places go back at zero),
// pay, cancel. Back from the payment page: the order is asked for every 2 s until it is paid (for up to
// two minutes). Paid: the e-tickets, refund, date change and "add to calendar". A free reservation can be
// cancelled until its deadline.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntApp, Button, QRCode, Result, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError } from '../../api/client';
import { dateTimeAtSite, formatFen, localized, timeAtSite } from '../../format';
import { useLocale } from '../../i18n/hooks';
import { RebookModal, RefundModal } from './AfterSaleModals';
import { formatCountdown, msUntil, useNow } from './clock';
import { longDate, shopErrorText } from './display';
import {
  clearPaying,
  goToPaymentPage,
  goToWeChatAuthorisation,
  inWeChat,
  invokeWeChatPay,
  isMarkedPaying,
  markPaying,
  wechatPayer,
} from './payment';
import { useShopTitle } from './ShopLayout';
import { ShopLoadFailed, ShopLoading } from './ShopStatus';
import {
  cancelShopOrder,
  payShopOrder,
  shopOrderCalendarUrl,
  shopOrderQuery,
  shopOrderQueryKey,
  type ShopOrder,
  type ShopTicket,
} from './shopApi';
import { changeable, TicketCard } from './TicketCard';

/** How often, and how long, the page asks for the result of a payment. */
export const POLL_INTERVAL_MS = 2000;
export const POLL_FOR_MS = 120_000;

const statusColors: Record<ShopOrder['status'], string> = {
  pending: 'gold',
  paid: 'green',
  cancelled: 'default',
  expired: 'default',
  partially_refunded: 'blue',
  refunded: 'default',
};

/** A payment was started at a provider and has no result yet. */
function paymentStarted(order: ShopOrder): boolean {
  return order.payment !== null && order.payment.provider !== null && order.payment.status === 'pending';
}

export function ShopOrderRoute() {
  const { token = '' } = useParams();
  return <ShopOrderPage key={token} token={token} />;
}

function ShopOrderPage({ token }: { token: string }) {
  const { locale } = useLocale();
  // Set when the visitor comes back from paying (or pays by QR code / in WeChat): wait for the result.
  const [pollSince, setPollSince] = useState<number | null>(() =>
    isMarkedPaying(token) ? Date.now() : null,
  );
  const [openedAt] = useState(() => Date.now());
  const query = useQuery({
    ...shopOrderQuery(token),
    refetchInterval: (q) => {
      const order = q.state.data;
      if (!order || order.status !== 'pending') return false;
      if (pollSince === null && !paymentStarted(order)) return false;
      return Date.now() - (pollSince ?? openedAt) < POLL_FOR_MS ? POLL_INTERVAL_MS : false;
    },
  });
  const order = query.data;
  useShopTitle(order ? localized(locale, order.siteNameZh, order.siteNameEn) : null);
  const paid = order !== undefined && order.status !== 'pending';
  useEffect(() => {
    if (paid) clearPaying();
  }, [paid]);

  if (query.error && !order) {
    return <ShopLoadFailed error={query.error} onRetry={() => void query.refetch()} />;
  }
  if (!order) return <ShopLoading />;
  const waiting = order.status === 'pending' && (pollSince !== null || paymentStarted(order));
  return (
    <OrderView
      token={token}
      order={order}
      waiting={waiting ? (pollSince ?? openedAt) : null}
      justPaid={pollSince !== null && (order.status === 'paid' || order.status === 'partially_refunded')}
      onWait={() => setPollSince(Date.now())}
      refetch={() => void query.refetch()}
    />
  );
}

function OrderView({
  token,
  order,
  waiting,
  justPaid,
  onWait,
  refetch,
}: {
  token: string;
  order: ShopOrder;
  /** Since when the page waits for a payment's result, if it does. */
  waiting: number | null;
  justPaid: boolean;
  onWait: () => void;
  refetch: () => void;
}) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const [refunding, setRefunding] = useState<readonly string[] | null>(null);
  const [rebooking, setRebooking] = useState<readonly string[] | null>(null);
  const siteName = localized(locale, order.siteNameZh, order.siteNameEn);
  const zone = order.timeZone;
  const withTickets =
    order.status === 'paid' || order.status === 'partially_refunded' || order.status === 'refunded';
  const refundable = order.tickets.filter((ticket) => changeable(ticket) && ticket.refundable);
  const rebookable = order.tickets.filter((ticket) => changeable(ticket) && ticket.rebookable);

  return (
    <>
      <h1>{t('shop.order.title')}</h1>
      <section className="admit-shop-section" aria-label={t('shop.order.title')}>
        <div className="admit-shop-product-head">
          <h2>{siteName}</h2>
          <Tag color={statusColors[order.status]} data-testid="shop-order-status">
            {t(`shop.order.status.${order.status}`)}
          </Tag>
        </div>
        {order.free ? (
          <Tag color="green" data-testid="shop-order-free">
            {t('shop.order.free')}
          </Tag>
        ) : null}
        <dl className="admit-shop-facts-table">
          <dt>{t('shop.order.number')}</dt>
          <dd data-testid="shop-order-number">{order.number}</dd>
          <dt>{t('shop.order.visitDate')}</dt>
          <dd>{longDate(order.visitDate, locale)}</dd>
          {order.session ? (
            <>
              <dt>{t('shop.order.session')}</dt>
              <dd>
                {timeAtSite(order.session.startsAt, zone)}–{timeAtSite(order.session.endsAt, zone)}
              </dd>
            </>
          ) : null}
          <dt>{t('shop.order.total')}</dt>
          <dd data-testid="shop-order-total">{formatFen(order.total)}</dd>
          {order.refunded > 0 ? (
            <>
              <dt>{t('shop.order.refunded')}</dt>
              <dd>{formatFen(order.refunded)}</dd>
            </>
          ) : null}
          <dt>{t('shop.order.contact')}</dt>
          <dd>{order.contactPhone}</dd>
        </dl>
      </section>

      {order.status === 'pending' && !order.free ? (
        <PendingPayment token={token} order={order} waiting={waiting} onWait={onWait} refetch={refetch} />
      ) : null}

      {order.status === 'cancelled' || order.status === 'expired' ? (
        <Result
          status="info"
          title={order.status === 'expired' ? t('shop.order.expiredHint') : t('shop.order.cancelled')}
          extra={<Link to={`/shop/${encodeURIComponent(order.siteCode)}`}>{t('shop.order.bookAgain')}</Link>}
        />
      ) : null}

      {justPaid ? (
        <Alert
          type="success"
          showIcon
          role="status"
          title={t('shop.order.paidNotice')}
          className="admit-shop-section"
        />
      ) : null}

      {order.free && order.cancellableUntil !== null && order.status !== 'cancelled' ? (
        <p className="admit-shop-muted" data-testid="shop-cancellable-until">
          {t('shop.order.cancellableUntil', { time: dateTimeAtSite(order.cancellableUntil, zone) })}
        </p>
      ) : null}

      {withTickets ? (
        <section aria-labelledby="shop-tickets-heading">
          <h2 id="shop-tickets-heading">{t('shop.order.tickets')}</h2>
          <ul className="admit-shop-tickets">
            {order.tickets.map((ticket, index) => (
              <TicketCard
                key={ticket.id}
                order={order}
                ticket={ticket}
                index={index}
                count={order.tickets.length}
                onRefund={(chosen: ShopTicket) => setRefunding([chosen.id])}
                onRebook={(chosen: ShopTicket) => setRebooking([chosen.id])}
              />
            ))}
          </ul>
        </section>
      ) : null}

      {withTickets || order.free ? (
        // In the flow after the tickets, not fixed over them: nothing may cover a code being scanned.
        <div className="admit-shop-section">
          <div className="admit-shop-bar-inner">
            <div className="admit-shop-bar-actions">
              {withTickets ? (
                <Button href={shopOrderCalendarUrl(token)} download data-testid="shop-add-to-calendar">
                  {t('shop.order.addToCalendar')}
                </Button>
              ) : null}
              {refundable.length > 0 ? (
                <Button
                  onClick={() => setRefunding(refundable.map((ticket) => ticket.id))}
                  data-testid="shop-refund"
                >
                  {t('shop.order.refund')}
                </Button>
              ) : null}
              {rebookable.length > 0 ? (
                <Button
                  onClick={() => setRebooking(rebookable.map((ticket) => ticket.id))}
                  data-testid="shop-rebook"
                >
                  {t('shop.order.rebook')}
                </Button>
              ) : null}
              {order.free ? <CancelButton token={token} order={order} /> : null}
            </div>
          </div>
        </div>
      ) : null}

      {refunding === null ? null : (
        <RefundModal token={token} order={order} initial={refunding} onClose={() => setRefunding(null)} />
      )}
      {rebooking === null ? null : (
        <RebookModal token={token} order={order} initial={rebooking} onClose={() => setRebooking(null)} />
      )}
    </>
  );
}

function PendingPayment({
  token,
  order,
  waiting,
  onWait,
  refetch,
}: {
  token: string;
  order: ShopOrder;
  waiting: number | null;
  onWait: () => void;
  refetch: () => void;
}) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const now = useNow(1000);
  const [qr, setQr] = useState<string | null>(null);
  const [wechatProblem, setWechatProblem] = useState(false);
  const left = order.holdExpiresAt === null ? null : msUntil(order.holdExpiresAt, now);
  const released = left === 0;
  useEffect(() => {
    // At zero the server releases the places: ask for the order's new state.
    if (released) refetch();
  }, [released, refetch]);

  // Inside WeChat with the site's official account set up: its own payment sheet, after WeChat has
  // told us who the payer is (one silent round trip through WeChat's authorisation).
  const [payer] = useState(() => (inWeChat() && order.wechatJsapi ? wechatPayer() : null));
  const pay = useMutation({
    mutationFn: async () => {
      if (payer?.kind === 'unknown') {
        goToWeChatAuthorisation(order.siteCode, token);
        return new Promise<never>(() => undefined);
      }
      if (payer?.kind === 'known')
        return payShopOrder(token, { kind: 'jsapi', provider: 'wechat', payerId: payer.openId });
      return payShopOrder(token, { kind: 'h5' });
    },
    onSuccess: async ({ created }) => {
      switch (created.kind) {
        case 'redirect':
          markPaying(token);
          goToPaymentPage(created.url);
          return;
        case 'qr':
          setQr(created.codeUrl);
          onWait();
          return;
        case 'jsapi': {
          const result = await invokeWeChatPay(created.params);
          if (result === 'unavailable') setWechatProblem(true);
          else if (result === 'ok') onWait();
          return;
        }
      }
    },
    onError: (error) => {
      if (error instanceof ApiError && error.code === 'order_hold_expired') refetch();
    },
  });
  const polling = waiting !== null && now - waiting < POLL_FOR_MS;
  const gaveUp = waiting !== null && !polling;

  return (
    <>
      <section className="admit-shop-section" aria-live="polite">
        {released ? (
          <Alert
            type="warning"
            showIcon
            role="alert"
            title={t('shop.order.released')}
            data-testid="shop-released"
          />
        ) : left === null ? null : (
          <>
            <p>{t('shop.order.payBefore', { time: formatCountdown(left) })}</p>
            <div className="admit-shop-countdown" data-testid="shop-countdown" role="timer" aria-live="off">
              {formatCountdown(left)}
            </div>
          </>
        )}
        {polling ? (
          <p role="status" data-testid="shop-confirming">
            {t('shop.order.confirming')}
          </p>
        ) : null}
        {gaveUp ? (
          <Alert
            type="info"
            showIcon
            title={t('shop.order.notConfirmed')}
            action={
              <Button onClick={onWait} data-testid="shop-refresh">
                {t('shop.order.refresh')}
              </Button>
            }
          />
        ) : null}
        {qr === null || released ? null : (
          <div className="admit-shop-qr" data-testid="shop-pay-qr" data-code={qr}>
            <div role="img" aria-label={t('shop.order.payQrLabel')}>
              <QRCode value={qr} size={220} type="svg" bgColor="#ffffff" color="#000000" bordered={false} />
            </div>
            <span>{t('shop.order.payQr')}</span>
          </div>
        )}
        {wechatProblem ? <Alert type="warning" showIcon title={t('shop.order.payInWechat')} /> : null}
        {pay.error ? (
          <Alert
            type="error"
            showIcon
            role="alert"
            title={shopErrorText(pay.error, t, locale)}
            data-testid="shop-pay-error"
          />
        ) : null}
      </section>
      {released ? null : (
        <div className="admit-shop-bar">
          <div className="admit-shop-bar-inner">
            <div className="admit-shop-bar-row">
              <CancelButton token={token} order={order} />
              <Button
                type="primary"
                size="large"
                loading={pay.isPending}
                onClick={() => pay.mutate()}
                data-testid="shop-pay"
              >
                {t('shop.order.pay', { amount: formatFen(order.total) })}
              </Button>
            </div>
          </div>
        </div>
      )}
    </>
  );
}

function CancelButton({ token, order }: { token: string; order: ShopOrder }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const { modal, message } = AntApp.useApp();
  const client = useQueryClient();
  const now = useNow(30_000);
  const cancel = useMutation({
    mutationFn: () => cancelShopOrder(token),
    onSuccess: (view) => {
      client.setQueryData(shopOrderQueryKey(token), view);
      void message.success(t('shop.order.cancelled'));
    },
    onError: (error) => void message.error(shopErrorText(error, t, locale)),
  });
  const allowed = order.free
    ? order.status === 'paid' && order.cancellableUntil !== null && msUntil(order.cancellableUntil, now) > 0
    : order.status === 'pending';
  if (!allowed) return null;
  return (
    <Button
      danger
      loading={cancel.isPending}
      data-testid="shop-cancel"
      onClick={() =>
        void modal.confirm({
          title: t('shop.order.cancelTitle'),
          content: t('shop.order.cancelContent'),
          okText: t('shop.order.cancelOk'),
          okButtonProps: { danger: true },
          cancelText: t('shop.order.keep'),
          // A refusal shows as a message; the dialog closes either way.
          onOk: () =>
            cancel.mutateAsync().then(
              () => undefined,
              () => undefined,
            ),
        })
      }
    >
      {order.free ? t('shop.order.cancelReservation') : t('shop.order.cancel')}
    </Button>
  );
}
