// The gate's short sounds, made with WebAudio (no audio files): one high beep for "go ahead", two low
// ones for a refusal, so the attendant hears the answer without looking. Browsers allow sound after a
// key press or a tap, which is what a scan is.
let context: AudioContext | null = null;

type Tone = { frequency: number; start: number; duration: number };

const ADMIT: readonly Tone[] = [{ frequency: 1320, start: 0, duration: 0.12 }];
const REFUSE: readonly Tone[] = [
  { frequency: 330, start: 0, duration: 0.16 },
  { frequency: 330, start: 0.24, duration: 0.16 },
];

export function beep(admitted: boolean): void {
  try {
    if (typeof window.AudioContext !== 'function') return;
    context ??= new window.AudioContext();
    if (context.state === 'suspended') void context.resume();
    const now = context.currentTime;
    for (const tone of admitted ? ADMIT : REFUSE) {
      const oscillator = context.createOscillator();
      const gain = context.createGain();
      oscillator.type = admitted ? 'sine' : 'square';
      oscillator.frequency.value = tone.frequency;
      const start = now + tone.start;
      gain.gain.setValueAtTime(0.0001, start);
      gain.gain.exponentialRampToValueAtTime(0.25, start + 0.01);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + tone.duration);
      oscillator.connect(gain).connect(context.destination);
      oscillator.start(start);
      oscillator.stop(start + tone.duration + 0.02);
    }
  } catch {
    // No sound (no audio device, or audio blocked): the colour still tells.
  }
}
