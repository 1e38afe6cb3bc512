// The days a site is closed (maintenance, weather): no sessions are generated on them. Saved as a whole
// list, which replaces the previous one.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntApp, Button, Card, Form, Input, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { catalogQueryKey, setClosedDates, type SiteView } from '../../../api/catalog';
import { errorText } from '../../../components/errorText';

type ClosedDatesForm = { dates?: { date: string; reason?: string }[] };

export function ClosedDatesCard({ site, canWrite }: { site: SiteView; canWrite: boolean }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<ClosedDatesForm>();
  const mutation = useMutation({
    mutationFn: (values: ClosedDatesForm) =>
      setClosedDates(site.id, {
        dates: [...(values.dates ?? [])]
          .map(({ date, reason }) => ({ date, reason: (reason ?? '').trim() }))
          .sort((a, b) => a.date.localeCompare(b.date)),
      }),
    onSuccess: () => {
      void message.success(t('catalog.closedDates.saved'));
      void client.invalidateQueries({ queryKey: catalogQueryKey });
    },
  });

  return (
    <Card title={<h2 className="admit-card-heading">{t('catalog.closedDates.title')}</h2>}>
      <p className="admit-muted">{t('catalog.closedDates.hint')}</p>
      {mutation.isError ? (
        <Alert
          type="error"
          showIcon
          role="alert"
          className="admit-form-alert"
          title={errorText(mutation.error, t)}
        />
      ) : null}
      <Form<ClosedDatesForm>
        form={form}
        layout="vertical"
        disabled={!canWrite || mutation.isPending}
        initialValues={{ dates: site.closedDates }}
        onFinish={(values) => mutation.mutate(values)}
        data-testid="closed-dates-form"
      >
        <Form.List name="dates">
          {(rows, { add, remove }) => (
            <>
              {rows.length === 0 ? <p>{t('catalog.closedDates.none')}</p> : null}
              {rows.map((row, index) => (
                <Space key={row.key} wrap align="start">
                  <Form.Item
                    name={[row.name, 'date']}
                    rules={[
                      { required: true, message: t('catalog.form.dateRequired') },
                      ({ getFieldValue }) => ({
                        validator: (_rule, value: string | undefined) => {
                          const all = (getFieldValue('dates') as ClosedDatesForm['dates']) ?? [];
                          const same = all.filter((entry) => entry?.date === value).length;
                          return value === undefined || value === '' || same <= 1
                            ? Promise.resolve()
                            : Promise.reject(new Error(t('catalog.closedDates.duplicate')));
                        },
                      }),
                    ]}
                  >
                    <Input type="date" aria-label={t('catalog.closedDates.dateOf', { index: index + 1 })} />
                  </Form.Item>
                  <Form.Item name={[row.name, 'reason']}>
                    <Input
                      maxLength={100}
                      placeholder={t('catalog.closedDates.reason')}
                      aria-label={t('catalog.closedDates.reasonOf', { index: index + 1 })}
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
              {canWrite ? (
                <Space wrap>
                  <Button onClick={() => add({ date: '', reason: '' })} disabled={rows.length >= 400}>
                    {t('catalog.closedDates.add')}
                  </Button>
                  <Button
                    type="primary"
                    htmlType="submit"
                    loading={mutation.isPending}
                    data-testid="closed-dates-save"
                  >
                    {t('common.save')}
                  </Button>
                </Space>
              ) : null}
            </>
          )}
        </Form.List>
      </Form>
    </Card>
  );
}
