import { describe, expect, it } from 'vitest';
import { addDays, pickWeek, todayIn, weekDays, weekStartOf } from './calendar.ts';

describe('calendar', () => {
  it('adds days across the clocks going back without losing a day', () => {
    expect(addDays('2026-10-24', 1)).toBe('2026-10-25');
    expect(addDays('2026-10-25', 1)).toBe('2026-10-26');
    expect(weekDays('2026-10-19')).toEqual([
      '2026-10-19',
      '2026-10-20',
      '2026-10-21',
      '2026-10-22',
      '2026-10-23',
    ]);
  });

  it('takes today in the school time zone, not UTC', () => {
    // 23:30 UTC on 30 June is already 1 July in London (BST).
    expect(todayIn('Europe/London', new Date('2026-06-30T23:30:00Z'))).toBe('2026-07-01');
  });

  it('opens the current week, else the next, else the latest', () => {
    const weeks = [
      { weekStart: '2026-11-16' },
      { weekStart: '2026-11-23' },
      { weekStart: '2026-11-30' },
    ];
    expect(pickWeek(weeks, '2026-11-25')?.weekStart).toBe('2026-11-23');
    expect(pickWeek(weeks, '2026-11-29')?.weekStart).toBe('2026-11-23'); // Sunday
    expect(pickWeek(weeks.slice(2), '2026-11-25')?.weekStart).toBe('2026-11-30');
    expect(pickWeek(weeks.slice(0, 1), '2026-12-25')?.weekStart).toBe('2026-11-16');
    expect(pickWeek([], '2026-12-25')).toBeUndefined();
  });

  it('finds the Monday of any day, across months, years and clock changes', () => {
    expect(weekStartOf('2026-11-23')).toBe('2026-11-23'); // a Monday
    expect(weekStartOf('2026-11-29')).toBe('2026-11-23'); // the Sunday after
    expect(weekStartOf('2026-11-28')).toBe('2026-11-23');
    expect(weekStartOf('2027-01-01')).toBe('2026-12-28');
    expect(weekStartOf('2026-03-29')).toBe('2026-03-23'); // BST starts that Sunday
  });
});
