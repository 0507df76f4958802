import { BarChart, LineChart, type BarSeriesOption, type LineSeriesOption } from 'echarts/charts';
import {
  GridComponent,
  LegendComponent,
  TooltipComponent,
  type GridComponentOption,
  type LegendComponentOption,
  type TooltipComponentOption,
} from 'echarts/components';
import { init, use, type ComposeOption } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

// Only what the charts here draw, so that the bundle carries no more of ECharts than that.
use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export type ChartOption = ComposeOption<
  | BarSeriesOption
  | LineSeriesOption
  | GridComponentOption
  | LegendComponentOption
  | TooltipComponentOption
>;

/** The axis of a horizontal bar chart with one bar group per label, top to bottom. */
export function groupAxis(labels: string[]) {
  return {
    type: 'category' as const,
    inverse: true,
    data: labels,
    axisLabel: { width: 180, overflow: 'truncate' as const },
  };
}

interface EChartProps {
  /** Replaced as a whole when it changes: build it from translated labels to follow the language. */
  option: ChartOption;
  height: number;
  testId?: string;
}

/** An ECharts chart that follows its container's size and is disposed with the component. */
export function EChart({ option, height, testId }: EChartProps) {
  const container = useRef<HTMLDivElement>(null);
  const chart = useRef<ReturnType<typeof init> | null>(null);

  useEffect(() => {
    const element = container.current!;
    const instance = init(element);
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(element);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  useEffect(() => {
    chart.current?.resize();
  }, [height]);

  return <div ref={container} data-testid={testId} style={{ width: '100%', height }} />;
}
