import type { CourseTopic, ReportByMonth, ReportByTopic, ReportByUnit, ReportQuery, ReportSummary } from '@fieldschool/contracts';
import { defineStore } from 'pinia';
import { ref } from 'vue';
import * as reportsApi from '@/api/reports.ts';
import { useLatestRequest } from '@/composables/use-latest-request.ts';

/** The report filters a person sets; the unit comes from the page's address (the drill-down). */
export interface ReportFilters {
  /** [from, to] as local days (yyyy-MM-dd), or null for all time. */
  range: [string, string] | null;
  topic: CourseTopic | null;
  trainerId: string | null;
}

/** This calendar year in Asia/Shanghai: what a county reports on. */
export function thisYear(now = new Date()): [string, string] {
  const year = new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(now);
  return [`${year}-01-01`, `${year}-12-31`];
}

export function toReportQuery(filters: ReportFilters, orgUnitId: string | undefined): ReportQuery {
  return {
    ...(orgUnitId ? { orgUnitId } : {}),
    ...(filters.range ? { from: filters.range[0], to: filters.range[1] } : {}),
    ...(filters.topic ? { topic: filters.topic } : {}),
    ...(filters.trainerId ? { trainerId: filters.trainerId } : {}),
  };
}

/** The figures and breakdowns of one scope and period, loaded together. */
export const useReportDashboardStore = defineStore('report-dashboard', () => {
  const filters = ref<ReportFilters>({ range: thisYear(), topic: null, trainerId: null });
  const summary = ref<ReportSummary | null>(null);
  const months = ref<ReportByMonth['items']>([]);
  const topics = ref<ReportByTopic['items']>([]);
  const children = ref<ReportByUnit['items']>([]);
  const villages = ref<ReportByUnit['items']>([]);
  const { loading, error, run, reset } = useLatestRequest();

  function load(orgUnitId: string | undefined): Promise<void> {
    const query = toReportQuery(filters.value, orgUnitId);
    return run(
      (signal) =>
        Promise.all([
          reportsApi.getSummary(query, signal),
          reportsApi.getByMonth(query, signal),
          reportsApi.getByTopic(query, signal),
          reportsApi.getByUnit(query, signal),
          reportsApi.getByUnit({ ...query, level: 'village' }, signal),
        ]),
      ([loadedSummary, byMonth, byTopic, byUnit, byVillage]) => {
        summary.value = loadedSummary;
        months.value = byMonth.items;
        topics.value = byTopic.items;
        children.value = byUnit.items;
        villages.value = byVillage.items;
      },
    );
  }

  function $reset(): void {
    reset();
    filters.value = { range: thisYear(), topic: null, trainerId: null };
    summary.value = null;
    months.value = [];
    topics.value = [];
    children.value = [];
    villages.value = [];
  }

  return { filters, summary, months, topics, children, villages, loading, error, load, $reset };
});
