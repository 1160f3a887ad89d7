// The board's whole state lives in its URL, so that a link shows the same view.

export const RANGES = { '15m': 15 * 60, '1h': 3600, '24h': 86_400, '7d': 7 * 86_400, '30d': 30 * 86_400 };

export const FILTERS = ['project', 'model', 'provider', 'operation', 'source', 'status', 'userId', 'threadId', 'tag',
	'attribute'];

export const FILTER_LABELS = { userId: 'user', threadId: 'thread' };

export const GROUPS = ['model', 'provider', 'project', 'operation', 'source'];

const DEFAULT_RANGE = '24h';

const DEFAULT_GROUP = 'model';

export function parse(search) {
	const query = new URLSearchParams(search);
	const state = {
		range: DEFAULT_RANGE, from: null, to: null, filters: {}, groupBy: DEFAULT_GROUP, call: null, thread: null,
		live: false,
	};
	const range = query.get('range');
	if (range in RANGES) {
		state.range = range;
	}
	const from = Date.parse(query.get('from') ?? '');
	const to = Date.parse(query.get('to') ?? '');
	if (!Number.isNaN(from) && !Number.isNaN(to) && from < to) {
		state.range = 'custom';
		state.from = from;
		state.to = to;
	}
	for (const name of FILTERS) {
		const value = query.get(name);
		if (value) {
			state.filters[name] = value;
		}
	}
	const groupBy = query.get('groupBy');
	if (groupBy && (GROUPS.includes(groupBy) || /^attribute:.+/.test(groupBy))) {
		state.groupBy = groupBy;
	}
	state.call = query.get('call');
	state.thread = query.get('thread');
	state.live = query.get('live') === '1' && state.range !== 'custom';
	return state;
}

export function toSearch(state) {
	const query = new URLSearchParams();
	if (state.range === 'custom') {
		query.set('from', new Date(state.from).toISOString());
		query.set('to', new Date(state.to).toISOString());
	}
	else if (state.range !== DEFAULT_RANGE) {
		query.set('range', state.range);
	}
	for (const name of FILTERS) {
		if (state.filters[name]) {
			query.set(name, state.filters[name]);
		}
	}
	if (state.groupBy !== DEFAULT_GROUP) {
		query.set('groupBy', state.groupBy);
	}
	if (state.live) {
		query.set('live', '1');
	}
	if (state.call) {
		query.set('call', state.call);
	}
	if (state.thread) {
		query.set('thread', state.thread);
	}
	const text = query.toString();
	return text ? '?' + text : '';
}

// The window shown, in epoch milliseconds: a relative range ends now.
export function windowOf(state, now) {
	if (state.range === 'custom') {
		return { from: state.from, to: state.to };
	}
	return { from: now - RANGES[state.range] * 1000, to: now };
}

const BUCKETS = [30, 60, 300, 900, 3600, 3 * 3600, 6 * 3600, 12 * 3600, 86_400];

// Bucket width in seconds for a window: at most about 100 points; whole hours past 6
// hours and whole days past 7 days, which the store answers from its hourly and daily
// sums instead of every call.
export function bucketFor(seconds) {
	for (const bucket of BUCKETS) {
		if ((seconds > 6 * 3600 && bucket % 3600 !== 0) || (seconds > 7 * 86_400 && bucket % 86_400 !== 0)) {
			continue;
		}
		if (seconds / bucket <= 100) {
			return bucket;
		}
	}
	return Math.ceil(seconds / 100 / 86_400) * 86_400;
}

export function bucketParameter(seconds) {
	if (seconds % 86_400 === 0) {
		return (seconds / 86_400) + 'd';
	}
	if (seconds % 3600 === 0) {
		return (seconds / 3600) + 'h';
	}
	if (seconds % 60 === 0) {
		return (seconds / 60) + 'm';
	}
	return seconds + 's';
}

// The filters as endpoint parameters.
export function filterParameters(state) {
	return { ...state.filters };
}
