import { t } from '../i18n';
import { useEffect, useRef, useState } from 'react';

export type PreviewState =
  | { status: 'idle' }
  | { status: 'starting' }
  | { status: 'ready'; hasVideo: boolean; hasAudio: boolean }
  | { status: 'unsupported' }
  | { status: 'error'; message: string };

/** What getUserMedia's refusals mean, in words a client can act on. */
export function mediaErrorMessage(error: unknown): string {
  const name = error instanceof Error || error instanceof DOMException ? error.name : '';
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return t('media.notAllowed');
    case 'NotFoundError':
    case 'OverconstrainedError':
      return t('media.notFound');
    case 'NotReadableError':
    case 'AbortError':
      return t('media.busy');
    default:
      return t('media.failed');
  }
}

/**
 * The pre-join device check (consultations and call guests): a camera preview and a microphone
 * level (Web Audio, 0–1), with the camera and microphone switchable before joining. Every track is
 * stopped when it unmounts, or on `stop()` right before the meeting takes the devices itself.
 */
export function useMediaPreview({ camera, microphone }: { camera: boolean; microphone: boolean }) {
  const [state, setState] = useState<PreviewState>({ status: 'idle' });
  const [level, setLevel] = useState(0);
  const [attempt, setAttempt] = useState(0);
  const streamRef = useRef<MediaStream | null>(null);
  const videoRef = useRef<HTMLVideoElement | null>(null);

  useEffect(() => {
    const media = typeof navigator === 'undefined' ? undefined : navigator.mediaDevices;
    if (!media || typeof media.getUserMedia !== 'function') {
      setState({ status: 'unsupported' });
      return;
    }
    let gone = false;
    let frame = 0;
    let audio: AudioContext | null = null;
    setState({ status: 'starting' });

    const meter = (stream: MediaStream) => {
      const Context =
        window.AudioContext ??
        (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
      if (!Context || stream.getAudioTracks().length === 0) return;
      try {
        audio = new Context();
        const analyser = audio.createAnalyser();
        analyser.fftSize = 512;
        audio.createMediaStreamSource(stream).connect(analyser);
        const samples = new Float32Array(analyser.fftSize);
        let shown = 0;
        const tick = () => {
          analyser.getFloatTimeDomainData(samples);
          let sum = 0;
          for (const s of samples) sum += s * s;
          // RMS, scaled so speech fills most of the meter; falls back slowly so it is readable.
          const rms = Math.min(1, Math.sqrt(sum / samples.length) * 4);
          shown = Math.max(rms, shown * 0.85);
          setLevel(Math.round(shown * 20) / 20);
          frame = window.requestAnimationFrame(tick);
        };
        tick();
      } catch {
        // No meter; the preview still works.
      }
    };

    media
      .getUserMedia({ video: true, audio: true })
      .catch(() =>
        // Someone without a camera can still check their microphone (and the other way round).
        media.getUserMedia({ audio: true }).catch(() => media.getUserMedia({ video: true })),
      )
      .then((stream) => {
        if (gone) {
          stream.getTracks().forEach((t) => t.stop());
          return;
        }
        streamRef.current = stream;
        if (videoRef.current) videoRef.current.srcObject = stream;
        setState({
          status: 'ready',
          hasVideo: stream.getVideoTracks().length > 0,
          hasAudio: stream.getAudioTracks().length > 0,
        });
        meter(stream);
      })
      .catch((error: unknown) => {
        if (!gone) setState({ status: 'error', message: mediaErrorMessage(error) });
      });

    return () => {
      gone = true;
      window.cancelAnimationFrame(frame);
      void audio?.close().catch(() => undefined);
      streamRef.current?.getTracks().forEach((t) => t.stop());
      streamRef.current = null;
      setLevel(0);
    };
  }, [attempt]);

  // The switches act on the preview's own tracks.
  useEffect(() => {
    streamRef.current?.getVideoTracks().forEach((t) => (t.enabled = camera));
    streamRef.current?.getAudioTracks().forEach((t) => (t.enabled = microphone));
  }, [camera, microphone, state]);

  /** Binds the preview to a <video>. */
  const attach = (el: HTMLVideoElement | null) => {
    videoRef.current = el;
    if (el && streamRef.current && el.srcObject !== streamRef.current) el.srcObject = streamRef.current;
  };

  const stop = () => {
    streamRef.current?.getTracks().forEach((t) => t.stop());
    streamRef.current = null;
  };

  return { state, level: microphone ? level : 0, attach, stop, retry: () => setAttempt((n) => n + 1) };
}
