// The site's own price calendar: peak dates (priced as "peak", e.g. a lantern festival) and low or
// high seasons (for season prices). National holidays come from the holiday calendar instead.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntApp, Button, Card, Form, Input, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import {
  setSiteCalendar,
  siteCalendarQuery,
  siteQueryKey,
  type Season,
  type SiteCalendar,
  type SiteView,
} from '../../../api/catalog';
import { errorText } from '../../../components/errorText';
import { seasonOptions } from '../labels';
import { Loading, LoadError } from '../QueryStates';

type CalendarForm = {
  peakDates?: { date: string; name?: string }[];
  seasons?: { dateFrom: string; dateTo: string; season: Season }[];
};

export function CalendarCard({ site, canWrite }: { site: SiteView; canWrite: boolean }) {
  const { t } = useTranslation();
  const calendar = useQuery(siteCalendarQuery(site.id));
  return (
    <Card title={<h2 className="admit-card-heading">{t('catalog.calendar.title')}</h2>}>
      <p className="admit-muted">{t('catalog.calendar.hint')}</p>
      {calendar.isPending ? <Loading /> : null}
      {calendar.isError ? <LoadError error={calendar.error} onRetry={() => void calendar.refetch()} /> : null}
      {calendar.data ? <CalendarForm site={site} calendar={calendar.data} canWrite={canWrite} /> : null}
    </Card>
  );
}

function CalendarForm({
  site,
  calendar,
  canWrite,
}: {
  site: SiteView;
  calendar: SiteCalendar;
  canWrite: boolean;
}) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<CalendarForm>();
  const mutation = useMutation({
    mutationFn: (values: CalendarForm) =>
      setSiteCalendar(site.id, {
        peakDates: (values.peakDates ?? []).map(({ date, name }) => ({ date, name: (name ?? '').trim() })),
        seasons: values.seasons ?? [],
      }),
    onSuccess: () => {
      void message.success(t('catalog.calendar.saved'));
      void client.invalidateQueries({ queryKey: siteQueryKey(site.id) });
    },
  });

  return (
    <Form<CalendarForm>
      form={form}
      layout="vertical"
      disabled={!canWrite || mutation.isPending}
      initialValues={calendar}
      onFinish={(values) => mutation.mutate(values)}
      data-testid="calendar-form"
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
      <fieldset className="admit-fieldset">
        <legend>{t('catalog.calendar.peakDates')}</legend>
        <Form.List name="peakDates">
          {(rows, { add, remove }) => (
            <>
              {rows.length === 0 ? <p className="admit-muted">{t('catalog.calendar.noPeakDates')}</p> : null}
              {rows.map((row, index) => (
                <Space key={row.key} wrap align="start">
                  <Form.Item
                    name={[row.name, 'date']}
                    rules={[{ required: true, message: t('catalog.form.dateRequired') }]}
                  >
                    <Input type="date" aria-label={t('catalog.calendar.peakDateOf', { index: index + 1 })} />
                  </Form.Item>
                  <Form.Item name={[row.name, 'name']}>
                    <Input
                      maxLength={60}
                      placeholder={t('catalog.calendar.peakName')}
                      aria-label={t('catalog.calendar.peakNameOf', { index: index + 1 })}
                    />
                  </Form.Item>
                  <Button
                    type="link"
                    danger
                    onClick={() => remove(row.name)}
                    aria-label={t('catalog.form.removeRow', { index: index + 1 })}
                  >
                    {t('catalog.form.remove')}
                  </Button>
                </Space>
              ))}
              <Button onClick={() => add({ date: '', name: '' })}>{t('catalog.calendar.addPeakDate')}</Button>
            </>
          )}
        </Form.List>
      </fieldset>
      <fieldset className="admit-fieldset">
        <legend>{t('catalog.calendar.seasons')}</legend>
        <Form.List name="seasons">
          {(rows, { add, remove }) => (
            <>
              {rows.length === 0 ? <p className="admit-muted">{t('catalog.calendar.noSeasons')}</p> : null}
              {rows.map((row, index) => (
                <Space key={row.key} wrap align="start">
                  <Form.Item
                    name={[row.name, 'dateFrom']}
                    rules={[{ required: true, message: t('catalog.form.dateRequired') }]}
                  >
                    <Input
                      type="date"
                      aria-label={t('catalog.calendar.seasonFromOf', { index: index + 1 })}
                    />
                  </Form.Item>
                  <Form.Item
                    name={[row.name, 'dateTo']}
                    dependencies={[['seasons', row.name, 'dateFrom']]}
                    rules={[
                      { required: true, message: t('catalog.form.dateRequired') },
                      ({ getFieldValue }) => ({
                        validator: (_rule, value: string | undefined) => {
                          const from = getFieldValue(['seasons', row.name, 'dateFrom']) as string | undefined;
                          return !value || !from || value >= from
                            ? Promise.resolve()
                            : Promise.reject(new Error(t('catalog.form.endBeforeStart')));
                        },
                      }),
                    ]}
                  >
                    <Input type="date" aria-label={t('catalog.calendar.seasonToOf', { index: index + 1 })} />
                  </Form.Item>
                  <Form.Item name={[row.name, 'season']}>
                    <Select
                      options={seasonOptions(t)}
                      className="admit-select-small"
                      aria-label={t('catalog.calendar.seasonOf', { index: index + 1 })}
                    />
                  </Form.Item>
                  <Button
                    type="link"
                    danger
                    onClick={() => remove(row.name)}
                    aria-label={t('catalog.form.removeRow', { index: index + 1 })}
                  >
                    {t('catalog.form.remove')}
                  </Button>
                </Space>
              ))}
              <Button onClick={() => add({ dateFrom: '', dateTo: '', season: 'high' })}>
                {t('catalog.calendar.addSeason')}
              </Button>
            </>
          )}
        </Form.List>
      </fieldset>
      {canWrite ? (
        <Button type="primary" htmlType="submit" loading={mutation.isPending} data-testid="calendar-save">
          {t('common.save')}
        </Button>
      ) : null}
    </Form>
  );
}
