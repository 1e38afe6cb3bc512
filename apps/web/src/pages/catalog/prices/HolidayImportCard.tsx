// Importing the national holiday calendar (the State Council's notice, once a year): a CSV of
// `date,kind,name`, kind `holiday` or `workday` (a make-up working day, 调休). It applies to every site;
// the years in the file replace those years' entries.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input } from 'antd';
import { useId, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { catalogQueryKey, importHolidays } from '../../../api/catalog';
import { ApiError } from '../../../api/client';
import { errorText } from '../../../components/errorText';

type ImportForm = { csv: string };

const EXAMPLE = 'date,kind,name\n2027-02-06,holiday,春节\n2027-02-14,workday,春节调休';

export function HolidayImportCard() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const fileId = useId();
  const [form] = Form.useForm<ImportForm>();
  const mutation = useMutation({
    mutationFn: (values: ImportForm) => importHolidays(values.csv),
    onSuccess: () => void client.invalidateQueries({ queryKey: catalogQueryKey }),
  });

  const readFile = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (file === undefined) return;
    void file.text().then((csv) => {
      form.setFieldsValue({ csv });
      mutation.reset();
    });
  };

  const line =
    mutation.error instanceof ApiError
      ? (mutation.error.details as { line?: number } | undefined)?.line
      : undefined;

  return (
    <Card title={<h2 className="admit-card-heading">{t('catalog.holidays.title')}</h2>}>
      <p className="admit-muted">{t('catalog.holidays.hint')}</p>
      {mutation.isSuccess ? (
        <Alert
          type="success"
          showIcon
          role="status"
          className="admit-form-alert"
          title={
            mutation.data.year === null
              ? t('catalog.holidays.imported', { count: mutation.data.imported })
              : t('catalog.holidays.importedYear', {
                  count: mutation.data.imported,
                  year: mutation.data.year,
                })
          }
        />
      ) : null}
      {mutation.isError ? (
        <Alert
          type="error"
          showIcon
          role="alert"
          className="admit-form-alert"
          title={errorText(mutation.error, t)}
          description={line === undefined ? undefined : t('catalog.holidays.badLine', { line })}
        />
      ) : null}
      <Form<ImportForm>
        form={form}
        layout="vertical"
        disabled={mutation.isPending}
        initialValues={{ csv: '' }}
        onFinish={(values) => mutation.mutate(values)}
      >
        <div className="admit-file-field">
          <label htmlFor={fileId}>{t('catalog.holidays.file')}</label>
          <input id={fileId} type="file" accept=".csv,text/csv,text/plain" onChange={readFile} />
        </div>
        <Form.Item
          name="csv"
          label={t('catalog.holidays.csv')}
          extra={t('catalog.holidays.format')}
          rules={[{ required: true, whitespace: true, message: t('catalog.holidays.csvRequired') }]}
        >
          <Input.TextArea rows={6} spellCheck={false} placeholder={EXAMPLE} className="admit-code-input" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={mutation.isPending} data-testid="holidays-import">
          {t('catalog.holidays.import')}
        </Button>
      </Form>
    </Card>
  );
}
