import { fieldMeta } from './records-fixture.tsx';

/** One field of each composite and place type (address, fullName, dateRange, locationAddress) and a country. */
export const COMPOSITE_FIXTURES = [
  fieldMeta({ name: 'title', type: 'text', label: 'Title' }),
  fieldMeta({ name: 'office', type: 'address', label: 'Office' }),
  fieldMeta({ name: 'boss', type: 'fullName', label: 'Boss' }),
  fieldMeta({ name: 'contract', type: 'dateRange', label: 'Contract' }),
  fieldMeta({ name: 'nation', type: 'country', label: 'Nation' }),
  fieldMeta({ name: 'site', type: 'locationAddress', label: 'Site' }),
  fieldMeta({ name: 'ip', type: 'ipAddress', label: 'IP' }),
  fieldMeta({ name: 'secret', type: 'encrypted', label: 'Secret' }),
  fieldMeta({ name: 'zone', type: 'timeZone', label: 'Zone' }),
  fieldMeta({ name: 'rank', type: 'sequence', label: 'Rank' }),
  fieldMeta({ name: 'parentSite', type: 'tree', label: 'Parent site', target: 'site' }),
];
