// A report as a file: Excel, CSV (UTF-8 with BOM, opens in Excel) or PDF, with the filters on screen.
// The server streams the file, so the progress shows what has arrived (and the share of the whole
// when the size is known); the download can be cancelled. The browser then saves it under the name
// the server gives.
import { exportFormatSchema, type ExportFormat, type ReportKind } from '@admit/contracts';
import { App as AntApp, Alert, Button, Progress, Space, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../components/errorText';
import { useLocale } from '../../i18n/hooks';
import { downloadFile, exportPath, saveFile, type DownloadProgress, type ReportParams } from './api';
import { fileSize } from './figures';

type Running = { format: ExportFormat } & DownloadProgress;

export function ExportButtons({ kind, params }: { kind: ReportKind; params: ReportParams }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const { message } = AntApp.useApp();
  const [running, setRunning] = useState<Running | null>(null);
  const [error, setError] = useState<string | null>(null);
  const controller = useRef<AbortController | null>(null);

  // Leaving the report stops its download.
  useEffect(() => () => controller.current?.abort(), []);

  async function download(format: ExportFormat) {
    const abort = new AbortController();
    controller.current = abort;
    setError(null);
    setRunning({ format, received: 0, total: null });
    try {
      const file = await downloadFile(exportPath(kind, format, params), {
        locale,
        signal: abort.signal,
        onProgress: (progress) => setRunning({ format, ...progress }),
      });
      const name = file.filename ?? `${kind}-${params.from ?? ''}_${params.to ?? ''}.${format}`;
      saveFile(file.blob, name);
      void message.success(t('reports.export.saved', { name }));
    } catch (cause) {
      if (!abort.signal.aborted) setError(errorText(cause, t));
    } finally {
      if (controller.current === abort) controller.current = null;
      setRunning(null);
    }
  }

  return (
    <div className="admit-stack" data-testid="report-export">
      <Space wrap align="center">
        <Typography.Text type="secondary">{t('reports.export.label')}</Typography.Text>
        {exportFormatSchema.options.map((format) => (
          <Button
            key={format}
            onClick={() => void download(format)}
            loading={running?.format === format}
            disabled={running !== null && running.format !== format}
            data-testid={`export-${format}`}
          >
            {t(`reports.export.formats.${format}`)}
          </Button>
        ))}
        {running === null ? null : (
          <Button type="link" onClick={() => controller.current?.abort()} data-testid="export-cancel">
            {t('common.cancel')}
          </Button>
        )}
      </Space>
      <div role="status" aria-live="polite" data-testid="export-progress">
        {running === null ? null : <ExportProgress running={running} />}
      </div>
      {error === null ? null : <Alert type="error" showIcon title={error} data-testid="export-error" />}
    </div>
  );
}

function ExportProgress({ running }: { running: Running }) {
  const { t } = useTranslation();
  const received = t('reports.export.received', {
    format: t(`reports.export.formats.${running.format}`),
    size: fileSize(running.received),
  });
  if (running.total === null) return <Typography.Text type="secondary">{received}</Typography.Text>;
  return (
    <Progress
      percent={Math.min(100, Math.round((running.received / running.total) * 100))}
      size="small"
      status="active"
      aria-label={received}
    />
  );
}
