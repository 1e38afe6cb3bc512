// /shop/:siteCode — booking: the site and its notice, the date (strip and calendar), the time slot, the
// ticket types and add-ons with their steppers, the real-name holders, the contact phone, and the total
// with the submit button in the bottom bar. The cart is kept in sessionStorage; a refusal with a
// challenge is answered while "排队中…" shows; an accepted order opens its page.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Input, Progress } from 'antd';
import { useEffect, useMemo, useState, type Dispatch, type SetStateAction } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { ApiError } from '../../api/client';
import { formatFen, localized } from '../../format';
import { useLocale } from '../../i18n/hooks';
import {
  cartLines,
  cartTotal,
  checkCart,
  chosenSession,
  clearCart,
  loadCart,
  orderRequest,
  saveCart,
  withHolder,
  withQuantity,
  type ShopCart,
} from './cart';
import { withChallenge } from './challenge';
import { useNow } from './clock';
import { DateChooser } from './DateChooser';
import { durationText, longDate, shopErrorText } from './display';
import { SessionSlots } from './SessionSlots';
import { useShopTitle } from './ShopLayout';
import { ShopLoadFailed, ShopLoading } from './ShopStatus';
import {
  placeShopOrder,
  shopCalendarQuery,
  shopOrderQueryKey,
  shopSiteQuery,
  type ShopOrderRequest,
  type ShopSite,
} from './shopApi';
import { TicketTypes } from './TicketTypes';

/** Refusals after which the places on offer have changed: the day is asked for again. */
const AVAILABILITY_ERRORS = new Set(['sold_out', 'session_closed', 'session_cancelled', 'capacity_reached']);

export function ShopBookingRoute() {
  const { siteCode = '' } = useParams();
  // A fresh page (and cart) per site.
  return <ShopBookingPage key={siteCode} siteCode={siteCode} />;
}

function ShopBookingPage({ siteCode }: { siteCode: string }) {
  const [cart, setCart] = useState<ShopCart>(() => loadCart(siteCode));
  useEffect(() => saveCart(siteCode, cart), [siteCode, cart]);
  const siteQuery = useQuery({ ...shopSiteQuery(siteCode, cart.date), placeholderData: keepPreviousData });
  const site = siteQuery.data;
  const { locale } = useLocale();
  useShopTitle(site ? localized(locale, site.site.nameZh, site.site.nameEn) : null);

  if (siteQuery.error && !site) {
    return <ShopLoadFailed error={siteQuery.error} onRetry={() => void siteQuery.refetch()} />;
  }
  if (!site) return <ShopLoading />;
  return (
    <Booking
      siteCode={siteCode}
      site={site}
      updating={siteQuery.isPlaceholderData || siteQuery.isFetching}
      cart={cart}
      setCart={setCart}
    />
  );
}

function Booking({
  siteCode,
  site,
  updating,
  cart,
  setCart,
}: {
  siteCode: string;
  site: ShopSite;
  updating: boolean;
  cart: ShopCart;
  setCart: Dispatch<SetStateAction<ShopCart>>;
}) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const navigate = useNavigate();
  const client = useQueryClient();
  const calendar = useQuery(shopCalendarQuery(siteCode));
  const nowMs = useNow(30_000);
  const now = useMemo(() => new Date(nowMs), [nowMs]);
  const [submitted, setSubmitted] = useState(false);
  const [queue, setQueue] = useState<number | null>(null);

  const date = cart.date ?? site.date;
  const session = chosenSession(cart, site, now);
  const check = useMemo(
    () => checkCart(cart, site, { now, submitting: submitted }),
    [cart, site, now, submitted],
  );
  const lines = cartLines(cart, site.products);
  const total = cartTotal(cart, site.products);
  const count = lines.reduce((sum, line) => sum + line.quantity, 0);
  const tickets = site.products.filter((product) => !product.addon);
  const addons = site.products.filter((product) => product.addon);
  const notice = localized(locale, site.site.noticeZh, site.site.noticeEn);

  const order = useMutation({
    mutationFn: (body: ShopOrderRequest) =>
      withChallenge(
        (challenge) => placeShopOrder(siteCode, challenge === undefined ? body : { ...body, challenge }),
        setQueue,
      ),
    onSuccess: ({ token, order: placed }) => {
      clearCart(siteCode);
      client.setQueryData(shopOrderQueryKey(token), placed);
      void navigate(`/shop/orders/${encodeURIComponent(token)}`);
    },
    onError: (error) => {
      if (error instanceof ApiError && AVAILABILITY_ERRORS.has(error.code)) {
        void client.invalidateQueries({ queryKey: ['shop', 'site', siteCode] });
        void client.invalidateQueries({ queryKey: ['shop', 'calendar', siteCode] });
      }
    },
  });

  const submit = () => {
    setSubmitted(true);
    const at = new Date();
    const final = checkCart(cart, site, { now: at, submitting: true });
    if (final.problems.length > 0) {
      // After React shows the messages: the keyboard goes to the first field to correct.
      window.setTimeout(() => {
        document.querySelector<HTMLElement>('#shop-main [aria-invalid="true"]')?.focus();
      }, 0);
      return;
    }
    order.mutate(orderRequest(cart, site, locale, at));
  };

  return (
    <>
      <h1 data-testid="shop-site-name">{localized(locale, site.site.nameZh, site.site.nameEn)}</h1>
      <p className="admit-shop-muted admit-shop-small">
        {localized(locale, site.site.addressZh, site.site.addressEn)}
      </p>
      {notice === '' ? null : (
        <section className="admit-shop-section" aria-labelledby="shop-notice-heading">
          <h2 id="shop-notice-heading">{t('shop.booking.notice')}</h2>
          <p className="admit-shop-notice">{notice}</p>
        </section>
      )}

      {calendar.data ? (
        <DateChooser
          days={calendar.data.days}
          today={calendar.data.today}
          value={date}
          onChange={(next) => setCart((current) => ({ ...current, date: next, sessionId: null }))}
        />
      ) : calendar.error ? (
        <Alert type="warning" showIcon title={shopErrorText(calendar.error, t, locale)} />
      ) : (
        <ShopLoading />
      )}
      <p className="admit-shop-muted" aria-live="polite" data-testid="shop-chosen-date">
        {longDate(site.date, locale)}
      </p>

      {site.closed === null ? null : (
        <Alert
          type="warning"
          showIcon
          role="alert"
          title={t(`shop.booking.closed.${site.closed}`)}
          className="admit-shop-section"
        />
      )}

      {site.closed === null ? (
        <SessionSlots
          sessions={site.sessions}
          timeZone={site.site.timeZone}
          value={session?.id ?? null}
          onChange={(sessionId) => setCart((current) => ({ ...current, sessionId }))}
          now={now}
        />
      ) : null}

      {tickets.length > 0 ? (
        <TicketTypes
          title={t('shop.booking.tickets')}
          headingId="shop-tickets-heading"
          products={tickets}
          site={site}
          session={session}
          cart={cart}
          check={check}
          onQuantity={(product, quantity) => setCart((current) => withQuantity(current, product, quantity))}
          onHolder={(product, index, change) =>
            setCart((current) => withHolder(current, product.id, index, change))
          }
        />
      ) : (
        <p className="admit-shop-section admit-shop-muted">{t('shop.booking.noTickets')}</p>
      )}
      {addons.length > 0 ? (
        <TicketTypes
          title={t('shop.booking.addons')}
          headingId="shop-addons-heading"
          products={addons}
          site={site}
          session={session}
          cart={cart}
          check={check}
          onQuantity={(product, quantity) => setCart((current) => withQuantity(current, product, quantity))}
          onHolder={(product, index, change) =>
            setCart((current) => withHolder(current, product.id, index, change))
          }
        />
      ) : null}

      <Contact cart={cart} setCart={setCart} check={check} />
      <Rules site={site} />

      <div className="admit-shop-bar">
        <div className="admit-shop-bar-inner">
          {queue === null ? null : (
            <div role="status" aria-live="polite" data-testid="shop-queue">
              <strong>{t('shop.booking.queue', { percent: Math.floor(queue * 100) })}</strong>
              <Progress percent={Math.floor(queue * 100)} showInfo={false} size="small" />
              <span className="admit-shop-muted admit-shop-small">{t('shop.booking.queueHint')}</span>
            </div>
          )}
          {order.error ? (
            <Alert
              type="error"
              showIcon
              role="alert"
              title={shopErrorText(order.error, t, locale)}
              data-testid="shop-order-error"
            />
          ) : null}
          {submitted && check.problems.length > 0 ? (
            <Alert
              type="warning"
              showIcon
              role="alert"
              data-testid="shop-problems"
              title={
                <ul className="admit-shop-rules">
                  {check.problems.map((problem) => (
                    <li key={problem}>{t(`shop.booking.problems.${problem}`)}</li>
                  ))}
                </ul>
              }
            />
          ) : null}
          <div className="admit-shop-bar-row">
            <div className="admit-shop-total" aria-live="polite">
              {t('shop.booking.total')} <strong data-testid="shop-total">{formatFen(total)}</strong>
              {count > 0 ? (
                <span className="admit-shop-muted"> · {t('shop.booking.count', { count })}</span>
              ) : null}
            </div>
            <Button
              type="primary"
              size="large"
              onClick={submit}
              loading={order.isPending}
              disabled={updating || order.isPending}
              data-testid="shop-submit"
            >
              {t('shop.booking.submit')}
            </Button>
          </div>
        </div>
      </div>
    </>
  );
}

function Contact({
  cart,
  setCart,
  check,
}: {
  cart: ShopCart;
  setCart: Dispatch<SetStateAction<ShopCart>>;
  check: ReturnType<typeof checkCart>;
}) {
  const { t } = useTranslation();
  return (
    <section className="admit-shop-section" aria-labelledby="shop-contact-heading">
      <h2 id="shop-contact-heading">{t('shop.booking.contact')}</h2>
      <div className="admit-shop-field">
        <label htmlFor="shop-phone">{t('shop.booking.phone')}</label>
        <Input
          id="shop-phone"
          type="tel"
          inputMode="tel"
          autoComplete="tel"
          maxLength={20}
          value={cart.phone}
          status={check.phone === null ? undefined : 'error'}
          aria-invalid={check.phone !== null}
          aria-describedby="shop-phone-hint"
          onChange={(event) => setCart((current) => ({ ...current, phone: event.target.value }))}
          data-testid="shop-phone"
        />
        <span
          id="shop-phone-hint"
          className={check.phone === null ? 'admit-shop-muted admit-shop-small' : 'admit-shop-error'}
        >
          {check.phone === null ? t('shop.booking.phoneHint') : t(`shop.booking.phoneErrors.${check.phone}`)}
        </span>
      </div>
      <div className="admit-shop-field">
        <label htmlFor="shop-email">{t('shop.booking.email')}</label>
        <Input
          id="shop-email"
          type="email"
          inputMode="email"
          autoComplete="email"
          maxLength={200}
          value={cart.email}
          status={check.email === null ? undefined : 'error'}
          aria-invalid={check.email !== null}
          aria-describedby={check.email === null ? undefined : 'shop-email-error'}
          onChange={(event) => setCart((current) => ({ ...current, email: event.target.value }))}
          data-testid="shop-email"
        />
        {check.email === null ? null : (
          <span id="shop-email-error" className="admit-shop-error">
            {t('shop.booking.emailInvalid')}
          </span>
        )}
      </div>
    </section>
  );
}

function Rules({ site }: { site: ShopSite }) {
  const { t } = useTranslation();
  const { rules } = site;
  const items = [
    t('shop.booking.rules.hold', { minutes: rules.holdMinutes }),
    rules.perIdDailyLimit === null ? null : t('shop.booking.rules.perId', { count: rules.perIdDailyLimit }),
    rules.perPhoneDailyLimit === null
      ? null
      : t('shop.booking.rules.perPhone', { count: rules.perPhoneDailyLimit }),
    site.products.some((product) => product.price === 0) && rules.freeCancelMinutesBefore > 0
      ? t('shop.booking.rules.freeCancel', { time: durationText(rules.freeCancelMinutesBefore, t) })
      : null,
    rules.rotatingCodes ? t('shop.booking.rules.rotating') : null,
    site.site.contactPhone === '' ? null : t('shop.booking.rules.contact', { phone: site.site.contactPhone }),
  ].filter((item): item is string => item !== null);
  return (
    <section className="admit-shop-section" aria-labelledby="shop-rules-heading">
      <h2 id="shop-rules-heading">{t('shop.booking.rules.title')}</h2>
      <ul className="admit-shop-rules" data-testid="shop-rules">
        {items.map((item) => (
          <li key={item}>{item}</li>
        ))}
      </ul>
    </section>
  );
}
