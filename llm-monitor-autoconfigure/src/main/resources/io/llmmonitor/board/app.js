// The board: reads its state from the URL, the data from the endpoints, and draws both.
import { createApi } from './api.js';
import { renderCall, renderThread } from './call.js';
import { Charts, PALETTE } from './charts.js';
import { clear, el } from './dom.js';
import * as format from './format.js';
import * as State from './state.js';
import { renderBreakdown, renderCalls, renderTiles } from './tables.js';

const PAGE_SIZE = 25;
const TOP_GROUPS = 8;
const LIVE_INTERVAL_MS = 10_000;
const THREAD_LIMIT = 200;
const ERROR_COLOR = '#dc2626';

const $ = (selector) => document.querySelector(selector);
const meta = (name) => document.querySelector(`meta[name="${name}"]`)?.content ?? '';

const api = createApi(meta('llm-monitor-calls'), meta('llm-monitor-usage'));
const charts = new Charts($('#charts'), (from, to) => setView({ range: 'custom', from, to, live: false }));

let state = State.parse(location.search);
let cursors = [null];
let page = 0;
let nextCursor = null;
let loadTicket = 0;
let detailTicket = 0;
let liveTimer = null;
let lastWindow = null;

// For tests and benchmarks: what was drawn, and when.
const board = { charts: charts.plots, loads: 0, lastLoadMs: null, drawnAt: null, state: () => state };
window.llmMonitorBoard = board;

function iso(epochMs) {
	return new Date(epochMs).toISOString();
}

function push() {
	history.pushState(null, '', location.pathname + State.toSearch(state));
}

function setView(change) {
	state = { ...state, ...change };
	if (state.range === 'custom') {
		state.live = false;
	}
	cursors = [null];
	page = 0;
	push();
	load();
}

function setDetail(change) {
	state = { ...state, ...change };
	push();
	showDetail();
}

const openCall = (id) => setDetail({ call: id, thread: null });
const openThread = (threadId) => setDetail({ thread: threadId, call: null });

function groupLabel() {
	return state.groupBy.startsWith('attribute:') ? state.groupBy.substring('attribute:'.length) : state.groupBy;
}

function showNotice(text, kind) {
	const notice = $('#notice');
	notice.textContent = text;
	notice.dataset.kind = kind;
	notice.hidden = false;
}

function hideNotice() {
	$('#notice').hidden = true;
}

// Controls reflect the state, whichever way it changed.
function syncControls() {
	for (const button of document.querySelectorAll('#ranges button')) {
		button.classList.toggle('active', button.dataset.range === state.range);
	}
	const custom = $('#custom-range');
	if (state.range === 'custom' && lastWindow) {
		custom.hidden = false;
		$('#custom-from').value = format.localInput(state.from);
		$('#custom-to').value = format.localInput(state.to);
	}
	else if (state.range !== 'custom') {
		custom.hidden = true;
	}
	$('#live').checked = state.live;
	$('#live').disabled = state.range === 'custom';
	const chips = clear($('#chips'));
	for (const [name, value] of Object.entries(state.filters)) {
		chips.append(el('span', { class: 'chip', dataset: { filter: name } },
			`${State.FILTER_LABELS[name] ?? name}: ${value}`,
			el('button', {
				type: 'button', class: 'chip-remove', 'aria-label': `Remove filter ${name}`, text: '×',
				onclick: () => {
					const filters = { ...state.filters };
					delete filters[name];
					setView({ filters });
				},
			})));
	}
	const attributeGroup = state.groupBy.startsWith('attribute:');
	$('#group-by').value = attributeGroup ? 'attribute' : state.groupBy;
	$('#group-attribute').hidden = !attributeGroup;
	if (attributeGroup) {
		$('#group-attribute').value = groupLabel();
	}
	for (const node of document.querySelectorAll('.group-name')) {
		node.textContent = groupLabel();
	}
	scheduleLive();
}

function scheduleLive() {
	clearInterval(liveTimer);
	liveTimer = state.live ? setInterval(() => {
		if (!document.hidden) {
			load();
		}
	}, LIVE_INTERVAL_MS) : null;
}

function grid(window, bucket) {
	const xs = [];
	for (let x = Math.floor(window.from / 1000 / bucket) * bucket; x < window.to / 1000; x += bucket) {
		xs.push(x);
	}
	return xs;
}

// Values of one field per bucket: counts are summed (0 where nothing was called),
// percentiles are null where nothing was measured.
function valuesOf(xs, entries, pick, summed) {
	const index = new Map(xs.map((x, i) => [x, i]));
	const values = xs.map(() => (summed ? 0 : null));
	for (const entry of entries) {
		const i = index.get(Date.parse(entry.bucketStart) / 1000);
		const value = pick(entry);
		if (i === undefined || value == null) {
			continue;
		}
		values[i] = summed ? values[i] + Number(value) : value;
	}
	return values;
}

function drawCharts(window, bucket, totalSeries, groups, groupSeries) {
	const xs = grid(window, bucket);
	const top = groups.slice().sort((a, b) => b.requests - a.requests).slice(0, TOP_GROUPS).map((entry) => entry.key);
	const rest = groupSeries.filter((entry) => !top.includes(entry.key));
	const perGroup = (pick, summed) => {
		const series = top.map((key, i) => ({
			label: key, color: PALETTE[i % PALETTE.length],
			values: valuesOf(xs, groupSeries.filter((entry) => entry.key === key), pick, summed),
		}));
		if (summed && rest.length) {
			series.push({ label: 'other', color: PALETTE[PALETTE.length - 1], dash: [4, 4],
				values: valuesOf(xs, rest, pick, true) });
		}
		return series;
	};
	const total = (label, pick, color, summed, dash) => ({ label, color, dash, values: valuesOf(xs, totalSeries, pick, summed) });
	charts.draw('requests', window, xs,
		[...perGroup((entry) => entry.requests, true), total('errors', (entry) => entry.errors, ERROR_COLOR, true, [6, 3])],
		format.count);
	charts.draw('cost', window, xs, perGroup((entry) => entry.costUsd, true), format.usd);
	charts.draw('tokens', window, xs, [
		total('input', (entry) => entry.promptTokens, PALETTE[0], true),
		total('output', (entry) => entry.completionTokens, PALETTE[1], true),
		total('cached', (entry) => entry.cachedTokens, PALETTE[2], true),
		total('reasoning', (entry) => entry.reasoningTokens, PALETTE[4], true),
	], format.tokens);
	charts.draw('latency', window, xs, [
		total('p50', (entry) => entry.latencyP50Ms, PALETTE[0], false),
		total('p95', (entry) => entry.latencyP95Ms, PALETTE[2], false),
		total('p99', (entry) => entry.latencyP99Ms, ERROR_COLOR, false),
	], format.ms);
	charts.draw('latencyByGroup', window, xs, perGroup((entry) => entry.latencyP95Ms, false), format.ms);
	charts.draw('firstToken', window, xs, perGroup((entry) => entry.timeToFirstTokenP50Ms, false), format.ms);
}

async function load() {
	const ticket = ++loadTicket;
	const started = performance.now();
	syncControls();
	const notice = meta('llm-monitor-notice');
	if (notice) {
		showNotice(notice, 'setup');
		finished(ticket, started);
		return;
	}
	const window = State.windowOf(state, Date.now());
	lastWindow = window;
	const bucket = State.bucketFor(Math.max(1, Math.round((window.to - window.from) / 1000)));
	const common = { from: iso(window.from), to: iso(window.to), ...State.filterParameters(state) };
	document.body.dataset.loading = 'true';
	try {
		// One usage request answers the tiles, the charts and the breakdown: with a bucket,
		// llmusage also sums all calls and each group over the window.
		const [usage, calls] = await Promise.all([
			api.usage({ ...common, groupBy: state.groupBy, bucket: State.bucketParameter(bucket) }),
			api.calls({ ...common, limit: PAGE_SIZE, before: cursors[page] }),
		]);
		const total = usage.overall;
		let unpricedModels = [];
		if (total?.unpricedRequests > 0) {
			const byModel = (state.groupBy === 'model') ? usage.groups
				: (await api.usage({ ...common, groupBy: 'model' })).usage;
			unpricedModels = byModel.filter((entry) => entry.unpricedRequests > 0).map((entry) => entry.key);
		}
		if (ticket !== loadTicket) {
			return;
		}
		hideNotice();
		renderTiles($('#tiles'), total, unpricedModels);
		drawCharts(window, bucket, usage.overallSeries, usage.groups, usage.usage);
		renderBreakdown($('#breakdown'), groupLabel(), usage.groups, pickGroup);
		showCalls(calls);
		$('#updated').textContent = 'Updated ' + format.time(Date.now()).substring(11);
		board.drawnAt = performance.now();
	}
	catch (error) {
		if (ticket === loadTicket) {
			showNotice(error.message, error.signInNeeded ? 'sign-in' : 'error');
		}
	}
	finally {
		finished(ticket, started);
	}
}

function finished(ticket, started) {
	if (ticket !== loadTicket) {
		return;
	}
	board.loads++;
	board.lastLoadMs = performance.now() - started;
	document.body.dataset.loading = 'false';
	document.body.dataset.loads = String(board.loads);
}

function showCalls(calls) {
	nextCursor = calls.next;
	renderCalls($('#calls'), calls.calls, openCall, openThread);
	$('#newest').disabled = page === 0;
	$('#older').disabled = nextCursor == null;
	$('#page').textContent = `page ${page + 1}`;
}

async function loadCalls() {
	const window = lastWindow ?? State.windowOf(state, Date.now());
	try {
		showCalls(await api.calls({ from: iso(window.from), to: iso(window.to), ...State.filterParameters(state),
			limit: PAGE_SIZE, before: cursors[page] }));
	}
	catch (error) {
		showNotice(error.message, error.signInNeeded ? 'sign-in' : 'error');
	}
}

function pickGroup(key) {
	const filters = { ...state.filters };
	if (state.groupBy.startsWith('attribute:')) {
		filters.attribute = `${groupLabel()}:${key}`;
	}
	else {
		filters[state.groupBy] = key;
	}
	setView({ filters });
}

// At most `limit` requests at a time, results in order.
async function mapLimited(items, limit, task) {
	const results = new Array(items.length);
	let next = 0;
	const worker = async () => {
		while (next < items.length) {
			const i = next++;
			results[i] = await task(items[i]);
		}
	};
	await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
	return results;
}

async function showDetail() {
	const aside = $('#detail');
	const body = $('#detail-body');
	const ticket = ++detailTicket;
	delete aside.dataset.loaded;
	if (!state.call && !state.thread) {
		aside.hidden = true;
		clear(body);
		return;
	}
	aside.hidden = false;
	clear(body).append(el('p', { class: 'muted', text: 'Loading…' }));
	try {
		if (state.call) {
			$('#detail-title').textContent = 'Call';
			const call = await api.call(state.call);
			if (ticket === detailTicket) {
				renderCall(clear(body), call, openThread);
			}
		}
		else {
			$('#detail-title').textContent = 'Thread';
			const page = await api.calls({ threadId: state.thread, limit: THREAD_LIMIT });
			const calls = await mapLimited(page.calls.slice().reverse(), 6, (call) => api.call(call.id));
			if (ticket === detailTicket) {
				renderThread(clear(body), state.thread, calls, openCall);
				if (page.next) {
					body.append(el('p', { class: 'muted', text: `Only the latest ${THREAD_LIMIT} calls are shown.` }));
				}
			}
		}
	}
	catch (error) {
		if (ticket === detailTicket) {
			const text = (error.status === 404) ? 'This call is not in the store (it may have been purged).'
				: error.message;
			clear(body).append(el('p', { class: 'notice', dataset: { kind: 'error' }, text }));
		}
	}
	if (ticket === detailTicket) {
		aside.dataset.loaded = 'true';
	}
}

async function suggest() {
	const field = $('#filter-field').value;
	$('#filter-name').hidden = field !== 'attribute';
	const list = clear($('#filter-values'));
	let values = [];
	if (field === 'status') {
		values = ['success', 'error'];
	}
	else if (field === 'source') {
		values = ['advisor', 'http', 'proxy'];
	}
	else if (['project', 'model', 'provider', 'operation'].includes(field) && lastWindow && !meta('llm-monitor-notice')) {
		try {
			const usage = await api.usage({ from: iso(lastWindow.from), to: iso(lastWindow.to), groupBy: field });
			values = usage.usage.map((entry) => entry.key).filter((key) => key !== 'none');
		}
		catch {
			values = [];
		}
	}
	list.append(...values.map((value) => el('option', { value })));
}

function wire() {
	for (const button of document.querySelectorAll('#ranges button')) {
		button.addEventListener('click', () => {
			if (button.dataset.range === 'custom') {
				const window = lastWindow ?? State.windowOf(state, Date.now());
				$('#custom-range').hidden = false;
				$('#custom-from').value = format.localInput(window.from);
				$('#custom-to').value = format.localInput(window.to);
				$('#custom-from').focus();
				return;
			}
			setView({ range: button.dataset.range, from: null, to: null });
		});
	}
	$('#custom-range').addEventListener('submit', (event) => {
		event.preventDefault();
		const from = new Date($('#custom-from').value).getTime();
		const to = new Date($('#custom-to').value).getTime();
		if (Number.isNaN(from) || Number.isNaN(to) || from >= to) {
			showNotice('The custom range needs a start before its end.', 'error');
			return;
		}
		setView({ range: 'custom', from, to });
	});
	$('#live').addEventListener('change', (event) => setView({ live: event.target.checked }));
	$('#refresh').addEventListener('click', () => load());
	// Suggestions cost a query: made only once the filter is used.
	$('#filter-field').addEventListener('change', suggest);
	$('#filter-value').addEventListener('focus', suggest, { once: true });
	$('#filter-form').addEventListener('submit', (event) => {
		event.preventDefault();
		const field = $('#filter-field').value;
		const value = $('#filter-value').value.trim();
		const name = $('#filter-name').value.trim();
		if (!value || (field === 'attribute' && !name)) {
			return;
		}
		$('#filter-value').value = '';
		setView({ filters: { ...state.filters, [field]: (field === 'attribute') ? `${name}:${value}` : value } });
	});
	$('#group-by').addEventListener('change', (event) => {
		if (event.target.value === 'attribute') {
			$('#group-attribute').hidden = false;
			$('#group-attribute').focus();
			return;
		}
		setView({ groupBy: event.target.value });
	});
	$('#group-form').addEventListener('submit', (event) => {
		event.preventDefault();
		const name = $('#group-attribute').value.trim();
		if (name) {
			setView({ groupBy: `attribute:${name}` });
		}
	});
	$('#newest').addEventListener('click', () => {
		page = 0;
		loadCalls();
	});
	$('#older').addEventListener('click', () => {
		if (nextCursor) {
			cursors[page + 1] = nextCursor;
			page++;
			loadCalls();
		}
	});
	$('#detail-close').addEventListener('click', () => setDetail({ call: null, thread: null }));
	document.addEventListener('keydown', (event) => {
		if (event.key === 'Escape' && !$('#detail').hidden) {
			setDetail({ call: null, thread: null });
		}
	});
	window.addEventListener('popstate', () => {
		const before = State.toSearch({ ...state, call: null, thread: null });
		state = State.parse(location.search);
		if (State.toSearch({ ...state, call: null, thread: null }) !== before) {
			cursors = [null];
			page = 0;
			load();
		}
		showDetail();
	});
}

wire();
load();
showDetail();
