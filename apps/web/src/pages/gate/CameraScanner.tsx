// Scanning with the device's own camera: getUserMedia (the back camera where there is one), each frame
// drawn small onto a canvas and read with jsQR a few times a second. The same code seen again within a
// few seconds is not reported twice (the visitor is still holding it up). No camera, or no permission,
// says so and leaves the scanner and the keyboard to do the work.
import jsQR from 'jsqr';
import { useEffect, useEffectEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

export type CameraState = 'starting' | 'running' | 'denied' | 'missing' | 'unavailable' | 'failed';

/** How often a frame is decoded, and how long the same code is not reported again. */
const DECODE_EVERY_MS = 150;
const SAME_CODE_PAUSE_MS = 3000;
/** Frames are decoded at most this wide: enough for a ticket's QR code held up to the camera. */
const MAX_WIDTH = 640;

export function cameraProblem(error: unknown): CameraState {
  const name = error instanceof DOMException ? error.name : '';
  if (name === 'NotAllowedError' || name === 'SecurityError') return 'denied';
  if (name === 'NotFoundError' || name === 'OverconstrainedError' || name === 'NotReadableError')
    return 'missing';
  return 'failed';
}

/** Browsers offer cameras to secure pages only (HTTPS, or localhost). */
function mediaDevices(): MediaDevices | undefined {
  const media = typeof navigator === 'undefined' ? undefined : navigator.mediaDevices;
  return media !== undefined && typeof media.getUserMedia === 'function' ? media : undefined;
}

export function CameraScanner({ onCode }: { onCode: (text: string) => void }) {
  const { t } = useTranslation();
  const videoRef = useRef<HTMLVideoElement>(null);
  const [state, setState] = useState<CameraState>(() =>
    mediaDevices() === undefined ? 'unavailable' : 'starting',
  );
  const report = useEffectEvent((text: string) => onCode(text));

  useEffect(() => {
    const media = mediaDevices();
    if (media === undefined) return;
    let stream: MediaStream | null = null;
    let frame = 0;
    let cancelled = false;
    let lastDecode = 0;
    let last: { text: string; at: number } | null = null;
    const canvas = document.createElement('canvas');
    const context = canvas.getContext('2d', { willReadFrequently: true });

    const readFrame = (now: number) => {
      frame = requestAnimationFrame(readFrame);
      const video = videoRef.current;
      if (video === null || context === null || now - lastDecode < DECODE_EVERY_MS) return;
      if (video.readyState < HTMLMediaElement.HAVE_CURRENT_DATA || video.videoWidth === 0) return;
      lastDecode = now;
      const scale = Math.min(1, MAX_WIDTH / video.videoWidth);
      canvas.width = Math.round(video.videoWidth * scale);
      canvas.height = Math.round(video.videoHeight * scale);
      context.drawImage(video, 0, 0, canvas.width, canvas.height);
      const image = context.getImageData(0, 0, canvas.width, canvas.height);
      const found = jsQR(image.data, image.width, image.height, { inversionAttempts: 'dontInvert' });
      if (found === null || found.data === '') return;
      if (last !== null && last.text === found.data && now - last.at < SAME_CODE_PAUSE_MS) return;
      last = { text: found.data, at: now };
      report(found.data);
    };

    media.getUserMedia({ video: { facingMode: 'environment' }, audio: false }).then(
      (opened) => {
        if (cancelled) {
          opened.getTracks().forEach((track) => track.stop());
          return;
        }
        stream = opened;
        const video = videoRef.current;
        if (video !== null) {
          video.srcObject = opened;
          video.play().catch(() => undefined);
        }
        setState('running');
        frame = requestAnimationFrame(readFrame);
      },
      (error: unknown) => {
        if (!cancelled) setState(cameraProblem(error));
      },
    );
    return () => {
      cancelled = true;
      cancelAnimationFrame(frame);
      stream?.getTracks().forEach((track) => track.stop());
    };
  }, []);

  const problem = state !== 'starting' && state !== 'running';
  return (
    <div className="admit-gate-camera" data-testid="camera" data-state={state}>
      <video
        ref={videoRef}
        className="admit-gate-video"
        muted
        playsInline
        aria-label={t('gate.camera.label')}
        hidden={problem}
      />
      <p
        className={problem ? 'admit-gate-camera-problem' : 'admit-muted'}
        role={problem ? 'alert' : 'status'}
      >
        {t(`gate.camera.${state}`)}
      </p>
    </div>
  );
}
