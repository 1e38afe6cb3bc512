// Finance records a payment received from a travel agency (登记收款): money paid to settle what it owes
// on account, with the day it arrived, the bank or receipt reference and a note. Unlike a deposit (paid
// in advance) it is shown against the amount due; both raise the balance and both are on statements.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Drawer, Form, Input, Space, type InputRef } from 'antd';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { agenciesQueryKey, newIdempotencyKey, salesQueryKey, type AgencyView } from '../../api/sales';
import { errorText } from '../../components/errorText';
import { formatFen, todayAtSite } from '../../format';
import { toFen, yuanRule } from '../catalog/money';
import { agencyAccountQueryKey, recordPayment } from './api';

type PaymentForm = { amount: string; receivedOn: string; reference: string; note: string };

const FORM_ID = 'agency-payment-form';

export function PaymentDrawer({
  siteId,
  timeZone,
  agency,
  onClose,
  onSaved,
}: {
  siteId: string;
  /** The site's zone: "today" for the day the money arrived is the site's today. */
  timeZone: string;
  agency: AgencyView | undefined;
  onClose: () => void;
  onSaved: (agency: AgencyView, amount: number) => void;
}) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [form] = Form.useForm<PaymentForm>();
  const attempt = useRef<{ body: string; key: string } | null>(null);
  const amountInput = useRef<InputRef>(null);
  const today = todayAtSite(timeZone);
  const mutation = useMutation({
    mutationFn: async (values: PaymentForm) => {
      if (agency === undefined) throw new Error('no agency');
      const amount = toFen(values.amount);
      const body = {
        amount,
        receivedOn: values.receivedOn,
        reference: (values.reference ?? '').trim(),
        note: (values.note ?? '').trim(),
      };
      // The same payment sent again (a double submit, a retry) keeps its key; a changed one is new.
      const json = JSON.stringify([agency.id, body]);
      if (attempt.current?.body !== json) attempt.current = { body: json, key: newIdempotencyKey() };
      const saved = await recordPayment(siteId, agency.id, body, attempt.current.key);
      return { agency: saved, amount };
    },
    onSuccess: ({ agency: saved, amount }) => {
      void client.invalidateQueries({ queryKey: agenciesQueryKey(siteId) });
      void client.invalidateQueries({ queryKey: agencyAccountQueryKey(siteId, saved.id) });
      void client.invalidateQueries({ queryKey: [...salesQueryKey, siteId, 'box-office'] });
      attempt.current = null;
      onSaved(saved, amount);
    },
  });

  const owed = agency === undefined ? 0 : Math.max(0, -agency.balance);

  return (
    <Drawer
      open={agency !== undefined}
      title={t('agencies.payment.title', { name: agency?.name ?? '' })}
      size={480}
      onClose={onClose}
      destroyOnHidden
      afterOpenChange={(visible) => {
        // The drawer takes the focus when it opens; hand it to the amount, the first thing to type.
        if (visible) amountInput.current?.focus();
        else mutation.reset();
      }}
      footer={
        <Space>
          <Button
            type="primary"
            htmlType="submit"
            form={FORM_ID}
            loading={mutation.isPending}
            data-testid="payment-submit"
          >
            {t('agencies.payment.submit')}
          </Button>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
        </Space>
      }
    >
      {agency === undefined ? null : (
        <p data-testid="payment-owed">
          {owed > 0
            ? t('agencies.payment.owed', { owed: formatFen(owed), available: formatFen(agency.available) })
            : t('agencies.payment.notOwing', {
                balance: formatFen(agency.balance),
                available: formatFen(agency.available),
              })}
        </p>
      )}
      {mutation.isError ? (
        <Alert
          type="error"
          showIcon
          role="alert"
          className="admit-form-alert"
          title={errorText(mutation.error, t)}
        />
      ) : null}
      {agency === undefined ? null : (
        <Form<PaymentForm>
          form={form}
          id={FORM_ID}
          layout="vertical"
          disabled={mutation.isPending}
          initialValues={{ amount: '', receivedOn: today, reference: '', note: '' }}
          onFinish={(values) => mutation.mutate(values)}
        >
          <Form.Item
            name="amount"
            label={t('agencies.payment.amount')}
            rules={[
              yuanRule(t, { required: true }),
              {
                validator: (_rule, value: string | undefined) =>
                  (value ?? '').trim() === '' || toFen(value) > 0
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('agencies.deposit.amountPositive'))),
              },
            ]}
          >
            <Input
              ref={amountInput}
              prefix="¥"
              inputMode="decimal"
              autoComplete="off"
              autoFocus
              className="admit-input-money"
            />
          </Form.Item>
          <Form.Item
            name="receivedOn"
            label={t('agencies.payment.receivedOn')}
            rules={[
              { required: true, message: t('agencies.payment.receivedOnRequired') },
              {
                validator: (_rule, value: string | undefined) =>
                  value === undefined || value === '' || value <= today
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('agencies.payment.receivedOnFuture'))),
              },
            ]}
          >
            <Input type="date" max={today} />
          </Form.Item>
          <Form.Item name="reference" label={t('agencies.deposit.reference')}>
            <Input maxLength={64} autoComplete="off" />
          </Form.Item>
          <Form.Item name="note" label={t('agencies.deposit.note')}>
            <Input maxLength={200} autoComplete="off" />
          </Form.Item>
          <button type="submit" hidden aria-hidden="true" tabIndex={-1} />
        </Form>
      )}
    </Drawer>
  );
}
