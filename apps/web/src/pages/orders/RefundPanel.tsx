// Refunding the ticked tickets (退票): each ticket's fee under its type's refund policy and what goes
// back, a reason, and Enter to refund. A refund above the limit asks a supervisor's login and is sent
// again with it. The answer shows the cash to hand back from the drawer, large, and where the rest
// went (a payment code's refund may still be with the provider). Esc goes back; Enter or Esc after the
// refund returns to the order.
import { useMutation } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { Alert, Button, Input, type InputRef } from 'antd';
import { useEffect, useEffectEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { refundTickets, type RefundRequest, type RefundResponse } from '../../api/afterSale';
import { ApiError } from '../../api/client';
import { newIdempotencyKey, type OrderView, type TicketView } from '../../api/sales';
import { codeText, errorText } from '../../components/errorText';
import { formatFen, localized } from '../../format';
import { useLocale } from '../../i18n/hooks';
import { ApprovalModal, type Approval } from '../sell/ApprovalModal';
import { isControl } from '../sell/keys';
import { SaleAttempt } from '../sell/saleRequest';
import { needsSupervisor, refundPreview, type PolicyOf } from './afterSaleModel';

export function RefundPanel({
  siteId,
  order,
  tickets: ticked,
  policyOf,
  onDone,
  onCancel,
}: {
  siteId: string;
  order: OrderView;
  tickets: readonly TicketView[];
  policyOf: PolicyOf;
  /** After the refund (the order has changed). */
  onDone: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  // The tickets as ticked when the panel opened (the order is read again after the change).
  const [tickets] = useState(ticked);
  const [reason, setReason] = useState('');
  const [approving, setApproving] = useState(false);
  const [approvalError, setApprovalError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<RefundResponse | null>(null);
  const attempt = useRef(new SaleAttempt<RefundRequest>(newIdempotencyKey));
  const reasonRef = useRef<InputRef>(null);
  const [now] = useState(() => new Date());
  const preview = refundPreview(tickets, policyOf, now);

  const mutation = useMutation({
    mutationFn: (approval: Approval | null) => {
      const body: RefundRequest = {
        ticketIds: tickets.map((ticket) => ticket.id),
        reason: reason.trim(),
        void: false,
        approval,
      };
      return refundTickets(siteId, order.id, body, attempt.current.keyFor(body));
    },
    onSuccess: (answer) => {
      attempt.current.settled();
      setApproving(false);
      setError(null);
      setResult(answer);
    },
    onError: (failure) => {
      if (failure instanceof ApiError && failure.status >= 400 && failure.status < 500) {
        attempt.current.settled();
      }
      if (needsSupervisor(failure)) {
        setApprovalError(
          failure instanceof ApiError && failure.code === 'approval_invalid' ? errorText(failure, t) : null,
        );
        setApproving(true);
        return;
      }
      setApproving(false);
      setError(errorText(failure, t));
    },
  });

  useEffect(() => {
    reasonRef.current?.focus();
  }, []);
  useEffect(() => {
    if (result !== null) document.getElementById('refund-done')?.focus();
  }, [result]);

  const onKeyDown = useEffectEvent((event: KeyboardEvent) => {
    if (approving || event.defaultPrevented) return;
    const target = event.target instanceof Element ? event.target : null;
    if (target?.closest('.ant-modal-wrap') != null) return;
    if (result !== null) {
      if (event.key === 'Escape' || (event.key === 'Enter' && !isControl(target))) {
        event.preventDefault();
        onDone();
      }
      return;
    }
    if (event.key === 'Escape' && !mutation.isPending) {
      event.preventDefault();
      onCancel();
    }
  });
  useEffect(() => {
    const listener = (event: KeyboardEvent) => onKeyDown(event);
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, []);

  if (result !== null) {
    return (
      <section
        className="admit-after-panel admit-after-result"
        aria-labelledby="refund-result-heading"
        data-testid="refund-result"
      >
        <h3 id="refund-result-heading" className="admit-sell-heading">
          {t('afterSale.refund.done')}
        </h3>
        <dl className="admit-sell-result-facts">
          <div>
            <dt>{result.cash > 0 ? t('afterSale.refund.cashBack') : t('afterSale.refund.noCash')}</dt>
            <dd className="admit-sell-amount-huge" data-testid="refund-cash">
              {formatFen(result.cash)}
            </dd>
          </div>
          <div>
            <dt>{t('afterSale.refund.refunded')}</dt>
            <dd data-testid="refund-total">{formatFen(result.refunded)}</dd>
          </div>
          <div>
            <dt>{t('afterSale.refund.feeCharged')}</dt>
            <dd data-testid="refund-fee">{formatFen(result.fee)}</dd>
          </div>
        </dl>
        {result.refunds.length > 0 ? (
          <>
            <p className="admit-sell-field-label">{t('afterSale.refund.methods')}</p>
            <ul className="admit-sell-parts" data-testid="refund-methods">
              {result.refunds.map((refund) => (
                <li key={refund.id}>
                  {methodName(refund.method, t)} {formatFen(refund.amount)}
                  {refund.status === 'pending' ? ` · ${t('afterSale.refund.pendingProvider')}` : ''}
                  {refund.status === 'failed' ? ` · ${t('afterSale.refund.failedProvider')}` : ''}
                </li>
              ))}
            </ul>
          </>
        ) : null}
        <Button id="refund-done" type="primary" size="large" onClick={onDone} data-testid="refund-done">
          {t('afterSale.refund.next')} <kbd>Enter</kbd>
        </Button>
      </section>
    );
  }

  return (
    <section className="admit-after-panel" aria-labelledby="refund-heading" data-testid="refund-panel">
      <h3 id="refund-heading" className="admit-sell-heading">
        {t('afterSale.refund.title')}
      </h3>
      <p className="admit-muted">{t('afterSale.refund.intro')}</p>
      <table className="admit-report-table" data-testid="refund-preview">
        <thead>
          <tr>
            <th scope="col">{t('afterSale.refund.ticket')}</th>
            <th scope="col">{t('afterSale.refund.price')}</th>
            <th scope="col">{t('afterSale.refund.fee')}</th>
            <th scope="col">{t('afterSale.refund.back')}</th>
          </tr>
        </thead>
        <tbody>
          {preview.lines.map((line) => (
            <tr key={line.ticket.id}>
              <th scope="row">
                <span className="admit-sell-ticket-number">{line.ticket.number}</span>{' '}
                {localized(locale, line.ticket.productNameZh, line.ticket.productNameEn)}
              </th>
              <td>{formatFen(line.ticket.price)}</td>
              {line.refusal === null ? (
                <>
                  <td>{formatFen(line.fee)}</td>
                  <td>{formatFen(line.back)}</td>
                </>
              ) : (
                <td colSpan={2} className="admit-sell-error">
                  {t('afterSale.refund.refusedLine')}: {codeText(line.refusal, locale)}
                </td>
              )}
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{t('afterSale.refund.total')}</th>
            <td>{formatFen(preview.gross)}</td>
            <td data-testid="refund-preview-fee">{formatFen(preview.fee)}</td>
            <td className="admit-after-strong" data-testid="refund-preview-back">
              {formatFen(preview.back)}
            </td>
          </tr>
        </tfoot>
      </table>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (!mutation.isPending) mutation.mutate(null);
        }}
      >
        <label htmlFor="refund-reason" className="admit-sell-field-label">
          {t('afterSale.refund.reason')}
        </label>
        <Input
          id="refund-reason"
          ref={reasonRef}
          data-testid="refund-reason"
          maxLength={200}
          autoComplete="off"
          value={reason}
          onChange={(event) => setReason(event.target.value)}
        />
        {error === null ? null : (
          <Alert
            type="error"
            showIcon
            role="alert"
            title={error}
            className="admit-sell-alert"
            data-testid="refund-error"
          />
        )}
        <div className="admit-sell-payment-actions">
          <Button
            type="primary"
            danger
            size="large"
            htmlType="submit"
            loading={mutation.isPending}
            data-testid="refund-submit"
          >
            {t('afterSale.refund.submit')} <kbd>Enter</kbd>
          </Button>
          <Button size="large" onClick={onCancel} disabled={mutation.isPending} data-testid="refund-cancel">
            {t('afterSale.refund.cancel')} <kbd>Esc</kbd>
          </Button>
        </div>
      </form>
      <ApprovalModal
        open={approving}
        error={approvalError}
        title={t('afterSale.refund.approvalTitle')}
        intro={t('afterSale.refund.approvalIntro')}
        submitText={t('afterSale.refund.approvalSubmit')}
        pending={mutation.isPending}
        onApprove={(approval) => mutation.mutate(approval)}
        onCancel={() => setApproving(false)}
      />
    </section>
  );
}

/** A payment method's name, or the code of one the screen does not know. */
export function methodName(method: string, t: TFunction): string {
  return ['cash', 'card', 'payment_code', 'on_account'].includes(method)
    ? t(`sell.methods.${method as 'cash'}`)
    : method;
}
