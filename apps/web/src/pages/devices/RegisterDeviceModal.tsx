// Registering a gate device: choose its gate and name it; the server makes a one-time code (valid ten
// minutes) and this shows it as a big QR code of the gate screen's address with the code in the
// fragment (`/gate#register=<code>`, never sent to a server), the code as text, and the time left. The
// device's camera opens the address; the list shows it in use as soon as it has registered.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Form, Input, Modal, QRCode, Select, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { GateView, SiteView } from '../../api/catalog';
import {
  devicesQueryKey,
  startDeviceRegistration,
  type DeviceRegistration,
  type DeviceView,
} from '../../api/gate';
import { errorText } from '../../components/errorText';
import { localized } from '../../format';
import { useLocale } from '../../i18n/hooks';

type RegistrationForm = { gateId: string; name: string };

const FORM_ID = 'device-registration-form';

/** The address the device opens: this server's gate screen, the code in the fragment. */
export function registrationAddress(origin: string, code: string): string {
  return `${origin}/gate#register=${encodeURIComponent(code)}`;
}

/** m:ss of what is left until `until` (0:00 once past). */
export function timeLeft(until: string, now: number): string {
  const seconds = Math.max(0, Math.ceil((new Date(until).getTime() - now) / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), intervalMs);
    return () => window.clearInterval(timer);
  }, [intervalMs]);
  return now;
}

export function RegisterDeviceModal({
  open,
  site,
  gates,
  devices,
  onClose,
}: {
  open: boolean;
  site: SiteView;
  gates: readonly GateView[];
  devices: readonly DeviceView[];
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [form] = Form.useForm<RegistrationForm>();
  const mutation = useMutation({
    mutationFn: (values: RegistrationForm) =>
      startDeviceRegistration(site.id, { gateId: values.gateId, name: values.name.trim() }),
    onSuccess: () => void client.invalidateQueries({ queryKey: devicesQueryKey(site.id) }),
  });
  const registration = mutation.data;

  return (
    <Modal
      open={open}
      title={t('gate.devices.registration.title')}
      onCancel={onClose}
      destroyOnHidden
      width={560}
      afterOpenChange={(visible) => {
        // The next device starts from an empty form, not the last one's name.
        if (visible) return;
        mutation.reset();
        form.resetFields();
      }}
      footer={
        registration === undefined
          ? [
              <Button key="cancel" onClick={onClose}>
                {t('common.cancel')}
              </Button>,
              <Button
                key="submit"
                type="primary"
                htmlType="submit"
                form={FORM_ID}
                loading={mutation.isPending}
                data-testid="registration-submit"
              >
                {t('gate.devices.registration.submit')}
              </Button>,
            ]
          : [
              <Button key="again" onClick={() => mutation.reset()}>
                {t('gate.devices.registration.again')}
              </Button>,
              <Button key="done" type="primary" onClick={onClose} data-testid="registration-done">
                {t('gate.devices.registration.done')}
              </Button>,
            ]
      }
    >
      {registration === undefined ? (
        <>
          {mutation.isError ? (
            <Alert
              type="error"
              showIcon
              role="alert"
              className="admit-form-alert"
              title={errorText(mutation.error, t)}
            />
          ) : null}
          <RegistrationFields form={form} gates={gates} onSubmit={(values) => mutation.mutate(values)} />
        </>
      ) : (
        <RegistrationCode
          registration={registration}
          device={devices.find((device) => device.id === registration.device.id) ?? registration.device}
          onRenew={() => mutation.reset()}
        />
      )}
    </Modal>
  );
}

function RegistrationFields({
  form,
  gates,
  onSubmit,
}: {
  form: ReturnType<typeof Form.useForm<RegistrationForm>>[0];
  gates: readonly GateView[];
  onSubmit: (values: RegistrationForm) => void;
}) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  return (
    <Form<RegistrationForm>
      id={FORM_ID}
      form={form}
      layout="vertical"
      initialValues={{ gateId: gates[0]?.id, name: '' }}
      onFinish={onSubmit}
    >
      <Form.Item
        name="gateId"
        label={t('gate.devices.registration.gate')}
        rules={[{ required: true, message: t('gate.devices.registration.gateRequired') }]}
      >
        <Select
          data-testid="registration-gate"
          showSearch={{ optionFilterProp: 'label' }}
          options={gates.map((gate) => ({
            value: gate.id,
            label: `${localized(locale, gate.nameZh, gate.nameEn)} (${gate.code})`,
          }))}
        />
      </Form.Item>
      <Form.Item
        name="name"
        label={t('gate.devices.registration.name')}
        rules={[{ required: true, whitespace: true, message: t('gate.devices.registration.nameRequired') }]}
      >
        <Input
          autoFocus
          maxLength={60}
          placeholder={t('gate.devices.registration.namePlaceholder')}
          data-testid="registration-name"
        />
      </Form.Item>
    </Form>
  );
}

function RegistrationCode({
  registration,
  device,
  onRenew,
}: {
  registration: DeviceRegistration;
  device: DeviceView;
  onRenew: () => void;
}) {
  const { t } = useTranslation();
  const now = useNow(1000);
  const address = registrationAddress(window.location.origin, registration.registrationCode);
  const expired = new Date(registration.expiresAt).getTime() <= now;
  const registered = device.status === 'active';
  return (
    <div className="admit-registration" data-testid="registration">
      {registered ? (
        <Alert
          type="success"
          showIcon
          title={t('gate.devices.registration.registered', { name: device.name })}
          data-testid="registration-registered"
        />
      ) : (
        <p>{t('gate.devices.registration.scanIntro')}</p>
      )}
      <div className="admit-registration-qr" data-testid="registration-qr">
        <QRCode
          value={address}
          size={300}
          errorLevel="M"
          // Dark on white whatever the theme: a camera needs the contrast.
          color="#000000"
          bgColor="#ffffff"
          status={registered ? 'scanned' : expired ? 'expired' : 'active'}
          onRefresh={onRenew}
        />
      </div>
      <dl className="admit-registration-facts">
        <dt>{t('gate.devices.registration.code')}</dt>
        <dd>
          <Typography.Text code copyable data-testid="registration-code">
            {registration.registrationCode}
          </Typography.Text>
        </dd>
        <dt>{t('gate.devices.registration.url')}</dt>
        <dd>
          <Typography.Text copyable className="admit-registration-url" data-testid="registration-url">
            {address}
          </Typography.Text>
        </dd>
      </dl>
      {registered ? null : expired ? (
        <Alert type="warning" showIcon title={t('gate.devices.registration.expired')} />
      ) : (
        <p className="admit-muted" data-testid="registration-expiry">
          {t('gate.devices.registration.expiresIn', { time: timeLeft(registration.expiresAt, now) })}
        </p>
      )}
    </div>
  );
}
