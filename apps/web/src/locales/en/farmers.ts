// English: the farmers messages, loaded when English is chosen. Exactly the keys of ../zh-CN/farmers.ts (tested).
export default {
  farmers: {
    title: 'Farmers',
    new: 'Register farmer',
    edit: 'Edit farmer',
    search: 'Search farmers',
    searchPlaceholder: 'Name, pinyin initials, phone or last 4 ID digits',
    filterOrgUnit: 'Filter by area',
    allOrgUnits: 'All areas',
    village: 'Village',
    idLast4: 'ID ends in',
    provisional: 'Provisional',
    empty: 'No farmers match',
    created: 'Registered',
    idNumberKept: 'ID number on file (ends in {last4}); leave empty to keep it',
    idNumberHint: '18 characters; the last may be X',
    householdPlaceholder: 'e.g. 07',
    birthYearPlaceholder: 'e.g. 1985',
    record: 'Registered {created}, last updated {updated}',
  },
};
