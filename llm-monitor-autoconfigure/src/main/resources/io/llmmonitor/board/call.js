// One call, and one thread of calls as a conversation.
import { el } from './dom.js';
import * as format from './format.js';

const HIDDEN = 'Content is hidden: the endpoints return messages, responses and tool arguments only as '
	+ 'llm.monitor.endpoint.show-content allows (never, when-authorized or always).';

const NOT_STORED = 'No content was stored for this call (llm.monitor.capture.content=false, or none was sent).';

function facts(entries) {
	return el('dl', { class: 'facts' }, entries
		.filter(([, value]) => value != null && value !== '')
		.flatMap(([label, value]) => [el('dt', { text: label }), el('dd', {}, value)]));
}

function message(role, content, extra) {
	return el('div', { class: `message message-${role}`, dataset: { role } },
		el('div', { class: 'message-role', text: role }),
		el('div', { class: 'message-content', text: content ?? '' }),
		extra);
}

function toolCalls(calls) {
	if (!calls?.length) {
		return null;
	}
	return el('div', { class: 'tool-calls' }, calls.map((call) => el('div', { class: 'tool-call' },
		el('div', { class: 'tool-name', text: `${call.name}(${call.id ?? ''})` }),
		(call.arguments != null) ? el('pre', { class: 'tool-arguments', text: pretty(call.arguments) }) : null)));
}

function pretty(text) {
	try {
		return JSON.stringify(JSON.parse(text), null, 2);
	}
	catch {
		return text;
	}
}

function tokensOf(call) {
	return `${format.tokens(call.promptTokens)} in · ${format.tokens(call.completionTokens)} out`
		+ (call.cachedTokens ? ` · ${format.tokens(call.cachedTokens)} cached` : '')
		+ (call.reasoningTokens ? ` · ${format.tokens(call.reasoningTokens)} reasoning` : '')
		+ (call.tokensEstimated ? ' (estimated)' : '');
}

function hasContent(call) {
	return (call.messages?.length ?? 0) > 0 || call.responseText != null;
}

function contentNotice(call) {
	if (call.contentHidden) {
		return el('p', { class: 'content-notice', dataset: { notice: 'hidden' }, text: HIDDEN });
	}
	if (!hasContent(call)) {
		return el('p', { class: 'content-notice', dataset: { notice: 'none' }, text: NOT_STORED });
	}
	return null;
}

function response(call) {
	if (call.responseText == null && !call.toolCalls?.length) {
		return null;
	}
	return message('assistant', call.responseText, toolCalls(call.toolCalls));
}

function keyValues(map) {
	const entries = Object.entries(map ?? {});
	if (!entries.length) {
		return null;
	}
	return el('table', { class: 'table kv' }, el('tbody', {}, entries.map(([key, value]) => el('tr', {},
		el('td', { text: key }), el('td', { text: (typeof value === 'string') ? value : JSON.stringify(value) })))));
}

export function renderCall(container, call, onThread) {
	const thread = call.threadId
		? el('a', {
			href: '#', class: 'thread-link', text: call.threadId,
			onclick: (event) => {
				event.preventDefault();
				onThread(call.threadId);
			},
		})
		: null;
	container.append(
		el('section', { class: 'call', dataset: { id: call.id } },
			facts([
				['Status', el('span', { class: `status status-${call.status}`, text: call.status })],
				['Started', format.time(call.startedAt)],
				['Model', call.model ?? call.requestedModel],
				['Requested model', (call.model && call.requestedModel !== call.model) ? call.requestedModel : null],
				['Provider', call.provider],
				['Operation', call.operation],
				['Source', call.source],
				['Project', call.project],
				['User', call.userId],
				['Thread', thread],
				['Client', call.clientId],
				['Tokens', tokensOf(call)],
				['Cost', (call.costUsd != null) ? format.usd(call.costUsd) : 'unpriced'],
				['Latency', format.ms(call.latencyMs)],
				['Time to first token', (call.timeToFirstTokenMs != null) ? format.ms(call.timeToFirstTokenMs) : null],
				['Model requests', (call.modelRequests > 1) ? String(call.modelRequests) : null],
				['Finish reason', call.finishReason],
				['HTTP status', (call.httpStatus != null) ? String(call.httpStatus) : null],
				['Error', call.errorType ? `${call.errorType}${call.errorMessage ? ': ' + call.errorMessage : ''}` : null],
				['Trace id', call.traceId],
				['Span id', call.spanId],
				['Tags', call.tags?.length ? call.tags.join(', ') : null],
				['Content', call.contentTruncated ? 'truncated to llm.monitor.capture.max-content-chars' : null],
			]),
			keyValues(call.attributes) && el('h3', { text: 'Attributes' }), keyValues(call.attributes),
			Object.keys(call.requestOptions ?? {}).length ? el('h3', { text: 'Request options' }) : null,
			keyValues(call.requestOptions),
			el('h3', { text: 'Conversation' }),
			contentNotice(call),
			el('div', { class: 'conversation' },
				(call.messages ?? []).map((each) => message(each.role, each.content)),
				response(call))));
}

// Messages of a call that the previous call of the thread did not already send.
function newMessages(previous, call) {
	const before = previous?.messages ?? [];
	const now = call.messages ?? [];
	let shared = 0;
	while (shared < before.length && shared < now.length && before[shared].role === now[shared].role
		&& before[shared].content === now[shared].content) {
		shared++;
	}
	const previousAnswer = previous?.responseText;
	const rest = now.slice(shared);
	if (previousAnswer != null && rest[0]?.role === 'assistant' && rest[0].content === previousAnswer) {
		rest.shift();
	}
	return rest;
}

// calls: the thread's calls, oldest first, each whole.
export function renderThread(container, threadId, calls, onOpen) {
	let cost = 0;
	let tokens = 0;
	let unpriced = 0;
	for (const call of calls) {
		cost += Number(call.costUsd ?? 0);
		tokens += call.totalTokens ?? 0;
		unpriced += (call.costUsd == null) ? 1 : 0;
	}
	const turns = calls.map((call, index) => el('section', { class: 'turn', dataset: { id: call.id, turn: index + 1 } },
		el('div', { class: 'turn-head' },
			el('a', {
				href: '#', text: `Turn ${index + 1}`,
				onclick: (event) => {
					event.preventDefault();
					onOpen(call.id);
				},
			}),
			el('span', { class: 'muted',
				text: ` ${format.time(call.startedAt)} · ${call.model ?? call.requestedModel ?? ''} · `
					+ `${format.tokens(call.totalTokens)} tokens · ${format.usd(call.costUsd)} · ${call.status}` })),
		contentNotice(call),
		el('div', { class: 'conversation' },
			newMessages(calls[index - 1], call).map((each) => message(each.role, each.content)),
			response(call))));
	container.append(el('section', { class: 'thread', dataset: { thread: threadId } },
		facts([
			['Thread', threadId],
			['Turns', String(calls.length)],
			['Tokens', format.tokens(tokens)],
			['Cost', format.usd(cost) + (unpriced ? ` (${unpriced} unpriced)` : '')],
		]),
		turns));
}
