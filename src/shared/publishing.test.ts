import { describe, expect, it } from 'vitest';
import { learningMinutes, minimumGroupOf, weekHours } from './publishing.ts';

const minimums = { ks1: 180, ks2: 240, secondary: 300 };
const s = (
  date: string,
  startTime: string,
  endTime: string,
  extra: { kind?: 'lesson' | 'live' | 'independent' | 'break'; pupilId?: string | null } = {},
) => ({ date, startTime, endTime, kind: extra.kind ?? 'lesson', pupilId: extra.pupilId ?? null });

describe('the daily minimum', () => {
  it('counts lessons, live lessons and independent work, never breaks', () => {
    expect(
      learningMinutes([
        s('2027-01-04', '09:00', '10:00'),
        s('2027-01-04', '10:00', '10:15', { kind: 'break' }),
        s('2027-01-04', '10:15', '11:00', { kind: 'live' }),
        s('2027-01-04', '13:00', '13:30', { kind: 'independent' }),
      ]),
    ).toBe(135);
  });

  it('groups key stages: KS1, KS2, secondary for KS3–KS5, none for EYFS', () => {
    expect(
      ['EYFS', 'KS1', 'KS2', 'KS3', 'KS4', 'KS5'].map((k) => minimumGroupOf(k as never)),
    ).toEqual([null, 'ks1', 'ks2', 'secondary', 'secondary', 'secondary']);
  });

  it('gives each group the fewest minutes any of its children gets, own sessions added', () => {
    const pupils = [
      { id: 'a', keyStage: 'KS2' as const },
      { id: 'b', keyStage: 'KS2' as const },
      { id: 'c', keyStage: 'KS1' as const },
      { id: 'e', keyStage: 'EYFS' as const },
    ];
    const days = weekHours(
      '2027-01-04',
      [
        s('2027-01-04', '09:00', '12:00'),
        s('2027-01-04', '13:00', '14:00', { pupilId: 'a' }),
        s('2027-01-04', '13:00', '14:00', { pupilId: 'b', kind: 'break' }),
        // A Saturday session makes Saturday a day of the week; Sunday stays out.
        s('2027-01-09', '10:00', '11:00'),
      ],
      pupils,
      minimums,
    );
    expect(days.map((d) => d.date)).toEqual([
      '2027-01-04',
      '2027-01-05',
      '2027-01-06',
      '2027-01-07',
      '2027-01-08',
      '2027-01-09',
    ]);
    expect(days[0]).toEqual({
      date: '2027-01-04',
      classMinutes: 180,
      groups: [
        { group: 'ks1', required: 180, fewestMinutes: 180, short: false },
        { group: 'ks2', required: 240, fewestMinutes: 180, short: true },
      ],
    });
    expect(days[1]!.groups.every((g) => g.short && g.fewestMinutes === 0)).toBe(true);
  });
});
