// Reads the llmusage and llmcalls endpoints, under the application's own security.

export class ApiError extends Error {

	constructor(status, message) {
		super(message);
		this.status = status;
	}

	get signInNeeded() {
		return this.status === 401 || this.status === 403;
	}

}

function query(parameters) {
	const search = new URLSearchParams();
	for (const [name, value] of Object.entries(parameters)) {
		if (value != null && value !== '') {
			search.set(name, value);
		}
	}
	return search.toString();
}

async function get(url) {
	let response;
	try {
		// X-Requested-With: an unauthenticated answer is a plain 401, without the
		// WWW-Authenticate challenge that would open the browser's sign-in dialog.
		response = await fetch(url, {
			headers: { Accept: 'application/json', 'X-Requested-With': 'XMLHttpRequest' },
			credentials: 'same-origin',
		});
	}
	catch (error) {
		throw new ApiError(0, `The application did not answer (${error.message}).`);
	}
	const json = (response.headers.get('Content-Type') ?? '').includes('json');
	if (response.status === 401 || response.status === 403 || (response.ok && !json && response.redirected)) {
		const status = (response.status === 403) ? 403 : 401;
		throw new ApiError(status, (status === 403)
			? 'You are signed in without access to the LLM usage endpoints.'
			: 'Sign in to see LLM usage: the endpoints need an authenticated user.');
	}
	if (!response.ok) {
		let message = `${url} answered ${response.status}.`;
		if (json) {
			const body = await response.json().catch(() => null);
			if (body?.message) {
				message = body.message;
			}
		}
		throw new ApiError(response.status, message);
	}
	if (!json) {
		throw new ApiError(response.status, `${url} did not answer JSON.`);
	}
	return response.json();
}

export function createApi(callsPath, usagePath) {
	return {
		usage: (parameters) => get(usagePath + '?' + query(parameters)),
		calls: (parameters) => get(callsPath + '?' + query(parameters)),
		call: (id) => get(callsPath + '/' + encodeURIComponent(id)),
	};
}
