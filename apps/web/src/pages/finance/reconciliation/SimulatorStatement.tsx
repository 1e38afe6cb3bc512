// The payment simulator's statement for chosen days, in Alipay's format: what a training session or a
// demonstration imports (after editing a line or two, to see differences found).
import { Alert, Button, Card, Input, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SiteView } from '../../../api/catalog';
import { errorText } from '../../../components/errorText';
import { todayAtSite } from '../../../format';
import { saveFile, simulatorStatement } from './api';

export function SimulatorStatement({ site }: { site: SiteView }) {
  const { t } = useTranslation();
  const today = todayAtSite(site.timeZone);
  const [from, setFrom] = useState(today);
  const [to, setTo] = useState(today);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const download = async () => {
    setBusy(true);
    setError(null);
    try {
      const blob = await simulatorStatement(site.id, from, to);
      saveFile(blob, `simulator_${from.replaceAll('-', '')}_${to.replaceAll('-', '')}_业务明细.csv`);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title={t('reconciliation.simulator.title')} size="small">
      <p className="admit-muted">{t('reconciliation.simulator.intro')}</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void download();
        }}
      >
        <Space wrap>
          <label htmlFor="recon-simulator-from">{t('reconciliation.simulator.from')}</label>
          <Input
            id="recon-simulator-from"
            type="date"
            value={from}
            onChange={(e) => {
              if (e.target.value !== '') setFrom(e.target.value);
            }}
            data-testid="recon-simulator-from"
          />
          <label htmlFor="recon-simulator-to">{t('reconciliation.simulator.to')}</label>
          <Input
            id="recon-simulator-to"
            type="date"
            value={to}
            onChange={(e) => {
              if (e.target.value !== '') setTo(e.target.value);
            }}
            data-testid="recon-simulator-to"
          />
          <Button htmlType="submit" loading={busy} data-testid="recon-simulator-download">
            {t('reconciliation.simulator.download')}
          </Button>
        </Space>
      </form>
      {error === null ? null : (
        <Alert type="error" showIcon role="alert" className="admit-form-alert" title={errorText(error, t)} />
      )}
    </Card>
  );
}
