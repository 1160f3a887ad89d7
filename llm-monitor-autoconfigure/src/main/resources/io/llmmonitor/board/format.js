const integer = new Intl.NumberFormat('en-US');
const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });

export const DASH = '–';

export function count(value) {
	return (value == null) ? DASH : integer.format(value);
}

export function tokens(value) {
	if (value == null) {
		return DASH;
	}
	return (Math.abs(value) >= 100_000) ? compact.format(value) : integer.format(value);
}

export function usd(value) {
	if (value == null) {
		return DASH;
	}
	const amount = Number(value);
	if (amount === 0) {
		return '$0';
	}
	if (Math.abs(amount) >= 1) {
		return '$' + amount.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
	}
	if (Math.abs(amount) < 0.000001) {
		return '<$0.000001';
	}
	return '$' + Number(amount.toPrecision(3)).toFixed(Math.min(8, 2 - Math.floor(Math.log10(Math.abs(amount)))));
}

export function ms(value) {
	if (value == null) {
		return DASH;
	}
	if (value < 1000) {
		return Math.round(value) + ' ms';
	}
	if (value < 60_000) {
		return (value / 1000).toFixed((value < 10_000) ? 2 : 1) + ' s';
	}
	return (value / 60_000).toFixed(1) + ' min';
}

export function percent(ratio) {
	if (ratio == null || Number.isNaN(ratio)) {
		return DASH;
	}
	return (ratio * 100).toFixed((ratio < 0.1) ? 1 : 0) + ' %';
}

function pad(value) {
	return String(value).padStart(2, '0');
}

// Local date and time, "2026-11-22 10:15:30".
export function time(value) {
	if (value == null) {
		return DASH;
	}
	const date = new Date(value);
	return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} `
		+ `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

// The value of a datetime-local input for an instant.
export function localInput(epochMs) {
	return time(epochMs).replace(' ', 'T');
}
