// Time series drawn with uPlot: one cursor shared by every chart, and a drag across any
// of them narrows the page's time range.
import { time } from './format.js';

export const PALETTE = ['#2563eb', '#16a34a', '#f59e0b', '#db2777', '#7c3aed', '#0891b2', '#ea580c', '#65a30d',
	'#64748b'];

const SYNC_KEY = 'llm-monitor';

const HEIGHT = 190;

export class Charts {

	constructor(container, onSelect) {
		this.container = container;
		this.onSelect = onSelect;
		this.plots = new Map();
		window.addEventListener('resize', () => this.resize());
	}

	// series: [{ label, values, color, dash }]; values aligned with xs (epoch seconds),
	// null where there is nothing to show.
	draw(name, window, xs, series, format) {
		const figure = this.container.querySelector(`[data-chart="${name}"]`);
		const target = figure.querySelector('.plot');
		this.plots.get(name)?.destroy();
		target.replaceChildren();
		const hasData = series.some((each) => each.values.some((value) => value != null && value !== 0));
		figure.dataset.empty = String(!hasData);
		figure.dataset.series = String(series.length);
		const width = Math.max(280, target.clientWidth || figure.clientWidth || 400);
		const plot = new uPlot(this.options(window, series, format, width), [xs, ...series.map((each) => each.values)], target);
		this.plots.set(name, plot);
		return plot;
	}

	options(window, series, format, width) {
		return {
			width,
			height: HEIGHT,
			cursor: {
				sync: { key: SYNC_KEY, setSeries: false },
				drag: { x: true, y: false, setScale: false },
			},
			select: { show: true },
			legend: { live: true },
			scales: {
				x: { time: true, range: () => [window.from / 1000, window.to / 1000] },
				y: { range: (plot, min, max) => [0, (max > 0) ? max * 1.1 : 1] },
			},
			axes: [
				{ stroke: '#64748b', grid: { stroke: '#e2e8f0' }, ticks: { stroke: '#e2e8f0' } },
				{
					stroke: '#64748b', grid: { stroke: '#e2e8f0' }, ticks: { stroke: '#e2e8f0' }, size: 84,
					values: (plot, splits) => splits.map((value) => format(value)),
				},
			],
			series: [
				{ value: (plot, value) => (value == null) ? '' : time(value * 1000) },
				...series.map((each) => ({
					label: each.label,
					stroke: each.color,
					width: 2,
					dash: each.dash,
					spanGaps: false,
					points: { show: true, size: 4 },
					value: (plot, value) => (value == null) ? '–' : format(value),
				})),
			],
			hooks: {
				setSelect: [(plot) => this.selected(plot)],
			},
		};
	}

	selected(plot) {
		const { left, width } = plot.select;
		if (width < 3) {
			return;
		}
		const from = plot.posToVal(left, 'x');
		const to = plot.posToVal(left + width, 'x');
		plot.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
		this.onSelect(Math.round(from * 1000), Math.round(to * 1000));
	}

	resize() {
		for (const plot of this.plots.values()) {
			const width = plot.root.parentElement.clientWidth;
			if (width > 0) {
				plot.setSize({ width, height: HEIGHT });
			}
		}
	}

}
