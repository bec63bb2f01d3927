import { afterEach, describe, expect, it, vi } from 'vitest';
import { speak } from './speech.ts';

afterEach(() => {
  vi.unstubAllGlobals();
});

function fakeSpeech(voices: Array<{ lang: string }>) {
  const spoken: Array<{ text: string; lang: string }> = [];
  vi.stubGlobal('speechSynthesis', {
    getVoices: () => voices,
    cancel: () => undefined,
    speak: (u: { text: string; lang: string }) => spoken.push({ text: u.text, lang: u.lang }),
  });
  vi.stubGlobal(
    'SpeechSynthesisUtterance',
    class {
      text: string;
      lang = '';
      voice: unknown = null;
      rate = 1;
      constructor(text: string) {
        this.text = text;
      }
    },
  );
  return spoken;
}

describe('reading a step aloud', () => {
  it('stays silent, without an error, on a phone with no speech at all', () => {
    expect(speak('Brush teeth', 'en', null)).toBe('silent');
  });

  it('stays silent when the phone has no voice for the schedule’s language', () => {
    const spoken = fakeSpeech([{ lang: 'en-GB' }]);
    expect(speak('Umyj zęby', 'pl', null)).toBe('silent');
    expect(spoken).toEqual([]);
  });

  it('uses a voice of the schedule’s language, regional or not', () => {
    const spoken = fakeSpeech([{ lang: 'en-US' }, { lang: 'pl-PL' }]);
    expect(speak('Umyj zęby', 'pl', null)).toBe('voice');
    expect(spoken).toEqual([{ text: 'Umyj zęby', lang: 'pl-PL' }]);
  });

  it('plays the step’s own recorded clip instead of a voice', () => {
    const spoken = fakeSpeech([{ lang: 'en-GB' }]);
    const played: string[] = [];
    vi.stubGlobal(
      'Audio',
      class {
        src: string;
        constructor(src: string) {
          this.src = src;
          played.push(src);
        }
        play() {
          return Promise.resolve();
        }
        pause() {}
      },
    );
    expect(speak('Brush teeth', 'en', 'blob:clip')).toBe('clip');
    expect(played).toEqual(['blob:clip']);
    expect(spoken).toEqual([]);
  });
});
