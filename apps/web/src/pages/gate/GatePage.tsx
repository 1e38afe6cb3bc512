// /gate — the gate app, outside the admin shell. A registered device runs the gate screen under its own
// token (opening /gate#register=<code>, from the admin screen's QR code, registers it). Without one,
// gate staff log in and choose a site and gate (remembered in this browser). A revoked device goes back
// to the registration screen; an ended session to the login. With the server down, the device (or the
// staff's last choice) still starts from what IndexedDB keeps.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Result } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { meQuery } from '../../api/auth';
import { pathWithNext } from '../../auth/redirect';
import { hasPermission, replaceMe, type MeResponse } from '../../auth/session';
import { LocaleSwitch } from '../../components/LocaleSwitch';
import { LoadFailedScreen, LoadingScreen } from '../../components/StatusScreens';
import { GatePicker } from './GatePicker';
import { GateScreen } from './GateScreen';
import { useInstallableGate } from './installable';
import { RegisterScreen } from './RegisterScreen';
import { registrationCodeFrom } from './scanInput';
import { gateStore, type StaffChoice, type StoredDevice } from './store';

type Mode =
  | { kind: 'loading' }
  | { kind: 'register'; code: string | null; notice: 'revoked' | null }
  | { kind: 'device'; device: StoredDevice }
  | { kind: 'staff' };

export function GatePage() {
  const location = useLocation();
  const navigate = useNavigate();
  const offlineReady = useInstallableGate();
  const [mode, setMode] = useState<Mode>({ kind: 'loading' });
  const fragmentCode = registrationCodeFrom(location.hash);

  useEffect(() => {
    let cancelled = false;
    void gateStore()
      .loadDevice()
      .catch(() => null)
      .then((device) => {
        if (cancelled) return;
        if (fragmentCode !== null) setMode({ kind: 'register', code: fragmentCode, notice: null });
        else setMode(device === null ? { kind: 'staff' } : { kind: 'device', device });
      });
    return () => {
      cancelled = true;
    };
  }, [fragmentCode]);

  switch (mode.kind) {
    case 'loading':
      return <LoadingScreen />;
    case 'register':
      return (
        <RegisterScreen
          initialCode={mode.code}
          notice={mode.notice}
          onRegistered={(device) => {
            // The one-time code has done its work: out of the address bar and the history.
            if (location.hash !== '') void navigate('/gate', { replace: true });
            setMode({ kind: 'device', device });
          }}
          onCancel={() => {
            if (location.hash !== '') void navigate('/gate', { replace: true });
            setMode({ kind: 'staff' });
          }}
        />
      );
    case 'device':
      return (
        <GateScreen
          auth={{ kind: 'device', token: mode.device.token }}
          place={mode.device}
          offlineReady={offlineReady}
          onAuthProblem={(problem) => {
            if (problem !== 'device_revoked') return;
            void gateStore()
              .saveDevice(null)
              .finally(() => setMode({ kind: 'register', code: null, notice: 'revoked' }));
          }}
        />
      );
    case 'staff':
      return (
        <StaffGate
          offlineReady={offlineReady}
          onRegister={() => setMode({ kind: 'register', code: null, notice: null })}
        />
      );
  }
}

/** Gate staff under their own login: a site and gate chosen once, then the gate screen. */
function StaffGate({ offlineReady, onRegister }: { offlineReady: boolean; onRegister: () => void }) {
  const me = useQuery(meQuery);
  const client = useQueryClient();
  const [choice, setChoice] = useState<StaffChoice | null | undefined>(undefined);
  const [picking, setPicking] = useState(false);

  useEffect(() => {
    let cancelled = false;
    void gateStore()
      .loadStaffChoice()
      .catch(() => null)
      .then((stored) => {
        if (!cancelled) setChoice(stored);
      });
    return () => {
      cancelled = true;
    };
  }, []);

  if (choice === undefined || me.isPending) return <LoadingScreen />;
  if (me.isError) {
    // The server cannot be asked who is logged in: the last gate of this browser keeps working offline.
    if (choice !== null)
      return (
        <GateScreen
          auth={{ kind: 'user' }}
          place={choice}
          offlineReady={offlineReady}
          onAuthProblem={() => undefined}
        />
      );
    return <LoadFailedScreen error={me.error} onRetry={() => void me.refetch()} />;
  }
  const user = me.data;
  if (user === null) return <StartScreen onRegister={onRegister} />;
  if (user.mustChangePassword) return <Navigate to={pathWithNext('/change-password', '/gate')} replace />;
  if (!hasPermission(user, 'checkin.redeem')) return <Forbidden />;
  const remembered = choice !== null && choice.userId === user.id ? choice : null;
  if (remembered === null || picking)
    return (
      <GatePicker
        user={user}
        initial={remembered}
        onChosen={(chosen) => {
          setChoice(chosen);
          setPicking(false);
          void gateStore().saveStaffChoice(chosen);
        }}
        onCancel={remembered === null ? undefined : () => setPicking(false)}
      />
    );
  return (
    <GateScreen
      auth={{ kind: 'user' }}
      place={remembered}
      staff={staffOf(user, () => setPicking(true))}
      offlineReady={offlineReady}
      onAuthProblem={(problem) => {
        if (problem === 'session_ended') replaceMe(client, null);
      }}
    />
  );
}

function staffOf(user: MeResponse, onChangeGate: () => void) {
  return { displayName: user.displayName, onChangeGate };
}

/** Nobody logged in and no device registered: log in as gate staff, or register this device. */
function StartScreen({ onRegister }: { onRegister: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <main className="admit-gate-center">
      <Result
        status="info"
        title={<h1 className="admit-result-title">{t('gate.start.title')}</h1>}
        subTitle={t('gate.start.intro')}
        extra={[
          <Button
            key="login"
            type="primary"
            size="large"
            onClick={() => void navigate(pathWithNext('/login', '/gate'))}
            data-testid="gate-login"
          >
            {t('gate.start.login')}
          </Button>,
          <Button key="register" size="large" onClick={onRegister} data-testid="gate-register">
            {t('gate.start.register')}
          </Button>,
          <LocaleSwitch key="locale" />,
        ]}
      />
    </main>
  );
}

function Forbidden() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <main className="admit-gate-center">
      <Result
        status="403"
        title={<h1 className="admit-result-title">{t('shell.forbidden.title')}</h1>}
        subTitle={t('shell.forbidden.description')}
        extra={<Button onClick={() => void navigate('/')}>{t('gate.staff.backToAdmin')}</Button>}
      />
    </main>
  );
}
