import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/** One bucket of the whole selection (a trust, or a group): what the charts draw. */
export interface ChartBucket {
  /** "w/c 1 June 2026", "June 2026": the bucket as people say it. */
  label: string;
  booked: number;
  completed: number;
  cancelled: number;
  missed: number;
  completionRate: number | null;
  medianDurationSeconds: number | null;
  p90DurationSeconds: number | null;
}

/** A chart drawn on the server, and the same numbers as a table for screen readers and for reading off. */
export interface ReportChart {
  id: string;
  title: string;
  /** A one-sentence description of what the chart shows, read out as its name. */
  summary: string;
  /** Inline SVG: no script, no style attribute (the page's CSP allows neither). */
  svg: string;
  table: { head: string[]; rows: string[][] };
}

/** The outcomes a visit ends in, in the NHS colours the console's tags use. */
const OUTCOMES = [
  { key: 'completed', name: 'Completed', colour: '#007f3b' },
  { key: 'cancelled', name: 'Cancelled', colour: '#4c6272' },
  { key: 'missed', name: 'Missed', colour: '#d5281b' },
  { key: 'open', name: 'Not over yet', colour: '#005eb8' },
] as const;

const FONT = 'Frutiger W01, Arial, sans-serif';
const CONFIG = {
  // ARIA off for the marks: the SVG as a whole is one image named by its summary, and the table beside it holds the numbers
  aria: false,
  font: FONT,
  axis: { labelFontSize: 13, titleFontSize: 14, labelColor: '#212b32', titleColor: '#212b32', gridColor: '#d8dde0', domainColor: '#4c6272', tickColor: '#4c6272' },
  legend: { labelFontSize: 13, titleFontSize: 14, labelColor: '#212b32', titleColor: '#212b32', orient: 'bottom' as const, direction: 'horizontal' as const },
  view: { stroke: null },
} satisfies TopLevelSpec['config'];

const WIDTH = 560;
const HEIGHT = 240;

function xAxis(buckets: readonly ChartBucket[]) {
  return { field: 'bucket', type: 'ordinal' as const, sort: null, title: null, axis: { labelAngle: buckets.length > 6 ? -45 : 0, labelLimit: 120 } };
}

/** Vega-Lite compiled to Vega, run headless and drawn as an SVG string: no browser, no canvas. */
async function drawSvg(spec: TopLevelSpec, summary: string): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    // the marks' own ARIA roles go: the whole SVG is one image, named by its summary, with the table beside it
    const svg = (await view.toSVG()).replace(/ (role|aria-[a-z]+)="[^"]*"/g, '');
    // and it scales to the column it sits in
    return svg.replace(/^<svg ([^>]*?)width="\d+(\.\d+)?" height="\d+(\.\d+)?"/, (_match, before: string) => `<svg ${before}width="100%" role="img" aria-label="${escapeAttribute(summary)}" focusable="false"`);
  } finally {
    view.finalize();
  }
}

function escapeAttribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function percent(rate: number | null): string {
  return rate === null ? '–' : `${(rate * 100).toFixed(rate === 1 || rate === 0 ? 0 : 1)}%`;
}

/** Seconds as minutes and seconds, the way a ward says it: "24 min 30 s". */
export function minutes(seconds: number | null): string {
  if (seconds === null) return '–';
  const whole = Math.round(seconds);
  const m = Math.floor(whole / 60);
  const s = whole % 60;
  return m && s ? `${m} min ${s} s` : m ? `${m} min` : `${s} s`;
}

/** The three charts of a report: visits by outcome, completion rate, and how long completed visits lasted. */
export async function drawReportCharts(buckets: readonly ChartBucket[]): Promise<ReportChart[]> {
  if (!buckets.length) return [];
  const outcomes = buckets.flatMap((b) =>
    OUTCOMES.map((o) => ({
      bucket: b.label,
      outcome: o.name,
      visits: o.key === 'open' ? Math.max(0, b.booked - b.completed - b.cancelled - b.missed) : b[o.key],
    })),
  );
  const rates = buckets.filter((b) => b.completionRate !== null).map((b) => ({ bucket: b.label, rate: b.completionRate }));
  const durations = buckets.flatMap((b) => [
    ...(b.medianDurationSeconds === null ? [] : [{ bucket: b.label, measure: 'Median', minutes: b.medianDurationSeconds / 60 }]),
    ...(b.p90DurationSeconds === null ? [] : [{ bucket: b.label, measure: '90th percentile', minutes: b.p90DurationSeconds / 60 }]),
  ]);
  const first = buckets[0].label;
  const last = buckets[buckets.length - 1].label;
  const span = first === last ? first : `${first} to ${last}`;
  const total = (key: 'booked' | 'completed' | 'cancelled' | 'missed') => buckets.reduce((sum, b) => sum + b[key], 0);

  const outcomeSummary = `Bar chart of visits by outcome, ${span}: ${total('booked')} booked, ${total('completed')} completed, ${total('cancelled')} cancelled, ${total('missed')} missed.`;
  const rateSummary = `Line chart of the completion rate, ${span}${rates.length ? `, from ${percent(rates[0].rate)} to ${percent(rates[rates.length - 1].rate)}` : ': no visit has ended yet'}.`;
  const durationSummary = `Line chart of how long completed visits lasted, ${span}: the median and the 90th percentile in minutes.`;

  const [outcomeSvg, rateSvg, durationSvg] = await Promise.all([
    drawSvg(
      {
        width: WIDTH,
        height: HEIGHT,
        config: CONFIG,
        data: { values: outcomes },
        mark: { type: 'bar' },
        encoding: {
          x: xAxis(buckets),
          y: { field: 'visits', type: 'quantitative', aggregate: 'sum', title: 'Visits', axis: { tickMinStep: 1, format: 'd' } },
          color: { field: 'outcome', type: 'nominal', title: null, scale: { domain: OUTCOMES.map((o) => o.name), range: OUTCOMES.map((o) => o.colour) } },
          order: { field: 'outcome', sort: 'ascending' },
        },
      },
      outcomeSummary,
    ),
    drawSvg(
      {
        width: WIDTH,
        height: HEIGHT,
        config: CONFIG,
        data: { values: rates },
        mark: { type: 'line', point: true, color: '#005eb8', strokeWidth: 3 },
        encoding: {
          x: { ...xAxis(buckets), scale: { domain: buckets.map((b) => b.label) } },
          y: { field: 'rate', type: 'quantitative', title: 'Completed', scale: { domain: [0, 1] }, axis: { format: '.0%' } },
        },
      },
      rateSummary,
    ),
    drawSvg(
      {
        width: WIDTH,
        height: HEIGHT,
        config: CONFIG,
        data: { values: durations },
        mark: { type: 'line', point: true, strokeWidth: 3 },
        encoding: {
          x: { ...xAxis(buckets), scale: { domain: buckets.map((b) => b.label) } },
          y: { field: 'minutes', type: 'quantitative', title: 'Minutes', scale: { zero: true } },
          color: { field: 'measure', type: 'nominal', title: null, scale: { domain: ['Median', '90th percentile'], range: ['#005eb8', '#330072'] } },
          strokeDash: { field: 'measure', type: 'nominal', title: null, scale: { domain: ['Median', '90th percentile'], range: [[1, 0], [6, 4]] } },
        },
      },
      durationSummary,
    ),
  ]);

  return [
    {
      id: 'outcomes',
      title: 'Visits by outcome',
      summary: outcomeSummary,
      svg: outcomeSvg,
      table: {
        head: ['Period', 'Booked', ...OUTCOMES.map((o) => o.name)],
        rows: buckets.map((b) => [b.label, String(b.booked), String(b.completed), String(b.cancelled), String(b.missed), String(Math.max(0, b.booked - b.completed - b.cancelled - b.missed))]),
      },
    },
    {
      id: 'completion-rate',
      title: 'Completion rate',
      summary: rateSummary,
      svg: rateSvg,
      table: { head: ['Period', 'Completed, of visits that ended'], rows: buckets.map((b) => [b.label, percent(b.completionRate)]) },
    },
    {
      id: 'durations',
      title: 'How long visits lasted',
      summary: durationSummary,
      svg: durationSvg,
      table: { head: ['Period', 'Median', '90th percentile'], rows: buckets.map((b) => [b.label, minutes(b.medianDurationSeconds), minutes(b.p90DurationSeconds)]) },
    },
  ];
}
