// Simplified Chinese: the messages of the farmers pages, loaded with them (locales/index.ts). A bare `export default {…}`.
export default {
  farmers: {
    title: '农民',
    new: '登记农民',
    edit: '编辑农民信息',
    search: '搜索农民',
    searchPlaceholder: '姓名、拼音首字母、手机号或身份证后4位',
    filterOrgUnit: '按地区筛选',
    allOrgUnits: '全部地区',
    village: '村',
    idLast4: '身份证尾号',
    provisional: '临时登记',
    empty: '没有找到符合条件的农民',
    created: '已登记',
    idNumberKept: '已登记身份证（尾号 {last4}），留空则不修改',
    idNumberHint: '18 位，最后一位可以是 X',
    householdPlaceholder: '例如 07',
    birthYearPlaceholder: '例如 1985',
    record: '登记于 {created}，最后更新 {updated}',
  },
};
