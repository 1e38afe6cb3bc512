// The filters of a report: the dates, and as the report has them the granularity, the grouping, the
// heat map's rows or the gate. They apply on Enter or with the button, not on every keystroke, so a
// half-typed date never sends a query.
import { useQuery } from '@tanstack/react-query';
import { reportGranularitySchema, type ReportKind } from '@admit/contracts';
import { reportRangeProblem } from '@admit/domain';
import { Button, Form, Input, Select } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { gatesQuery } from '../../api/catalog';
import { localized } from '../../format';
import { useLocale } from '../../i18n/hooks';
import { REPORT_FIELDS, type HeatmapMode, type ReportFilters } from './filters';

type Draft = {
  from: string;
  to: string;
  granularity: ReportFilters['granularity'];
  groupBy: string;
  mode: HeatmapMode;
  gateId: string;
};

const ALL_GATES = '';

function draftOf(filters: ReportFilters): Draft {
  return { ...filters, gateId: filters.gateId ?? ALL_GATES };
}

export function ReportFiltersForm({
  kind,
  applied,
  siteId,
  onApply,
}: {
  kind: ReportKind;
  applied: ReportFilters;
  siteId: string | undefined;
  onApply: (filters: ReportFilters) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Draft>();
  const fields = REPORT_FIELDS[kind];
  // Filters applied elsewhere (the back button, another report) show in the fields; typing does not
  // touch them until applied.
  const appliedKey = JSON.stringify(draftOf(applied));
  useEffect(() => form.setFieldsValue(JSON.parse(appliedKey) as Draft), [form, appliedKey]);

  const finish = (draft: Draft) =>
    onApply({
      from: draft.from,
      to: draft.to,
      granularity: draft.granularity ?? applied.granularity,
      groupBy: draft.groupBy ?? applied.groupBy,
      mode: draft.mode ?? applied.mode,
      gateId: draft.gateId === ALL_GATES || draft.gateId === undefined ? undefined : draft.gateId,
    });

  return (
    <Form<Draft>
      form={form}
      layout="inline"
      onFinish={finish}
      initialValues={draftOf(applied)}
      aria-label={t('reports.filters.label')}
      data-testid="report-filters"
      className="admit-report-filters"
    >
      <Form.Item
        name="from"
        label={t('reports.filters.from')}
        rules={[{ required: true, message: t('reports.filters.dateRequired') }]}
      >
        <Input type="date" data-testid="report-from" />
      </Form.Item>
      <Form.Item
        name="to"
        label={t('reports.filters.to')}
        dependencies={['from']}
        rules={[
          { required: true, message: t('reports.filters.dateRequired') },
          ({ getFieldValue }) => ({
            validator: (_rule, to: string) => {
              const from = getFieldValue('from') as string;
              const problem = from && to ? reportRangeProblem(from, to) : null;
              return problem === null
                ? Promise.resolve()
                : Promise.reject(new Error(t(`reports.filters.range.${problem}`)));
            },
          }),
        ]}
      >
        <Input type="date" data-testid="report-to" />
      </Form.Item>
      {fields.granularity ? (
        <Form.Item name="granularity" label={t('reports.filters.granularity')}>
          <Select
            data-testid="report-granularity"
            popupMatchSelectWidth={false}
            options={reportGranularitySchema.options.map((value) => ({
              value,
              label: t(`reports.granularities.${value}`),
            }))}
          />
        </Form.Item>
      ) : null}
      {fields.groupings.length > 0 ? (
        <Form.Item name="groupBy" label={t('reports.filters.groupBy')}>
          <Select
            data-testid="report-group-by"
            popupMatchSelectWidth={false}
            options={fields.groupings.map((value) => ({
              value,
              label: t(`reports.groupings.${value as 'none'}`),
            }))}
          />
        </Form.Item>
      ) : null}
      {fields.mode ? (
        <Form.Item name="mode" label={t('reports.filters.mode')}>
          <Select
            data-testid="report-mode"
            popupMatchSelectWidth={false}
            options={[
              { value: 'weekday_hour', label: t('reports.heatmapModes.weekday_hour') },
              { value: 'date_hour', label: t('reports.heatmapModes.date_hour') },
            ]}
          />
        </Form.Item>
      ) : null}
      {fields.gate && siteId !== undefined ? <GateField siteId={siteId} /> : null}
      <Form.Item>
        <Button type="primary" htmlType="submit" data-testid="report-apply">
          {t('reports.filters.apply')}
        </Button>
      </Form.Item>
    </Form>
  );
}

function GateField({ siteId }: { siteId: string }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const gates = useQuery(gatesQuery(siteId));
  return (
    <Form.Item name="gateId" label={t('reports.filters.gate')}>
      <Select
        data-testid="report-gate"
        popupMatchSelectWidth={false}
        loading={gates.isPending}
        options={[
          { value: ALL_GATES, label: t('reports.filters.allGates') },
          ...(gates.data ?? []).map((gate) => ({
            value: gate.id,
            label: localized(locale, gate.nameZh, gate.nameEn),
          })),
        ]}
      />
    </Form.Item>
  );
}
