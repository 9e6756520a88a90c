// One chart as a figure: the canvas Chart.js draws (loaded on first use) and, as its text alternative, a table of the
// same numbers that screen readers and the tests read.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ChartSpec } from './network-charts.js';

export function ChartFigure({ id, title, note, spec, keys, rowHead = '' }: { id: string; title: string; note?: string; spec: ChartSpec; keys: string[]; rowHead?: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const data = JSON.stringify(spec);
  useEffect(() => {
    let undo: (() => void) | undefined;
    let gone = false;
    import('./network-charts.js').then(
      ({ draw }) => {
        if (!gone && canvas.current) undo = draw(canvas.current, JSON.parse(data) as ChartSpec);
      },
      (err: Error) => setFailed(err.message),
    );
    return () => {
      gone = true;
      undo?.();
    };
  }, [data]);
  return (
    <figure class="card" aria-labelledby={`${id}-caption`} data-testid={`chart-${id}`}>
      <figcaption id={`${id}-caption`}>
        <h2>{title}</h2>
        {note && <p class="muted">{note}</p>}
      </figcaption>
      {/* Horizontal bars get a row of height each, so no category name is skipped. */}
      <div class="chart-box" style={spec.horizontal ? { height: `${Math.max(16, spec.labels.length * 1.6 + 3)}rem` } : undefined}>
        <canvas ref={canvas} role="img" aria-label={`${title}: ${spec.type === 'line' ? 'line' : 'bar'} chart; the table below gives its numbers`} />
      </div>
      {failed && <p class="error">The chart could not be drawn ({failed}); the numbers are in the table.</p>}
      <table class="chart-table" data-testid={`table-${id}`}>
        <caption class="sr-only">{title}</caption>
        <thead>
          <tr>
            <th scope="col">{rowHead}</th>
            {spec.series.map((s) => (
              <th scope="col" class="num" key={s.label}>
                {s.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {spec.labels.map((label, i) => (
            <tr key={keys[i]} data-key={keys[i]}>
              <th scope="row">{label}</th>
              {spec.series.map((s) => (
                <td class="num" key={s.label} data-series={s.label}>
                  {s.values[i]}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
