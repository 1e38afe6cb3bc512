// Registering this browser as a gate device: the one-time code from the admin screen's QR code —
// opened as /gate#register=<code>, scanned here with the camera, or typed — is exchanged for the
// device's token, which is kept in IndexedDB with the device's site and gate.
import { Alert, Button, Input, Result, type InputRef } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchDeviceMe, registerDevice } from '../../api/gate';
import { errorText } from '../../components/errorText';
import { LocaleSwitch } from '../../components/LocaleSwitch';
import { CameraScanner } from './CameraScanner';
import { registrationCodeFrom } from './scanInput';
import { gateStore, type StoredDevice } from './store';

async function registerThisDevice(code: string): Promise<StoredDevice> {
  const { token } = await registerDevice(code);
  const me = await fetchDeviceMe(token);
  const device: StoredDevice = {
    token,
    deviceId: me.deviceId,
    name: me.name,
    siteId: me.siteId,
    siteNameZh: me.siteNameZh,
    siteNameEn: me.siteNameEn,
    gateId: me.gateId,
    gateCode: me.gateCode,
    gateNameZh: me.gateNameZh,
    gateNameEn: me.gateNameEn,
    gateDirection: me.gateDirection,
  };
  await gateStore().saveDevice(device);
  return device;
}

type Status = { kind: 'idle' } | { kind: 'registering' } | { kind: 'failed'; message: string };

export function RegisterScreen({
  initialCode,
  notice,
  onRegistered,
  onCancel,
}: {
  initialCode: string | null;
  notice: 'revoked' | null;
  onRegistered: (device: StoredDevice) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [camera, setCamera] = useState(false);
  const [status, setStatus] = useState<Status>(
    initialCode === null ? { kind: 'idle' } : { kind: 'registering' },
  );
  const inputRef = useRef<InputRef>(null);
  const started = useRef(false);

  const register = (code: string) => {
    setCamera(false);
    registerThisDevice(code).then(onRegistered, (error: unknown) => {
      setStatus({ kind: 'failed', message: errorText(error, t) });
      inputRef.current?.focus();
    });
  };

  // The code in the address: registered at once, exactly once.
  useEffect(() => {
    if (initialCode === null || started.current) return;
    started.current = true;
    register(initialCode);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once, for the code the page opened with
  }, [initialCode]);

  const submit = (value: string) => {
    const code = registrationCodeFrom(value);
    if (code === null) {
      setStatus({ kind: 'failed', message: t('gate.register.invalid') });
      return;
    }
    setStatus({ kind: 'registering' });
    register(code);
  };

  if (status.kind === 'registering')
    return (
      <main className="admit-gate-center" data-testid="gate-registering">
        <Result
          status="info"
          title={<h1 className="admit-result-title">{t('gate.register.registering')}</h1>}
        />
      </main>
    );

  return (
    <main className="admit-gate-center admit-gate-register" data-testid="gate-register-screen">
      <h1 className="admit-gate-title">{t('gate.register.title')}</h1>
      {notice === 'revoked' ? <Alert type="error" showIcon title={t('gate.register.revoked')} /> : null}
      <p>{t('gate.register.intro')}</p>
      <form
        className="admit-gate-form"
        onSubmit={(event) => {
          event.preventDefault();
          submit(text);
        }}
      >
        <label htmlFor="register-code" className="admit-gate-label">
          {t('gate.register.code')}
        </label>
        <div className="admit-gate-input-row">
          <Input
            id="register-code"
            ref={inputRef}
            data-testid="register-code"
            size="large"
            autoFocus
            autoComplete="off"
            spellCheck={false}
            value={text}
            placeholder={t('gate.register.placeholder')}
            onChange={(event) => setText(event.target.value)}
          />
          <Button type="primary" size="large" htmlType="submit" data-testid="register-submit">
            {t('gate.register.submit')}
          </Button>
        </div>
      </form>
      {status.kind === 'failed' ? (
        <Alert type="error" showIcon title={status.message} data-testid="register-error" />
      ) : null}
      <div className="admit-gate-actions">
        <Button size="large" onClick={() => setCamera((on) => !on)} aria-pressed={camera}>
          {camera ? t('gate.camera.stop') : t('gate.register.scan')}
        </Button>
        <Button size="large" onClick={onCancel}>
          {t('gate.register.cancel')}
        </Button>
        <LocaleSwitch />
      </div>
      {camera ? <CameraScanner onCode={submit} /> : null}
    </main>
  );
}
