// Taking the money. Opens on cash with the amount handed over preset to what is due and selected, so
// Enter takes exact cash and typed digits replace it ("200" is ¥200); the change shows large before
// confirming. F8/F9/F10/F4 switch to cash, card, payment code (a focused field the scanner types into,
// its Enter confirming) and on account. Paying less than is due with one method leaves the rest for
// another (split payment). While a payment code waits for the customer's password, a spinner and a
// cancel button replace the form — which keeps everything typed, as it does after any refusal.
import { parseYuan } from '@admit/domain';
import { Alert, Button, Input, Radio, Select, Spin, type InputRef } from 'antd';
import { useEffect, useEffectEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { paymentMethods, type BoxOfficeAgency, type PaymentMethod, type SalePayment } from '../../api/sales';
import { formatFen } from '../../format';
import { METHOD_KEYS, sellCommand } from './keys';
import {
  paidSoFar,
  paymentCodeProvider,
  paymentForm,
  paymentStep,
  type PaymentForm,
  type PaymentProblem,
} from './paymentModel';

export type PaymentPanelProps = {
  total: number;
  initialMethod: PaymentMethod;
  agencies: readonly BoxOfficeAgency[];
  needsGuide: boolean;
  /** The sale request is on its way. */
  pending: boolean;
  /** The customer is entering the payment code's password. */
  waiting: boolean;
  /** The server's message when the payment was refused (declined, invalid code…). */
  error: string | null;
  onConfirm: (payments: SalePayment[], guide: { name: string; licence: string } | null) => void;
  onBack: () => void;
  onCancelWaiting: () => void;
  /** The methods offered (a rebooking's difference is not paid by payment code); all by default. */
  methods?: readonly PaymentMethod[];
};

export function PaymentPanel({
  total,
  initialMethod,
  agencies,
  needsGuide,
  pending,
  waiting,
  error,
  onConfirm,
  onBack,
  onCancelWaiting,
  methods = paymentMethods,
}: PaymentPanelProps) {
  const { t } = useTranslation();
  const [parts, setParts] = useState<SalePayment[]>([]);
  const due = total - paidSoFar(parts);
  const [form, setForm] = useState<PaymentForm>(() => paymentForm(initialMethod, total));
  const [problem, setProblem] = useState<{ problem: PaymentProblem; field: keyof PaymentForm } | null>(null);
  const [focusSeq, setFocusSeq] = useState(0);
  const fieldRef = useRef<InputRef>(null);
  const agencyRef = useRef<HTMLDivElement>(null);

  // A total that changes while the panel is open (the price quote arrived) resets untouched amounts.
  const [seenTotal, setSeenTotal] = useState(total);
  if (seenTotal !== total) {
    setSeenTotal(total);
    if (parts.length === 0) {
      const fresh = paymentForm(form.method, total);
      setForm((current) => ({ ...current, tendered: fresh.tendered, amount: fresh.amount }));
    }
  }

  const switchMethod = (method: PaymentMethod) => {
    if (!methods.includes(method)) return;
    setForm((current) => (current.method === method ? current : paymentForm(method, due, current)));
    setProblem(null);
    setFocusSeq((n) => n + 1);
  };

  // The main field of the method gets focus, its text selected so typing replaces it.
  useEffect(() => {
    if (waiting) return;
    if (form.method === 'on_account') {
      agencyRef.current?.querySelector<HTMLElement>('input')?.focus();
      return;
    }
    const input = fieldRef.current;
    input?.focus();
    input?.select();
  }, [form.method, focusSeq, waiting]);

  // After a refusal the payment code is selected: the next scan replaces it.
  useEffect(() => {
    if (error === null) return;
    fieldRef.current?.focus();
    fieldRef.current?.select();
  }, [error]);

  const onKeyDown = useEffectEvent((event: KeyboardEvent) => {
    if (waiting) return;
    // A dialog over the panel (the supervisor's approval, the price explainer) keeps its own keys.
    if (event.target instanceof Element && event.target.closest('.ant-modal-wrap') !== null) return;
    const command = sellCommand(event, { phase: 'payment', inTextField: false, onControl: false });
    if (command === null) return;
    if (command.kind === 'pay' && command.method !== null) {
      event.preventDefault();
      switchMethod(command.method);
    } else if (command.kind === 'escape') {
      // An open list (the agency picker) closes first.
      if (document.querySelector('.ant-select-open') !== null) return;
      event.preventDefault();
      onBack();
    }
  });
  useEffect(() => {
    const listener = (event: KeyboardEvent) => onKeyDown(event);
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, []);

  const agencyAvailable = (agencyId: string) => agencies.find((agency) => agency.id === agencyId)?.available;

  const confirm = () => {
    if (pending || waiting) return;
    const step = paymentStep(form, { due, agencyAvailable, needsGuide });
    if (!step.ok) {
      setProblem({ problem: step.problem, field: step.field });
      return;
    }
    setProblem(null);
    const all = [...parts, step.part];
    if (!step.complete) {
      // The rest by another method: after part cash, most often the customer's payment code.
      setParts(all);
      const next: PaymentMethod =
        form.method !== 'cash' ? 'cash' : methods.includes('payment_code') ? 'payment_code' : 'card';
      setForm((current) => paymentForm(next, due - step.part.amount, current));
      setFocusSeq((n) => n + 1);
      return;
    }
    const guide =
      needsGuide && all.some((part) => part.method === 'on_account')
        ? { name: form.guideName.trim(), licence: form.guideLicence.trim() }
        : null;
    onConfirm(all, guide);
  };

  const set = (patch: Partial<PaymentForm>) => {
    setForm((current) => ({ ...current, ...patch }));
    if (problem !== null) setProblem(null);
  };

  const problemText = (field: keyof PaymentForm) =>
    problem !== null && problem.field === field ? (
      <div className="admit-sell-error" role="alert" data-testid="payment-problem">
        {t(`sell.paymentProblems.${problem.problem}`)}
      </div>
    ) : null;

  const cashTendered = form.method === 'cash' ? parseYuan(form.tendered) : null;

  return (
    <section
      className="admit-sell-payment"
      aria-labelledby="sell-payment-heading"
      data-testid="payment-panel"
    >
      <h2 id="sell-payment-heading" className="admit-sell-heading">
        {t('sell.payment')}
      </h2>
      <dl className="admit-sell-due">
        <div>
          <dt>{parts.length === 0 ? t('sell.due') : t('sell.remaining')}</dt>
          <dd className="admit-sell-amount-large" data-testid="payment-due">
            {formatFen(due)}
          </dd>
        </div>
      </dl>
      {parts.length > 0 ? (
        <ul className="admit-sell-parts" data-testid="payment-parts">
          {parts.map((part, index) => (
            <li key={index}>
              {t(`sell.methods.${part.method}`)} {formatFen(part.amount)}
              <Button
                size="small"
                type="link"
                disabled={pending || waiting}
                onClick={() => {
                  setParts(parts.filter((_part, i) => i !== index));
                  setFocusSeq((n) => n + 1);
                }}
              >
                {t('sell.removePart')}
              </Button>
            </li>
          ))}
        </ul>
      ) : null}
      {waiting ? (
        <div className="admit-sell-waiting" role="status" data-testid="payment-waiting">
          <Spin size="large" />
          <p className="admit-sell-waiting-text">{t('sell.waitingForCustomer')}</p>
          <Button danger onClick={onCancelWaiting} data-testid="payment-cancel">
            {t('sell.cancelPayment')}
          </Button>
        </div>
      ) : (
        <form
          className="admit-sell-payment-form"
          onSubmit={(event) => {
            event.preventDefault();
            confirm();
          }}
          onKeyDown={(event) => {
            // Enter in a field confirms (the scanner's Enter after a payment code too), without relying
            // on implicit submission; an open list takes its own Enter.
            const target = event.target as HTMLElement;
            if (event.key !== 'Enter' || event.repeat || target.tagName !== 'INPUT') return;
            if (target.getAttribute('role') === 'combobox') return;
            event.preventDefault();
            confirm();
          }}
          aria-busy={pending}
        >
          <Radio.Group
            value={form.method}
            onChange={(event) => switchMethod(event.target.value as PaymentMethod)}
            optionType="button"
            className="admit-sell-methods"
            aria-label={t('sell.method')}
            data-testid="payment-methods"
            options={methods.map((method) => ({
              value: method,
              label: (
                <span>
                  {t(`sell.methods.${method}`)} <kbd>{METHOD_KEYS[method]}</kbd>
                </span>
              ),
            }))}
          />
          {form.method === 'cash' ? (
            <>
              <label htmlFor="sell-tendered" className="admit-sell-field-label">
                {t('sell.tendered')}
              </label>
              <Input
                id="sell-tendered"
                ref={fieldRef}
                prefix="¥"
                inputMode="decimal"
                autoComplete="off"
                value={form.tendered}
                onChange={(event) => set({ tendered: event.target.value })}
                className="admit-sell-money-input"
                data-testid="cash-tendered"
              />
              {problemText('tendered')}
              {cashTendered !== null && cashTendered >= due ? (
                <dl className="admit-sell-change">
                  <div>
                    <dt>{t('sell.change')}</dt>
                    <dd className="admit-sell-amount-huge" data-testid="change-preview">
                      {formatFen(cashTendered - due)}
                    </dd>
                  </div>
                </dl>
              ) : cashTendered !== null && cashTendered > 0 ? (
                <p className="admit-sell-split-hint" data-testid="split-hint">
                  {t('sell.splitHint', { rest: formatFen(due - cashTendered) })}
                </p>
              ) : null}
            </>
          ) : (
            <>
              <label htmlFor="sell-amount" className="admit-sell-field-label">
                {t('sell.amount')}
              </label>
              <Input
                id="sell-amount"
                ref={form.method === 'on_account' ? fieldRef : undefined}
                prefix="¥"
                inputMode="decimal"
                autoComplete="off"
                value={form.amount}
                onChange={(event) => set({ amount: event.target.value })}
                className="admit-sell-money-input is-small"
                data-testid="payment-amount"
              />
              {problemText('amount')}
            </>
          )}
          {form.method === 'card' ? (
            <>
              <label htmlFor="sell-reference" className="admit-sell-field-label">
                {t('sell.cardReference')}
              </label>
              <Input
                id="sell-reference"
                ref={fieldRef}
                autoComplete="off"
                maxLength={64}
                value={form.reference}
                onChange={(event) => set({ reference: event.target.value })}
                data-testid="card-reference"
              />
              {problemText('reference')}
            </>
          ) : null}
          {form.method === 'payment_code' ? (
            <>
              <label htmlFor="sell-auth-code" className="admit-sell-field-label">
                {t('sell.authCode')}
              </label>
              <Input
                id="sell-auth-code"
                ref={fieldRef}
                autoComplete="off"
                inputMode="numeric"
                maxLength={24}
                value={form.authCode}
                placeholder={t('sell.authCodeHint')}
                onChange={(event) => set({ authCode: event.target.value.replace(/\s/g, '') })}
                className="admit-sell-code-input"
                data-testid="auth-code"
              />
              {form.authCode !== '' && paymentCodeProvider(form.authCode) !== null ? (
                <span className="admit-muted" data-testid="auth-code-provider">
                  {t(`sell.providers.${paymentCodeProvider(form.authCode) ?? 'wechat'}`)}
                </span>
              ) : null}
              {problemText('authCode')}
            </>
          ) : null}
          {form.method === 'on_account' ? (
            <>
              <label htmlFor="sell-agency" className="admit-sell-field-label">
                {t('sell.agency')}
              </label>
              <div ref={agencyRef}>
                <Select
                  id="sell-agency"
                  value={form.agencyId ?? undefined}
                  showSearch={{ optionFilterProp: 'label' }}
                  onChange={(agencyId: string) => set({ agencyId })}
                  className="admit-sell-agency"
                  data-testid="agency-select"
                  notFoundContent={t('sell.noAgencies')}
                  options={agencies.map((agency) => ({
                    value: agency.id,
                    disabled: !agency.active,
                    label: `${agency.name} (${agency.code}) · ${t('sell.available', { amount: formatFen(agency.available) })}`,
                  }))}
                />
              </div>
              {problemText('agencyId')}
              {needsGuide ? (
                <div className="admit-sell-guide">
                  <label htmlFor="sell-guide-name" className="admit-sell-field-label">
                    {t('sell.guideName')}
                  </label>
                  <Input
                    id="sell-guide-name"
                    maxLength={60}
                    value={form.guideName}
                    onChange={(event) => set({ guideName: event.target.value })}
                  />
                  {problemText('guideName')}
                  <label htmlFor="sell-guide-licence" className="admit-sell-field-label">
                    {t('sell.guideLicence')}
                  </label>
                  <Input
                    id="sell-guide-licence"
                    maxLength={40}
                    value={form.guideLicence}
                    onChange={(event) => set({ guideLicence: event.target.value })}
                  />
                  {problemText('guideLicence')}
                </div>
              ) : null}
            </>
          ) : null}
          {error === null ? null : (
            <Alert
              type="error"
              showIcon
              role="alert"
              title={error}
              className="admit-sell-alert"
              data-testid="payment-error"
            />
          )}
          <div className="admit-sell-payment-actions">
            <Button
              type="primary"
              htmlType="submit"
              size="large"
              loading={pending}
              data-testid="payment-confirm"
            >
              {t('sell.confirmPayment')} <kbd>Enter</kbd>
            </Button>
            <Button size="large" onClick={onBack} disabled={pending} data-testid="payment-back">
              {t('sell.backToOrder')} <kbd>Esc</kbd>
            </Button>
          </div>
        </form>
      )}
    </section>
  );
}
