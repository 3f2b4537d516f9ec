import { BarChart, FunnelChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import type { ChartBlock } from './api.ts';
import type { Point } from './aggregate.ts';

// Only the parts dashboards draw (this module is the lazy "charts" chunk).
echarts.use([BarChart, LineChart, PieChart, FunnelChart, GridComponent, TooltipComponent, LegendComponent, SVGRenderer]);

function option(kind: ChartBlock['chart'], points: Point[], name: string): echarts.EChartsCoreOption {
  const data = points.map((p) => ({ name: p.label, value: p.value }));
  if (kind === 'pie') return { tooltip: { trigger: 'item' }, series: [{ type: 'pie', name, radius: '65%', data }] };
  if (kind === 'funnel') return { tooltip: { trigger: 'item' }, series: [{ type: 'funnel', name, sort: 'descending', data }] };
  return {
    tooltip: { trigger: 'axis' },
    grid: { left: 48, right: 16, top: 16, bottom: 32 },
    xAxis: { type: 'category', data: points.map((p) => p.label) },
    yAxis: { type: 'value' },
    series: [{ type: kind, name, data: points.map((p) => p.value) }],
  };
}

/** One ECharts chart (SVG renderer); hidden from assistive technology: the figure carries a summary and a table. */
export default function EChart({ kind, points, name }: { kind: ChartBlock['chart']; points: Point[]; name: string }) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const chart = echarts.init(host.current!, undefined, { renderer: 'svg' });
    chart.setOption(option(kind, points, name));
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => { window.removeEventListener('resize', resize); chart.dispose(); };
  }, [kind, points, name]);
  return <div className="chart-canvas" ref={host} aria-hidden="true" />;
}
