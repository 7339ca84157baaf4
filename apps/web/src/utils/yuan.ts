/** Funds are kept in fen (1/100 yuan); people read yuan with grouping: 1,200,000.5. */
export function formatYuan(fen: number): string {
  return (fen / 100).toLocaleString('zh-CN', { maximumFractionDigits: 2 });
}
