// The column mapping of a custom CSV statement, one field per thing the reconciliation needs: which
// column holds the provider's number, ours, the amount (yuan or fen), the type and the status (with
// the file's words for each), the time; where the header is and what separates the cells. Titles are
// typed as the file's header has them (spaces, bracket width and case do not matter).
import { Form, Input, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import type { StatementColumnMappingInput } from './api';

export type MappingForm = {
  providerReference: string;
  ourReference: string;
  paymentReference: string;
  amount: string;
  amountUnit: 'yuan' | 'fen';
  kindColumn: string;
  paymentWords: string;
  refundWords: string;
  statusColumn: string;
  successWords: string;
  closedWords: string;
  time: string;
  headerLine: string;
  delimiter: ',' | ';' | '\t';
};

const text = (value: string | undefined) => {
  const trimmed = (value ?? '').trim();
  return trimmed === '' ? null : trimmed;
};
/** "消费, PAY，支付" → ['消费', 'PAY', '支付'] (either comma). */
const words = (value: string | undefined) =>
  (value ?? '')
    .split(/[,，]/)
    .map((w) => w.trim())
    .filter((w) => w !== '');

export function mappingOf(form: MappingForm): StatementColumnMappingInput {
  const kindColumn = text(form.kindColumn);
  const statusColumn = text(form.statusColumn);
  const values: Record<string, string[]> = {};
  if (words(form.successWords).length > 0) values.success = words(form.successWords);
  if (words(form.closedWords).length > 0) values.closed = words(form.closedWords);
  const headerLine = Number.parseInt(form.headerLine ?? '', 10);
  return {
    providerReference: text(form.providerReference),
    ourReference: text(form.ourReference),
    paymentReference: text(form.paymentReference),
    amount: (form.amount ?? '').trim(),
    amountUnit: form.amountUnit,
    kind: kindColumn
      ? { column: kindColumn, payment: words(form.paymentWords), refund: words(form.refundWords) }
      : null,
    status: statusColumn ? { column: statusColumn, values } : null,
    time: text(form.time),
    ...(Number.isInteger(headerLine) && headerLine > 0 ? { headerLine } : {}),
    delimiter: form.delimiter,
  };
}

const field = (name: keyof MappingForm) => ['mapping', name];

export function MappingFields() {
  const { t } = useTranslation();
  const column = (name: keyof MappingForm, label: string, extra?: string) => (
    <Form.Item name={field(name)} label={label} extra={extra}>
      <Input maxLength={100} autoComplete="off" style={{ width: 220 }} data-testid={`recon-map-${name}`} />
    </Form.Item>
  );
  return (
    <>
      <Space wrap align="start">
        <Form.Item
          name={field('providerReference')}
          label={t('reconciliation.mapping.providerReference')}
          dependencies={[field('ourReference')]}
          rules={[
            ({ getFieldValue }) => ({
              validator: (_rule, value: string | undefined) =>
                text(value) === null && text(getFieldValue(field('ourReference')) as string) === null
                  ? Promise.reject(new Error(t('reconciliation.mapping.columnsRequired')))
                  : Promise.resolve(),
            }),
          ]}
        >
          <Input
            maxLength={100}
            autoComplete="off"
            style={{ width: 220 }}
            data-testid="recon-map-providerReference"
          />
        </Form.Item>
        {column('ourReference', t('reconciliation.mapping.ourReference'))}
        {column('paymentReference', t('reconciliation.mapping.paymentReference'))}
      </Space>
      <Space wrap align="start">
        <Form.Item
          name={field('amount')}
          label={t('reconciliation.mapping.amount')}
          rules={[{ required: true, whitespace: true, message: t('reconciliation.mapping.columnsRequired') }]}
        >
          <Input maxLength={100} autoComplete="off" style={{ width: 220 }} data-testid="recon-map-amount" />
        </Form.Item>
        <Form.Item name={field('amountUnit')} label={t('reconciliation.mapping.amountUnit')}>
          <Select
            style={{ width: 120 }}
            data-testid="recon-map-amountUnit"
            options={(['yuan', 'fen'] as const).map((u) => ({
              value: u,
              label: t(`reconciliation.mapping.units.${u}`),
            }))}
          />
        </Form.Item>
        {column('time', t('reconciliation.mapping.time'))}
      </Space>
      <Space wrap align="start">
        {column('kindColumn', t('reconciliation.mapping.kindColumn'), t('reconciliation.mapping.kindHint'))}
        {column(
          'paymentWords',
          t('reconciliation.mapping.paymentWords'),
          t('reconciliation.mapping.wordsHint'),
        )}
        {column(
          'refundWords',
          t('reconciliation.mapping.refundWords'),
          t('reconciliation.mapping.wordsHint'),
        )}
      </Space>
      <Space wrap align="start">
        {column(
          'statusColumn',
          t('reconciliation.mapping.statusColumn'),
          t('reconciliation.mapping.statusHint'),
        )}
        {column(
          'successWords',
          t('reconciliation.mapping.successWords'),
          t('reconciliation.mapping.wordsHint'),
        )}
        {column(
          'closedWords',
          t('reconciliation.mapping.closedWords'),
          t('reconciliation.mapping.wordsHint'),
        )}
      </Space>
      <Space wrap align="start">
        <Form.Item name={field('headerLine')} label={t('reconciliation.mapping.headerLine')}>
          <Input
            inputMode="numeric"
            maxLength={4}
            autoComplete="off"
            style={{ width: 100 }}
            data-testid="recon-map-headerLine"
          />
        </Form.Item>
        <Form.Item name={field('delimiter')} label={t('reconciliation.mapping.delimiter')}>
          <Select
            style={{ width: 140 }}
            data-testid="recon-map-delimiter"
            options={[
              { value: ',', label: t('reconciliation.mapping.delimiters.comma') },
              { value: ';', label: t('reconciliation.mapping.delimiters.semicolon') },
              { value: '\t', label: t('reconciliation.mapping.delimiters.tab') },
            ]}
          />
        </Form.Item>
      </Space>
    </>
  );
}
