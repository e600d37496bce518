export { renderChart } from './chart-json';
export { renderCharts, type ChartsMeta } from './charts-json';
