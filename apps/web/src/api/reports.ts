import type {
  QualityPage,
  QualityQuery,
  ReportByMonth,
  ReportByTopic,
  ReportByUnit,
  ReportByUnitQuery,
  ReportFarmerHistory,
  ReportPageQuery,
  ReportQuery,
  ReportRoster,
  ReportSessionPage,
  ReportSummary,
  ReportUntrainedPage,
  ReportUntrainedQuery,
} from '@fieldschool/contracts';
import { API_BASE, request } from './client.ts';

export function getSummary(query: ReportQuery, signal?: AbortSignal): Promise<ReportSummary> {
  return request('GET', '/reports/summary', { query, signal });
}

export function getByMonth(query: ReportQuery, signal?: AbortSignal): Promise<ReportByMonth> {
  return request('GET', '/reports/by-month', { query, signal });
}

export function getByTopic(query: ReportQuery, signal?: AbortSignal): Promise<ReportByTopic> {
  return request('GET', '/reports/by-topic', { query, signal });
}

export function getByUnit(query: ReportByUnitQuery, signal?: AbortSignal): Promise<ReportByUnit> {
  return request('GET', '/reports/by-unit', { query, signal });
}

export function listReportSessions(query: ReportPageQuery, signal?: AbortSignal): Promise<ReportSessionPage> {
  return request('GET', '/reports/sessions', { query, signal });
}

export function getRoster(sessionId: string, signal?: AbortSignal): Promise<ReportRoster> {
  return request('GET', `/reports/sessions/${encodeURIComponent(sessionId)}/roster`, { signal });
}

export function getFarmerHistory(farmerId: string, signal?: AbortSignal): Promise<ReportFarmerHistory> {
  return request('GET', `/reports/farmers/${encodeURIComponent(farmerId)}`, { signal });
}

export function listUntrained(query: ReportUntrainedQuery, signal?: AbortSignal): Promise<ReportUntrainedPage> {
  return request('GET', '/reports/untrained', { query, signal });
}

export function listQuality(query: QualityQuery, signal?: AbortSignal): Promise<QualityPage> {
  return request('GET', '/reports/quality', { query, signal });
}

/** A download link for an export (the browser sends the session cookie with a plain GET). */
export function exportUrl(file: 'attendances.csv' | 'attendances.xlsx' | 'summary.pdf', query: ReportQuery): string {
  const search = new URLSearchParams(Object.entries(query).filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1] !== ''));
  return `${API_BASE}/reports/${file}${search.size ? `?${search}` : ''}`;
}
