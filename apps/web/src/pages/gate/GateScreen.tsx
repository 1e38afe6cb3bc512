// The gate screen (检票屏), full screen on a phone, a tablet or a gate PC: one input that always has the
// focus (a keyboard-wedge scanner or an ID-card reader just types), a huge green or red answer with a
// beep, today's counts and the live occupancy, the upload queue, and an unmistakable OFFLINE banner
// while the gate decides by itself. Keys: Enter checks what was typed or scanned; F2 camera; F4 counts
// an exit (exit and two-way gates); F9 updates the offline data.
import { Button, Input, Tag, type InputRef } from 'antd';
import {
  useEffect,
  useEffectEvent,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
  type ReactNode,
  type RefObject,
} from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import {
  fetchDoubleEntryAlerts,
  fetchGateBundle,
  fetchGateToday,
  probeServer,
  recordExit,
  scanAtGate,
  syncOfflineScans,
  type GateAuth,
} from '../../api/gate';
import { LocaleSwitch } from '../../components/LocaleSwitch';
import { localized, timeAtSite } from '../../format';
import { useLocale } from '../../i18n/hooks';
import { CameraScanner } from './CameraScanner';
import { GateEngine, type GateSnapshot, type GateTransport } from './engine';
import { isAdmitted } from './result';
import { resultTexts } from './resultText';
import { verifyEd25519, warmUpVerification } from './signature';
import { beep } from './sound';
import { gateStore, type GatePlace } from './store';

export type GateStaff = { displayName: string; onChangeGate: () => void };

type GateScreenProps = {
  auth: GateAuth;
  place: GatePlace;
  /** Gate staff (not a device): their name, another gate, the way back to the admin screens. */
  staff?: GateStaff | undefined;
  /** The page and its files are cached: a reload works with the server down. */
  offlineReady: boolean;
  onAuthProblem: (problem: NonNullable<GateSnapshot['authProblem']>) => void;
};

export function gateTransport(auth: GateAuth, siteId: string, gateId: string): GateTransport {
  return {
    scan: (body, signal) => scanAtGate(auth, siteId, body, signal),
    exit: (signal) => recordExit(auth, siteId, gateId, signal),
    today: (signal) => fetchGateToday(auth, siteId, gateId, signal),
    bundle: (signal) => fetchGateBundle(auth, siteId, signal),
    sync: (scans, signal) => syncOfflineScans(auth, siteId, scans, signal),
    alerts: (since, signal) => fetchDoubleEntryAlerts(auth, siteId, since, signal),
    probe: (signal) => probeServer(signal),
  };
}

const BROWSER_TIME_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone;

export function GateScreen(props: GateScreenProps) {
  const { auth, place } = props;
  const token = auth.kind === 'device' ? auth.token : null;
  // One engine per gate and identity; started and stopped with the screen (twice in development's
  // strict mode, which the engine allows).
  const engine = useMemo(() => {
    const gateAuth: GateAuth = token === null ? { kind: 'user' } : { kind: 'device', token };
    return new GateEngine({
      siteId: place.siteId,
      gateId: place.gateId,
      transport: gateTransport(gateAuth, place.siteId, place.gateId),
      store: gateStore(),
      verify: verifyEd25519,
      warmUp: warmUpVerification,
      timeZone: BROWSER_TIME_ZONE,
      uploads: token === null ? 'site' : 'gate',
    });
  }, [token, place.siteId, place.gateId]);
  useEffect(() => {
    void engine.start();
    return () => engine.stop();
  }, [engine]);
  return <GateView engine={engine} {...props} />;
}

function GateView({
  engine,
  place,
  staff,
  offlineReady,
  onAuthProblem,
}: GateScreenProps & { engine: GateEngine }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const navigate = useNavigate();
  const snapshot = useSyncExternalStore(engine.subscribe, engine.getSnapshot);
  const [camera, setCamera] = useState(false);
  const [exitNote, setExitNote] = useState<string | null>(null);
  const inputRef = useRef<InputRef>(null);
  const { shown, connection, today, timeZone } = snapshot;
  const offline = connection === 'offline';
  const canExit = place.gateDirection !== 'entry';

  const focusInput = () => inputRef.current?.focus({ preventScroll: true });

  // Every answer: a beep, and the focus back in the input for the next visitor.
  const answered = useEffectEvent(() => {
    if (shown !== null) beep(isAdmitted(shown));
    focusInput();
  });
  const seq = shown?.seq;
  useEffect(() => answered(), [seq]);

  const authProblem = useEffectEvent((problem: NonNullable<GateSnapshot['authProblem']>) =>
    onAuthProblem(problem),
  );
  useEffect(() => {
    if (snapshot.authProblem !== null) authProblem(snapshot.authProblem);
  }, [snapshot.authProblem]);

  const countExit = async () => {
    if (offline) setExitNote(t('gate.exit.offline'));
    else if (await engine.exit()) {
      const inside = engine.getSnapshot().lastExit?.inside ?? null;
      setExitNote(inside === null ? t('gate.exit.done') : t('gate.exit.doneInside', { inside }));
    }
    focusInput();
  };
  const refresh = async () => {
    await engine.refreshNow();
    focusInput();
  };

  // The screen's keys, and typing while the focus is on a button goes to the input (the character
  // itself lands there: the focus moves before the key's default action).
  const onKeyDown = useEffectEvent((event: KeyboardEvent) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    // A held key counts once (one exit per press).
    if (event.repeat && /^F\d+$/.test(event.key)) return;
    if (event.key === 'F2') {
      event.preventDefault();
      setCamera((on) => !on);
      focusInput();
    } else if (event.key === 'F4' && canExit) {
      event.preventDefault();
      void countExit();
    } else if (event.key === 'F9') {
      event.preventDefault();
      void refresh();
    } else if (
      // A character (not Space, which presses the button that has the focus).
      event.key.length === 1 &&
      event.key !== ' ' &&
      document.activeElement !== inputRef.current?.input
    ) {
      focusInput();
    }
  });
  useEffect(() => {
    const listener = (event: KeyboardEvent) => onKeyDown(event);
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, []);

  const gateName = localized(locale, place.gateNameZh, place.gateNameEn);
  const siteName = localized(locale, place.siteNameZh, place.siteNameEn);
  const verify = snapshot.verify;

  return (
    <main
      className={`admit-gate${offline ? ' admit-gate-is-offline' : ''}`}
      data-testid="gate-screen"
      data-connection={connection}
      data-queued={snapshot.queued}
      data-offline-ready={offlineReady}
      data-bundle-generated-at={snapshot.bundle?.generatedAt ?? ''}
      data-bundle-revoked={snapshot.bundle?.revoked ?? ''}
      data-verify-last-ms={verify.lastMs?.toFixed(3) ?? ''}
      data-verify-median-ms={verify.medianMs?.toFixed(3) ?? ''}
      data-verify-samples={verify.samples}
      aria-label={t('gate.screenLabel')}
      onClick={(event) => {
        // A tap anywhere but on a control gives the focus back to the input.
        if (!(event.target instanceof Element) || event.target.closest('button, a, input, video') === null)
          focusInput();
      }}
    >
      {offline ? (
        <div className="admit-gate-offline" role="alert" data-testid="offline-banner">
          <strong>{t('gate.offlineBanner')}</strong>
          <span>{t('gate.offlineBannerDetail', { count: snapshot.queued })}</span>
        </div>
      ) : null}
      <header className="admit-gate-bar">
        <div className="admit-gate-place">
          <h1 className="admit-gate-title" data-testid="gate-name">
            {gateName}
          </h1>
          <span className="admit-gate-site">{siteName}</span>
          <Tag>{t(`gate.direction.${place.gateDirection}`)}</Tag>
          <Tag
            color={offline ? 'red' : connection === 'online' ? 'green' : 'default'}
            data-testid="gate-connection"
          >
            {t(`gate.connection.${connection}`)}
          </Tag>
          {offlineReady ? <Tag data-testid="gate-offline-ready">{t('gate.offlineReady')}</Tag> : null}
        </div>
        <div className="admit-gate-tools">
          {staff === undefined ? null : (
            <>
              <span className="admit-muted">{staff.displayName}</span>
              <Button onClick={staff.onChangeGate} data-testid="gate-change">
                {t('gate.staff.changeGate')}
              </Button>
              <Button onClick={() => void navigate('/')} data-testid="gate-back">
                {t('gate.staff.backToAdmin')}
              </Button>
            </>
          )}
          <LocaleSwitch />
        </div>
      </header>

      <div className="admit-gate-body">
        <section className="admit-gate-main">
          <ResultPanel snapshot={snapshot} />
          <ScanForm
            inputRef={inputRef}
            busy={snapshot.busy}
            cameraOn={camera}
            onScan={(text) => void engine.scan(text)}
            onBlurAway={() => window.setTimeout(focusInput, 0)}
          />
          <div className="admit-gate-actions">
            <Button
              size="large"
              onClick={() => {
                setCamera((on) => !on);
                focusInput();
              }}
              aria-keyshortcuts="F2"
              aria-pressed={camera}
              data-testid="gate-camera"
            >
              {camera ? t('gate.camera.stop') : t('gate.camera.start')}
            </Button>
            {canExit ? (
              <Button
                size="large"
                onClick={() => void countExit()}
                disabled={offline}
                title={offline ? t('gate.exit.offline') : undefined}
                aria-keyshortcuts="F4"
                data-testid="gate-exit"
              >
                {t('gate.exit.button')}
              </Button>
            ) : null}
            <Button
              size="large"
              onClick={() => void refresh()}
              aria-keyshortcuts="F9"
              data-testid="gate-refresh"
            >
              {t('gate.bundle.refresh')}
            </Button>
          </div>
          {exitNote === null ? null : (
            <p className="admit-muted" role="status" data-testid="gate-exit-note">
              {exitNote}
            </p>
          )}
          {camera ? <CameraScanner onCode={(text) => void engine.scan(text)} /> : null}
          <p className="admit-muted admit-small">
            {t('gate.keys.title')}: {t('gate.keys.camera')} · {canExit ? `${t('gate.keys.exit')} · ` : ''}
            {t('gate.keys.refresh')}
          </p>
        </section>

        <aside className="admit-gate-side" aria-label={t('gate.stats.title')}>
          <dl className="admit-gate-stats">
            <Stat label={t('gate.stats.atGate')} value={today?.entriesAtGate} testId="stat-at-gate" />
            <Stat label={t('gate.stats.atSite')} value={today?.entriesAtSite} testId="stat-at-site" />
            <Stat label={t('gate.stats.refused')} value={today?.refusedAtGate} testId="stat-refused" />
            <Stat
              label={t('gate.stats.inside')}
              value={
                today?.occupancy == null
                  ? undefined
                  : t('gate.stats.insideOfMax', { inside: today.occupancy.inside, max: today.occupancy.max })
              }
              testId="stat-inside"
            />
            <Stat label={t('gate.stats.queued')} value={snapshot.queued} testId="gate-queued" />
          </dl>
          {snapshot.lastSync === null ? null : (
            <p className="admit-gate-sync" role="status" data-testid="gate-sync">
              {t('gate.sync.done', { applied: snapshot.lastSync.applied })}
              {snapshot.lastSync.doubleEntries > 0 ? (
                <strong className="admit-gate-warn">
                  {' '}
                  {t('gate.sync.doubleEntries', { count: snapshot.lastSync.doubleEntries })}
                </strong>
              ) : null}
            </p>
          )}
          {snapshot.problem === null ? null : (
            <p className="admit-gate-warn" role="alert" data-testid="gate-problem">
              {snapshot.problem}
            </p>
          )}
          <Alerts snapshot={snapshot} />
          <p className="admit-muted admit-small" data-testid="gate-bundle">
            {t('gate.bundle.label')}:{' '}
            {snapshot.bundle === null
              ? t('gate.bundle.none')
              : t('gate.bundle.at', { time: timeAtSite(snapshot.bundle.generatedAt, timeZone) })}
          </p>
          {verify.lastMs === null ? null : (
            <p className="admit-muted admit-small" data-testid="gate-verify">
              {t('gate.verify', {
                last: verify.lastMs.toFixed(2),
                median: (verify.medianMs ?? verify.lastMs).toFixed(2),
              })}
            </p>
          )}
        </aside>
      </div>
    </main>
  );
}

function Stat({ label, value, testId }: { label: string; value: ReactNode; testId: string }) {
  const { t } = useTranslation();
  return (
    <div className="admit-gate-stat">
      <dt>{label}</dt>
      <dd data-testid={testId}>{value ?? t('gate.stats.unknown')}</dd>
    </div>
  );
}

function ResultPanel({ snapshot }: { snapshot: GateSnapshot }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const { shown } = snapshot;
  if (shown === null) {
    return (
      <section
        className="admit-gate-result admit-gate-result-idle"
        data-testid="gate-result"
        data-result="idle"
      >
        <p className="admit-gate-headline">{snapshot.busy ? t('gate.checking') : t('gate.idle.title')}</p>
        <p className="admit-gate-detail">{t('gate.idle.description')}</p>
      </section>
    );
  }
  const texts = resultTexts(shown, t, locale, snapshot.timeZone);
  const offline = shown.kind === 'ticket' && shown.offline;
  return (
    <section
      // A fresh element per result restarts the flash, so the same answer twice is seen twice.
      key={shown.seq}
      className={`admit-gate-result admit-gate-result-${texts.tone}`}
      data-testid="gate-result"
      data-result={texts.code}
      data-offline={offline}
      data-seq={shown.seq}
      aria-live="assertive"
      role="status"
    >
      {texts.category === null ? null : (
        <p className="admit-gate-category" data-testid="gate-category">
          {texts.category}
        </p>
      )}
      <p className="admit-gate-headline" data-testid="gate-headline">
        {texts.headline}
      </p>
      {texts.detail === null ? null : (
        <p className="admit-gate-detail" data-testid="gate-detail">
          {texts.detail}
        </p>
      )}
      {texts.lines.map((line) => (
        <p key={line} className="admit-gate-line">
          {line}
        </p>
      ))}
      {offline ? <p className="admit-gate-line admit-gate-offline-tag">{t('gate.offlineDecision')}</p> : null}
    </section>
  );
}

function Alerts({ snapshot }: { snapshot: GateSnapshot }) {
  const { t } = useTranslation();
  const { alerts, timeZone } = snapshot;
  return (
    <section className="admit-gate-alerts" data-testid="gate-alerts" data-count={alerts.length}>
      <h2 className="admit-gate-alerts-title">
        {t('gate.alerts.title')}
        {alerts.length > 0 ? <Tag color="red">{t('gate.alerts.count', { count: alerts.length })}</Tag> : null}
      </h2>
      {alerts.length === 0 ? (
        <p className="admit-muted admit-small">{t('gate.alerts.none')}</p>
      ) : (
        <ul className="admit-gate-alert-list">
          {alerts.map((alert) => (
            <li key={alert.checkinId} data-ticket={alert.ticketId ?? ''}>
              {t('gate.alerts.item', { time: timeAtSite(alert.scannedAt, timeZone), gate: alert.gateName })}
              {alert.offline ? ` · ${t('gate.alerts.offline')}` : ''}
              {alert.ticketId === null
                ? ''
                : ` · ${t('gate.alerts.ticket', { id: alert.ticketId.slice(-6) })}`}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The one input: Enter checks what is in it and empties it for the next scan. */
function ScanForm({
  inputRef,
  busy,
  cameraOn,
  onScan,
  onBlurAway,
}: {
  inputRef: RefObject<InputRef | null>;
  busy: boolean;
  cameraOn: boolean;
  onScan: (text: string) => void;
  onBlurAway: () => void;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const submit = () => {
    const value = text.trim();
    setText('');
    if (value !== '') onScan(value);
  };
  return (
    <form
      className="admit-gate-form"
      role="search"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <label htmlFor="gate-input" className="admit-gate-label">
        {t('gate.input.label')}
      </label>
      <div className="admit-gate-input-row">
        <Input
          id="gate-input"
          ref={inputRef}
          data-testid="gate-input"
          size="large"
          autoFocus
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          // With the camera on, a phone's on-screen keyboard would only cover the picture.
          inputMode={cameraOn ? 'none' : 'text'}
          value={text}
          placeholder={t('gate.input.placeholder')}
          aria-describedby="gate-input-hint"
          onChange={(event) => setText(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && !event.nativeEvent.isComposing) {
              event.preventDefault();
              submit();
            }
          }}
          onBlur={(event) => {
            // Tabbing to a button of the screen is allowed; anything else brings the focus back.
            const next = event.relatedTarget;
            if (next instanceof Element && next.closest('button, a, [role="button"]') !== null) return;
            onBlurAway();
          }}
        />
        <Button type="primary" size="large" htmlType="submit" loading={busy} data-testid="gate-submit">
          {t('gate.input.submit')}
        </Button>
      </div>
      <p id="gate-input-hint" className="admit-muted admit-small">
        {t('gate.input.hint')}
      </p>
    </form>
  );
}
