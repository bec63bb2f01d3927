// Reads a step aloud for a child who does not read: the step's own recorded clip when it
// has one, else the phone's speech synthesis in the schedule's language. A phone with no
// voice for that language (or no speech at all) stays silent; nothing breaks or shows an
// error, because the symbol and the words are still there.

let current: HTMLAudioElement | null = null;

function voiceFor(language: string): SpeechSynthesisVoice | null {
  const voices = globalThis.speechSynthesis?.getVoices() ?? [];
  const wanted = language.toLowerCase();
  const base = wanted.split('-')[0] ?? wanted;
  return (
    voices.find((v) => v.lang.toLowerCase() === wanted) ??
    voices.find((v) => v.lang.toLowerCase().split(/[-_]/)[0] === base) ??
    null
  );
}

export function stopSpeaking(): void {
  current?.pause();
  current = null;
  try {
    globalThis.speechSynthesis?.cancel();
  } catch {
    // no speech on this phone
  }
}

/** Says a step; returns how: its clip, a voice, or not at all. */
export function speak(
  text: string,
  language: string,
  clipUrl: string | null,
): 'clip' | 'voice' | 'silent' {
  stopSpeaking();
  if (clipUrl) {
    current = new Audio(clipUrl);
    current.play().catch(() => undefined);
    return 'clip';
  }
  const synth = globalThis.speechSynthesis;
  const voice = voiceFor(language);
  if (!synth || !voice || typeof SpeechSynthesisUtterance !== 'function') return 'silent';
  try {
    const utterance = new SpeechSynthesisUtterance(text);
    utterance.voice = voice;
    utterance.lang = voice.lang;
    utterance.rate = 0.9;
    synth.speak(utterance);
    return 'voice';
  } catch {
    return 'silent';
  }
}
