// Chart.js, loaded on its own (a separate chunk: only the network page pays for it): bar and line charts on a canvas.
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js';

Chart.register(BarController, BarElement, LineController, LineElement, PointElement, CategoryScale, LinearScale, Legend, Tooltip);

export interface Series {
  label: string;
  values: number[];
  color: string;
}

export interface ChartSpec {
  type: 'bar' | 'line';
  labels: string[];
  series: Series[];
  /** Horizontal bars (long category names). */
  horizontal?: boolean;
}

/** Draws the chart into the canvas; the returned function removes it. */
export function draw(canvas: HTMLCanvasElement, spec: ChartSpec): () => void {
  const chart = new Chart(canvas, {
    type: spec.type,
    data: {
      labels: spec.labels,
      datasets: spec.series.map((s) => ({ label: s.label, data: s.values, backgroundColor: s.color, borderColor: s.color, borderWidth: spec.type === 'line' ? 2 : 0 })),
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      indexAxis: spec.horizontal ? 'y' : 'x',
      plugins: { legend: { display: spec.series.length > 1 } },
      scales: { [spec.horizontal ? 'x' : 'y']: { beginAtZero: true, ticks: { precision: 0 } } },
    },
  });
  return () => chart.destroy();
}
