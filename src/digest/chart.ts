/**
 * The digest's chart, rendered on the server with no browser: ECharts draws SVG in SSR mode and
 * resvg turns it into a PNG. Left: new and resolved complaints per day for 7 days. Right: new
 * complaints per category over the same 7 days, a category spiking on the day in red.
 *
 * Fonts come from the system. Chinese labels need a CJK font (Debian: `fonts-noto-cjk`); without
 * one resvg still renders the chart, with placeholder glyphs for the Chinese text.
 */
import { renderAsync } from '@resvg/resvg-js';
import * as echarts from 'echarts';
import { catalogFor } from '../i18n/index.js';
import type { DigestFigures } from './figures.js';

export const CHART_SIZE = { width: 880, height: 360, scale: 2 } as const;
const FONT = "'Noto Sans CJK SC', 'Noto Sans SC', 'Noto Sans', 'DejaVu Sans', 'Liberation Sans', sans-serif";
const COLORS = {
  new: '#4f6bed',
  resolved: '#2fa36b',
  category: '#8a94a6',
  spike: '#d9534f',
  text: '#2b2f36',
  grid: '#e6e8ec',
};
/** Bar labels: a zero bar has no height, and a "0" floating over nothing reads as noise. */
const hideZero = (p: { value?: unknown }) => (p.value === 0 ? '' : String(p.value));

/** `11/17`: short, unambiguous in both languages. */
const shortDay = (isoDate: string) => `${Number(isoDate.slice(5, 7))}/${Number(isoDate.slice(8, 10))}`;

/** The chart as SVG markup. */
export function digestChartSvg(figures: DigestFigures, locale: string): string {
  const t = catalogFor(locale);
  const chart = echarts.init(null, null, {
    renderer: 'svg',
    ssr: true,
    width: CHART_SIZE.width,
    height: CHART_SIZE.height,
  });
  const categories = [...figures.weekCategories].sort((a, b) => a.count - b.count);
  const spiking = new Set(figures.spikes.map((s) => s.category));
  chart.setOption({
    animation: false,
    backgroundColor: '#ffffff',
    textStyle: { fontFamily: FONT, color: COLORS.text },
    title: [
      { text: t.digest.chartTrend, left: 16, top: 10, textStyle: { fontSize: 15, fontWeight: 'bold' } },
      {
        text: t.digest.chartCategories,
        left: '62%',
        top: 10,
        textStyle: { fontSize: 15, fontWeight: 'bold' },
      },
    ],
    legend: {
      top: 12,
      left: 200,
      itemWidth: 14,
      itemHeight: 10,
      textStyle: { fontSize: 12 },
      data: [t.digest.chartNew, t.digest.chartResolved],
    },
    grid: [
      { left: 40, right: '42%', top: 56, bottom: 36 },
      { left: '72%', right: 28, top: 56, bottom: 36 },
    ],
    xAxis: [
      {
        gridIndex: 0,
        type: 'category',
        data: figures.trend.map((d) => shortDay(d.day)),
        axisTick: { show: false },
        axisLabel: { fontSize: 12 },
      },
      {
        gridIndex: 1,
        type: 'value',
        minInterval: 1,
        splitLine: { lineStyle: { color: COLORS.grid } },
        axisLabel: { fontSize: 11 },
      },
    ],
    yAxis: [
      {
        gridIndex: 0,
        type: 'value',
        minInterval: 1,
        splitLine: { lineStyle: { color: COLORS.grid } },
        axisLabel: { fontSize: 11 },
      },
      {
        gridIndex: 1,
        type: 'category',
        data: categories.map((c) => t.categoriesShort[c.category]),
        axisTick: { show: false },
        axisLabel: { fontSize: 12 },
      },
    ],
    series: [
      {
        name: t.digest.chartNew,
        type: 'bar',
        xAxisIndex: 0,
        yAxisIndex: 0,
        barGap: '10%',
        itemStyle: { color: COLORS.new, borderRadius: [3, 3, 0, 0] },
        label: { show: true, position: 'top', fontSize: 11, formatter: hideZero },
        data: figures.trend.map((d) => d.newCount),
      },
      {
        name: t.digest.chartResolved,
        type: 'bar',
        xAxisIndex: 0,
        yAxisIndex: 0,
        itemStyle: { color: COLORS.resolved, borderRadius: [3, 3, 0, 0] },
        label: { show: true, position: 'top', fontSize: 11, formatter: hideZero },
        data: figures.trend.map((d) => d.resolved),
      },
      {
        type: 'bar',
        xAxisIndex: 1,
        yAxisIndex: 1,
        barWidth: '55%',
        itemStyle: { borderRadius: [0, 3, 3, 0] },
        label: { show: true, position: 'right', fontSize: 11, formatter: hideZero },
        // A category spiking on the digest day stands out in red, as in the spike warning.
        data: categories.map((c) => ({
          value: c.count,
          itemStyle: { color: spiking.has(c.category) ? COLORS.spike : COLORS.category },
        })),
      },
    ],
  });
  const svg = chart.renderToSVGString();
  chart.dispose();
  return svg;
}

/**
 * The chart as a PNG, twice the nominal size so it stays sharp on high-density screens.
 *
 * Rendered on libuv's thread pool, not the event loop: loading the system fonts takes most of a
 * second where a CJK font is installed (about 0.9 s per chart on the CI machine, 0.1 s without
 * it), and done in line that froze every conversation, ack and timer of the instance while each
 * tenant's digest was drawn.
 */
export async function renderDigestChart(figures: DigestFigures, locale: string): Promise<Buffer> {
  const svg = digestChartSvg(figures, locale);
  const png = await renderAsync(svg, {
    fitTo: { mode: 'width', value: CHART_SIZE.width * CHART_SIZE.scale },
    background: '#ffffff',
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
  });
  return png.asPng();
}
