// 模拟器演练 — training: switches the installation simulator's notification faults (copies, lost first
// attempts, delay, reordering, a corrupted copy first) and switches them off again. The server keeps
// them in memory only and cannot say which are on, so this shows what was last applied from here.
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Card, Form, InputNumber, Select, Space } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import {
  setSimulatorFaults,
  simulatorCorruptions,
  type SimulatorCorruption,
  type SimulatorFaults,
} from '../../api/payments';
import { errorText } from '../../components/errorText';

type DrillValues = {
  duplicates?: number | null;
  dropAttempts?: number | null;
  delaySeconds?: number | null;
  reorderSeconds?: number | null;
  corrupt: SimulatorCorruption | 'none';
};

const NONE: DrillValues = { corrupt: 'none' };

/** The faults to send: empty inputs (and one copy, no drop, no delay) are faults switched off. */
export function drillFaults(values: DrillValues): SimulatorFaults {
  const faults: SimulatorFaults = {};
  if ((values.duplicates ?? 1) > 1) faults.duplicates = values.duplicates ?? 1;
  if ((values.dropAttempts ?? 0) > 0) faults.dropAttempts = values.dropAttempts ?? 0;
  if ((values.delaySeconds ?? 0) > 0) faults.delayMs = (values.delaySeconds ?? 0) * 1000;
  if ((values.reorderSeconds ?? 0) > 0) faults.reorderMs = (values.reorderSeconds ?? 0) * 1000;
  if (values.corrupt !== 'none') faults.corrupt = values.corrupt;
  return faults;
}

export function drillSummary(faults: SimulatorFaults, t: TFunction): string {
  const parts: string[] = [];
  if (faults.duplicates !== undefined)
    parts.push(t('payments.drills.summary.duplicates', { n: faults.duplicates }));
  if (faults.dropAttempts !== undefined)
    parts.push(t('payments.drills.summary.dropAttempts', { n: faults.dropAttempts }));
  if (faults.delayMs !== undefined)
    parts.push(t('payments.drills.summary.delay', { seconds: faults.delayMs / 1000 }));
  if (faults.reorderMs !== undefined)
    parts.push(t('payments.drills.summary.reorder', { seconds: faults.reorderMs / 1000 }));
  if (faults.corrupt !== undefined && faults.corrupt !== null)
    parts.push(
      t('payments.drills.summary.corrupt', { kind: t(`payments.drills.corruptKinds.${faults.corrupt}`) }),
    );
  return parts.length === 0
    ? t('payments.drills.summary.none')
    : parts.join(t('payments.drills.summary.separator'));
}

export function SimulatorDrills() {
  const { t } = useTranslation();
  const [form] = Form.useForm<DrillValues>();
  const apply = useMutation({ mutationFn: (faults: SimulatorFaults) => setSimulatorFaults(faults) });
  const applied = apply.variables;
  const unavailable = apply.error instanceof ApiError && apply.error.code === 'payment_provider_unavailable';

  let result = null;
  if (apply.isSuccess && applied !== undefined) {
    const off = Object.keys(applied).length === 0;
    result = (
      <Alert
        type={off ? 'info' : 'warning'}
        showIcon
        title={
          off
            ? t('payments.drills.switchedOff')
            : t('payments.drills.applied', { summary: drillSummary(applied, t) })
        }
        data-testid="drills-result"
        data-state={off ? 'off' : 'applied'}
      />
    );
  } else if (apply.isError)
    result = (
      <Alert
        type={unavailable ? 'info' : 'error'}
        showIcon
        title={unavailable ? t('payments.drills.unavailable') : errorText(apply.error, t)}
        data-testid="drills-result"
        data-state={unavailable ? 'unavailable' : 'error'}
      />
    );

  return (
    <Card
      size="small"
      title={
        <h2 className="admit-card-heading" id="payment-drills">
          {t('payments.drills.title')}
        </h2>
      }
    >
      <section aria-labelledby="payment-drills" className="admit-stack">
        <p className="admit-muted">{t('payments.drills.intro')}</p>
        <Form<DrillValues>
          form={form}
          name="drills"
          layout="vertical"
          initialValues={NONE}
          disabled={apply.isPending}
          onFinish={(values) => apply.mutate(drillFaults(values))}
        >
          <div className="admit-area-grid">
            <Form.Item name="duplicates" label={t('payments.drills.duplicates')}>
              <InputNumber min={1} max={20} precision={0} placeholder="1" />
            </Form.Item>
            <Form.Item name="dropAttempts" label={t('payments.drills.dropAttempts')}>
              <InputNumber min={0} max={20} precision={0} placeholder="0" />
            </Form.Item>
            <Form.Item name="delaySeconds" label={t('payments.drills.delaySeconds')}>
              <InputNumber min={0} max={3600} precision={0} placeholder="0" />
            </Form.Item>
            <Form.Item name="reorderSeconds" label={t('payments.drills.reorderSeconds')}>
              <InputNumber min={0} max={600} precision={0} placeholder="0" />
            </Form.Item>
            <Form.Item name="corrupt" label={t('payments.drills.corrupt')}>
              <Select
                options={[
                  { value: 'none', label: t('payments.drills.corruptNone') },
                  ...simulatorCorruptions.map((kind) => ({
                    value: kind,
                    label: t(`payments.drills.corruptKinds.${kind}`),
                  })),
                ]}
              />
            </Form.Item>
          </div>
          <Space wrap>
            <Button type="primary" htmlType="submit" loading={apply.isPending} data-testid="drills-apply">
              {t('payments.drills.apply')}
            </Button>
            <Button
              onClick={() => {
                form.setFieldsValue({
                  duplicates: null,
                  dropAttempts: null,
                  delaySeconds: null,
                  reorderSeconds: null,
                  corrupt: 'none',
                });
                apply.mutate({});
              }}
              disabled={apply.isPending}
              data-testid="drills-off"
            >
              {t('payments.drills.off')}
            </Button>
          </Space>
        </Form>
        <div aria-live="polite">{result}</div>
      </section>
    </Card>
  );
}
