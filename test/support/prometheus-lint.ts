/**
 * A strict reader of the Prometheus text format (version 0.0.4) that reports what
 * `promtool check metrics` reports, for machines without promtool: every family has HELP and
 * TYPE before its samples; counters end in `_total` and nothing else does; histograms have only
 * `_bucket` (with `le`), `_sum` and `_count` samples; names are snake_case within
 * `[a-zA-Z_:][a-zA-Z0-9_:]*`; no series appears twice; every value is a number.
 */
const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const SAMPLE = /^([^\s{]+)(\{(.*)\})?\s+(\S+)(\s+-?\d+)?$/;
const LABEL_PAIR = /([^=,\s]+)="((?:[^"\\]|\\.)*)"\s*(,\s*|$)/gy;
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);

interface Family {
  help: boolean;
  type: string | null;
  samples: number;
}

function parseLabels(text: string): Map<string, string> | null {
  const labels = new Map<string, string>();
  LABEL_PAIR.lastIndex = 0;
  let consumed = 0;
  for (let match = LABEL_PAIR.exec(text); match; match = LABEL_PAIR.exec(text)) {
    if (labels.has(match[1] ?? '')) return null;
    labels.set(match[1] ?? '', match[2] ?? '');
    consumed = LABEL_PAIR.lastIndex;
  }
  return consumed === text.length ? labels : null;
}

/** The family a sample belongs to: a histogram's `_bucket`, `_sum` and `_count` belong to it. */
function familyOf(name: string, families: Map<string, Family>): string {
  for (const suffix of ['_bucket', '_sum', '_count']) {
    const base = name.slice(0, -suffix.length);
    if (name.endsWith(suffix) && ['histogram', 'summary'].includes(families.get(base)?.type ?? '')) return base;
  }
  return name;
}

function checkName(name: string, type: string, problems: string[]): void {
  if (!METRIC_NAME.test(name)) problems.push(`${name}: not a valid metric name`);
  if (/[A-Z]/.test(name)) problems.push(`${name}: metric names should be snake_case, not camelCase`);
  if (type === 'counter' && !name.endsWith('_total'))
    problems.push(`${name}: counter metrics should have "_total" suffix`);
  if (type !== 'counter' && name.endsWith('_total'))
    problems.push(`${name}: non-counter metrics should not have "_total" suffix`);
  if (type !== 'histogram' && type !== 'summary' && /_(bucket|sum|count)$/.test(name))
    problems.push(`${name}: non-histogram and non-summary metrics should not have "${name.split('_').at(-1)}" suffix`);
}

function checkSample(line: string, families: Map<string, Family>, series: Set<string>, problems: string[]): void {
  const match = SAMPLE.exec(line);
  if (!match) return void problems.push(`unreadable line: ${line}`);
  const [, name = '', , labelText = '', value = ''] = match;
  const labels = parseLabels(labelText);
  if (!labels) return void problems.push(`${name}: unreadable labels {${labelText}}`);
  const familyName = familyOf(name, families);
  const family = families.get(familyName);
  if (!family?.type) return void problems.push(`${name}: sample before its # TYPE`);
  family.samples += 1;
  if (!family.help) problems.push(`${familyName}: no # HELP`);
  if (Number.isNaN(Number(value)) && !['NaN', '+Inf', '-Inf'].includes(value))
    problems.push(`${name}: value "${value}" is not a number`);
  for (const label of labels.keys()) {
    if (!LABEL_NAME.test(label) || label.startsWith('__')) problems.push(`${name}: bad label name "${label}"`);
    if (/[A-Z]/.test(label)) problems.push(`${name}: label names should be snake_case, not camelCase`);
  }
  if (family.type === 'histogram') {
    if (name === `${familyName}_bucket` && !labels.has('le')) problems.push(`${name}: a bucket without "le"`);
    if (![`${familyName}_bucket`, `${familyName}_sum`, `${familyName}_count`].includes(name))
      problems.push(`${name}: a histogram sample is _bucket, _sum or _count`);
  } else if (family.type !== 'summary' && name !== familyName) {
    problems.push(`${name}: sample name differs from its family`);
  }
  if (family.type !== 'histogram' && labels.has('le')) problems.push(`${name}: "le" label outside a histogram`);
  const id = `${name}{${[...labels].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k}="${v}"`)}}`;
  if (series.has(id)) problems.push(`${id}: duplicate series`);
  series.add(id);
}

/** Every problem in a scrape, as promtool would word it; empty when the text is clean. */
export function lintPrometheusText(text: string): string[] {
  const problems: string[] = [];
  const families = new Map<string, Family>();
  const series = new Set<string>();
  const family = (name: string) => {
    const known = families.get(name) ?? { help: false, type: null, samples: 0 };
    families.set(name, known);
    return known;
  };
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const comment = /^#\s+(HELP|TYPE)\s+(\S+)(?:\s+(.*))?$/.exec(line);
    if (comment) {
      const [, kind, name = '', rest = ''] = comment;
      const known = family(name);
      if (kind === 'HELP') {
        if (known.help) problems.push(`${name}: second # HELP`);
        if (rest.trim() === '') problems.push(`${name}: no help text`);
        known.help = true;
      } else {
        if (known.type) problems.push(`${name}: second # TYPE`);
        if (known.samples > 0) problems.push(`${name}: # TYPE after its samples`);
        if (!TYPES.has(rest)) problems.push(`${name}: unknown type "${rest}"`);
        known.type = rest;
        checkName(name, rest, problems);
      }
    } else if (!line.startsWith('#')) {
      checkSample(line, families, series, problems);
    }
  }
  for (const [name, known] of families) if (!known.type) problems.push(`${name}: no # TYPE`);
  return problems;
}
