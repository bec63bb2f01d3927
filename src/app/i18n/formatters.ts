// The cached Intl formatters live in src/ui (both browser apps use them).
export { dateFormat, numberFormat, relativeFormat } from '../../ui/format/intl.ts';
