// Tiles, the breakdown by group and the table of calls.
import { clear, el } from './dom.js';
import * as format from './format.js';

function tile(name, label, value, detail) {
	return el('div', { class: 'tile', dataset: { tile: name } },
		el('div', { class: 'tile-label', text: label }),
		el('div', { class: 'tile-value', text: value }),
		el('div', { class: 'tile-detail', text: detail ?? '' }));
}

// total: the one entry of groupBy=none, or undefined when nothing matched.
export function renderTiles(container, total, unpricedModels) {
	const t = total ?? {};
	const requests = t.requests ?? 0;
	const errors = t.errors ?? 0;
	const cost = Number(t.costUsd ?? 0);
	clear(container).append(
		tile('requests', 'Requests', format.count(requests)),
		tile('errorRate', 'Error rate', (requests > 0) ? format.percent(errors / requests) : format.DASH,
			`${format.count(errors)} errors`),
		tile('tokens', 'Tokens', format.tokens(t.totalTokens ?? 0),
			`in ${format.tokens(t.promptTokens ?? 0)} · out ${format.tokens(t.completionTokens ?? 0)} · `
				+ `cached ${format.tokens(t.cachedTokens ?? 0)} · reasoning ${format.tokens(t.reasoningTokens ?? 0)}`),
		tile('cost', 'Cost', format.usd(cost)),
		tile('costPerRequest', 'Avg cost / request', (requests > 0) ? format.usd(cost / requests) : format.DASH),
		tile('latency', 'Latency p50 / p95', `${format.ms(t.latencyP50Ms)} / ${format.ms(t.latencyP95Ms)}`),
		tile('firstToken', 'Time to first token p50', format.ms(t.timeToFirstTokenP50Ms),
			(t.timeToFirstTokenP50Ms == null) ? 'no streamed calls' : ''),
		tile('unpriced', 'Unpriced calls', format.count(t.unpricedRequests ?? 0),
			unpricedModels.length ? unpricedModels.join(', ') : ''));
}

export function renderBreakdown(table, groupLabel, usage, onPick) {
	const body = clear(table.tBodies[0]);
	if (!usage.length) {
		body.append(el('tr', {}, el('td', { colspan: 8, class: 'empty', text: 'No calls in this range.' })));
		return;
	}
	for (const entry of usage) {
		const pickable = entry.key !== 'none';
		body.append(el('tr', {
			class: pickable ? 'pickable' : null,
			dataset: { key: entry.key },
			title: pickable ? `Show only ${groupLabel} ${entry.key}` : null,
			onclick: pickable ? () => onPick(entry.key) : null,
		},
		el('td', { text: entry.key }),
		el('td', { class: 'num', text: format.count(entry.requests) }),
		el('td', { class: 'num', text: format.count(entry.errors) }),
		el('td', { class: 'num', text: format.tokens(entry.totalTokens) }),
		el('td', { class: 'num', text: format.usd(entry.costUsd) }),
		el('td', { class: 'num', text: format.ms(entry.latencyP50Ms) }),
		el('td', { class: 'num', text: format.ms(entry.latencyP95Ms) }),
		el('td', { class: 'num', text: format.ms(entry.timeToFirstTokenP50Ms) })));
	}
}

export function renderCalls(table, calls, onOpen, onThread) {
	const body = clear(table.tBodies[0]);
	if (!calls.length) {
		body.append(el('tr', {}, el('td', { colspan: 10, class: 'empty', text: 'No calls in this range.' })));
		return;
	}
	for (const call of calls) {
		const thread = call.threadId
			? el('a', {
				href: '#', class: 'thread-link', text: call.threadId, title: 'Show the thread',
				onclick: (event) => {
					event.preventDefault();
					event.stopPropagation();
					onThread(call.threadId);
				},
			})
			: format.DASH;
		body.append(el('tr', { class: 'pickable', dataset: { id: call.id }, onclick: () => onOpen(call.id) },
			el('td', { text: format.time(call.startedAt) }),
			el('td', { text: call.model ?? call.requestedModel ?? format.DASH }),
			el('td', { text: call.project ?? format.DASH }),
			el('td', { text: call.userId ?? format.DASH }),
			el('td', {}, thread),
			el('td', {}, el('span', { class: `status status-${call.status}`, text: call.status })),
			el('td', { class: 'num', text: format.tokens(call.totalTokens) }),
			el('td', { class: 'num', text: format.usd(call.costUsd) }),
			el('td', { class: 'num', text: format.ms(call.latencyMs) }),
			el('td', { class: 'num', text: format.ms(call.timeToFirstTokenMs) })));
	}
}
