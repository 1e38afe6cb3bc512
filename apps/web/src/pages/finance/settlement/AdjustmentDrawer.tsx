// Recording an adjustment (登记调整): the settled day it corrects, the payment method (and the agency
// when on account), the signed amount in yuan and the reason. It is dated today at the site. The same
// correction sent again (a double submit, a retry) keeps its Idempotency-Key, so it is recorded once.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Drawer, Form, Input, Select, Space, type InputRef } from 'antd';
import { financePaymentMethods, parseYuan, type FinancePaymentMethod } from '@admit/domain';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { SiteView } from '../../../api/catalog';
import { agenciesQuery, newIdempotencyKey } from '../../../api/sales';
import { errorText } from '../../../components/errorText';
import { todayAtSite } from '../../../format';
import { recordAdjustment, settlementsQueryKey } from './api';

type AdjustmentForm = {
  correctsDate: string;
  method: FinancePaymentMethod;
  agencyId: string | undefined;
  amount: string;
  reason: string;
};

const FORM_ID = 'adjustment-form';

export function AdjustmentDrawer({
  site,
  open,
  correctsDate,
  onClose,
  onSaved,
}: {
  site: SiteView;
  open: boolean;
  /** The day shown, when it is settled: the likeliest one to correct. */
  correctsDate: string;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [form] = Form.useForm<AdjustmentForm>();
  const attempt = useRef<{ body: string; key: string } | null>(null);
  const first = useRef<InputRef>(null);
  const agencies = useQuery({ ...agenciesQuery(site.id), enabled: open });
  const mutation = useMutation({
    mutationFn: async (values: AdjustmentForm) => {
      const body = {
        correctsDate: values.correctsDate,
        method: values.method,
        agencyId: values.method === 'on_account' ? (values.agencyId ?? null) : null,
        amount: parseYuan(values.amount) ?? 0,
        reason: values.reason.trim(),
      };
      const json = JSON.stringify(body);
      if (attempt.current?.body !== json) attempt.current = { body: json, key: newIdempotencyKey() };
      return recordAdjustment(site.id, body, attempt.current.key);
    },
    onSuccess: () => {
      attempt.current = null;
      void client.invalidateQueries({ queryKey: settlementsQueryKey(site.id) });
      onSaved();
    },
  });

  return (
    <Drawer
      open={open}
      title={t('finance.adjustments.drawerTitle', { today: todayAtSite(site.timeZone) })}
      size={480}
      onClose={onClose}
      destroyOnHidden
      afterOpenChange={(visible) => {
        if (visible) {
          // A fresh form each time, on the day shown when it is settled (setting the values rather than
          // resetting the fields, which would remount them and lose the focus).
          form.setFieldsValue({ correctsDate, method: 'cash', agencyId: undefined, amount: '', reason: '' });
          first.current?.focus();
        } else mutation.reset();
      }}
      footer={
        <Space>
          <Button
            type="primary"
            htmlType="submit"
            form={FORM_ID}
            loading={mutation.isPending}
            data-testid="adjustment-submit"
          >
            {t('finance.adjustments.submit')}
          </Button>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
        </Space>
      }
    >
      {mutation.isError ? (
        <Alert
          type="error"
          showIcon
          role="alert"
          className="admit-form-alert"
          title={errorText(mutation.error, t)}
        />
      ) : null}
      <Form<AdjustmentForm>
        form={form}
        id={FORM_ID}
        layout="vertical"
        disabled={mutation.isPending}
        initialValues={{ correctsDate, method: 'cash', agencyId: undefined, amount: '', reason: '' }}
        onFinish={(values) => mutation.mutate(values)}
      >
        <Form.Item
          name="correctsDate"
          label={t('finance.adjustments.correctsDate')}
          rules={[{ required: true, message: t('finance.adjustments.correctsDate') }]}
        >
          <Input
            ref={first}
            type="date"
            max={todayAtSite(site.timeZone)}
            data-testid="adjustment-corrects-date"
          />
        </Form.Item>
        <Form.Item name="method" label={t('finance.adjustments.method')}>
          <Select
            data-testid="adjustment-method"
            options={financePaymentMethods.map((m) => ({ value: m, label: t(`finance.methods.${m}`) }))}
          />
        </Form.Item>
        <Form.Item<AdjustmentForm> noStyle shouldUpdate={(before, after) => before.method !== after.method}>
          {({ getFieldValue }) =>
            getFieldValue('method') === 'on_account' ? (
              <Form.Item
                name="agencyId"
                label={t('finance.adjustments.agency')}
                rules={[{ required: true, message: t('finance.adjustments.agencyRequired') }]}
              >
                <Select
                  data-testid="adjustment-agency"
                  showSearch={{ optionFilterProp: 'label' }}
                  loading={agencies.isPending}
                  options={(agencies.data ?? []).map((a) => ({
                    value: a.id,
                    label: `${a.name} (${a.code})`,
                  }))}
                />
              </Form.Item>
            ) : null
          }
        </Form.Item>
        <Form.Item
          name="amount"
          label={t('finance.adjustments.amount')}
          extra={t('finance.adjustments.amountHint')}
          rules={[
            {
              validator: (_rule, value: string | undefined) => {
                const fen = parseYuan((value ?? '').trim());
                if (fen === null) return Promise.reject(new Error(t('catalog.money.invalid')));
                return fen === 0
                  ? Promise.reject(new Error(t('finance.adjustments.amountNotZero')))
                  : Promise.resolve();
              },
            },
          ]}
        >
          <Input prefix="¥" inputMode="decimal" autoComplete="off" data-testid="adjustment-amount" />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('finance.adjustments.reason')}
          rules={[{ required: true, whitespace: true, message: t('finance.adjustments.reasonRequired') }]}
        >
          <Input maxLength={200} autoComplete="off" data-testid="adjustment-reason" />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
