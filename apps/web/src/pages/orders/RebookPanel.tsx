// Rebooking the ticked tickets (改签): the new date (PgUp/PgDn) and a session with places (↑/↓, as on
// the sell screen), the price difference — new price on that date + the rebooking fee − old price —
// then Enter: a higher price is paid through the sell screen's payment panel (cash with change, card,
// agency account; payment codes are not taken for a rebooking), a lower one goes back the way the
// order was paid. Should the server compute another difference it names it, and the payment is taken
// again for that. Afterwards the new tickets are printed (P).
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { addDays } from '@admit/domain';
import { Alert, Button, Space } from 'antd';
import { useEffect, useEffectEvent, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { rebookTickets, type RebookRequest, type RebookResponse } from '../../api/afterSale';
import { quotePrice } from '../../api/catalog';
import { ApiError } from '../../api/client';
import {
  boxOfficeQuery,
  newIdempotencyKey,
  salesQueryKey,
  type BoxOffice,
  type OrderView,
  type PaymentMethod,
  type SalePayment,
  type TicketView,
} from '../../api/sales';
import { errorText } from '../../components/errorText';
import { formatFen, localized } from '../../format';
import { useLocale } from '../../i18n/hooks';
import { Loading, LoadError } from '../catalog/QueryStates';
import { isControl, isTextField } from '../sell/keys';
import { PaymentPanel } from '../sell/PaymentPanel';
import { SaleAttempt } from '../sell/saleRequest';
import { sessionSellable, SessionPicker } from '../sell/SessionPicker';
import {
  differenceFromRefusal,
  quantitiesOf,
  rebookDifference,
  rebookFees,
  type PolicyOf,
} from './afterSaleModel';

/** A rebooking's difference is paid in cash, by card or on account (not by payment code). */
export const REBOOK_METHODS: readonly PaymentMethod[] = ['cash', 'card', 'on_account'];

type Step = 'choose' | 'pay' | 'done';

export function RebookPanel({
  siteId,
  today,
  order,
  tickets: ticked,
  policyOf,
  onPrint,
  printing,
  onDone,
  onCancel,
}: {
  siteId: string;
  /** Today at the site. */
  today: string;
  order: OrderView;
  tickets: readonly TicketView[];
  policyOf: PolicyOf;
  /** Prints these tickets of the order (the new ones). */
  onPrint: (ticketIds: string[]) => void;
  printing: boolean;
  onDone: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  // The tickets as ticked when the panel opened (the order is read again after the change).
  const [tickets] = useState(ticked);
  const client = useQueryClient();
  // The first day offered: the order's own visit date, or today when that has passed.
  const [date, setDate] = useState<string | undefined>(() =>
    order.visitDate > today ? order.visitDate : undefined,
  );
  const boxOffice = useQuery({ ...boxOfficeQuery(siteId, date), placeholderData: keepPreviousData });
  const data = boxOffice.data;
  const targetDate = data?.date ?? date ?? '';
  const [sessionChoice, setSessionChoice] = useState<{ date: string; id: string } | null>(null);
  const [step, setStep] = useState<Step>('choose');
  const [paySeq, setPaySeq] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [payError, setPayError] = useState<string | null>(null);
  /** The server's own difference for a date and session, when it differs from the preview. */
  const [named, setNamed] = useState<{ key: string; difference: number } | null>(null);
  const [result, setResult] = useState<RebookResponse | null>(null);
  const attempt = useRef(new SaleAttempt<RebookRequest>(newIdempotencyKey));
  const [now] = useState(() => new Date());

  const productIds = useMemo(() => new Set(tickets.map((ticket) => ticket.productId)), [tickets]);
  const fits = (session: BoxOffice['sessions'][number]) =>
    sessionSellable(session, now) &&
    !tickets.some((ticket) => ticket.sessionId === session.id) &&
    [...productIds].every((id) => session.products.some((entry) => entry.productId === id));
  const candidates = data?.sessions.filter(fits) ?? [];
  const suggested =
    candidates.find((session) => session.id === data?.suggestedSessionId) ?? candidates[0] ?? null;
  const sessionId =
    data !== undefined && sessionChoice !== null && sessionChoice.date === data.date
      ? sessionChoice.id
      : (suggested?.id ?? null);
  const session = data?.sessions.find((candidate) => candidate.id === sessionId) ?? null;
  const sessionFits = session !== null && fits(session);

  const quantities = quantitiesOf(tickets);
  const quote = useQuery({
    queryKey: [...salesQueryKey, siteId, 'rebook-quote', targetDate, order.channel, quantities],
    queryFn: () => quotePrice(siteId, { date: targetDate, channel: order.channel, quantities }),
    enabled: targetDate !== '' && quantities.length > 0 && step !== 'done',
    retry: false,
  });
  const fees = rebookFees(tickets, policyOf, now);
  const oldTotal = tickets.reduce((sum, ticket) => sum + ticket.price, 0);
  const quoted = quote.data?.date === targetDate ? quote.data.total : null;
  const namedKey = `${targetDate}:${sessionId ?? ''}`;
  const difference =
    named !== null && named.key === namedKey
      ? named.difference
      : quoted === null
        ? null
        : rebookDifference(tickets, quoted, fees.fee);

  const mutation = useMutation({
    mutationFn: (payments: SalePayment[]) => {
      if (sessionId === null) throw new Error('no session');
      const body: RebookRequest = {
        ticketIds: tickets.map((ticket) => ticket.id),
        toSessionId: sessionId,
        payments,
      };
      return rebookTickets(siteId, order.id, body, attempt.current.keyFor(body));
    },
    onSuccess: (answer) => {
      attempt.current.settled();
      setResult(answer);
      setStep('done');
      void client.invalidateQueries({ queryKey: [...salesQueryKey, siteId, 'box-office'] });
    },
    onError: (failure) => {
      if (failure instanceof ApiError && failure.status >= 400 && failure.status < 500) {
        attempt.current.settled();
      }
      const serverDifference = differenceFromRefusal(failure);
      if (serverDifference !== null) {
        setNamed({ key: namedKey, difference: serverDifference });
        const message = t('afterSale.rebook.mismatch', { amount: formatFen(serverDifference) });
        if (serverDifference > 0) {
          setPayError(message);
          setPaySeq((n) => n + 1);
          setStep('pay');
        } else {
          setError(message);
          setStep('choose');
        }
        return;
      }
      const message = errorText(failure, t);
      if (step === 'pay' && failure instanceof ApiError && /^(payment|cash|agency)/.test(failure.code)) {
        setPayError(message);
        return;
      }
      setError(message);
      setStep('choose');
      void client.invalidateQueries({ queryKey: [...salesQueryKey, siteId, 'box-office'] });
    },
  });

  const proceed = () => {
    if (mutation.isPending || difference === null) return;
    if (!sessionFits) {
      setError(t('afterSale.rebook.chooseSession'));
      return;
    }
    setError(null);
    if (difference > 0) {
      setPayError(null);
      setPaySeq((n) => n + 1);
      setStep('pay');
      return;
    }
    mutation.mutate([]);
  };

  const changeDate = (days: 1 | -1) => {
    if (data === undefined) return;
    const next = addDays(data.date, days);
    if (next < data.today) return;
    setDate(next === data.today ? undefined : next);
    setError(null);
  };

  const chooseSession = (move: 1 | -1) => {
    if (data === undefined || candidates.length === 0) return;
    const at = candidates.findIndex((candidate) => candidate.id === sessionId);
    const next = candidates[at === -1 ? 0 : Math.min(candidates.length - 1, Math.max(0, at + move))];
    if (next !== undefined) setSessionChoice({ date: data.date, id: next.id });
  };

  const newTicketIds = result?.newTicketIds ?? [];
  const onKeyDown = useEffectEvent((event: KeyboardEvent) => {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
    const target = event.target instanceof Element ? event.target : null;
    if (target?.closest('.ant-modal-wrap, .ant-select-dropdown') != null) return;
    if (step === 'pay') return; // the payment panel's own keys
    if (step === 'done') {
      if (event.key === 'Escape' || (event.key === 'Enter' && !isControl(target))) {
        event.preventDefault();
        onDone();
      } else if ((event.key === 'p' || event.key === 'P') && !isTextField(target)) {
        event.preventDefault();
        onPrint(newTicketIds);
      }
      return;
    }
    const onRadio = target instanceof HTMLInputElement && target.type === 'radio';
    switch (event.key) {
      case 'PageDown':
      case 'PageUp':
        event.preventDefault();
        changeDate(event.key === 'PageDown' ? 1 : -1);
        return;
      case 'ArrowDown':
      case 'ArrowUp':
        if (onRadio || isTextField(target)) return;
        event.preventDefault();
        chooseSession(event.key === 'ArrowDown' ? 1 : -1);
        return;
      case 'Enter':
        if (event.repeat || (isControl(target) && !onRadio && !isTextField(target))) return;
        event.preventDefault();
        proceed();
        return;
      case 'Escape':
        if (mutation.isPending) return;
        event.preventDefault();
        onCancel();
        return;
    }
  });
  useEffect(() => {
    const listener = (event: KeyboardEvent) => onKeyDown(event);
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, []);

  // The keyboard starts on the chosen session (↑/↓ move it, as radio buttons do), and is there again
  // once another day's sessions are shown — unless a date is being typed.
  const loaded = data !== undefined;
  const shownDate = data?.date;
  useEffect(() => {
    if (shownDate === undefined || document.activeElement?.id === 'sell-date') return;
    const checked = document.querySelector<HTMLInputElement>('#rebook-panel input[type="radio"]:checked');
    (checked ?? document.getElementById('sell-date'))?.focus();
  }, [shownDate]);
  useEffect(() => {
    if (step === 'done') document.getElementById('rebook-print')?.focus();
    if (step === 'choose' && loaded) {
      const checked = document.querySelector<HTMLInputElement>('#rebook-panel input[type="radio"]:checked');
      checked?.focus();
    }
    // Only when the step changes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [step]);

  if (boxOffice.isPending) return <Loading />;
  if (boxOffice.isError || data === undefined) {
    return <LoadError error={boxOffice.error} onRetry={() => void boxOffice.refetch()} />;
  }

  if (step === 'done' && result !== null) {
    const fresh = result.order.tickets.filter((ticket) => newTicketIds.includes(ticket.id));
    return (
      <section
        id="rebook-panel"
        className="admit-after-panel admit-after-result"
        aria-labelledby="rebook-result-heading"
        data-testid="rebook-result"
      >
        <h3 id="rebook-result-heading" className="admit-sell-heading">
          {t('afterSale.rebook.done')}
        </h3>
        <dl className="admit-sell-result-facts">
          <div>
            <dt>
              {result.difference > 0
                ? t('afterSale.rebook.paid')
                : result.difference < 0
                  ? t('afterSale.rebook.refundedBack')
                  : t('afterSale.rebook.difference')}
            </dt>
            <dd className="admit-sell-amount-large" data-testid="rebook-difference">
              {formatFen(Math.abs(result.difference))}
            </dd>
          </div>
          {result.change > 0 ? (
            <div>
              <dt>{t('afterSale.rebook.change')}</dt>
              <dd className="admit-sell-amount-huge" data-testid="rebook-change">
                {formatFen(result.change)}
              </dd>
            </div>
          ) : null}
        </dl>
        <p className="admit-sell-field-label">{t('afterSale.rebook.newTickets')}</p>
        <ul className="admit-sell-result-tickets" data-testid="rebook-new-tickets">
          {fresh.map((ticket) => (
            <li key={ticket.id}>
              <span className="admit-sell-ticket-number">{ticket.number}</span>{' '}
              {localized(locale, ticket.productNameZh, ticket.productNameEn)} {formatFen(ticket.price)} ·{' '}
              {result.order.visitDate}
            </li>
          ))}
        </ul>
        <Space wrap className="admit-sell-result-actions">
          <Button
            id="rebook-print"
            type="primary"
            size="large"
            loading={printing}
            onClick={() => onPrint(newTicketIds)}
            data-testid="rebook-print"
          >
            {t('afterSale.rebook.print')} <kbd>P</kbd>
          </Button>
          <Button size="large" onClick={onDone} data-testid="rebook-done">
            {t('afterSale.rebook.next')} <kbd>Esc</kbd>
          </Button>
        </Space>
      </section>
    );
  }

  const differenceLabel =
    difference === null
      ? t('afterSale.rebook.difference')
      : difference > 0
        ? t('afterSale.rebook.toPay')
        : difference < 0
          ? t('afterSale.rebook.toRefund')
          : t('afterSale.rebook.noDifference');

  return (
    <section
      id="rebook-panel"
      className="admit-after-panel"
      aria-labelledby="rebook-heading"
      data-testid="rebook-panel"
    >
      <h3 id="rebook-heading" className="admit-sell-heading">
        {t('afterSale.rebook.title')}
      </h3>
      <p className="admit-muted">{t('afterSale.rebook.intro')}</p>
      <div className="admit-rebook">
        <div className="admit-rebook-when">
          <SessionPicker
            boxOffice={data}
            date={targetDate}
            sessionId={sessionId}
            onDate={(next) => {
              setDate(next === data.today ? undefined : next);
              setError(null);
            }}
            onSession={(id) => {
              setSessionChoice({ date: data.date, id });
              setError(null);
            }}
            error={null}
          />
          <Space wrap>
            <Button onClick={() => changeDate(-1)} disabled={data.date <= data.today}>
              {t('afterSale.rebook.previousDay')} <kbd>PgUp</kbd>
            </Button>
            <Button onClick={() => changeDate(1)} data-testid="rebook-next-day">
              {t('afterSale.rebook.nextDay')} <kbd>PgDn</kbd>
            </Button>
          </Space>
          <p className="admit-muted admit-small">{t('afterSale.rebook.dayKeys')}</p>
        </div>
        <div className="admit-rebook-money">
          <dl className="admit-rebook-figures">
            <div>
              <dt>{t('afterSale.rebook.oldPrice')}</dt>
              <dd data-testid="rebook-old">{formatFen(oldTotal)}</dd>
            </div>
            <div>
              <dt>{t('afterSale.rebook.newPrice')}</dt>
              <dd data-testid="rebook-new">
                {quoted === null ? t('afterSale.rebook.pricing') : formatFen(quoted)}
              </dd>
            </div>
            <div>
              <dt>{t('afterSale.rebook.fee')}</dt>
              <dd data-testid="rebook-fee">{formatFen(fees.fee)}</dd>
            </div>
            <div className="is-strong">
              <dt>{differenceLabel}</dt>
              <dd className="admit-sell-amount-large" data-testid="rebook-due">
                {difference === null ? '…' : formatFen(Math.abs(difference))}
              </dd>
            </div>
          </dl>
          {error === null ? null : (
            <Alert
              type="error"
              showIcon
              role="alert"
              title={error}
              className="admit-sell-alert"
              data-testid="rebook-error"
            />
          )}
          {quote.isError ? (
            <Alert type="warning" showIcon title={errorText(quote.error, t)} className="admit-sell-alert" />
          ) : null}
          {step === 'choose' ? (
            <div className="admit-sell-payment-actions">
              <Button
                type="primary"
                size="large"
                onClick={proceed}
                loading={mutation.isPending}
                disabled={difference === null}
                data-testid="rebook-submit"
              >
                {difference !== null && difference > 0
                  ? t('afterSale.rebook.pay')
                  : t('afterSale.rebook.submit')}{' '}
                <kbd>Enter</kbd>
              </Button>
              <Button
                size="large"
                onClick={onCancel}
                disabled={mutation.isPending}
                data-testid="rebook-cancel"
              >
                {t('afterSale.rebook.cancel')} <kbd>Esc</kbd>
              </Button>
            </div>
          ) : null}
        </div>
      </div>
      {step === 'pay' && difference !== null ? (
        <PaymentPanel
          key={paySeq}
          total={difference}
          initialMethod="cash"
          methods={REBOOK_METHODS}
          agencies={data.agencies}
          needsGuide={false}
          pending={mutation.isPending}
          waiting={false}
          error={payError}
          onConfirm={(payments) => mutation.mutate(payments)}
          onBack={() => {
            setStep('choose');
            setPayError(null);
          }}
          onCancelWaiting={() => undefined}
        />
      ) : null}
    </section>
  );
}
