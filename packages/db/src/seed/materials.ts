import type { DemoCourseKey } from './schedule.ts';

/**
 * The demo's printed materials (our own titles), each handed out by the courses named, with
 * copies printed for every township's store. About 33,000 copies go out in a county year
 * (DESIGN.md §1); `perAttendee` is the share of a session's attendees who take one. The
 * busiest townships run a little beyond their store, as happens: the admin sees it.
 */
export const demoMaterials: ReadonlyArray<{
  title: string;
  topic: 'agri_tech' | 'healthcare' | 'poverty_relief' | 'law' | 'party_building';
  format: 'leaflet' | 'booklet' | 'poster';
  courses: readonly DemoCourseKey[];
  perAttendee: number;
  stockPerTownship: number;
}> = [
  { title: '马铃薯脱毒种薯种植要点（明白纸）', topic: 'agri_tech', format: 'leaflet', courses: ['potato'], perAttendee: 0.8, stockPerTownship: 1500 },
  { title: '温室大棚蔬菜四季管理手册', topic: 'agri_tech', format: 'booklet', courses: ['greenhouse'], perAttendee: 0.6, stockPerTownship: 800 },
  { title: '牦牛冬春补饲与防疫挂图', topic: 'agri_tech', format: 'poster', courses: ['yak'], perAttendee: 0.3, stockPerTownship: 500 },
  { title: '城乡居民医保缴费与报销明白卡', topic: 'healthcare', format: 'leaflet', courses: ['insurance'], perAttendee: 0.9, stockPerTownship: 1000 },
  { title: '易地扶贫搬迁后续扶持政策问答', topic: 'poverty_relief', format: 'booklet', courses: ['relocation'], perAttendee: 0.7, stockPerTownship: 1500 },
  { title: '低保、特困供养申请办事指南', topic: 'poverty_relief', format: 'leaflet', courses: ['allowance', 'relocation'], perAttendee: 0.5, stockPerTownship: 1200 },
  { title: '农村土地承包与人民调解知识读本', topic: 'law', format: 'booklet', courses: ['law'], perAttendee: 0.7, stockPerTownship: 1800 },
  { title: '党员冬训学习资料', topic: 'party_building', format: 'booklet', courses: ['party'], perAttendee: 0.9, stockPerTownship: 500 },
];
