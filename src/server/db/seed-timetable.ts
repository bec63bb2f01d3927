// The demo school's weekly timetables: realistic UK primary days for a KS2 and a KS1
// class, plus personalised sessions (pupilId set) for individual children.
import type { SessionKind } from '../../shared/entities.ts';
import { addDays } from '../lib/time.ts';

export type SeedSession = {
  pupil: string | null;
  start: string;
  end: string;
  subject: string;
  kind: SessionKind;
  details: string;
  liveUrl?: string;
};

const days = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'];
const pick = <T>(items: T[], day: number): T => items[day % items.length] as T;

const ks2Maths = [
  'Column addition with exchanging: work through page 4 of your pack, then try the challenge.',
  'Multiplication facts for the 6 and 9 times tables: play the times-table game, then page 5.',
  'Fractions of amounts: use 12 pieces of pasta to find 1/2, 1/3 and 1/4. Draw what you did.',
  'Measuring length in cm and mm: measure five things in your kitchen and record them.',
  'Friday maths quiz: ten questions from this week. Mark it together with your grown-up.',
];
const ks2English = [
  'Read the opening of "The Iron Man" and write three questions you would ask the Iron Man.',
  'Expanded noun phrases: describe the cliff-top setting in five sentences.',
  'Plan your own story about a giant who arrives in a town: beginning, problem, ending.',
  'Write the first half of your story. Remember capital letters and full stops.',
  'Finish and read your story aloud to someone at home. Take a photo of your best page.',
];
const projects = [
  'Romans: draw and label a Roman soldier. What did he carry and why?',
  'Science: which materials are magnetic? Test ten objects at home and sort them.',
  'Art: design a mosaic pattern using squares cut from old magazines or coloured paper.',
  'Geography: draw a map of your route to school with a key.',
  'PE: Joe Wicks-style workout, 20 minutes. Then choose a calm activity.',
];
const phonics = [
  'Phonics: the "ai" sound. Say, read and write rain, tail, snail, paint.',
  'Phonics: the "ee" sound. Find things at home with "ee" in them.',
  'Phonics: the "igh" sound. Read the sentence cards in your pack.',
  'Phonics: the "oa" sound. Play the sound-hunt game with your grown-up.',
  'Phonics: review of this week. Read the little book "Goat in a Boat".',
];
const ks1Maths = [
  'Counting in 2s: line up socks in pairs and count them.',
  'Number bonds to 10 with ten small toys: how many ways can you split them?',
  'Shapes: go on a shape hunt at home. Find a circle, square, triangle and rectangle.',
  'Adding two groups: roll two dice and add the dots. Do it ten times.',
  'Money: set up a little shop with 1p, 2p and 5p coins.',
];
const ks1Afternoon = [
  'Art: draw your family and label everyone.',
  'PE: dance to your favourite song, then a stretch and relax.',
  'Science: plant a bean in a jar with kitchen roll. What do you think will happen?',
  'Music: make a shaker with rice in a bottle and keep the beat to a song.',
  'Choose-and-make: build something from boxes and tell someone about it.',
];

/** Year 4 (KS2, about 4 hours of learning a day). */
export function ks2Day(day: number, liveUrl: string, majaId: string): SeedSession[] {
  const sessions: SeedSession[] = [
    {
      pupil: null,
      start: '09:00',
      end: '09:20',
      subject: 'Register and morning check-in',
      kind: 'live',
      details:
        'Join the class call with your camera on or off. Say hello and hear the plan for today.',
      liveUrl,
    },
    {
      pupil: null,
      start: '09:30',
      end: '10:30',
      subject: 'Maths',
      kind: 'lesson',
      details: pick(ks2Maths, day),
    },
    {
      pupil: null,
      start: '10:30',
      end: '10:45',
      subject: 'Break',
      kind: 'break',
      details: 'Have a snack and a drink, and move around.',
    },
    {
      pupil: null,
      start: '10:45',
      end: '11:45',
      subject: 'English',
      kind: 'lesson',
      details: pick(ks2English, day),
    },
    {
      pupil: null,
      start: '11:45',
      end: '12:15',
      subject: 'Reading',
      kind: 'independent',
      details:
        'Read your reading book for 20 minutes. Write the page you got to in your reading record.',
    },
    {
      pupil: null,
      start: '13:00',
      end: '14:00',
      subject: 'Independent project',
      kind: 'independent',
      details: pick(projects, day),
    },
  ];
  if (days[day] === 'Tuesday') {
    sessions.push({
      pupil: majaId,
      start: '14:15',
      end: '14:45',
      subject: 'Times tables catch-up',
      kind: 'live',
      details: 'A short one-to-one call with Mrs Patel to practise the 7 times table.',
      liveUrl: 'https://teams.microsoft.com/l/meetup-join/oakfield-y4-maja-catchup',
    });
  }
  return sessions;
}

/** Year 1 (KS1, about 3 hours a day). */
export function ks1Day(day: number, liveUrl: string, yusufId: string): SeedSession[] {
  const sessions: SeedSession[] = [
    {
      pupil: null,
      start: '09:00',
      end: '09:15',
      subject: 'Good morning circle',
      kind: 'live',
      details: 'Wave hello to your class, sing the days-of-the-week song and look at today’s plan.',
      liveUrl,
    },
    {
      pupil: null,
      start: '09:20',
      end: '09:50',
      subject: 'Phonics',
      kind: 'lesson',
      details: pick(phonics, day),
    },
    {
      pupil: null,
      start: '09:50',
      end: '10:05',
      subject: 'Break',
      kind: 'break',
      details: 'Snack, drink and a run around.',
    },
    {
      pupil: null,
      start: '10:05',
      end: '10:35',
      subject: 'Maths',
      kind: 'lesson',
      details: pick(ks1Maths, day),
    },
    {
      pupil: null,
      start: '10:45',
      end: '11:15',
      subject: 'Story time',
      kind: 'independent',
      details: 'Share a picture book with your grown-up. Talk about your favourite picture.',
    },
    {
      pupil: null,
      start: '13:15',
      end: '13:45',
      subject: 'Afternoon activity',
      kind: 'independent',
      details: pick(ks1Afternoon, day),
    },
    {
      pupil: yusufId,
      start: '11:20',
      end: '11:35',
      subject: 'Calm time',
      kind: 'break',
      details:
        'Quiet corner with your ear defenders and sensory box. Use the timer card: 10 minutes.',
    },
  ];
  if (days[day] === 'Wednesday') {
    sessions.push({
      pupil: yusufId,
      start: '14:00',
      end: '14:20',
      subject: 'Speech and language practice',
      kind: 'lesson',
      details:
        'Use the symbol cards in your pack: first, then, finished. Practise with your grown-up.',
    });
  }
  return sessions;
}

export function weekDates(weekStart: string): string[] {
  return days.map((_, i) => addDays(weekStart, i));
}
