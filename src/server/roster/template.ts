// The roster template staff can download: the headings the import reads best, and two
// example pupils (one living in two households). Served as text/csv with a BOM so Excel
// opens it as UTF-8.
export const rosterTemplateCsv = [
  'MIS ID,Forename,Surname,Preferred name,Class,Year group,Key stage,Visual support,Carer 1 name,Carer 1 phone,Carer 1 language,Carer 2 name,Carer 2 phone,Carer 2 language',
  'A123456789012,Amira,Khan,,Year 4 Oak,Year 4,KS2,No,Sadia Khan,07700 900123,Urdu,,,',
  'A123456789013,Maja,Novak,Maja,Year 4 Oak,Year 4,KS2,No,Anna Novak,07700 900124,Polish,Piotr Novak,07700 900125,Polish',
].join('\r\n');
