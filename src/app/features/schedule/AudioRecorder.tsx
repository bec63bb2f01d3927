// Records a short clip for a step ("Time to brush your teeth", in a familiar voice).
// MediaRecorder where the phone has it; at most maxAudioSeconds; kept on the phone and
// sent with the schedule. Without a microphone (or permission) it says so and the step
// keeps the phone's synthetic voice.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { maxAudioBytes, maxAudioSeconds } from '../../../shared/schedules.ts';
import { sha256Hex } from '../../photos/compressCore.ts';
import { useMediaUrl } from '../../data/routineHooks.ts';
import { routine } from './actions.ts';

type Props = {
  pupilId: string;
  audioId: string | null;
  onChange: (audioId: string | null) => void;
};

export function canRecord(): boolean {
  return typeof MediaRecorder === 'function' && !!navigator.mediaDevices?.getUserMedia;
}

export function AudioRecorder({ pupilId, audioId, onChange }: Props) {
  const { t } = useTranslation('routine');
  const url = useMediaUrl(audioId);
  const [recording, setRecording] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const recorder = useRef<MediaRecorder | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
      recorder.current?.stream.getTracks().forEach((track) => track.stop());
    },
    [],
  );

  async function start() {
    setError(null);
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    } catch {
      setError(t('audio.noMic'));
      return;
    }
    const chunks: Blob[] = [];
    const rec = new MediaRecorder(stream);
    recorder.current = rec;
    rec.ondataavailable = (e) => {
      if (e.data.size > 0) chunks.push(e.data);
    };
    rec.onstop = async () => {
      stream.getTracks().forEach((track) => track.stop());
      setRecording(false);
      const type = (rec.mimeType || 'audio/webm').split(';')[0] ?? 'audio/webm';
      const blob = new Blob(chunks, { type });
      if (blob.size === 0) return setError(t('audio.empty'));
      if (blob.size > maxAudioBytes) return setError(t('audio.tooLong'));
      const id = await routine.addMedia({
        pupilId,
        kind: 'audio',
        contentType: type,
        blob,
        sha256: await sha256Hex(blob),
        bytes: blob.size,
      });
      onChange(id);
    };
    rec.start();
    setRecording(true);
    timer.current = setTimeout(() => stop(), maxAudioSeconds * 1000);
  }

  function stop() {
    if (timer.current) clearTimeout(timer.current);
    if (recorder.current?.state === 'recording') recorder.current.stop();
  }

  if (!canRecord()) return null;
  return (
    <div className="recorder">
      {recording ? (
        <button type="button" className="button button--danger" onClick={stop}>
          {t('audio.stop')}
        </button>
      ) : (
        <button type="button" className="button" onClick={() => void start()}>
          {audioId ? t('audio.again') : t('audio.record')}
        </button>
      )}
      {url && !recording ? (
        <>
          <audio src={url} controls className="recorder__player">
            <track kind="captions" />
          </audio>
          <button type="button" className="button button--small" onClick={() => onChange(null)}>
            {t('audio.remove')}
          </button>
        </>
      ) : null}
      <p className="message message--error" role="alert">
        {error ?? ''}
      </p>
    </div>
  );
}
