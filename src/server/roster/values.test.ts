import { describe, expect, it } from 'vitest';
import { fieldOfHeading } from './columns.ts';
import {
  displayPhone,
  keyStageOfYear,
  normaliseKeyStage,
  normaliseLanguage,
  normalisePhone,
  normaliseYearGroup,
} from './values.ts';

describe('roster cells', () => {
  it.each([
    ['07700 900123', '+447700900123'],
    ['07700-900-123', '+447700900123'],
    ['+44 (0)7700 900123', '+447700900123'],
    ['0044 7700 900123', '+447700900123'],
    ['7700900123', '+447700900123'], // the 0 a spreadsheet dropped
    ['01632 960100', '+441632960100'],
    ['+48 601 234 567', '+48601234567'],
  ])('reads the phone %s as %s', (cell, phone) => {
    expect(normalisePhone(cell)).toEqual({ ok: true, phone });
  });

  it.each(['call me', '123', '07700 900123 ext 4', '+44 12', '07700 9001234567'])(
    'refuses %s as a phone',
    (cell) => {
      expect(normalisePhone(cell)).toEqual({ ok: false, asNumber: false });
    },
  );

  it('says when a spreadsheet turned a phone into a number', () => {
    expect(normalisePhone('7.7009E+09')).toEqual({ ok: false, asNumber: true });
  });

  it('shows UK numbers as people write them', () => {
    expect(displayPhone('+447700900123')).toBe('07700 900123');
    expect(displayPhone('+48601234567')).toBe('+48601234567');
  });

  it.each([
    ['Year 4', '4'],
    ['Y4', '4'],
    ['yr 10', '10'],
    ['NC Year 13', '13'],
    ['Reception', 'R'],
    ['R', 'R'],
    ['Nursery', 'N'],
    ['Year 14', null],
    ['four', null],
  ])('reads the year group %s as %s', (cell, year) => {
    expect(normaliseYearGroup(cell)).toBe(year);
  });

  it('knows each year group’s key stage and reads key stages as schools write them', () => {
    expect(['R', '1', '2', '3', '6', '7', '9', '10', '11', '12'].map(keyStageOfYear)).toEqual([
      'EYFS',
      'KS1',
      'KS1',
      'KS2',
      'KS2',
      'KS3',
      'KS3',
      'KS4',
      'KS4',
      'KS5',
    ]);
    expect(
      ['KS1', 'Key Stage 2', 'ks 3', '4', 'Foundation', 'EYFS', 'KS6'].map(normaliseKeyStage),
    ).toEqual(['KS1', 'KS2', 'KS3', 'KS4', 'EYFS', 'EYFS', null]);
  });

  it('reads home languages by name and by DfE census code', () => {
    expect(
      ['Polish', 'POL', 'urd', 'Arabic', 'BNG', 'Panjabi', 'pl-PL', 'Welsh'].map((c) =>
        normaliseLanguage(c),
      ),
    ).toEqual(
      ['pl', 'pl', 'ur', 'ar', 'bn', 'pa', 'pl', 'cy'].map((code) => ({ known: true, code })),
    );
    expect(normaliseLanguage('Not obtained')).toEqual({ known: true, code: null });
    expect(normaliseLanguage('')).toEqual({ known: true, code: null });
    expect(normaliseLanguage('Klingon')).toEqual({ known: false });
  });

  it('matches headings whatever their case, spacing and punctuation', () => {
    expect(fieldOfHeading('Reg Group')).toBe('className');
    expect(fieldOfHeading('Contact 2 – Mobile Phone')).toBe('carer2Phone');
    expect(fieldOfHeading('Parent/Carer 1 Name')).toBe('carer1Name');
    expect(fieldOfHeading('Carer name 3')).toBe('carer3Name');
    expect(fieldOfHeading('Primary contact mobile')).toBe('carer1Phone');
    expect(fieldOfHeading('Carer 1 Home Language')).toBe('carer1Language');
    expect(fieldOfHeading('Carer 5 phone')).toBeNull();
    expect(fieldOfHeading('Date of birth')).toBeNull();
  });
});

describe('the roster template', () => {
  it('imports cleanly: every heading understood, no problems', async () => {
    const { previewRoster } = await import('./index.ts');
    const { rosterTemplateCsv } = await import('./template.ts');
    const { report } = previewRoster(Buffer.from(rosterTemplateCsv), {
      classes: [],
      pupils: [],
      families: [],
      links: [],
    });
    expect(report.errors).toEqual([]);
    expect(report.warnings).toEqual([]);
    expect(report.columns.ignored).toEqual([]);
    expect(report.pupils.create).toBe(2);
    expect(report.families.create).toBe(3);
  });
});
