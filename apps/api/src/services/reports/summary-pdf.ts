import { createRequire } from 'node:module';
import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import PDFDocument from 'pdfkit';
import type { Database } from '@fieldschool/db';
import { SCHEDULE_TIME_ZONE, type ReportByMonth, type ReportByTopic, type ReportFigures, type ReportQuery } from '@fieldschool/contracts';
import { SCHEDULE_FONT } from '../schedule-pdf.ts';
import type { Principal } from '../principal.ts';
import { monthRows, topicRows } from './breakdowns.ts';
import { resolveScope } from './scope.ts';
import { reportFigures } from './summary.ts';
import { TOPIC_ZH, wordFor } from '../file-words.ts';

/*
 * The one-page printable summary (A4, Chinese): the key figures of a scope and period and two
 * charts, 人次 and 人 by month and 人次 by topic. ECharts renders them to SVG in Node (server-side
 * rendering, no animation) and svg-to-pdfkit draws the SVG into the page as vectors, in the
 * same font as the printed schedule.
 */

// svg-to-pdfkit ships no types: the one call made here, typed.
const SVGtoPDF = createRequire(import.meta.url)('svg-to-pdfkit') as (
  doc: PDFKit.PDFDocument,
  svg: string,
  x: number,
  y: number,
  options: { width: number; height: number; fontCallback: () => string },
) => void;

const MARGIN = 40;
const FONT = 'cjk';

async function chartSvg(option: Record<string, unknown>, width: number, height: number): Promise<string> {
  // Loaded on the first PDF only: the full build is large and most api processes never print.
  const echarts = await import('echarts');
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  chart.setOption({ animation: false, textStyle: { fontFamily: FONT }, ...option });
  const svg = chart.renderToSVGString();
  chart.dispose();
  return svg;
}

export function monthChart(months: ReportByMonth, width: number, height: number) {
  return chartSvg(
    {
      title: { text: '按月培训人次与人数', left: 'center', textStyle: { fontSize: 13, fontFamily: FONT } },
      legend: { bottom: 0, textStyle: { fontFamily: FONT } },
      grid: { left: 48, right: 16, top: 36, bottom: 48 },
      xAxis: { type: 'category', data: months.items.map((row) => `${Number(row.month.slice(5))}月`) },
      yAxis: { type: 'value' },
      series: [
        { name: '人次', type: 'bar', data: months.items.map((row) => row.attendances), itemStyle: { color: '#2f7d5b' } },
        { name: '人数', type: 'bar', data: months.items.map((row) => row.farmers), itemStyle: { color: '#9cc9b3' } },
      ],
    },
    width,
    height,
  );
}

export function topicChart(topics: ReportByTopic, width: number, height: number) {
  return chartSvg(
    {
      title: { text: '各主题培训人次', left: 'center', textStyle: { fontSize: 13, fontFamily: FONT } },
      grid: { left: 80, right: 32, top: 36, bottom: 24 },
      xAxis: { type: 'value' },
      yAxis: { type: 'category', data: topics.items.map((row) => wordFor(TOPIC_ZH, row.topic)) },
      series: [{ type: 'bar', data: topics.items.map((row) => row.attendances), itemStyle: { color: '#2f6b9a' }, label: { show: true, position: 'right' } }],
    },
    width,
    height,
  );
}

function figureLines(figures: ReportFigures): [string, string][] {
  const percent = (share: number | null) => (share === null ? '—' : `${(share * 100).toFixed(1)}%`);
  const lines: [string, string][] = [
    ['举办培训', `${figures.sessionsHeld} 场（计划 ${figures.sessionsPlanned}，取消 ${figures.sessionsCancelled}）`],
    ['培训农民', `${figures.attendances} 人次 / ${figures.farmers} 人`],
    ['覆盖村', `${figures.villagesReached} / ${figures.villagesTotal} 个`],
    ['场均参训', figures.averageAttendance === null ? '—' : `${figures.averageAttendance} 人次`],
    ['女性占比', percent(figures.womenShare)],
    ['党员参训', `${figures.partyMemberAttendances} 人次`],
    ['发放资料', `${figures.materials} 份`],
    ['培训师课时', `${figures.trainerHours} 小时`],
  ];
  if (figures.householdCategories) {
    const { dibao, wubao, monitored } = figures.householdCategories;
    lines.push(['低保 / 五保 / 监测户', `${dibao} / ${wubao} / ${monitored} 人次`]);
  }
  return lines;
}

function periodLabel(query: ReportQuery): string {
  if (!query.from && !query.to) return '全部时间';
  return `${query.from ?? '…'} 至 ${query.to ?? '…'}`;
}

export async function renderSummaryPdf(input: {
  scopeName: string;
  period: string;
  figures: ReportFigures;
  months: ReportByMonth;
  topics: ReportByTopic;
  printedAt: Date;
}): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: MARGIN, info: { Title: `培训工作统计 ${input.scopeName} ${input.period}`, Creator: 'FieldSchool' } });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont(FONT, SCHEDULE_FONT);
  doc.font(FONT);
  const width = doc.page.width - 2 * MARGIN;
  doc.fontSize(20).text(`${input.scopeName}农民培训工作统计`, { align: 'center' });
  doc.fontSize(11).fillColor('#444444').text(input.period, { align: 'center' }).moveDown(0.8);

  const lines = figureLines(input.figures);
  const top = doc.y;
  const rowHeight = 22;
  const half = Math.ceil(lines.length / 2);
  lines.forEach(([label, value], index) => {
    const x = MARGIN + (index < half ? 0 : width / 2);
    const y = top + (index % half) * rowHeight;
    doc.fontSize(10).fillColor('#555555').text(label, x, y, { width: 100 });
    doc.fontSize(12).fillColor('#000000').text(value, x + 100, y - 1, { width: width / 2 - 104 });
  });
  const chartTop = top + half * rowHeight + 16;
  const chartHeight = 250;
  const [months, topics] = await Promise.all([monthChart(input.months, width, chartHeight), topicChart(input.topics, width, chartHeight - 30)]);
  const fontCallback = () => FONT;
  SVGtoPDF(doc, months, MARGIN, chartTop, { width, height: chartHeight, fontCallback });
  SVGtoPDF(doc, topics, MARGIN, chartTop + chartHeight + 16, { width, height: chartHeight - 30, fontCallback });

  const footer = `人次：出席与迟到的签到记录数；人：其中不同的农民数。打印于 ${format(new TZDate(input.printedAt, SCHEDULE_TIME_ZONE), 'yyyy-MM-dd HH:mm')}（北京时间）`;
  const margin = doc.page.margins.bottom;
  doc.page.margins.bottom = 0;
  doc.fontSize(8).fillColor('#555555').text(footer, MARGIN, doc.page.height - MARGIN, { width, align: 'center' });
  doc.page.margins.bottom = margin;
  doc.end();
  return done;
}

export async function printReportSummary(db: Database, principal: Principal, query: ReportQuery, now = new Date()): Promise<Buffer> {
  const scope = await resolveScope(db, principal, query);
  const [figures, months, topics] = await Promise.all([reportFigures(db, scope), monthRows(db, scope), topicRows(db, scope)]);
  return renderSummaryPdf({ scopeName: scope.unit.name, period: periodLabel(query), figures, months, topics, printedAt: now });
}
