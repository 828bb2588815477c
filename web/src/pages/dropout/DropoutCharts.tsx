import { BarChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

echarts.use([BarChart, PieChart, GridComponent, TooltipComponent, LegendComponent, CanvasRenderer]);

export interface ChartDatum {
  name: string;
  value: number;
}

function useChart(option: echarts.EChartsCoreOption) {
  const el = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!el.current) return;
    const chart = echarts.init(el.current);
    chart.setOption(option);
    const onResize = () => chart.resize();
    window.addEventListener('resize', onResize);
    return () => {
      window.removeEventListener('resize', onResize);
      chart.dispose();
    };
  }, [option]);
  return el;
}

/** Stacked bars per county: open and closed cases (loaded lazily: echarts is a large chunk). */
export function CountyBars({
  data,
  labels,
}: {
  data: { name: string; open: number; closed: number }[];
  labels: [string, string];
}) {
  const el = useChart({
    grid: { left: 40, right: 16, top: 32, bottom: 48 },
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    xAxis: {
      type: 'category',
      data: data.map((d) => d.name),
      axisLabel: { interval: 0, rotate: data.length > 6 ? 30 : 0 },
    },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      {
        name: labels[0],
        type: 'bar',
        stack: 'c',
        data: data.map((d) => d.open),
        itemStyle: { color: '#fa8c16' },
      },
      {
        name: labels[1],
        type: 'bar',
        stack: 'c',
        data: data.map((d) => d.closed),
        itemStyle: { color: '#1763c6' },
      },
    ],
  });
  return <div ref={el} style={{ height: 280, width: '100%' }} data-testid="dropout-county-chart" />;
}

/** A doughnut of counts by category (status or reason). */
export function Doughnut({ data, testId }: { data: ChartDatum[]; testId: string }) {
  const el = useChart({
    tooltip: { trigger: 'item' },
    legend: { bottom: 0, type: 'scroll' },
    series: [
      { type: 'pie', radius: ['40%', '68%'], center: ['50%', '42%'], data, label: { formatter: '{b}: {c}' } },
    ],
  });
  return <div ref={el} style={{ height: 280, width: '100%' }} data-testid={testId} />;
}

export default { CountyBars, Doughnut };
