// "Generate sessions": a schedule (dates, weekdays, start times, duration, capacity, ticket types) →
// Preview (what would be created, with sessions that already exist and closed dates that are skipped)
// → Apply. The server plans both with the same function, so what the admin saw is what is created;
// a schedule with duplicates is refused whole, so Apply waits for a preview without any.
import { addDays, weekdayOf } from '@admit/domain';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Checkbox,
  Drawer,
  Form,
  Input,
  InputNumber,
  Radio,
  Select,
  Space,
  Table,
  Tag,
  type FormInstance,
  type TableColumnsType,
} from 'antd';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  generateSessions,
  previewSessions,
  sessionKinds,
  sessionsQueryKey,
  type PlannedSession,
  type ProductView,
  type ScheduleInput,
  type SchedulePreview,
  type SessionKind,
  type SiteView,
} from '../../../api/catalog';
import { ApiError } from '../../../api/client';
import { errorText } from '../../../components/errorText';
import { localized, timeAtSite, todayAtSite } from '../../../format';
import { useLocale } from '../../../i18n/hooks';
import { weekdayName, weekdayOptions } from '../labels';

type ScheduleForm = {
  kind: SessionKind;
  from: string;
  to: string;
  weekdays: number[];
  timesMode: 'range' | 'list';
  first: string;
  last: string;
  everyMinutes: number | null;
  list: string;
  durationMinutes: number | null;
  capacity: number | null;
  productIds: string[];
  nameZh: string;
  nameEn: string;
  routeFrom: string;
  routeTo: string;
};

type PreviewRow = PlannedSession & { duplicate: boolean };

const FORM_ID = 'schedule-form';
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const MAX_DAYS = 400;

/** The server's schedule problems (packages/domain/src/catalog/schedule.ts) → the field at fault. */
const problemFields: Record<string, keyof ScheduleForm> = {
  invalid_date_range: 'to',
  date_range_too_long: 'to',
  invalid_time: 'first',
  invalid_step: 'everyMinutes',
  invalid_duration: 'durationMinutes',
  invalid_capacity: 'capacity',
};

function timeList(text: string): string[] {
  return text
    .split(/[\s,，、;；]+/)
    .map((time) => time.trim())
    .filter(Boolean);
}

function scheduleBody(values: ScheduleForm): ScheduleInput {
  const departure = values.kind === 'departure';
  return {
    kind: values.kind,
    from: values.from,
    to: values.to,
    weekdays: values.weekdays ?? [],
    times:
      values.timesMode === 'list'
        ? { list: timeList(values.list ?? '') }
        : { first: values.first, last: values.last, everyMinutes: values.everyMinutes ?? 60 },
    durationMinutes: values.durationMinutes ?? 60,
    capacity: values.capacity ?? 0,
    productIds: values.productIds ?? [],
    nameZh: (values.nameZh ?? '').trim(),
    nameEn: (values.nameEn ?? '').trim(),
    routeFrom: departure && values.routeFrom?.trim() ? values.routeFrom.trim() : null,
    routeTo: departure && values.routeTo?.trim() ? values.routeTo.trim() : null,
  };
}

function defaults(site: SiteView): ScheduleForm {
  const today = todayAtSite(site.timeZone);
  return {
    kind: 'timeslot',
    from: today,
    to: addDays(today, 6),
    weekdays: [],
    timesMode: 'range',
    first: '08:00',
    last: '16:00',
    everyMinutes: 60,
    list: '',
    durationMinutes: 60,
    capacity: 300,
    productIds: [],
    nameZh: '',
    nameEn: '',
    routeFrom: '',
    routeTo: '',
  };
}

export function GenerateSessionsDrawer({
  open,
  site,
  products,
  onClose,
  onGenerated,
}: {
  open: boolean;
  site: SiteView;
  products: readonly ProductView[];
  onClose: () => void;
  onGenerated: (result: { created: number; from: string }) => void;
}) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [form] = Form.useForm<ScheduleForm>();
  // The schedule the preview shows; Apply sends exactly this.
  const [previewed, setPreviewed] = useState<ScheduleInput | null>(null);

  const showProblems = (error: unknown) => {
    if (!(error instanceof ApiError) || error.code !== 'schedule_invalid') return;
    const problems = ((error.details ?? {}) as { problems?: string[] }).problems ?? [];
    form.setFields(
      problems.flatMap((problem) => {
        const field = problemFields[problem];
        return field === undefined ? [] : [{ name: field, errors: [error.message] }];
      }),
    );
  };

  const preview = useMutation({
    mutationFn: (body: ScheduleInput) => previewSessions(site.id, body),
    onSuccess: (_result, body) => setPreviewed(body),
    onError: showProblems,
  });
  const apply = useMutation({
    mutationFn: (body: ScheduleInput) => generateSessions(site.id, body),
    onSuccess: ({ created }, body) => {
      void client.invalidateQueries({ queryKey: sessionsQueryKey(site.id) });
      onGenerated({ created, from: body.from });
    },
  });

  const result = previewed !== null ? preview.data : undefined;
  const canApply = result !== undefined && result.sessions.length > 0 && result.duplicates.length === 0;
  const failure = apply.error ?? preview.error;

  return (
    <Drawer
      open={open}
      title={t('catalog.sessions.generate.title')}
      size={880}
      onClose={onClose}
      destroyOnHidden
      afterOpenChange={(visible) => {
        if (!visible) {
          preview.reset();
          apply.reset();
          setPreviewed(null);
        }
      }}
      footer={
        <Space wrap>
          <Button
            htmlType="submit"
            form={FORM_ID}
            type={canApply ? 'default' : 'primary'}
            loading={preview.isPending}
            data-testid="schedule-preview"
          >
            {t('catalog.sessions.generate.preview')}
          </Button>
          <Button
            type="primary"
            disabled={!canApply}
            loading={apply.isPending}
            onClick={() => {
              if (previewed !== null) apply.mutate(previewed);
            }}
            data-testid="schedule-apply"
          >
            {result === undefined
              ? t('catalog.sessions.generate.apply')
              : t('catalog.sessions.generate.applyCount', { count: result.sessions.length })}
          </Button>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
        </Space>
      }
    >
      {failure !== null && !(failure instanceof ApiError && failure.code === 'schedule_invalid') ? (
        <Alert
          type="error"
          showIcon
          role="alert"
          className="admit-form-alert"
          title={errorText(failure, t)}
          description={duplicateCount(failure, t)}
        />
      ) : null}
      <Form<ScheduleForm>
        form={form}
        id={FORM_ID}
        layout="vertical"
        disabled={preview.isPending || apply.isPending}
        initialValues={defaults(site)}
        // Any change makes the preview stale: preview again before applying.
        onValuesChange={() => {
          if (previewed !== null || preview.isError) {
            setPreviewed(null);
            preview.reset();
          }
          apply.reset();
        }}
        onFinish={(values) => preview.mutate(scheduleBody(values))}
      >
        <ScheduleFields form={form} products={products} />
        <button type="submit" hidden aria-hidden="true" tabIndex={-1} />
      </Form>
      {result !== undefined ? <PreviewResult result={result} timeZone={site.timeZone} /> : null}
    </Drawer>
  );
}

function duplicateCount(error: unknown, t: TFunction): string | undefined {
  if (!(error instanceof ApiError) || error.code !== 'sessions_would_duplicate') return undefined;
  const count = ((error.details ?? {}) as { count?: number }).count;
  return count === undefined ? undefined : t('catalog.sessions.generate.duplicatesFound', { count });
}

function ScheduleFields({
  form,
  products,
}: {
  form: FormInstance<ScheduleForm>;
  products: readonly ProductView[];
}) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const timesMode = Form.useWatch('timesMode', form);
  const kind = Form.useWatch('kind', form);
  const productOptions = products
    .filter((product) => product.active)
    .map((product) => ({
      value: product.id,
      label: `${localized(locale, product.nameZh, product.nameEn)} (${product.code})`,
    }));

  return (
    <>
      <Form.Item name="kind" label={t('catalog.sessions.generate.kind')}>
        <Radio.Group
          options={sessionKinds.map((value) => ({ value, label: t(`catalog.sessions.kinds.${value}`) }))}
        />
      </Form.Item>
      <Space wrap align="start" className="admit-form-pair">
        <Form.Item
          name="from"
          label={t('catalog.sessions.generate.from')}
          rules={[{ required: true, message: t('catalog.form.dateRequired') }]}
        >
          <Input type="date" autoFocus data-testid="schedule-from" />
        </Form.Item>
        <Form.Item
          name="to"
          label={t('catalog.sessions.generate.to')}
          dependencies={['from']}
          rules={[
            { required: true, message: t('catalog.form.dateRequired') },
            ({ getFieldValue }) => ({
              validator: (_rule, value: string | undefined) => {
                const from = getFieldValue('from') as string | undefined;
                if (!value || !from) return Promise.resolve();
                if (value < from) return Promise.reject(new Error(t('catalog.form.endBeforeStart')));
                if (value >= addDays(from, MAX_DAYS))
                  return Promise.reject(
                    new Error(t('catalog.sessions.generate.tooLong', { days: MAX_DAYS })),
                  );
                return Promise.resolve();
              },
            }),
          ]}
        >
          <Input type="date" data-testid="schedule-to" />
        </Form.Item>
      </Space>
      <Form.Item
        name="weekdays"
        label={t('catalog.sessions.generate.weekdays')}
        extra={t('catalog.sessions.generate.weekdaysHint')}
      >
        <Checkbox.Group options={weekdayOptions(t)} />
      </Form.Item>
      <Form.Item name="timesMode" label={t('catalog.sessions.generate.times')}>
        <Radio.Group
          options={[
            { value: 'range', label: t('catalog.sessions.generate.timesRange') },
            { value: 'list', label: t('catalog.sessions.generate.timesList') },
          ]}
        />
      </Form.Item>
      {timesMode === 'list' ? (
        <Form.Item
          name="list"
          label={t('catalog.sessions.generate.list')}
          extra={t('catalog.sessions.generate.listHint')}
          rules={[
            {
              validator: (_rule, value: string | undefined) => {
                const times = timeList(value ?? '');
                if (times.length === 0)
                  return Promise.reject(new Error(t('catalog.sessions.generate.listRequired')));
                const bad = times.find((time) => !TIME.test(time));
                return bad === undefined
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('catalog.sessions.generate.badTime', { time: bad })));
              },
            },
          ]}
        >
          <Input autoComplete="off" spellCheck={false} placeholder="09:00, 14:30, 19:30" />
        </Form.Item>
      ) : (
        <Space wrap align="start" className="admit-form-pair">
          <Form.Item
            name="first"
            label={t('catalog.sessions.generate.first')}
            rules={[{ required: true, message: t('catalog.form.timeRequired') }]}
          >
            <Input type="time" data-testid="schedule-first" />
          </Form.Item>
          <Form.Item
            name="last"
            label={t('catalog.sessions.generate.last')}
            dependencies={['first']}
            rules={[
              { required: true, message: t('catalog.form.timeRequired') },
              ({ getFieldValue }) => ({
                validator: (_rule, value: string | undefined) => {
                  const first = getFieldValue('first') as string | undefined;
                  return !value || !first || value >= first
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('catalog.sessions.generate.lastBeforeFirst')));
                },
              }),
            ]}
          >
            <Input type="time" data-testid="schedule-last" />
          </Form.Item>
          <Form.Item
            name="everyMinutes"
            label={t('catalog.sessions.generate.every')}
            rules={[
              {
                required: true,
                type: 'integer',
                min: 5,
                max: 1440,
                message: t('catalog.sessions.generate.everyInvalid'),
              },
            ]}
          >
            <InputNumber min={5} max={1440} precision={0} suffix={t('catalog.sessions.generate.minutes')} />
          </Form.Item>
        </Space>
      )}
      <Space wrap align="start" className="admit-form-pair">
        <Form.Item
          name="durationMinutes"
          label={t('catalog.sessions.generate.duration')}
          rules={[
            {
              required: true,
              type: 'integer',
              min: 1,
              max: 1440,
              message: t('catalog.sessions.generate.durationInvalid'),
            },
          ]}
        >
          <InputNumber min={1} max={1440} precision={0} suffix={t('catalog.sessions.generate.minutes')} />
        </Form.Item>
        <Form.Item
          name="capacity"
          label={t('catalog.sessions.generate.capacity')}
          rules={[
            {
              required: true,
              type: 'integer',
              min: 0,
              message: t('catalog.sessions.generate.capacityInvalid'),
            },
          ]}
        >
          <InputNumber min={0} precision={0} data-testid="schedule-capacity" />
        </Form.Item>
      </Space>
      <Form.Item
        name="productIds"
        label={t('catalog.sessions.generate.products')}
        extra={t('catalog.sessions.generate.productsHint')}
        rules={[
          { required: true, type: 'array', min: 1, message: t('catalog.sessions.generate.productsRequired') },
        ]}
      >
        <Select
          mode="multiple"
          options={productOptions}
          showSearch={{ optionFilterProp: 'label' }}
          data-testid="schedule-products"
        />
      </Form.Item>
      <Space wrap align="start" className="admit-form-pair">
        <Form.Item name="nameZh" label={t('catalog.sessions.generate.nameZh')}>
          <Input lang="zh-CN" maxLength={60} />
        </Form.Item>
        <Form.Item name="nameEn" label={t('catalog.sessions.generate.nameEn')}>
          <Input lang="en" maxLength={100} />
        </Form.Item>
      </Space>
      {kind === 'departure' ? (
        <Space wrap align="start" className="admit-form-pair">
          <Form.Item name="routeFrom" label={t('catalog.sessions.generate.routeFrom')}>
            <Input maxLength={60} />
          </Form.Item>
          <Form.Item name="routeTo" label={t('catalog.sessions.generate.routeTo')}>
            <Input maxLength={60} />
          </Form.Item>
        </Space>
      ) : null}
    </>
  );
}

function PreviewResult({ result, timeZone }: { result: SchedulePreview; timeZone: string }) {
  const { t } = useTranslation();
  const taken = new Set(result.duplicates.map((session) => session.startsAt));
  const rows: PreviewRow[] = result.sessions.map((session) => ({
    ...session,
    duplicate: taken.has(session.startsAt),
  }));
  const columns: TableColumnsType<PreviewRow> = [
    {
      key: 'date',
      title: t('catalog.sessions.fields.date'),
      className: 'admit-nowrap',
      render: (_value, row) => `${row.date} ${weekdayName(t, weekdayOf(row.date))}`,
    },
    {
      key: 'time',
      title: t('catalog.sessions.fields.time'),
      className: 'admit-nowrap',
      render: (_value, row) => `${row.startTime}–${timeAtSite(row.endsAt, timeZone)}`,
    },
    { key: 'capacity', title: t('catalog.sessions.fields.capacity'), align: 'right', dataIndex: 'capacity' },
    {
      key: 'state',
      title: t('catalog.form.status'),
      render: (_value, row) =>
        row.duplicate ? (
          <Tag color="red" data-testid="preview-duplicate">
            {t('catalog.sessions.generate.duplicate')}
          </Tag>
        ) : (
          <Tag color="green">{t('catalog.sessions.generate.new')}</Tag>
        ),
    },
  ];

  return (
    <section
      aria-labelledby="schedule-preview-heading"
      className="admit-preview"
      data-testid="schedule-preview-result"
    >
      <h2 id="schedule-preview-heading" className="admit-card-heading">
        {t('catalog.sessions.generate.previewTitle')}
      </h2>
      <p role="status" data-testid="preview-summary" className="admit-sentences">
        <span>{t('catalog.sessions.generate.summary', { count: result.sessions.length })}</span>
        {result.duplicates.length > 0 ? (
          <span>{t('catalog.sessions.generate.summaryDuplicates', { count: result.duplicates.length })}</span>
        ) : null}
        {result.skippedClosedDates.length > 0 ? (
          <span>
            {t('catalog.sessions.generate.summarySkipped', { count: result.skippedClosedDates.length })}
          </span>
        ) : null}
      </p>
      {result.duplicates.length > 0 ? (
        <Alert
          type="warning"
          showIcon
          className="admit-form-alert"
          title={t('catalog.sessions.generate.duplicatesBlock')}
        />
      ) : null}
      {result.sessions.length === 0 ? (
        <Alert
          type="info"
          showIcon
          className="admit-form-alert"
          title={t('catalog.sessions.generate.nothing')}
        />
      ) : null}
      {result.skippedClosedDates.length > 0 ? (
        <div className="admit-skipped" data-testid="preview-skipped">
          <span>{t('catalog.sessions.generate.skipped')}</span>
          <Space size={[4, 4]} wrap>
            {result.skippedClosedDates.map((date) => (
              <Tag key={date}>{date}</Tag>
            ))}
          </Space>
        </div>
      ) : null}
      <Table<PreviewRow>
        rowKey="startsAt"
        size="small"
        columns={columns}
        dataSource={rows}
        rowClassName={(row) => (row.duplicate ? 'admit-row-duplicate' : '')}
        pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
        data-testid="preview-table"
      />
    </section>
  );
}
