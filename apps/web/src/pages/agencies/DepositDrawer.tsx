// Recording money a travel agency paid in (预付款 / 还款): the amount, the bank or receipt reference and
// a note. The balance, and so what the agency can buy on account, goes up by the amount.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Drawer, Form, Input, Space } from 'antd';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import {
  agenciesQueryKey,
  newIdempotencyKey,
  recordDeposit,
  salesQueryKey,
  type AgencyView,
} from '../../api/sales';
import { errorText } from '../../components/errorText';
import { formatFen } from '../../format';
import { toFen, yuanRule } from '../catalog/money';

type DepositForm = { amount: string; reference: string; note: string };

const FORM_ID = 'deposit-form';

export function DepositDrawer({
  siteId,
  agency,
  onClose,
  onSaved,
}: {
  siteId: string;
  agency: AgencyView | undefined;
  onClose: () => void;
  onSaved: (agency: AgencyView, amount: number) => void;
}) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [form] = Form.useForm<DepositForm>();
  const attempt = useRef<{ body: string; key: string } | null>(null);
  const mutation = useMutation({
    mutationFn: async (values: DepositForm) => {
      if (agency === undefined) throw new Error('no agency');
      const amount = toFen(values.amount);
      const body = { amount, reference: (values.reference ?? '').trim(), note: (values.note ?? '').trim() };
      // The same deposit sent again (a double submit, a retry) keeps its key; a changed one is new.
      const json = JSON.stringify([agency.id, body]);
      if (attempt.current?.body !== json) attempt.current = { body: json, key: newIdempotencyKey() };
      const saved = await recordDeposit(siteId, agency.id, body, attempt.current.key);
      return { agency: saved, amount };
    },
    onSuccess: ({ agency: saved, amount }) => {
      void client.invalidateQueries({ queryKey: agenciesQueryKey(siteId) });
      void client.invalidateQueries({ queryKey: [...salesQueryKey, siteId, 'box-office'] });
      attempt.current = null;
      onSaved(saved, amount);
    },
  });

  return (
    <Drawer
      open={agency !== undefined}
      title={t('agencies.deposit.title', { name: agency?.name ?? '' })}
      size={480}
      onClose={onClose}
      destroyOnHidden
      afterOpenChange={(visible) => {
        if (!visible) mutation.reset();
      }}
      footer={
        <Space>
          <Button
            type="primary"
            htmlType="submit"
            form={FORM_ID}
            loading={mutation.isPending}
            data-testid="deposit-submit"
          >
            {t('agencies.deposit.submit')}
          </Button>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
        </Space>
      }
    >
      {agency === undefined ? null : (
        <p>
          {t('agencies.deposit.current', {
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
        <Form<DepositForm>
          form={form}
          id={FORM_ID}
          layout="vertical"
          disabled={mutation.isPending}
          initialValues={{ amount: '', reference: '', note: '' }}
          onFinish={(values) => mutation.mutate(values)}
        >
          <Form.Item
            name="amount"
            label={t('agencies.deposit.amount')}
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
              prefix="¥"
              inputMode="decimal"
              autoComplete="off"
              autoFocus
              className="admit-input-money"
            />
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
