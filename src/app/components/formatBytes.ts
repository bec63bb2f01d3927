// "310 KB", "1.2 MB" in the family's language: what a photo will cost on their data.
import { formatBytes as format } from '../../ui/format/bytes.ts';
import { intlLocale } from '../i18n/languages.ts';

export const formatBytes = (bytes: number, language: string): string =>
  format(bytes, intlLocale(language));
