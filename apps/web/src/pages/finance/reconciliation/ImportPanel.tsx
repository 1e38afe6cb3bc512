// Importing a statement: the file, its format (recognised, Alipay, WeChat Pay, or a custom CSV with its
// columns mapped — a saved mapping or one filled in here, which can be saved for next time), the
// provider whose payments it covers, and optionally its days. Enter in any field imports. A file
// imported before is refused until "import anyway" is ticked.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntApp, Button, Card, Checkbox, Form, Input, Select, Space } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SiteView } from '../../../api/catalog';
import { ApiError } from '../../../api/client';
import { errorText } from '../../../components/errorText';
import {
  fileAsBase64,
  importStatement,
  mappingsQuery,
  reconciliationQueryKey,
  saveMapping,
  type ReconciliationImportRequest,
  type StatementColumnMappingInput,
} from './api';
import { MappingFields, mappingOf, type MappingForm } from './MappingFields';

type Format = NonNullable<ReconciliationImportRequest['format']>;
type Provider = '' | 'alipay' | 'wechat' | 'simulator';

type ImportForm = {
  format: Format;
  provider: Provider;
  periodFrom: string;
  periodTo: string;
  /** '' : the mapping filled in below. */
  mappingId: string;
  force: boolean;
  mapping: MappingForm;
};

const FORMATS: Format[] = ['auto', 'alipay', 'wechat', 'mapped'];
const PROVIDERS: Provider[] = ['', 'alipay', 'wechat', 'simulator'];

const emptyMapping: MappingForm = {
  providerReference: '',
  ourReference: '',
  paymentReference: '',
  amount: '',
  amountUnit: 'yuan',
  kindColumn: '',
  paymentWords: '',
  refundWords: '',
  statusColumn: '',
  successWords: '',
  closedWords: '',
  time: '',
  headerLine: '',
  delimiter: ',',
};

export function ImportPanel({ site, onImported }: { site: SiteView; onImported: (runId: string) => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<ImportForm>();
  const [file, setFile] = useState<File | null>(null);
  const [fileMissing, setFileMissing] = useState(false);
  const [askForce, setAskForce] = useState(false);
  const [saveName, setSaveName] = useState('');
  const fileRef = useRef<HTMLInputElement>(null);
  const format = Form.useWatch('format', form) ?? 'auto';
  const mappingId = Form.useWatch('mappingId', form) ?? '';
  const mappings = useQuery({ ...mappingsQuery(site.id), enabled: format === 'mapped' });

  const mutation = useMutation({
    mutationFn: async ({ values, chosen }: { values: ImportForm; chosen: File }) => {
      const mapped = values.format === 'mapped';
      return importStatement({
        siteId: site.id,
        format: values.format,
        provider: values.provider === '' ? null : values.provider,
        mappingId: mapped && values.mappingId !== '' ? values.mappingId : null,
        mapping: mapped && values.mappingId === '' ? mappingOf(values.mapping) : null,
        periodFrom: values.periodFrom === '' ? null : values.periodFrom,
        periodTo: values.periodTo === '' ? null : values.periodTo,
        fileName: chosen.name,
        contentBase64: await fileAsBase64(chosen),
        force: askForce && values.force,
      });
    },
    onSuccess: ({ run, duplicateOf }) => {
      void client.invalidateQueries({ queryKey: reconciliationQueryKey(site.id) });
      const parts = [
        t('reconciliation.import.done', { file: run.fileName, lines: run.lineCount, open: run.openCount }),
      ];
      if (run.parseErrors.length > 0)
        parts.push(t('reconciliation.import.parseErrors', { count: run.parseErrors.length }));
      if (duplicateOf !== null) parts.push(t('reconciliation.import.duplicate'));
      void message.success(parts.join(' '));
      setAskForce(false);
      form.setFieldValue('force', false);
      onImported(run.id);
    },
    onError: (error) => {
      if (error instanceof ApiError && error.code === 'reconciliation_already_imported') setAskForce(true);
    },
  });

  const save = useMutation({
    mutationFn: (mapping: StatementColumnMappingInput) => saveMapping(site.id, saveName.trim(), mapping),
    onSuccess: (saved) => {
      void client.invalidateQueries({ queryKey: mappingsQuery(site.id).queryKey });
      form.setFieldValue('mappingId', saved.id);
      setSaveName('');
      void message.success(t('reconciliation.mapping.savedAs', { name: saved.name }));
    },
    onError: (error) => void message.error(errorText(error, t)),
  });

  const submit = (values: ImportForm) => {
    if (!file) {
      setFileMissing(true);
      fileRef.current?.focus();
      return;
    }
    mutation.mutate({ values, chosen: file });
  };

  /** Saves the mapping filled in: only its own fields are checked (the provider is the import's). */
  const saveCurrentMapping = async () => {
    try {
      await form.validateFields([
        ['mapping', 'providerReference'],
        ['mapping', 'amount'],
      ]);
    } catch {
      return;
    }
    save.mutate(mappingOf(form.getFieldValue('mapping') as MappingForm));
  };

  return (
    <Card title={t('reconciliation.import.title')} size="small">
      <Form<ImportForm>
        form={form}
        layout="vertical"
        disabled={mutation.isPending}
        initialValues={{
          format: 'auto',
          provider: '',
          periodFrom: '',
          periodTo: '',
          mappingId: '',
          force: false,
          mapping: emptyMapping,
        }}
        onFinish={submit}
        data-testid="recon-import-form"
      >
        <Form.Item
          htmlFor="recon-file"
          label={t('reconciliation.import.file')}
          extra={t('reconciliation.import.fileHint')}
          validateStatus={fileMissing ? 'error' : undefined}
          help={fileMissing ? t('reconciliation.import.chooseFile') : undefined}
        >
          <input
            id="recon-file"
            ref={fileRef}
            type="file"
            accept=".csv,.zip,.txt,text/csv,application/zip"
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              setFileMissing(false);
              setAskForce(false);
              mutation.reset();
            }}
            data-testid="recon-file"
          />
        </Form.Item>
        <Space wrap align="start">
          <Form.Item name="format" label={t('reconciliation.import.format')}>
            <Select
              style={{ minWidth: 240 }}
              data-testid="recon-format"
              options={FORMATS.map((f) => ({ value: f, label: t(`reconciliation.import.formats.${f}`) }))}
            />
          </Form.Item>
          <Form.Item
            name="provider"
            label={t('reconciliation.import.provider')}
            dependencies={['format']}
            rules={[
              ({ getFieldValue }) => ({
                validator: (_rule, value: Provider) =>
                  getFieldValue('format') === 'mapped' && value === ''
                    ? Promise.reject(new Error(t('reconciliation.import.providerRequired')))
                    : Promise.resolve(),
              }),
            ]}
          >
            <Select
              style={{ minWidth: 240 }}
              data-testid="recon-provider"
              options={PROVIDERS.map((p) => ({
                value: p,
                label: t(`reconciliation.import.providers.${p === '' ? 'default' : p}`),
              }))}
            />
          </Form.Item>
          <Form.Item
            name="periodFrom"
            label={t('reconciliation.import.periodFrom')}
            extra={t('reconciliation.import.periodHint')}
          >
            <Input type="date" data-testid="recon-period-from" />
          </Form.Item>
          <Form.Item name="periodTo" label={t('reconciliation.import.periodTo')}>
            <Input type="date" data-testid="recon-period-to" />
          </Form.Item>
        </Space>
        {format === 'mapped' ? (
          <fieldset className="admit-section" data-testid="recon-mapping">
            <legend>{t('reconciliation.mapping.title')}</legend>
            <Form.Item name="mappingId" label={t('reconciliation.mapping.saved')}>
              <Select
                style={{ minWidth: 280 }}
                loading={mappings.isPending}
                data-testid="recon-mapping-saved"
                options={[
                  { value: '', label: t('reconciliation.mapping.new') },
                  ...(mappings.data ?? []).map((m) => ({ value: m.id, label: m.name })),
                ]}
              />
            </Form.Item>
            {mappingId === '' ? (
              <>
                <MappingFields />
                <Space wrap>
                  <label htmlFor="recon-mapping-name">{t('reconciliation.mapping.saveName')}</label>
                  <Input
                    id="recon-mapping-name"
                    value={saveName}
                    maxLength={100}
                    onChange={(e) => setSaveName(e.target.value)}
                    onPressEnter={(e) => {
                      e.preventDefault();
                      if (saveName.trim() !== '') void saveCurrentMapping();
                    }}
                    style={{ width: 220 }}
                    data-testid="recon-mapping-name"
                  />
                  <Button
                    onClick={() => void saveCurrentMapping()}
                    disabled={saveName.trim() === ''}
                    loading={save.isPending}
                    data-testid="recon-mapping-save"
                  >
                    {t('reconciliation.mapping.saveAs')}
                  </Button>
                </Space>
              </>
            ) : null}
          </fieldset>
        ) : null}
        {mutation.isError ? (
          <Alert
            type="error"
            showIcon
            role="alert"
            className="admit-form-alert"
            title={errorText(mutation.error, t)}
            description={<ErrorDetails error={mutation.error} />}
            data-testid="recon-import-error"
          />
        ) : null}
        {askForce ? (
          <Form.Item name="force" valuePropName="checked">
            <Checkbox data-testid="recon-force">{t('reconciliation.import.force')}</Checkbox>
          </Form.Item>
        ) : null}
        <Button type="primary" htmlType="submit" loading={mutation.isPending} data-testid="recon-import">
          {t('reconciliation.import.submit')}
        </Button>
      </Form>
    </Card>
  );
}

type FileProblem = {
  file?: string | null;
  code?: string;
  column?: string;
  declared?: number;
  found?: number;
};

/** What the server said was wrong with the file: the problems it listed (a missing column, a cut file). */
function ErrorDetails({ error }: { error: unknown }) {
  if (!(error instanceof ApiError)) return null;
  const problems = (error.details as { problems?: FileProblem[] } | undefined)?.problems;
  if (!Array.isArray(problems) || problems.length === 0) return null;
  return (
    <ul data-testid="recon-import-problems">
      {problems.map((p, i) => (
        <li key={i}>
          {[p.file, p.code, p.column, p.declared === undefined ? null : `${p.found ?? 0}/${p.declared}`]
            .filter((part): part is string => typeof part === 'string' && part !== '')
            .join(' · ')}
        </li>
      ))}
    </ul>
  );
}
