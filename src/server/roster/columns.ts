// Headings → fields. Management systems and the people who tidy their exports name the
// same column many ways ("Reg Group", "Registration group", "Class"; "Contact 1 Mobile",
// "Carer 1 phone", "Parent1Telephone"), so headings are compared without case, spaces or
// punctuation against the names below. The README beside this file lists them.
import { maxCarersPerRow, type RosterField } from '../../shared/roster.ts';

const pupilHeadings: Record<string, RosterField> = {};
function names(field: RosterField, list: string[]) {
  for (const n of list) pupilHeadings[n] = field;
}
names('misId', [
  'misid',
  'upn',
  'uniquepupilnumber',
  'pupilid',
  'studentid',
  'childid',
  'id',
  'admissionno',
  'admissionnumber',
  'adno',
  'pupilnumber',
  'externalid',
  'mis',
  'pupilmisid',
]);
names('fullName', [
  'pupilname',
  'name',
  'fullname',
  'childname',
  'childsname',
  'studentname',
  'pupil',
  'child',
  'student',
  'pupilfullname',
  'legalname',
]);
names('forename', [
  'forename',
  'firstname',
  'legalforename',
  'givenname',
  'pupilforename',
  'pupilfirstname',
  'childforename',
  'childfirstname',
  'forenames',
]);
names('surname', [
  'surname',
  'lastname',
  'legalsurname',
  'familyname',
  'pupilsurname',
  'pupillastname',
  'childsurname',
  'childlastname',
]);
names('preferredName', [
  'preferredname',
  'preferredforename',
  'preferredfirstname',
  'knownas',
  'displayname',
  'nickname',
  'chosenname',
]);
names('className', [
  'class',
  'classname',
  'reggroup',
  'registrationgroup',
  'regclass',
  'form',
  'formgroup',
  'formclass',
  'tutorgroup',
  'homeroom',
  'group',
  'classgroup',
  'pupilclass',
]);
names('yearGroup', [
  'yeargroup',
  'year',
  'ncyear',
  'curriculumyear',
  'nationalcurriculumyear',
  'yr',
  'yeargrp',
  'schoolyear',
]);
names('keyStage', ['keystage', 'ks', 'stage']);
names('visualSupport', [
  'visualsupport',
  'visualtimetable',
  'visualschedule',
  'symbols',
  'symbolsupport',
]);
names('homeLanguage', [
  'homelanguage',
  'firstlanguage',
  'language',
  'mainlanguage',
  'languagespoken',
  'pupilfirstlanguage',
  'familylanguage',
  'preferredlanguage',
]);

const carerPrefix =
  '(?:carer|contact|parent|parentcarer|guardian|parentguardian|parentorcarer|primarycontact)';
const carerPart: Record<string, 'Name' | 'Phone' | 'Language'> = {};
for (const n of ['name', 'fullname', '']) carerPart[n] = 'Name';
for (const n of [
  'phone',
  'mobile',
  'mobilephone',
  'telephone',
  'tel',
  'phonenumber',
  'mobilenumber',
  'telephonenumber',
  'mobileno',
  'phoneno',
  'contactnumber',
])
  carerPart[n] = 'Phone';
for (const n of [
  'language',
  'homelanguage',
  'firstlanguage',
  'mainlanguage',
  'languagespoken',
  'preferredlanguage',
])
  carerPart[n] = 'Language';
const carerPattern = new RegExp(`^${carerPrefix}(\\d)?([a-z]*?)(\\d)?$`);

/** A heading as compared: lower case, letters and digits only ("Carer 1 – Mobile" → carer1mobile). */
export function foldHeading(heading: string): string {
  return heading
    .normalize('NFKD')
    .toLowerCase()
    .replace(/&/g, 'and')
    .replace(/[^a-z0-9]/g, '')
    .replace(/^primarycontact/, 'contact1');
}

export function fieldOfHeading(heading: string): RosterField | null {
  const h = foldHeading(heading);
  if (!h) return null;
  const pupil = pupilHeadings[h];
  if (pupil) return pupil;
  const m = carerPattern.exec(h);
  if (!m) return null;
  const part = carerPart[m[2] ?? ''];
  const number = Number(m[1] ?? m[3] ?? '1');
  if (!part || (m[1] && m[3]) || number < 1 || number > maxCarersPerRow) return null;
  return `carer${number}${part}` as RosterField;
}

export type ColumnMap = {
  /** Column index of each field found. */
  index: Partial<Record<RosterField, number>>;
  used: { heading: string; field: RosterField }[];
  ignored: string[];
  /** Fields named by more than one column, with their headings. */
  duplicates: { field: RosterField; headings: string[] }[];
};

export function mapColumns(headings: string[]): ColumnMap {
  const index: Partial<Record<RosterField, number>> = {};
  const used: ColumnMap['used'] = [];
  const ignored: string[] = [];
  const byField = new Map<RosterField, string[]>();
  headings.forEach((raw, i) => {
    const heading = raw.trim();
    const field = fieldOfHeading(heading);
    if (!field) {
      if (heading) ignored.push(heading);
      return;
    }
    const seen = byField.get(field);
    if (seen) {
      seen.push(heading);
      return;
    }
    byField.set(field, [heading]);
    index[field] = i;
    used.push({ heading, field });
  });
  const duplicates = [...byField]
    .filter(([, list]) => list.length > 1)
    .map(([field, list]) => ({ field, headings: list }));
  return { index, used, ignored, duplicates };
}
